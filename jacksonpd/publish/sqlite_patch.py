"""The database of a build that republishes only what changed, patched from the last one.

A build on the short path (:mod:`jacksonpd.incremental`) has the new row store and the keys of
the rows it took away and added (no table is scanned to find them). Rather than write every
table again (:func:`~jacksonpd.publish.sqlite.write_sqlite`), :func:`patch_sqlite` copies the published
database into the staging folder (the publication stays untouched until the build swaps its
folder in) and patches the copy until its content is that of a cold build of the same rows, as
:func:`~jacksonpd.publish.sqlite.database_digest` reads it:

- each table's rows have the rowids a cold build gives them (1 to n in key order): a changed row
  is rewritten at its rowid, a new one inserted at its place, and the rows after a key added or
  removed moved by as many (so the stored views' ``search_rowid``, made from rowids, stay a cold
  build's too);
- each stored view's rows (:attr:`~jacksonpd.publish.views.View.stored`) are made again, by the
  view's own SQL, for the rows of its tables that changed, and put at the place the view's order
  gives them;
- the full-text indexes lose the old rows (the ``delete`` command, with the old values) and gain
  the new, and are then merged into one segment (``optimize``), so that no segment keeps a
  deleted term; unless every text taken out of an index was put back into it as it was (rows
  that only moved, as after an article added), when its old segments hold no term that a row
  does not hold, and the merge (which rewrites the whole index) is spared; the facet counts are
  counted again from the changed rows.

``PRAGMA secure_delete`` is on throughout: every byte deleted (rows, index entries, the old
segments, freed pages) is overwritten with zeros, so a name taken out by a correction is in no
page of the file. (The full-text indexes' pages are not those of a cold build, nor are the
``sqlite_stat1`` statistics, which stay the last build's: neither is content, and
``database_digest`` leaves both out.)

The patch proves each step or gives up: a change it cannot place exactly (a key tied in a view's
order, a view whose SQL is not the one described here, more rows to move than writing them all
would cost), or any SQLite error, and the copy is deleted and the database written whole: the
kept state can make a build faster, never different.
"""

from __future__ import annotations

import bisect
import itertools
import re
import shutil
import sqlite3
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from ..models import RECORD_TYPES
from ..schemas import Schemas
from .rows import primary_key
from .sqlite import FACET_COUNTS, FACETS, FTS, VIEWS, View, _q, stored_table, write_sqlite

__all__ = ["MOST_MOVED", "Patched", "Previous", "Unpatchable", "patch_sqlite", "write_database"]

#: More rows than this to move (rows after a key added or removed, in every table and stored view),
#: and writing the database whole is as quick.
MOST_MOVED = 5_000

#: Deleted content overwritten with zeros (a test turns it off to show that its scan would see it).
_SECURE_DELETE = "on"


class Unpatchable(Exception):
    """The change cannot be shown to patch the database into a cold build's: write it whole."""


@attrs.frozen(kw_only=True)
class _ViewPatch:
    """How a stored view's rows follow from its tables' rows.

    ``drivers``: the tables whose rows are the view's rows (one each), with the constant values
    (``item``) and the column that make the row's ``key`` in the view. ``lookups``: the tables the
    view joins to them, by the drivers' columns. ``order_by``: the end of the view's SQL (checked:
    another, and the view is not patched); ``order``: the SQL of the order key of the row
    ``rowid = ?`` of ``{rows}`` (a stored table's rows), its tables in the schema ``{db}``.
    """

    key: tuple[str, ...]
    drivers: Mapping[str, tuple[tuple[str, ...], str]]
    lookups: Mapping[str, tuple[tuple[str, str], ...]]
    order_by: str | None
    order: str | None


_VIEW_PATCHES: Mapping[str, _ViewPatch] = {
    "statements_detailed": _ViewPatch(
        key=("statement_id",),
        drivers={"statements": ((), "statement_id")},
        lookups={
            "sources": (("statements", "source_id"),),
            "people": (("statements", "speaker_id"),),
            "organizations": (("statements", "organization_id"),),
        },
        order_by="order by st.source_id, st.start",
        order="select v.source_id, st.start from {rows} v "
        "join {db}.statements st on st.statement_id = v.statement_id where v.rowid = ?",
    ),
    "timeline": _ViewPatch(
        key=("item", "id"),
        drivers={
            "events": (("event",), "event_id"),
            "policies": (("policy",), "policy_id"),
            "statements": (("statement",), "statement_id"),
        },
        lookups={
            "sources": (("policies", "source_id"), ("statements", "source_id")),
            "people": (("statements", "speaker_id"),),
        },
        order_by="order by date, item, id",
        order="select date, item, id from {rows} where rowid = ?",
    ),
    # In the order its select happens to give (incidents'), which a patch cannot reproduce; and
    # its tables come from the incident files, the registry and the policy, whose changes never
    # take the short path. Touched, it is written whole.
    "incidents_detailed": _ViewPatch(
        key=("incident_id",),
        drivers={"incidents": ((), "incident_id")},
        lookups={
            "organizations": (("incidents", "agency_id"), ("incidents", "investigating_agency_id")),
            "release_rules": (("incidents", "release_rule_id"),),
        },
        order_by=None,
        order=None,
    ),
}


@attrs.frozen
class Previous:
    """The last build's database (``published``) and, by table, the keys of every row that may
    differ now (``keys``: those the short path took away or added, as the row store holds them);
    the corrections, read again whole by every build, are compared whole."""

    published: Path
    keys: Mapping[str, Collection[tuple[Any, ...]]]


@attrs.frozen
class Patched:
    """What :func:`patch_sqlite` did: the tables it changed, or (``why``) why it could not."""

    tables: tuple[str, ...] = ()
    why: str | None = None


def write_database(
    rows: Path, schemas: Schemas, path: Path, previous: Previous | None
) -> tuple[str, ...] | None:
    """Write the database at ``path`` from the row store at ``rows``: patched from ``previous``
    where that can be done, else whole. The tables the patch changed (what is left to check),
    or ``None`` when it was written whole."""
    if previous is not None:
        patched = patch_sqlite(rows, schemas, path, previous)
        if patched.why is None:
            return patched.tables
    write_sqlite(rows, schemas, path)
    return None


def patch_sqlite(rows: Path, schemas: Schemas, path: Path, previous: Previous) -> Patched:
    """Write at ``path`` the database :func:`~jacksonpd.publish.sqlite.write_sqlite` would write
    from the row store at ``rows``, by patching a copy of the ``previous`` one.

    Returns the tables changed, or why the database must be written whole (``path`` is then
    absent). The previous database and the rows are only read.
    """
    try:
        shutil.copyfile(previous.published, path)  # in the private staging folder
        conn = sqlite3.connect(f"file:{_uri(path)}", uri=True)
        try:
            tables = _patch(conn, schemas, rows, previous.published, previous.keys)
        finally:
            conn.close()
    except (Unpatchable, sqlite3.Error, FileNotFoundError) as exc:
        path.unlink(missing_ok=True)
        return Patched(why=str(exc) or type(exc).__name__)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return Patched(tables=tables)


def _uri(path: Path) -> str:
    return path.resolve().as_uri().removeprefix("file:")


@attrs.define
class _Changed:
    """What the patch did to one table: the keys of the rows removed, rewritten or added, and the
    rowids moved (old to new)."""

    keys: set[tuple[Any, ...]] = attrs.field(factory=set)
    moved: list[tuple[int, int, int]] = attrs.field(factory=list)  # (first, last, by) of old rowids


def _patch(
    conn: sqlite3.Connection,
    schemas: Schemas,
    rows: Path,
    published: Path,
    keys: Mapping[str, Collection[tuple[Any, ...]]],
) -> tuple[str, ...]:
    """Patch the database ``conn`` has open; the tables it changed (full-text indexes aside)."""
    # A copy in the build's staging folder: if the build dies, the folder is thrown away, so no
    # journal (which would also hold the old pages) and no syncs.
    conn.execute("pragma journal_mode = off")
    conn.execute("pragma synchronous = off")
    conn.execute(f"pragma secure_delete = {_SECURE_DELETE}")
    conn.execute("pragma temp_store = memory")  # the changed rows, shadowing tables: not on disk
    conn.execute("attach database ? as store", (f"file:{_uri(rows)}?mode=ro",))
    conn.execute("attach database ? as old", (f"file:{_uri(published)}?mode=ro",))
    budget = [MOST_MOVED]
    fts_touched: dict[str, Counter[tuple[Any, ...]]] = {}
    with conn:
        changes: dict[str, _Changed] = {}
        for cls in RECORD_TYPES:
            changed = _patch_table(
                conn, schemas, cls.resource, keys.get(cls.resource, ()), budget, fts_touched
            )
            if changed.keys or changed.moved:
                changes[cls.resource] = changed
        tables = list(changes)
        for view in VIEWS:
            if view.stored and _patch_view(conn, view, changes, budget, fts_touched):
                tables.append(stored_table(view))
        for fts, left in sorted(fts_touched.items()):
            if any(n > 0 for n in left.values()):  # one segment: no deleted term left in an old one
                conn.execute(f"insert into {_q(fts)} ({_q(fts)}) values ('optimize')")
        if _recount_facets(conn, changes):
            tables.append(FACET_COUNTS)
    conn.execute("detach database store")
    conn.execute("detach database old")
    return tuple(tables)


# Tables


def _patch_table(
    conn: sqlite3.Connection,
    schemas: Schemas,
    name: str,
    keys: Collection[tuple[Any, ...]],
    budget: list[int],
    fts_touched: dict[str, Counter[tuple[Any, ...]]],
) -> _Changed:
    """Make table ``name`` hold the store's rows, at a cold build's rowids, where only the rows of
    ``keys`` may differ (the corrections, read again whole by every build: any)."""
    columns = list(schemas.field_names(name))
    key = primary_key(schemas, name)
    candidates = {tuple(k) for k in keys}
    if name == "corrections":  # a small table: every key, published and new
        keys_of = f"select {_cols(key)} from {{db}}.{_q(name)}"
        candidates |= {tuple(k) for db in ("old", "store") for k in conn.execute(keys_of.format(db=db))}
    if not candidates:
        return _Changed()
    match = " and ".join(f"{_q(c)} = ?" for c in key)
    old_row = f"select rowid, {_cols(columns)} from old.{_q(name)} where {match}"
    new_row = f"select {_cols(columns)} from store.{_q(name)} where {match}"
    removed: list[int] = []  # old rowids
    updated: dict[int, tuple[Any, ...]] = {}  # old rowid: new values
    added: list[tuple[tuple[Any, ...], tuple[Any, ...]]] = []  # (key, values)
    changed = _Changed()
    for k in candidates:
        old = conn.execute(old_row, k).fetchone()
        new = conn.execute(new_row, k).fetchall()
        if len(new) > 1:
            msg = f"{name}: a key given twice"
            raise Unpatchable(msg)
        if old is None and not new:
            continue
        if old is not None and new and tuple(old[1:]) == tuple(new[0]):
            continue
        changed.keys.add(k)
        if old is None:
            added.append((k, tuple(new[0])))
        elif not new:
            removed.append(old[0])
        else:
            updated[old[0]] = tuple(new[0])
    if not changed.keys:
        return changed
    (count, last) = conn.execute(f"select count(*), coalesce(max(rowid), 0) from old.{_q(name)}").fetchone()
    if count != last:
        msg = f"{name}: rowids are not a cold build's"
        raise Unpatchable(msg)
    before = f"select rowid from old.{_q(name)} where ({_cols(key)}) < ({', '.join('?' * len(key))}) "
    before += f"order by {', '.join(_q(c) + ' desc' for c in key)} limit 1"
    after = []
    for k, _ in added:
        found = conn.execute(before, k).fetchone()
        after.append((0 if found is None else found[0], _sort_key(k)))
    layout = _Layout(last, removed, after, budget, name)
    changed.moved = layout.moved
    rewritten = {layout.new_rowid(r): values for r, values in updated.items()}
    rewritten.update(zip(layout.added, (values for _, values in added), strict=True))
    _rewrite(conn, name, columns, layout, list(updated), rewritten, FTS.get(name), fts_touched)
    return changed


def _rewrite(
    conn: sqlite3.Connection,
    name: str,
    columns: Sequence[str],
    layout: _Layout,
    updated: Sequence[int],
    rewritten: Mapping[int, tuple[Any, ...]],
    searched: Sequence[str] | None,
    fts_touched: dict[str, Counter[tuple[Any, ...]]],
) -> None:
    """Take the rows at ``layout.removed`` out of table ``name``, move the rows ``layout.moved``
    says, and write ``rewritten`` (values by new rowid: the rows at old rowids ``updated`` and the
    new rows); with ``searched`` columns, keep the table's full-text index (``<name>_fts``, keyed
    by rowid) in step."""
    fts = f"{name}_fts"
    if searched:  # the old rows out of the index first: their rowids may be taken again
        tally = fts_touched.setdefault(fts, Counter())
        cols = _cols(searched)
        _rowids(conn, [*layout.removed, *updated], ((a, b) for a, b, _ in layout.moved))
        taken = f"from old.{_q(name)} where rowid in (select r from temp.rowids)"
        tally.update(tuple(r) for r in conn.execute(f"select {cols} {taken}"))
        conn.execute(
            f"insert into main.{_q(fts)} ({_q(fts)}, rowid, {cols}) select 'delete', rowid, {cols} {taken}"
        )
    _rowids(conn, layout.removed, ())
    conn.execute(f"delete from main.{_q(name)} where rowid in (select r from temp.rowids)")
    for first, last, by in layout.moved:  # through negative rowids: none is taken on the way
        conn.execute(
            f"update main.{_q(name)} set rowid = -(rowid + ?) where rowid between ? and ?", (by, first, last)
        )
    if layout.moved:
        conn.execute(f"update main.{_q(name)} set rowid = -rowid where rowid < 0")
    _rowids(conn, rewritten, ())
    conn.execute(f"delete from main.{_q(name)} where rowid in (select r from temp.rowids)")
    marks = ", ".join("?" * (len(columns) + 1))
    conn.executemany(
        f"insert into main.{_q(name)} (rowid, {_cols(columns)}) values ({marks})",
        ((rowid, *values) for rowid, values in sorted(rewritten.items())),
    )
    if searched:
        cols = _cols(searched)
        _rowids(conn, rewritten, ((a + by, b + by) for a, b, by in layout.moved))
        put = f"from main.{_q(name)} where rowid in (select r from temp.rowids)"
        tally.subtract(tuple(r) for r in conn.execute(f"select {cols} {put}"))
        conn.execute(f"insert into main.{_q(fts)} (rowid, {cols}) select rowid, {cols} {put}")


def _rowids(conn: sqlite3.Connection, rowids: Iterable[int], ranges: Iterable[tuple[int, int]]) -> None:
    """The temporary table ``rowids`` of ``rowids`` and every integer of each of ``ranges``."""
    conn.execute("create temp table if not exists rowids (r integer primary key)")
    conn.execute("delete from temp.rowids")
    conn.executemany("insert or ignore into temp.rowids values (?)", ((r,) for r in rowids))
    for first, last in ranges:
        conn.execute(
            "insert or ignore into temp.rowids with recursive n(r) as "
            "(select ? union all select r + 1 from n where r < ?) select r from n",
            (first, last),
        )


class _Layout:
    """Where a table's rows go, in order, when the rows at old rowids ``removed`` are taken out of
    its ``count`` rows and new rows put in, each after the number of old rows ``after`` gives with
    its sort key: the new rows' rowids (:attr:`added`, in the order given), and the runs of old
    rows that move (:attr:`moved`: first and last old rowid, and by how many)."""

    def __init__(
        self,
        count: int,
        removed: Iterable[int],
        after: Sequence[tuple[int, Any]],
        budget: list[int],
        name: str,
    ) -> None:
        self.removed = sorted(removed)
        order = sorted(range(len(after)), key=lambda i: after[i])
        for i, j in itertools.pairwise(order):
            if after[i] == after[j]:
                msg = f"{name}: two new rows tie in its order"
                raise Unpatchable(msg)
        self._after = sorted(p for p, _ in after)
        self.added = [0] * len(after)
        for rank, i in enumerate(order):
            p = after[i][0]
            self.added[i] = p - bisect.bisect_right(self.removed, p) + rank + 1
        gone = set(self.removed)
        starts = sorted({1} | {d + 1 for d in self.removed} | {p + 1 for p in self._after})
        self.moved: list[tuple[int, int, int]] = []
        for first, next_start in zip(starts, [*starts[1:], count + 1], strict=False):
            last = min(next_start - 1, count)
            if last in gone:  # only a run's last row can be one taken out
                last -= 1
            by = self.new_rowid(first) - first
            if first <= last and by:
                self.moved.append((first, last, by))
                budget[0] -= last - first + 1
        if budget[0] < 0:
            msg = f"{name}: more rows to move than writing them all would cost"
            raise Unpatchable(msg)

    def new_rowid(self, old: int) -> int:
        """The rowid of the old row ``old`` (one not taken out) once laid out."""
        return old + bisect.bisect_left(self._after, old) - bisect.bisect_left(self.removed, old)


# Stored views


def _patch_view(
    conn: sqlite3.Connection,
    view: View,
    changes: Mapping[str, _Changed],
    budget: list[int],
    fts_touched: dict[str, Counter[tuple[Any, ...]]],
) -> bool:
    """Make the stored view's table hold the view's rows for the changed rows of its tables, each
    at the place the view's order gives it; whether any changed."""
    read = _tables_read(view.sql)
    if not read & changes.keys():
        return False
    spec = _VIEW_PATCHES.get(view.name)
    if spec is None or spec.order is None or spec.order_by is None:
        msg = f"{view.name}: no patch for this view"
        raise Unpatchable(msg)
    if read != spec.drivers.keys() | spec.lookups.keys() or not view.sql.strip().endswith(spec.order_by):
        msg = f"{view.name}: its SQL is not the one the patch knows"
        raise Unpatchable(msg)
    table = stored_table(view)
    columns = [r[1] for r in conn.execute(f"pragma old.table_info({_q(table)})")]
    affected = _affected(conn, spec, changes)
    if not any(affected.values()):
        return False
    # The old rows of the rows affected, with their order, from the published database.
    match = " and ".join(f"{_q(c)} = ?" for c in spec.key)
    old_rows: dict[tuple[Any, ...], tuple[int, tuple[Any, ...]]] = {}
    for driver, keys in affected.items():
        prefix = spec.drivers[driver][0]
        for k in keys:
            for rowid, *values in conn.execute(
                f"select rowid, {_cols(columns)} from old.{_q(table)} where {match}", (*prefix, k)
            ):
                if (*prefix, k) in old_rows:
                    msg = f"{view.name}: two rows of one key"
                    raise Unpatchable(msg)
                old_rows[(*prefix, k)] = (rowid, tuple(values))
    old_order = spec.order.format(rows=f"old.{_q(table)}", db="old")

    def order_of_old(rowid: int) -> tuple[Any, ...]:
        return _sort_key(tuple(conn.execute(old_order, (rowid,)).fetchone()))

    # The new rows: the view's own SQL over only the affected rows of the tables it is made of.
    new_rows = _view_rows(conn, view, spec, affected, columns)
    conn.execute("drop table if exists temp.new_rows")
    conn.execute(f"create temp table new_rows ({_cols(columns)})")
    conn.executemany(
        f"insert into temp.new_rows (rowid, {_cols(columns)}) values ({', '.join('?' * (len(columns) + 1))})",
        ((i, *values) for i, values in enumerate(new_rows, 1)),
    )
    new_order = spec.order.format(rows="temp.new_rows", db="main")
    at = [columns.index(c) for c in spec.key]
    removed: list[int] = []
    added: list[tuple[tuple[Any, ...], tuple[Any, ...]]] = []  # (order, values)
    added_at: list[int] = []  # their rowids in temp.new_rows
    kept_keys: set[tuple[Any, ...]] = set()
    if len({tuple(values[a] for a in at) for values in new_rows}) != len(new_rows):
        msg = f"{view.name}: two rows of one key"
        raise Unpatchable(msg)
    for i, values in enumerate(new_rows, 1):
        k = tuple(values[a] for a in at)
        order = _sort_key(tuple(conn.execute(new_order, (i,)).fetchone()))
        old = old_rows.get(k)
        if old is not None and old[1] == values and order_of_old(old[0]) == order:
            kept_keys.add(k)
            continue
        added.append((order, values))
        added_at.append(i)
    removed = sorted(rowid for k, (rowid, _) in old_rows.items() if k not in kept_keys)
    (count, last) = conn.execute(f"select count(*), coalesce(max(rowid), 0) from old.{_q(table)}").fetchone()
    if count != last:
        msg = f"{table}: rowids are not a cold build's"
        raise Unpatchable(msg)
    gone = set(removed)
    after = [(_place(count, order, order_of_old, gone, view.name), order) for order, _ in added]
    layout = _Layout(count, removed, after, budget, view.name)
    if view.searched:  # keyed by search_rowid, which the rows carry: their own rowids do not matter
        tally = fts_touched.setdefault(f"{view.name}_fts", Counter())
        fts, cols = _q(f"{view.name}_fts"), _cols(view.searched)
        _rowids(conn, removed, ())
        taken = f"from old.{_q(table)} where rowid in (select r from temp.rowids)"
        tally.update(tuple(r) for r in conn.execute(f"select {cols} {taken}"))
        conn.execute(
            f"insert into main.{fts} ({fts}, rowid, {cols}) select 'delete', search_rowid, {cols} {taken}"
        )
        _rowids(conn, added_at, ())
        put = "from temp.new_rows where rowid in (select r from temp.rowids)"
        tally.subtract(tuple(r) for r in conn.execute(f"select {cols} {put}"))
        conn.execute(f"insert into main.{fts} (rowid, {cols}) select search_rowid, {cols} {put}")
    rewritten = dict(zip(layout.added, (values for _, values in added), strict=True))
    _rewrite(conn, table, columns, layout, [], rewritten, None, fts_touched)
    conn.execute("drop table temp.new_rows")
    return bool(removed or added)


def _place(
    count: int, order: tuple[Any, ...], order_of: Callable[[int], tuple[Any, ...]], gone: set[int], name: str
) -> int:
    """How many of a stored table's ``count`` old rows (in order) come before a row of ``order``;
    raises :class:`Unpatchable` if it ties with an old row that stays (a cold build's order
    between them is its query plan's)."""
    low, high = 1, count + 1  # the first rowid whose order is not below ``order``
    while low < high:
        mid = (low + high) // 2
        if order_of(mid) < order:
            low = mid + 1
        else:
            high = mid
    at = low
    while at <= count and order_of(at) == order:
        if at not in gone:
            msg = f"{name}: a row ties with another in the view's order"
            raise Unpatchable(msg)
        at += 1
    return low - 1


def _affected(
    conn: sqlite3.Connection, spec: _ViewPatch, changes: Mapping[str, _Changed]
) -> dict[str, set[Any]]:
    """The keys of each driver's rows whose view rows may have changed: the rows changed or moved
    (their rowids are the views' ``search_rowid``), and those joined to a changed row."""
    affected: dict[str, set[Any]] = {}
    for driver, (_, column) in spec.drivers.items():
        keys = affected[driver] = set()
        changed = changes.get(driver)
        if changed is not None:
            keys |= {k[0] for k in changed.keys}
            for first, last, by in changed.moved:
                query = f"select {_q(column)} from main.{_q(driver)} where rowid between ? and ?"
                keys |= {k for (k,) in conn.execute(query, (first + by, last + by))}
        for lookup, refs in spec.lookups.items():
            if lookup not in changes:
                continue
            ids = [k[0] for k in changes[lookup].keys]
            for referring, fk in refs:
                if referring != driver:
                    continue
                for db in ("old", "main"):
                    query = f"select {_q(column)} from {db}.{_q(driver)} where {_q(fk)} = ?"
                    for i in ids:
                        keys |= {k for (k,) in conn.execute(query, (i,))}
    return affected


def _view_rows(
    conn: sqlite3.Connection,
    view: View,
    spec: _ViewPatch,
    affected: Mapping[str, set[Any]],
    columns: Sequence[str],
) -> list[tuple[Any, ...]]:
    """The view's rows made from the ``affected`` rows of its drivers alone: its SQL (without its
    order) read with each driver shadowed by a temporary table of those rows (the temporary schema
    comes first for a name that is not qualified)."""
    try:
        for driver, keys in affected.items():
            (_, column) = spec.drivers[driver]
            names = [r[1] for r in conn.execute(f"pragma main.table_info({_q(driver)})")]
            conn.execute(f"create temp table {_q(driver)} ({_cols(names)})")
            conn.executemany(
                f"insert into temp.{_q(driver)} (rowid, {_cols(names)}) "
                f"select rowid, {_cols(names)} from main.{_q(driver)} where {_q(column)} = ?",
                ((k,) for k in keys),
            )
        assert spec.order_by is not None
        sql = view.sql.strip().removesuffix(spec.order_by)
        made = [tuple(r) for r in conn.execute(f"select {_cols(columns)} from ({sql})")]
    finally:
        for driver in affected:
            conn.execute(f"drop table if exists temp.{_q(driver)}")
    return made


def _tables_read(sql: str) -> set[str]:
    """The tables an SQL select reads (the names after ``from`` and ``join``)."""
    return set(re.findall(r"\b(?:from|join)\s+([A-Za-z_][A-Za-z0-9_]*)", sql, flags=re.IGNORECASE))


# Facet counts


def _recount_facets(conn: sqlite3.Connection, changes: Mapping[str, _Changed]) -> bool:
    """Count again the facet columns of the tables whose rows changed; the table of counts keeps a
    cold build's order (tables, their facet columns, each column's values in order). Whether
    there were any."""
    counted = [t for t, changed in changes.items() if changed.keys and FACETS.get(t)]
    if not counted:
        return False
    rows: list[tuple[Any, ...]] = []
    for cls in RECORD_TYPES:
        for column in FACETS.get(cls.resource, ()):
            if cls.resource in counted:
                query = (
                    f"select ?, ?, {_q(column)}, count(*) from main.{_q(cls.resource)} "
                    f"where {_q(column)} is not null group by {_q(column)}"
                )
                rows += conn.execute(query, (cls.resource, column)).fetchall()
            else:
                query = (
                    f"select table_name, column_name, value, count from main.{_q(FACET_COUNTS)} "
                    "where table_name = ? and column_name = ? order by rowid"
                )
                rows += conn.execute(query, (cls.resource, column)).fetchall()
    conn.execute(f"delete from main.{_q(FACET_COUNTS)}")
    conn.executemany(
        f"insert into main.{_q(FACET_COUNTS)} (rowid, table_name, column_name, value, count) "
        "values (?, ?, ?, ?, ?)",
        ((i, *row) for i, row in enumerate(rows, 1)),
    )
    return True


# SQL


def _sort_key(values: tuple[Any, ...]) -> tuple[Any, ...]:
    """Values ordered as SQLite orders them (``order by``, the binary collation): nulls, then
    numbers, then texts by their UTF-8 bytes (the order of their code points), then blobs."""
    return tuple(_sort_value(v) for v in values)


def _sort_value(value: Any) -> tuple[int, Any]:
    if value is None:
        return (0, 0)
    if isinstance(value, int | float):
        return (1, value)
    if isinstance(value, str):
        return (2, value)
    return (3, bytes(value))


def _cols(names: Iterable[str]) -> str:
    return ", ".join(_q(n) for n in names)
