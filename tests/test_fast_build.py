"""What makes large builds fast (the article cache, reading and writing over several processes)
publishes exactly the bytes of a plain build, and fails as a plain build fails."""

from __future__ import annotations

import importlib
import importlib.metadata
import os
import shutil
import signal
import sqlite3
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import jacksonpd.collect.articles
import jacksonpd.collect.incident_files
import jacksonpd.collect.tree
from jacksonpd import build
from jacksonpd.build import CACHE
from jacksonpd.collect.cache import ArticleCache, code_digest
from jacksonpd.collect.tree import read_all
from jacksonpd.errors import JacksonpdError
from jacksonpd.forked import both as _both
from jacksonpd.publish.rows import RowStore
from jacksonpd.schemas import load_schemas
from jacksonpd.seeds.registry import Registry

from .conftest import Snapshot
from .test_incidents import with_incidents
from .test_wapo import without_committed_incidents

BUILD_MODULE = importlib.import_module("jacksonpd.build")  # `jacksonpd.build` is the function
ARTICLES = 2  # in the repository's seeds
MOORE = "seeds/annotations/2018-03-19-moore-mbi.yaml"


def _read(repo: Path) -> jacksonpd.collect.tree.SeedsRead:
    """Read the seeds with the build's cache, into records."""
    cache = ArticleCache(repo / CACHE)
    try:
        return read_all(repo / "seeds", cache=cache)
    finally:
        cache.close(prune=True)


Rows = dict[str, list[tuple[Any, ...]]]


def _read_as_built(repo: Path, *, cached: bool = True) -> tuple[jacksonpd.collect.tree.SeedsRead, Rows]:
    """Read the seeds as the build does: with its cache (unless not ``cached``), into a row store;
    the read and every stored row, table by table, in the order stored."""
    cache = ArticleCache(repo / CACHE) if cached else None
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "rows.sqlite"
        store = RowStore(path, load_schemas(repo / "schemas"))
        try:
            read = read_all(repo / "seeds", cache=cache, store=store)
        finally:
            store.close()
            if cache is not None:
                cache.close(prune=True)
        conn = sqlite3.connect(path)
        try:
            return read, {
                name: conn.execute(f"select * from [{name}] order by rowid").fetchall()
                for name in store.columns
            }
        finally:
            conn.close()


def _drop_a_quote(repo: Path) -> None:
    """Leave one quote of the Moore article unannotated, so the article has a warning to cache."""
    path = repo / MOORE
    text = path.read_text(encoding="utf-8")
    cut = "  - kind: quote\n    speaker: anthony-moore\n    text: they can call me.\n"
    assert cut in text
    path.write_text(text.replace(cut, ""), encoding="utf-8")


@pytest.mark.parametrize("batch", [1, 1000])
def test_a_rebuild_reads_only_the_changed_article(
    repo: Path, take_snapshot: Callable[[Path], Snapshot], monkeypatch: pytest.MonkeyPatch, batch: int
) -> None:
    """Unchanged articles come from the cache; the corrected one is read again and published."""
    monkeypatch.setattr(jacksonpd.collect.articles, "_BATCH", batch)
    monkeypatch.setattr(jacksonpd.collect.incident_files, "_BATCH", batch)
    committed = take_snapshot(repo / "datapackage")
    first = _read(repo)
    assert first.cached == 0
    again = _read(repo)
    assert again.cached == ARTICLES
    assert again.dataset == first.dataset
    assert again.warnings == first.warnings

    _drop_a_quote(repo)
    corrected = _read(repo)
    assert corrected.cached == ARTICLES - 1
    assert corrected.dataset is not None
    assert first.dataset is not None
    assert len(corrected.dataset.statements) == len(first.dataset.statements) - 1
    [warning] = corrected.warnings  # the quote no statement covers any more, with its line
    assert warning.code == "uncovered-quote"
    assert "they can call me." in warning.found  # type: ignore[operator]
    from_cache = _read(repo)
    assert from_cache.cached == ARTICLES
    assert from_cache.warnings == corrected.warnings

    build(repo, force=True)
    assert take_snapshot(repo / "datapackage") != committed  # the correction was published


def test_a_build_reads_again_only_the_corrected_article(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The build's cache keys (articles' and incident files') come from the digests its
    fingerprint took of every seed file: a corrected annotation changes its article's key, and no
    other."""
    (repo / "seeds/incidents").mkdir(exist_ok=True)
    with_incidents(repo)
    build(repo, force=True)
    real = jacksonpd.collect.articles._read_article_job
    read: list[str] = []

    def reading(job: jacksonpd.collect.articles.ArticleJob, registry: Registry) -> object:
        read.append(job.stem)
        return real(job, registry)

    def hashing(path: Path) -> bytes:
        msg = f"{path} hashed again for its cache key"
        raise AssertionError(msg)

    monkeypatch.setattr(jacksonpd.collect.articles, "_read_article_job", reading)
    monkeypatch.setattr(jacksonpd.collect.articles, "file_digest", hashing)
    monkeypatch.setattr(jacksonpd.collect.incident_files, "file_digest", hashing)
    _drop_a_quote(repo)
    result = build(repo)
    assert read == [Path(MOORE).stem]
    assert [w.code for w in result.warnings] == ["uncovered-quote"]
    assert build(repo, force=True).warnings == result.warnings  # from the cache, the same
    assert read == [Path(MOORE).stem]


def test_an_article_edited_while_read_is_cached_as_it_was_read(
    repo: Path, take_snapshot: Callable[[Path], Snapshot], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A curator saves a correction after the build took its cache keys but before it read the
    article, then takes it back: the next build reads the article as it is, not the correction
    (cached under the key of the bytes the build had hashed)."""
    committed = take_snapshot(repo / "datapackage")
    original = (repo / MOORE).read_bytes()
    real = jacksonpd.collect.articles._read_article_job

    def saved_meanwhile(job: jacksonpd.collect.articles.ArticleJob, registry: Registry) -> object:
        if job.stem == Path(MOORE).stem:
            _drop_a_quote(repo)
        return real(job, registry)

    monkeypatch.setattr(jacksonpd.collect.articles, "_read_article_job", saved_meanwhile)
    assert [w.code for w in build(repo, force=True, require_corrections=False).warnings] == [
        "uncovered-quote"
    ]  # read as saved
    monkeypatch.setattr(jacksonpd.collect.articles, "_read_article_job", real)
    (repo / MOORE).write_bytes(original)
    assert build(repo, force=True, require_corrections=False).warnings == ()
    assert take_snapshot(repo / "datapackage") == committed


def test_an_incident_file_edited_while_read_is_cached_as_it_was_read(
    repo: Path, take_snapshot: Callable[[Path], Snapshot], monkeypatch: pytest.MonkeyPatch
) -> None:
    """As for an article: an incident file is cached under the key of the bytes read, which are
    not those its key was made of when it changed in between."""
    (repo / "seeds/incidents").mkdir(exist_ok=True)
    without_committed_incidents(repo)  # the fixture's file alone is saved while read
    incidents = with_incidents(repo) / "seeds/incidents/fixture-incidents.yaml"
    build(repo, force=True, require_corrections=False)
    published = take_snapshot(repo / "datapackage")
    (repo / CACHE).unlink()
    original = incidents.read_bytes()
    real = jacksonpd.collect.incident_files._read_incident_file

    def saved_meanwhile(path: Path, shown: str, spill: Path | None = None) -> object:
        if path == incidents:  # not the private overlay's file
            path.write_bytes(original.replace(b"city: Fixture City", b"city: Elsewhere"))
        return real(path, shown, spill)

    monkeypatch.setattr(jacksonpd.collect.incident_files, "_read_incident_file", saved_meanwhile)
    build(repo, force=True, require_corrections=False)
    assert take_snapshot(repo / "datapackage") != published  # read as saved
    monkeypatch.setattr(jacksonpd.collect.incident_files, "_read_incident_file", real)
    incidents.write_bytes(original)
    build(repo, force=True, require_corrections=False)
    assert take_snapshot(repo / "datapackage") == published


def test_a_seed_edited_during_a_build_is_built_again_even_if_put_back(
    repo: Path, take_snapshot: Callable[[Path], Snapshot], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build remembers what it hashed before reading; a seed saved while it reads, and then
    put back as it was, must not make the next build look unchanged (it published the save)."""
    committed = take_snapshot(repo / "datapackage")
    original = (repo / MOORE).read_bytes()
    real = BUILD_MODULE.read_all

    def saved_meanwhile(*args: Any, **kwargs: Any) -> jacksonpd.collect.tree.SeedsRead:
        _drop_a_quote(repo)
        return real(*args, **kwargs)  # type: ignore[no-any-return]

    monkeypatch.setattr(BUILD_MODULE, "read_all", saved_meanwhile)
    assert [w.code for w in build(repo, require_corrections=False).warnings] == ["uncovered-quote"]
    monkeypatch.setattr(BUILD_MODULE, "read_all", real)
    (repo / MOORE).write_bytes(original)
    again = build(repo, require_corrections=False)
    assert not again.skipped
    assert take_snapshot(repo / "datapackage") == committed
    assert build(repo, require_corrections=False).skipped  # nothing touched this time: remembered


def test_the_cache_never_changes_what_is_published(
    repo: Path, take_snapshot: Callable[[Path], Snapshot]
) -> None:
    """A build from the cache and a build with none publish the same bytes."""
    committed = take_snapshot(repo / "datapackage")
    build(repo, force=True)
    assert (repo / CACHE).exists()
    build(repo, force=True)  # every article from the cache
    assert take_snapshot(repo / "datapackage") == committed
    (repo / CACHE).unlink()
    build(repo, force=True)
    assert take_snapshot(repo / "datapackage") == committed


def test_a_registry_change_reads_every_article_again(repo: Path) -> None:
    """Articles are read against the registry, so a new registry invalidates every result."""
    _read(repo)
    people = repo / "seeds/registry/people.yaml"
    people.write_text(people.read_text(encoding="utf-8") + "# reviewed\n", encoding="utf-8")
    assert _read(repo).cached == 0


def test_another_library_version_reads_every_article_again(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Results depend on the libraries that parse and structure the seeds, not only on our code."""
    _read(repo)
    real = importlib.metadata.version

    def upgraded(name: str) -> str:
        return "99.0" if name == "PyYAML" else real(name)

    monkeypatch.setattr(importlib.metadata, "version", upgraded)
    code_digest.cache_clear()
    try:
        assert _read(repo).cached == 0
    finally:
        code_digest.cache_clear()  # computed again, with the real versions, by the next caller


@pytest.mark.parametrize("damage", [b"not a database at all", b""])
def test_a_damaged_cache_is_replaced(
    repo: Path, take_snapshot: Callable[[Path], Snapshot], damage: bytes
) -> None:
    """A cache file that is not a database costs a full read, never a wrong or failed build."""
    committed = take_snapshot(repo / "datapackage")
    (repo / CACHE).write_bytes(damage * 100)
    result = build(repo, force=True)
    assert result.dataset is not None
    assert take_snapshot(repo / "datapackage") == committed
    assert _read_as_built(repo)[0].cached == ARTICLES  # and the new file works


def test_check_reads_without_the_cache(repo: Path) -> None:
    """``--check`` compares what the seeds build now; it neither reads nor writes the cache."""
    build(repo, check=True)
    assert not (repo / CACHE).exists()


def test_a_failed_build_keeps_the_cache_of_good_articles(repo: Path) -> None:
    """After a build fails on one article, the next reads only that article again."""
    build(repo, force=True)
    moore = repo / MOORE
    good = moore.read_text(encoding="utf-8")
    moore.write_text("statements: [{}]\n", encoding="utf-8")
    with pytest.raises(JacksonpdError):
        build(repo)
    moore.write_text(good, encoding="utf-8")
    assert _read_as_built(repo)[0].cached == ARTICLES  # the good version was kept through the failure


def test_an_incident_file_missing_batches_in_the_cache_is_read_again(
    repo: Path, take_snapshot: Callable[[Path], Snapshot], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file's incidents are cached a batch at a time; with one of them gone, the file is read
    again (not published short of incidents)."""
    (repo / "seeds/incidents").mkdir(exist_ok=True)
    with_incidents(repo)
    monkeypatch.setattr(jacksonpd.collect.articles, "_BATCH", 1)
    monkeypatch.setattr(jacksonpd.collect.incident_files, "_BATCH", 1)
    first = build(repo)
    published = take_snapshot(repo / "datapackage")
    assert first.counts["incidents"] > 1
    db = sqlite3.connect(repo / CACHE)
    with db:
        batches = db.execute("select count(*) from results where key like '%/%'").fetchone()[0]
        assert batches == first.counts["incidents"]
        db.execute("delete from results where key like '%/1'")
    db.close()
    again = build(repo, force=True)
    assert take_snapshot(repo / "datapackage") == published
    assert again.counts == first.counts


def test_a_cached_incident_file_reports_lines_from_where_it_is_now(
    repo: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A problem in an incident file read from the cache has its line right, even when the cache
    came with a copied repository (a line not kept is looked for in the file where it is now)."""
    (repo / "seeds/incidents").mkdir(exist_ok=True)
    with_incidents(repo)
    build(repo)
    moved = tmp_path_factory.mktemp("elsewhere") / "moved"
    shutil.copytree(repo, moved)  # the cache with it
    shutil.rmtree(repo)
    registry = moved / "seeds/registry/organizations.yaml"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(text.replace("id: mississippi-bureau-of-investigation", "id: mbi-renamed"))
    with pytest.raises(JacksonpdError) as info:
        build(moved)
    incidents = "seeds/incidents/fixture-incidents.yaml"
    lines = (moved / incidents).read_text(encoding="utf-8").splitlines()
    expected = [n for n, line in enumerate(lines, start=1) if "investigating_agency: mississippi" in line]
    found = [p.line for p in info.value.problems if p.path == incidents and p.field == "investigating_agency"]
    assert found == expected
    assert found


@pytest.mark.parametrize("cached", [False, True])
def test_seeds_read_in_parallel_as_in_one_process(
    repo: Path, monkeypatch: pytest.MonkeyPatch, cached: bool
) -> None:
    """Spread over worker processes (articles and incident files alike), with or without the
    cache, the read gives the same records, warnings and problems as one process."""
    (repo / "seeds/incidents").mkdir(exist_ok=True)  # git keeps no empty folder
    with_incidents(repo)
    _drop_a_quote(repo)
    serial = read_all(repo / "seeds")
    assert serial.warnings
    assert serial.dataset is not None
    assert serial.dataset.incidents
    monkeypatch.setattr(jacksonpd.collect.tree, "_ARTICLES_PER_WORKER", 1)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(jacksonpd.collect.articles, "_BATCH", 1)
    monkeypatch.setattr(jacksonpd.collect.incident_files, "_BATCH", 1)
    parallel = _read(repo) if cached else read_all(repo / "seeds")
    assert parallel.cached == 0
    assert parallel.dataset == serial.dataset
    assert parallel.warnings == serial.warnings
    if cached:  # what the workers parsed was cached, and reads back the same
        again = _read(repo)
        assert again.cached == ARTICLES
        assert again.dataset == serial.dataset
        assert again.warnings == serial.warnings
    # As the build reads: the workers hand over rows, which are cached as rows and read back so.
    monkeypatch.setattr(jacksonpd.collect.tree, "_ARTICLES_PER_WORKER", 200)
    _, serial_rows = _read_as_built(repo, cached=False)
    assert len(serial_rows["statements"]) == len(serial.dataset.statements)
    monkeypatch.setattr(jacksonpd.collect.tree, "_ARTICLES_PER_WORKER", 1)
    fresh, rows = _read_as_built(repo, cached=cached)
    assert (fresh.cached, fresh.warnings, rows) == (0, serial.warnings, serial_rows)
    if cached:
        again, rows = _read_as_built(repo)
        assert (again.cached, again.warnings, rows) == (ARTICLES, serial.warnings, serial_rows)
    # The build: records into its store from the workers, the CSVs written by a forked process.
    monkeypatch.setattr(BUILD_MODULE, "_ROWS_FOR_TWO_PROCESSES", 1)
    built = build(repo, force=True, require_corrections=False)
    assert built.dataset == serial.dataset
    assert built.warnings == serial.warnings
    # Nothing of the build's scratch (row store, spilled incidents) is published or left behind.
    assert {f.partition("/")[0] for f in built.files} == {p.name for p in (repo / "datapackage").iterdir()}
    assert {f.partition("/")[0] for f in built.files} == {
        "README.md",
        "data",
        "datapackage.json",
        "jacksonpd.db",
        "jacksonpd.xlsx",
        "metadata.json",
        "RELEASES.md",
        "releases.json",
        "corrections.atom",
    }
    assert not list(repo.glob(".datapackage-build-*"))

    (repo / MOORE).write_text("statements: [{kind: quote, text: not in the article}]\n", encoding="utf-8")
    incident_file = next((repo / "seeds/incidents").glob("*.yaml"))
    incident_file.write_text(incident_file.read_text(encoding="utf-8") + "unknown_key: 1\n", encoding="utf-8")
    with pytest.raises(JacksonpdError) as in_parallel:
        _read(repo) if cached else read_all(repo / "seeds")
    monkeypatch.setattr(jacksonpd.collect.tree, "_ARTICLES_PER_WORKER", 200)
    with pytest.raises(JacksonpdError) as in_one:
        read_all(repo / "seeds")
    assert in_parallel.value.problems == in_one.value.problems
    assert any(p.path == MOORE and p.line == 1 for p in in_one.value.problems)
    assert any(p.path.endswith(incident_file.name) for p in in_one.value.problems)


# -- the CSVs and the database written by two processes ------------------------------------------


def test_two_writers_publish_what_one_does(
    repo: Path, take_snapshot: Callable[[Path], Snapshot], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the package written by a forked process beside the database, the bytes are the same."""
    committed = take_snapshot(repo / "datapackage")
    monkeypatch.setattr(BUILD_MODULE, "_ROWS_FOR_TWO_PROCESSES", 0)
    result = build(repo, force=True)
    assert take_snapshot(repo / "datapackage") == committed
    assert {"write CSV", "validate", "SQLite"} <= set(result.timings)


def _fails() -> None:
    msg = "the disk is full"
    raise OSError(msg)


def test_the_forked_process_raises_here() -> None:
    """An exception in the child is raised in the parent, after the parent's own work is done."""
    done = []
    with pytest.raises(OSError, match="the disk is full"):
        _both(_fails, lambda: done.append(True), parallel=True)
    assert done == [True]


def test_a_failure_here_stops_the_forked_process(tmp_path: Path) -> None:
    """When the parent fails, the child (still writing) is stopped, not left running."""
    pid_file = tmp_path / "child"

    def slow() -> None:
        pid_file.write_text(str(os.getpid()))
        time.sleep(60)

    def fail_when_child_started() -> None:
        while not pid_file.exists() or not pid_file.read_text():
            time.sleep(0.01)
        _fails()

    began = time.monotonic()
    with pytest.raises(OSError, match="the disk is full"):
        _both(slow, fail_when_child_started, parallel=True)
    assert time.monotonic() - began < 30
    with pytest.raises(ProcessLookupError):
        os.kill(int(pid_file.read_text()), 0)


def test_the_forked_process_dies_with_its_parent(tmp_path: Path) -> None:
    """A build killed outright leaves no writer behind (it would hold the build lock)."""
    import subprocess
    import sys

    script = f"""
import os, time
from pathlib import Path
from jacksonpd.forked import both as _both
def slow():
    Path({str(tmp_path / "child")!r}).write_text(str(os.getpid()))
    time.sleep(60)
_both(slow, lambda: time.sleep(60), parallel=True)
"""
    parent = subprocess.Popen([sys.executable, "-c", script])
    child_file = tmp_path / "child"
    deadline = time.monotonic() + 30
    while not (child_file.exists() and child_file.read_text()) and time.monotonic() < deadline:
        time.sleep(0.05)
    child = int(child_file.read_text())
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    pytest.fail(f"the child {child} outlived its killed parent")


def test_the_cache_keeps_what_a_build_used_and_drops_the_rest(tmp_path: Path) -> None:
    """The keys a build used (found, or stored) are kept by the cache's database, not in the
    build's memory; closing with prune drops every other entry, and a damaged file starts over."""
    path = tmp_path / "cache.sqlite"
    cache = ArticleCache(path)
    cache.put_many([("a", b"1"), ("b", b"2"), ("c", b"3")])
    cache.close(prune=True)
    cache = ArticleCache(path)
    assert not [v for v in vars(cache).values() if isinstance(v, (set, dict, list))]
    assert cache.get_many(["a", "z"]) == {"a": b"1"}
    assert cache.present(["b"]) == {"b"}
    cache.put_many([("d", b"4")])
    assert cache.used == {"a", "z", "b", "d"}
    cache.close(prune=True)
    cache = ArticleCache(path)
    assert cache.get_many(["a", "b", "c", "d"]) == {"a": b"1", "b": b"2", "d": b"4"}
    cache.close(prune=False)
    path.write_bytes(b"not a database" * 100)
    cache = ArticleCache(path)
    assert cache.get_many(["a"]) == {}
    cache.put_many([("e", b"5")])
    cache.close(prune=True)
    assert ArticleCache(path).get_many(["e"]) == {"e": b"5"}
