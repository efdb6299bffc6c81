"""serve.prepare(): what `jacksonpd serve` serves, and when it rebuilds first."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from jacksonpd.dataset import published_path
from jacksonpd.errors import JacksonpdError
from jacksonpd.serve.app import SETTINGS, make_datasette, prepare

from .conftest import Snapshot
from .test_reliability import note_correction


def test_serves_the_checkout_when_current(repo: Path, take_snapshot: Callable[[Path], Snapshot]) -> None:
    """An up-to-date checkout is served as it is."""
    before = take_snapshot(repo / "datapackage")
    folder, problem = prepare(repo)
    assert (folder, problem) == (repo / "datapackage", None)
    assert take_snapshot(repo / "datapackage") == before


def test_rebuilds_when_the_seeds_changed(repo: Path) -> None:
    """A corrected annotation is published before serving."""
    ann = repo / "seeds/annotations/2018-03-19-moore-mbi.yaml"
    ann.write_text(
        ann.read_text().replace("    note: The chief's answer", "    note: Changed. The chief's answer")
    )
    note_correction(repo, "Changed. ")
    folder, problem = prepare(repo)
    assert problem is None
    assert "Changed. The chief's answer" in (folder / "data/statements.csv").read_text()


def test_broken_seeds_serve_the_last_good_publication(
    repo: Path, take_snapshot: Callable[[Path], Snapshot]
) -> None:
    """With a mistake in the seeds, the problem is returned and the last good site is kept."""
    before = take_snapshot(repo / "datapackage")
    ann = repo / "seeds/annotations/2018-03-19-moore-mbi.yaml"
    ann.write_text(ann.read_text().replace("text: they can call me.", "text: they can call us."))
    folder, problem = prepare(repo)
    assert folder == repo / "datapackage"
    assert problem is not None
    assert [p.code for p in problem.problems] == ["quote-not-found"]
    assert take_snapshot(repo / "datapackage") == before


def test_nothing_to_serve(repo: Path) -> None:
    """Broken seeds and no publication: the error, since there is nothing to fall back on."""
    shutil.rmtree(repo / "datapackage")
    (repo / "seeds/registry/people.yaml").write_text("- {id: x}\n")
    with pytest.raises(JacksonpdError):
        prepare(repo)


def test_outside_a_checkout_serves_the_shipped_package(tmp_path: Path) -> None:
    """Where there are no seeds, the package shipped with jacksonpd is served."""
    folder, problem = prepare(tmp_path)
    assert (folder, problem) == (published_path().parent, None)
    assert (folder / "jacksonpd.db").is_file()


def test_the_site_is_read_only_with_a_time_limit(repo: Path) -> None:
    """The database is immutable, queries are limited, and facet suggestions are off."""
    ds = make_datasette(repo / "datapackage")
    db = ds.get_database("jacksonpd")
    assert (db.is_mutable, ds.setting("sql_time_limit_ms"), ds.setting("suggest_facets")) == (
        False,
        SETTINGS["sql_time_limit_ms"],
        False,
    )
