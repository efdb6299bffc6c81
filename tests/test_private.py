"""Names that are not public: read from the private overlay, never committed, packaged or shown.

A name is planted at run time (see ``conftest.PLANTED``) in a repository copy's private overlay,
``seeds/private/``; every file git tracks, the sdist, the wheel, the published package and every
message are then scanned for it.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import tarfile
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from jacksonpd import build, load
from jacksonpd.cli import cli
from jacksonpd.collect.incident_files import _incident_paths
from jacksonpd.collect.tree import read_all
from jacksonpd.convert import converter
from jacksonpd.errors import JacksonpdError
from jacksonpd.release.policy import name_is_public
from jacksonpd.seeds.incidents import CuratedOfficer, IncidentFile
from jacksonpd.seeds.yamlio import read_yaml

from .conftest import PLANTED, PLANTED_INCIDENT, REPO, plant_withheld, snapshot
from .test_reliability import note_correction


def holders(files: Iterable[tuple[str, bytes]], names: Iterable[str]) -> list[str]:
    """The files whose bytes hold any of ``names`` (or its surname), in any case."""
    wanted = [part.lower().encode() for name in names for part in (name, name.split()[-1])]
    return sorted({file for file, data in files if any(w in data.lower() for w in wanted)})


def tracked(root: Path) -> list[str]:
    """The files git tracks in the repository (relative paths)."""
    out = subprocess.run(["git", "ls-files", "-z"], cwd=root, capture_output=True, check=True).stdout
    return [name for name in out.decode().split("\0") if name]


def files_of(root: Path, names: Iterable[str]) -> Iterator[tuple[str, bytes]]:
    for name in names:
        path = root / name
        if path.is_file():
            yield name, path.read_bytes()


def members(archive: Path) -> Iterator[tuple[str, bytes]]:
    """Every file in an sdist (.tar.gz) or wheel (.whl), with its bytes."""
    if archive.suffix == ".whl":
        with zipfile.ZipFile(archive) as z:
            for info in z.infolist():
                yield info.filename, z.read(info)
        return
    with tarfile.open(archive) as t:
        for member in t.getmembers():
            f = t.extractfile(member)
            if f is not None:
                yield member.name, f.read()


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A copy of every file git tracks, as a fresh clone would have them, with a name planted
    in its private overlay."""
    root = tmp_path / "checkout"
    for name in tracked(REPO):
        source = REPO / name
        if source.is_file():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, root / name)
    plant_withheld(root)
    return root


def test_no_tracked_file_holds_a_name_that_is_not_public() -> None:
    """The names in the seeds (the private overlay's too, where there is one) that are not public
    today are in no file git tracks."""
    secret = [
        o.name
        for o in _curated_officers(REPO / "seeds")
        if o.name is not None and not name_is_public(o, dt.date.today())
    ]
    assert holders(files_of(REPO, tracked(REPO)), secret) == []


def _curated_officers(seeds: Path) -> list[CuratedOfficer]:
    """Every officer of every incident file of ``seeds``, the private overlay's included."""
    officers: list[CuratedOfficer] = []
    for path in _incident_paths(seeds):
        doc, _ = read_yaml(path, path.name)
        if doc is not None and doc.data:
            parsed = converter().structure(doc.data, IncidentFile)
            officers += [o for i in parsed.incidents for o in i.officers]
    return officers


def test_the_overlay_is_read_but_never_packaged(checkout: Path, tmp_path: Path) -> None:
    """The build reads the overlay's incident (its officer withheld); neither the package it
    publishes nor the sdist or wheel made from the checkout holds the name."""
    from hatchling.builders.sdist import SdistBuilder
    from hatchling.builders.wheel import WheelBuilder

    build(checkout)
    published = load(checkout / "datapackage")
    [withheld] = [i for i in published.incidents if i.incident_id == "2018-05-01-fixture-withheld"]
    assert withheld.officer_names_status == "withheld"
    assert [o.name for o in published.officers if o.officer_id.startswith(withheld.incident_id)] == [None]
    assert holders(snapshot(checkout / "datapackage").items(), [PLANTED]) == []
    dist = tmp_path / "dist"
    [sdist] = map(Path, SdistBuilder(str(checkout)).build(directory=str(dist), versions=["standard"]))
    [wheel] = map(Path, WheelBuilder(str(checkout)).build(directory=str(dist), versions=["standard"]))
    for archive in (sdist, wheel):
        names = [name for name, _ in members(archive)]
        assert not [n for n in names if "/private/" in n or ".datapackage-" in n], archive.name
        assert holders(members(archive), [PLANTED]) == [], archive.name
    assert any(name.endswith("datapackage/datapackage.json") for name, _ in members(sdist))


def test_the_scan_finds_a_planted_name(checkout: Path) -> None:
    """The scan above is not blind: a file holding the name is found, by its surname too."""
    text = PLANTED_INCIDENT.format(name=PLANTED)
    assert holders([("a", text.encode()), ("b", b"nothing")], [PLANTED]) == ["a"]
    assert holders([("c", PLANTED.split()[-1].upper().encode())], [PLANTED]) == ["c"]


def test_a_name_not_public_in_a_committed_file_fails_the_build(repo: Path) -> None:
    """An incident file outside the overlay (committed, packaged) may hold only names public
    today: otherwise the build fails, naming file, line and field but not the name."""
    before = snapshot(repo / "datapackage")
    (repo / "seeds/incidents").mkdir(exist_ok=True)
    committed = repo / "seeds/incidents/curated.yaml"
    committed.write_text(PLANTED_INCIDENT.format(name=PLANTED), encoding="utf-8")
    with pytest.raises(JacksonpdError) as info:
        build(repo)
    [problem] = info.value.problems
    line = committed.read_text().splitlines().index(f"      - name: {PLANTED}") + 1
    assert (problem.code, problem.path, problem.line, problem.field) == (
        "private-name",
        "seeds/incidents/curated.yaml",
        line,
        "name",
    )
    result = CliRunner().invoke(cli, ["build", "--root", str(repo)])
    assert result.exit_code == 1
    assert "[private-name]" in result.output
    assert "Traceback" not in result.output
    assert holders([("output", result.output.encode()), ("problem", str(problem).encode())], [PLANTED]) == []
    assert snapshot(repo / "datapackage") == before
    # In the overlay, the same file builds.
    committed.unlink()
    plant_withheld(repo)
    assert read_all(repo / "seeds").as_of is not None


def test_a_name_public_today_may_be_committed(repo: Path) -> None:
    """A name made public (by today) may stay in a committed file; an --as-of view of an earlier
    date withholds it."""
    (repo / "seeds/incidents").mkdir(exist_ok=True)
    text = PLANTED_INCIDENT.format(name=PLANTED).replace(
        "        role: shooter\n",
        "        role: shooter\n        name_released_on: 2018-05-03\n"
        "        name_released_by: jackson-police-department\n",
    )
    (repo / "seeds/incidents/curated.yaml").write_text(text, encoding="utf-8")
    build(repo)
    assert PLANTED in (repo / "datapackage/data/officers.csv").read_text(encoding="utf-8")
    build(repo, as_of=dt.date(2018, 5, 2))
    assert holders(snapshot(repo / "datapackage").items(), [PLANTED]) == []


def test_after_builds_as_of_and_serves_the_name_is_only_where_it_may_be(repo: Path) -> None:
    """Plant a never-public name in the overlay, build, build --as-of, serve (which rebuilds a
    stale package), build again: no message, no file outside seeds/ that others can read, and no
    page of the site holds it. The one file that does (the build cache) is its owner's alone."""
    from jacksonpd.build import CACHE
    from jacksonpd.serve.app import make_datasette, prepare

    from .test_datasette import Site
    from .test_incidents import with_incidents

    with_incidents(repo)
    runner = CliRunner()
    said = [runner.invoke(cli, ["build", "--root", str(repo)]).output]
    said.append(runner.invoke(cli, ["build", "--root", str(repo), "--as-of", "2019-01-11"]).output)
    ann = repo / "seeds/annotations/2018-03-19-moore-mbi.yaml"
    ann.write_text(
        ann.read_text().replace("    note: The chief's answer", "    note: Now. The chief's answer")
    )
    note_correction(repo, "Now. ")
    folder, problem = prepare(repo)
    assert problem is None
    site = Site(make_datasette(folder))
    pages = [
        "/jacksonpd/officers.json",
        "/jacksonpd/incidents.json?_shape=array",
        "/jacksonpd/incident_officers.csv",
        "/jacksonpd.json?sql=select+*+from+officers",
        "/-/metadata.json",
    ]
    said += [site.get(page).text for page in pages]
    site.loop.close()
    said.append(runner.invoke(cli, ["build", "--root", str(repo)]).output)
    assert holders([(f"output {n}", text.encode()) for n, text in enumerate(said)], [PLANTED]) == []
    readable = [
        (path.relative_to(repo).as_posix(), path.read_bytes())
        for path in sorted(repo.rglob("*"))
        if path.is_file() and "seeds" not in path.relative_to(repo).parts and path.stat().st_mode & 0o044
    ]
    assert readable  # the publication, at least
    assert holders(readable, [PLANTED]) == []
    cache = repo / CACHE
    assert PLANTED.encode() in cache.read_bytes()  # it holds what the seeds hold...
    assert cache.stat().st_mode & 0o077 == 0  # ...for its owner alone
