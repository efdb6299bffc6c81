"""build(): deterministic, checkable, and all-or-nothing."""

from __future__ import annotations

import datetime as dt
import importlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from jacksonpd import build
from jacksonpd.cli import cli
from jacksonpd.errors import JacksonpdError

from .conftest import Snapshot, leftovers


def test_build_is_byte_identical(repo: Path, take_snapshot: Callable[[Path], Snapshot]) -> None:
    """A build from scratch reproduces the committed package byte for byte, and again (given
    the previous release, which its version and notes follow from)."""
    committed = take_snapshot(repo / "datapackage")
    released = repo.parent / f"{repo.name}-released"
    shutil.copytree(repo / "datapackage", released)
    shutil.rmtree(repo / "datapackage")
    first = build(repo, since=str(released))
    assert take_snapshot(repo / "datapackage") == committed
    assert set(first.changed) == set(committed)  # every file was new
    second = build(repo)
    assert take_snapshot(repo / "datapackage") == committed
    assert second.changed == ()


def test_build_leaves_no_temporary_files(repo: Path) -> None:
    """Staging folders are removed whether the build publishes or fails."""
    build(repo)
    (repo / "seeds/annotations/2018-03-19-moore-mbi.yaml").write_text("statements: [{}]\n")
    with pytest.raises(JacksonpdError):
        build(repo)
    assert leftovers(repo) == []


def test_check_names_every_stale_file(repo: Path, take_snapshot: Callable[[Path], Snapshot]) -> None:
    """--check fails, naming each file that differs, and changes nothing."""
    (repo / "datapackage/data/people.csv").write_bytes(b"edited by hand\r\n")
    (repo / "datapackage/stray.txt").write_text("not built")
    before = take_snapshot(repo / "datapackage")
    with pytest.raises(JacksonpdError) as info:
        build(repo, check=True)
    found = [(p.code, p.path, p.message) for p in info.value.problems]
    assert {p.code for p in info.value.problems} == {"stale-package"}
    # The hand-edited file, and what follows from it: a tampered package is no release to
    # version from, so the version and notes the seeds build differ from it too.
    assert ("stale-package", "datapackage/data/people.csv", "differs from what the seeds build") in found
    assert ("stale-package", "datapackage/stray.txt", "would be removed") in found
    assert take_snapshot(repo / "datapackage") == before
    result = CliRunner().invoke(cli, ["build", "--check", "--root", str(repo)])
    assert result.exit_code == 1
    assert "datapackage/data/people.csv" in result.output


def test_check_passes_when_current(repo: Path) -> None:
    """--check on an up-to-date package exits 0 and says so."""
    result = CliRunner().invoke(cli, ["build", "--check", "--root", str(repo)])
    assert result.exit_code == 0, result.output
    assert "up to date" in result.output


@pytest.mark.parametrize("writers", [1, 2])
def test_invalid_output_is_not_published(
    repo: Path, take_snapshot: Callable[[Path], Snapshot], monkeypatch: pytest.MonkeyPatch, writers: int
) -> None:
    """When the written package fails validation, the problem is located in the CSV and nothing moves.

    With two writers, the CSVs are written and validated by a forked process (as for a large
    package) and its problems come back to the build.
    """
    if writers == 2:
        monkeypatch.setattr(importlib.import_module("jacksonpd.build"), "_ROWS_FOR_TWO_PROCESSES", 0)
    schema_path = repo / "schemas/statements.json"
    schema = json.loads(schema_path.read_text())
    text_field = next(f for f in schema["fields"] if f["name"] == "text")
    text_field["constraints"]["maxLength"] = 500  # the mayor's written statement is longer
    schema_path.write_text(json.dumps(schema, indent=2))
    before = take_snapshot(repo / "datapackage")
    with pytest.raises(JacksonpdError) as info:
        build(repo)
    [problem] = info.value.problems
    assert (problem.code, problem.path, problem.field) == (
        "constraint-error",
        "datapackage/data/statements.csv",
        "text",
    )
    # the line is that of the record in the CSV, counting the lines of earlier multi-line cells
    csv_lines = (repo / "datapackage/data/statements.csv").read_text().splitlines()
    assert problem.line is not None
    assert csv_lines[problem.line - 1].startswith("2018-03-27-task-force-the-jackson-police-department")
    assert take_snapshot(repo / "datapackage") == before


def test_build_into_an_empty_repository_folder(repo: Path) -> None:
    """With no datapackage/ yet, the first build creates it."""
    shutil.rmtree(repo / "datapackage")
    result = build(repo)
    assert (repo / "datapackage/datapackage.json").is_file()
    assert result.dataset is not None
    assert len(result.dataset.statements) == 19


def test_a_build_with_nothing_changed_is_skipped(repo: Path) -> None:
    """Same seeds, schemas, code and output: the second build does nothing, and says so."""
    first = build(repo, force=True)
    assert not first.skipped
    assert list(first.timings) == [
        "read",
        "extract",
        "check",
        "write CSV",
        "validate",
        "SQLite",
        "release",
        "metadata",
    ]
    second = build(repo)
    assert second.skipped
    assert second.dataset is None
    assert second.counts == first.counts
    assert second.files == first.files


@pytest.mark.parametrize("change", ["seed", "output", "as_of", "force"])
def test_any_change_rebuilds(repo: Path, change: str) -> None:
    """A changed seed, a touched publication, another as-of date or --force: a real build."""
    build(repo, force=True)
    as_of = None
    if change == "seed":
        ann = repo / "seeds/annotations/2018-03-19-moore-mbi.yaml"
        ann.write_text(ann.read_text() + "\n# reviewed again\n")
    elif change == "output":
        (repo / "datapackage/data/statements.csv").write_text("tampered\n")
    elif change == "as_of":
        as_of = dt.date(2018, 3, 20)
    result = build(repo, as_of=as_of, force=change == "force")
    assert not result.skipped
    assert result.dataset is not None
    if change == "output":
        assert "data/statements.csv" in result.changed


def test_check_is_never_skipped(repo: Path) -> None:
    """`--check` compares the committed package every time, whatever the last build recorded."""
    build(repo, force=True)
    (repo / "datapackage/data/figures.csv").write_text("stale\n")
    with pytest.raises(JacksonpdError) as caught:
        build(repo, check=True)
    assert {p.code for p in caught.value.problems} == {"stale-package"}
    assert "datapackage/data/figures.csv" in [p.path for p in caught.value.problems]
