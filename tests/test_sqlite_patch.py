"""The database of a build that republishes only what changed (jacksonpd.publish.sqlite_patch):
patched from the published one into a cold build's content, with nothing deleted left in a page;
written whole where the patch cannot show that; never published half patched."""

from __future__ import annotations

import bisect
import random
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from jacksonpd import build
from jacksonpd.errors import JacksonpdError
from jacksonpd.publish import sqlite_patch
from jacksonpd.publish.sqlite import DATABASE, VIEWS, database_digest
from jacksonpd.publish.sqlite_patch import MOST_MOVED, Patched, Unpatchable, _Layout, _place, _tables_read

from .conftest import PLANTED, leftovers, snapshot
from .test_incremental import _fresh, _published, add_article, change_quote
from .test_private import holders


def _same_as_cold(root: Path, cold: Path) -> None:
    """Build a fresh copy of ``root``'s seeds cold at ``cold`` and hold the publications equal."""
    _fresh(root, cold)
    build(cold, force=True, require_corrections=False)
    assert _published(root / "datapackage") == _published(cold / "datapackage")


# A name taken out by a correction


def _plant(root: Path, name: str) -> tuple[Path, Path, str, str]:
    """Put ``name`` into the first quote of the middle article (and its annotation); the files
    and the texts before and after."""
    annotation = sorted((root / "seeds/annotations").glob("*.yaml"))[5]
    article = root / "seeds/articles" / f"{annotation.stem}.txt"
    text = annotation.read_text(encoding="utf-8")
    at = text.index('    text: "', text.index("statements:")) + len('    text: "')
    quote = text[at : text.index('"\n', at)]
    named = f"{quote} and of {name}"
    for path in (annotation, article):
        content = path.read_text(encoding="utf-8")
        assert content.count(quote) == 1
        path.write_text(content.replace(quote, named), encoding="utf-8")
    return annotation, article, quote, named


def _tail(name: str) -> str:
    """The made-up part of a planted surname: the full-text index keeps each term after the part it
    shares with the term before it, so a scan for the whole surname could miss it there."""
    return name.split()[-1][2:]


@pytest.mark.parametrize("secure", [True, False])
def test_a_name_corrected_away_is_in_no_byte_of_the_database(
    root: Path, tmp_path: Path, patched: list[str | None], monkeypatch: pytest.MonkeyPatch, secure: bool
) -> None:
    """A name (of an officer not to be named, say) published in a quote and then corrected away
    by a short-path build is in no byte of the patched database file: not in its rows, its
    indexes, its full-text indexes' segments, or its free pages. Without ``secure_delete`` (the
    control) the same scan finds it: the scan is not blind."""
    name = f"{PLANTED}x"  # no suffix the full-text index's stemmer would take off
    annotation, article, quote, named = _plant(root, name)
    build(root, require_corrections=False)
    database = root / "datapackage" / DATABASE
    assert holders([("db", database.read_bytes())], [_tail(name)]) == ["db"]  # published, at first
    if not secure:
        monkeypatch.setattr(sqlite_patch, "_SECURE_DELETE", "off")
    for path in (annotation, article):
        path.write_text(path.read_text(encoding="utf-8").replace(named, quote), encoding="utf-8")
    result = build(root, require_corrections=False)
    assert result.republished == 1
    assert patched == [None, None]
    found = holders([("db", database.read_bytes())], [name, _tail(name)])
    if not secure:
        assert found == ["db"]  # left in freed pages and the old segments
        return
    assert found == []
    assert holders(snapshot(root / "datapackage").items(), [name, _tail(name)]) == []
    conn = sqlite3.connect(database)
    try:
        freelist = conn.execute("pragma freelist_count").fetchone()[0]
        hits = conn.execute(
            "select count(*) from statements_fts where statements_fts match ?", (f'"{_tail(name)}"',)
        ).fetchone()
    finally:
        conn.close()
    assert freelist > 0  # the patch freed pages: the scan above read them
    assert hits == (0,)
    _same_as_cold(root, tmp_path / "cold")


# Placing rows


def test_the_layout_is_a_sort(tmp_path: Path) -> None:
    """Random tables with rows taken out and put in: each row's rowid once laid out is its place
    in the new order, as a cold build numbers them."""
    rng = random.Random(23)
    for _ in range(300):
        old = sorted(rng.sample(range(0, 1000, 2), rng.randrange(0, 40)))
        gone = {k for k in old if rng.random() < 0.2}
        new_keys = sorted({rng.randrange(0, 1000) | 1 for _ in range(rng.randrange(0, 8))})
        after = [(bisect.bisect_left(old, k), (k,)) for k in new_keys]
        removed = [old.index(k) + 1 for k in gone]
        layout = _Layout(len(old), removed, after, [MOST_MOVED], "t")
        final = sorted([k for k in old if k not in gone] + new_keys)
        rank = {k: i + 1 for i, k in enumerate(final)}
        assert layout.added == [rank[k] for k in new_keys]
        for i, k in enumerate(old, 1):
            if k not in gone:
                assert layout.new_rowid(i) == rank[k]
                run = [m for m in layout.moved if m[0] <= i <= m[1]]
                assert bool(run) == (rank[k] != i)


def test_a_tie_in_a_views_order_is_not_patched() -> None:
    """A new row whose order equals a row that stays: a cold build's order between them is its
    query plan's, so the patch gives up."""
    orders = {1: (1,), 2: (2,), 3: (2,), 4: (3,)}
    assert _place(4, (2,), orders.__getitem__, {2, 3}, "v") == 1
    assert _place(4, (2, 5), orders.__getitem__, set(), "v") == 3
    with pytest.raises(Unpatchable):
        _place(4, (2,), orders.__getitem__, {2}, "v")
    with pytest.raises(Unpatchable):
        _Layout(4, [], [(1, (2,)), (1, (2,))], [MOST_MOVED], "v")


def test_the_view_patches_describe_the_views() -> None:
    """Every stored view has its patch, naming every table it reads and ending with its order:
    a view changed without its patch would be written whole on every short path."""
    for view in VIEWS:
        if not view.stored:
            continue
        spec = sqlite_patch._VIEW_PATCHES[view.name]
        assert _tables_read(view.sql) == spec.drivers.keys() | spec.lookups.keys(), view.name
        if spec.order_by is not None:
            assert view.sql.strip().endswith(spec.order_by), view.name


# Falling back, and failing


@pytest.mark.parametrize("why", ["too many rows to move", "view unknown", "sqlite error"])
def test_what_cannot_be_patched_is_written_whole(
    root: Path, tmp_path: Path, patched: list[str | None], monkeypatch: pytest.MonkeyPatch, why: str
) -> None:
    """A change the patch cannot place (or an SQLite error on the way) writes the database whole,
    on the short path still, and publishes what a cold build does."""
    if why == "too many rows to move":
        monkeypatch.setattr(sqlite_patch, "MOST_MOVED", 0)
        add_article(root, random.Random(1))  # in the middle: the rows after it move
    else:
        if why == "view unknown":
            monkeypatch.setattr(sqlite_patch, "_VIEW_PATCHES", {})
        else:

            def broken(*args: Any) -> None:
                msg = "no such table: nothing"
                raise sqlite3.OperationalError(msg)

            monkeypatch.setattr(sqlite_patch, "_recount_facets", broken)
        change_quote(root, random.Random(3))
    result = build(root, require_corrections=False)
    assert result.republished == 1
    assert len(patched) == 1
    assert patched[0] is not None
    assert not (root / "datapackage" / f"{DATABASE}-journal").exists()
    _same_as_cold(root, tmp_path / "cold")


def test_a_failure_while_patching_leaves_the_publication(
    root: Path, patched: list[str | None], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure half way through the patch (the disk full, say) fails the build and leaves the
    publication as it was, and no staging folder; the next build patches again."""
    before = snapshot(root / "datapackage")
    digest = database_digest(root / "datapackage" / DATABASE)

    def full(*args: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(sqlite_patch, "_recount_facets", full)
    change_quote(root, random.Random(3))
    with pytest.raises(JacksonpdError, match="nothing was published"):
        build(root, require_corrections=False)
    assert snapshot(root / "datapackage") == before
    assert database_digest(root / "datapackage" / DATABASE) == digest
    assert leftovers(root) == []
    monkeypatch.undo()
    patched.clear()
    monkeypatch.setattr(sqlite_patch, "patch_sqlite", _recording(patched, sqlite_patch.patch_sqlite))
    assert build(root, require_corrections=False).republished == 1
    assert patched == [None]


def _recording(said: list[str | None], patch: Any) -> Any:
    def recorded(*args: Any) -> Patched:
        done: Patched = patch(*args)
        said.append(done.why)
        return done

    return recorded


def test_the_check_of_a_patched_database_reads_the_tables_named(root: Path) -> None:
    """The check a patched database gets: integrity and foreign keys of the tables it changed,
    and every table's count, which still finds a row missing from a table it did not name."""
    from jacksonpd.publish.rows import counts as row_counts
    from jacksonpd.validate import check_database

    database = root / "datapackage" / DATABASE
    counts = row_counts(root / ".datapackage-kept.sqlite")
    assert check_database(database, counts, thorough=False, tables=("statements", "timeline_rows")) == []
    wrong = {**counts, "sources": counts["sources"] + 1}
    [problem] = check_database(database, wrong, thorough=False, tables=("statements",))
    assert problem.field == "sources"


# The full-text indexes merged only where a text was taken out


def test_only_an_index_that_lost_a_text_is_merged(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, patched: list[str | None]
) -> None:
    """An article added (rows only added and moved, every text taken out of an index put back as
    it was) merges no full-text index, which rewrites the whole of it; a corrected quote merges
    the indexes it took a text out of. Either way, what the indexes find is a cold build's."""
    merged: list[str] = []
    connect = sqlite3.connect

    def traced(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        conn: sqlite3.Connection = connect(*args, **kwargs)
        conn.set_trace_callback(lambda sql: merged.append(sql) if "'optimize'" in sql else None)
        return conn

    monkeypatch.setattr(sqlite3, "connect", traced)
    add_article(root, random.Random(11))
    assert build(root, require_corrections=False).republished == 1
    assert patched == [None]
    assert merged == []
    _same_as_cold(root, tmp_path / "cold")
    change_quote(root, random.Random(12))
    assert build(root, require_corrections=False).republished == 1
    assert patched == [None, None]
    assert any("statements_fts" in sql for sql in merged), merged
    _same_as_cold(root, tmp_path / "cold")
