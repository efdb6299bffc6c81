"""A CSV of a build that republishes only what changed, spliced from the published bytes.

Every CSV is its rows in key order (:func:`~jacksonpd.publish.rows.rows_in_order`), each row's
bytes depending on its values alone. So when a build knows which keys it took away and added
(the short path notes them in the row store, :func:`note_changes`), the new CSV is the published
one with only the stretches holding those keys written again from the rows:

- Writing a CSV whole, the build notes where each block of rows begins (:data:`BLOCK` rows, or
  fewer where rows are long): its byte offset and its first row's key (:class:`TableIndex`).
  The index is kept with the rows (:func:`keep_index`), beside the publication it describes.
- A spliced CSV copies the published bytes of every block no changed key falls in, and writes
  again from the row store (in the same order, through the same writer) the rows of the blocks
  one does: the bytes a cold build writes, stretch by stretch. A table nothing reached is
  copied whole.
- Its check (:func:`check_written`) reads only what was written again: each row against its
  Table Schema, its key against every other, its foreign keys against the tables they refer to;
  and, where a change took a key away, whether anything still refers to it (keys as sets, from
  the row store). Rows copied were checked by the build that wrote them, with the same code and
  schemas (the short path makes sure of it). Anything it doubts, the whole package is checked
  as a cold build checks it, and that check's problems are the ones reported.

Why the bytes are a cold build's: the blocks' first keys cut the key space into ranges in
order, and the published bytes of a range are the rows of the last build's store in it. A range
no changed key falls in holds the same rows in the new store, so the same bytes; a range one
does is written from the new store, sorted by SQLite as a cold build sorts it. Placing a changed
key among the blocks' keys is the only comparison made in Python, so it is made only between
texts (ordered alike by Python and by SQLite's BINARY collation, code point by code point).

Anything unusual (no index, a published file not the size its index says, a key that is not
text, the published header not this build's) and the CSV is written whole: the kept state can
make a build faster, never different.
"""

from __future__ import annotations

import bisect
import csv
import hashlib
import io
import json
import shutil
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO

import attrs

from ..check.fields import compile_row
from ..check.tablecheck import check_tables
from ..errors import Problem
from ..schemas import Schemas
from .rows import Row, primary_key

__all__ = [
    "BLOCK",
    "HashingWriter",
    "Splice",
    "TableIndex",
    "TableWrite",
    "Written",
    "check_written",
    "keep_index",
    "note_changes",
    "read_changes",
    "write_table",
]

#: Rows between two places the index notes; a changed key costs the writing of about this many.
BLOCK = 512
#: About the most bytes in a block: for tables of long rows, blocks of fewer rows.
BLOCK_BYTES = 1 << 18
_FIRST_BLOCK = 32  # the rows of a table's first block; the next grow to BLOCK unless long
_INDEX = "_csv_index"  # in the row store: each CSV's index, as the build that wrote it left it
_CHANGED = "_csv_changed"  # in the row store: the keys a short path took away and added
_COPY = 1 << 20


class HashingWriter(io.RawIOBase):
    """A binary file written through, counting and hashing the bytes written to it."""

    def __init__(self, f: BinaryIO) -> None:
        super().__init__()
        self.file = f
        self.size = 0
        self.sha256 = hashlib.sha256()

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.file.write(data)
        self.sha256.update(data)
        self.size += len(data)
        return len(data)


@attrs.frozen
class TableIndex:
    """Where a CSV's blocks begin: the file's size and sha256, its header's length, and for each
    block the offset of its first row and that row's key (as the row store keeps it)."""

    size: int
    sha256: str
    header: int
    starts: tuple[int, ...]
    keys: tuple[tuple[Any, ...], ...]

    def to_json(self) -> str:
        return json.dumps([self.size, self.sha256, self.header, self.starts, self.keys])

    @classmethod
    def from_json(cls, text: str) -> TableIndex | None:
        """The index, or ``None`` if it is not one whose keys are all text."""
        try:
            size, sha256, header, starts, keys = json.loads(text)
            index = cls(size, sha256, header, tuple(starts), tuple(tuple(k) for k in keys))
        except (ValueError, TypeError):
            return None
        if not all(type(v) is str for k in index.keys for v in k) or len(index.starts) != len(index.keys):
            return None
        if not all(type(s) is int for s in (index.size, index.header, *index.starts)):
            return None
        return index


@attrs.frozen
class TableWrite:
    """One CSV as written: its size, sha256 and index, and how (``whole``, ``copied``,
    ``spliced``); for a spliced one, the byte ranges written again from the rows."""

    size: int
    sha256: str
    index: TableIndex
    how: str
    rewritten: tuple[tuple[int, int], ...] = ()


@attrs.frozen
class Splice:
    """What a build that republished only what changed wrote, for :func:`check_written`."""

    tables: Mapping[str, TableWrite]
    #: The keys taken away from each table (some of them given back, maybe).
    taken: Mapping[str, frozenset[tuple[Any, ...]]]
    #: The keys of the rows added to each table (those given back among them).
    added: Mapping[str, frozenset[tuple[Any, ...]]] = attrs.field(factory=dict)


class Written(list[Path]):
    """The files :func:`~jacksonpd.publish.package.write_package` wrote, in order, with each
    CSV's index (``indexes``) and, for a build that spliced, what it did (``splice``)."""

    indexes: dict[str, TableIndex]
    splice: Splice | None

    def __init__(self, paths: Iterable[Path], indexes: dict[str, TableIndex], splice: Splice | None) -> None:
        super().__init__(paths)
        self.indexes = indexes
        self.splice = splice


# -- the short path's notes ---------------------------------------------------------------


def note_changes(
    conn: sqlite3.Connection,
    schemas: Schemas,
    old: Mapping[str, set[tuple[Any, ...]]],
    new: Mapping[str, list[Row]],
    whole: Iterable[str],
) -> None:
    """Note in the row store (open at ``conn``) the keys the short path took away (``old``, the
    key columns first) and added (``new`` rows), by resource; ``whole`` tables were replaced."""
    conn.execute(f"drop table if exists {_CHANGED}")
    conn.execute(f"create table {_CHANGED} (resource text not null, side text not null, key text)")
    replaced = set(whole)
    notes: list[tuple[str, str, str | None]] = []
    for side, resource, key in _changed(schemas, old, new):
        if all(type(v) is str for v in key):
            notes.append((resource, side, json.dumps(list(key))))
        else:
            replaced.add(resource)  # a key the splice could not place: the table is written whole
    notes += [(name, "whole", None) for name in sorted(replaced)]
    conn.executemany(f"insert into {_CHANGED} values (?, ?, ?)", notes)


def _changed(
    schemas: Schemas, old: Mapping[str, set[tuple[Any, ...]]], new: Mapping[str, list[Row]]
) -> Iterator[tuple[str, str, tuple[Any, ...]]]:
    """``(side, resource, key)`` for each key taken away (``old``) and added (``new``)."""
    for resource, keys in old.items():
        width = len(primary_key(schemas, resource))
        for k in keys:
            yield "old", resource, k[:width]
    for resource, rows in new.items():
        names = list(schemas.field_names(resource))
        at = [names.index(c) for c in primary_key(schemas, resource)]
        for row in rows:
            yield "new", resource, tuple(row[i] for i in at)


def read_changes(
    conn: sqlite3.Connection,
) -> tuple[dict[str, set[tuple[Any, ...]]], dict[str, set[tuple[Any, ...]]], set[str]] | None:
    """The keys taken away and added, by resource, and the tables replaced whole, as the short
    path noted them; ``None`` if it did not (a cold build)."""
    if not _has_table(conn, _CHANGED):
        return None
    taken: dict[str, set[tuple[Any, ...]]] = {}
    added: dict[str, set[tuple[Any, ...]]] = {}
    whole: set[str] = set()
    for resource, side, key in conn.execute(f"select resource, side, key from {_CHANGED}"):
        if side == "whole":
            whole.add(resource)
        else:
            (taken if side == "old" else added).setdefault(resource, set()).add(tuple(json.loads(key)))
    return taken, added, whole


def keep_index(rows: Path, index: Mapping[str, TableIndex] | None) -> None:
    """Keep each CSV's ``index`` in the row store at ``rows`` (once everything is written),
    in place of the one it held; none if the CSVs' writer gave none."""
    conn = sqlite3.connect(rows)
    try:
        with conn:
            conn.execute("begin")  # one transaction (each statement alone would be synced alone)
            conn.execute(f"drop table if exists {_INDEX}")
            conn.execute(f"drop table if exists {_CHANGED}")
            if index is not None:
                conn.execute(f"create table {_INDEX} (resource text primary key, value text not null)")
                conn.executemany(
                    f"insert into {_INDEX} values (?, ?)", ((k, v.to_json()) for k, v in index.items())
                )
    finally:
        conn.close()


def kept_index(conn: sqlite3.Connection) -> dict[str, TableIndex]:
    """Each CSV's index as the last build kept it (those whose keys are all text)."""
    if not _has_table(conn, _INDEX):
        return {}
    found = {name: TableIndex.from_json(value) for name, value in conn.execute(f"select * from {_INDEX}")}
    return {name: index for name, index in found.items() if index is not None}


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    query = "select 1 from sqlite_master where type = 'table' and name = ?"
    return conn.execute(query, (name,)).fetchone() is not None


# -- writing ------------------------------------------------------------------------------

#: Rows of SQL values made CSV cells (see :func:`jacksonpd.publish.package._csv_rows`).
Cells = Callable[[Iterable[tuple[Any, ...]]], Iterable[Sequence[Any]]]


class _Out:
    """A CSV being written: rows through ``csv.writer``, or bytes as they are; hashed, counted."""

    def __init__(self, f: BinaryIO) -> None:
        self.raw = HashingWriter(f)
        self.buffer = io.BufferedWriter(self.raw, 1 << 16)
        self.text = io.TextIOWrapper(self.buffer, encoding="utf-8", newline="")
        self.writer = csv.writer(self.text, lineterminator="\r\n")

    def tell(self) -> int:
        self.text.flush()
        self.buffer.flush()
        return self.raw.size

    def copy(self, source: BinaryIO, start: int, stop: int) -> None:
        """Bytes ``start:stop`` of ``source``, as they are."""
        self.text.flush()
        source.seek(start)
        left = stop - start
        while left > 0:
            data = source.read(min(left, _COPY))
            if not data:
                raise _Unusual  # the published file is shorter than its index says
            self.buffer.write(data)
            left -= len(data)

    def rows(
        self, rows: Iterable[tuple[Any, ...]], cells: Cells, at: Callable[[tuple[Any, ...]], tuple[Any, ...]]
    ) -> tuple[list[int], list[tuple[Any, ...]]]:
        """Write ``rows``; where each block of them begins, and its first row's key. A block is
        :data:`BLOCK` rows, fewer where rows are long (a source's text): about :data:`BLOCK_BYTES`."""
        starts: list[int] = []
        keys: list[tuple[Any, ...]] = []
        it = iter(rows)
        size = min(_FIRST_BLOCK, BLOCK)
        while chunk := list(islice(it, size)):
            starts.append(self.tell())
            keys.append(at(chunk[0]))
            self.writer.writerows(cells(chunk))
            written = self.tell() - starts[-1]
            if written > BLOCK_BYTES:
                size = max(1, size // 2)
            elif written < BLOCK_BYTES // 4:
                size = min(BLOCK, size * 2)
        return starts, keys

    def close(self) -> tuple[int, str]:
        self.text.close()
        return self.raw.size, self.raw.sha256.hexdigest()


class _Unusual(Exception):
    """Something a splice does not expect: the CSV is written whole."""


def _key_getter(schemas: Schemas, resource: str) -> Callable[[tuple[Any, ...]], tuple[Any, ...]]:
    names = list(schemas.field_names(resource))
    at = [names.index(c) for c in primary_key(schemas, resource)]
    return lambda row: tuple(row[i] for i in at)


def write_table(
    conn: sqlite3.Connection,
    schemas: Schemas,
    resource: str,
    path: Path,
    cells: Cells,
    *,
    published: Path | None = None,
    index: TableIndex | None = None,
    changed: set[tuple[Any, ...]] | None = None,
) -> TableWrite:
    """Write ``resource``'s CSV at ``path`` from the row store open at ``conn``.

    With the ``published`` CSV, its ``index``, and the ``changed`` keys (taken away or added;
    ``None`` for a table replaced whole), the CSV is copied (no key changed) or spliced;
    otherwise, or if anything is unusual, it is written whole."""
    if published is not None and index is not None and changed is not None:
        try:
            if published.stat().st_size == index.size:
                if not changed:
                    return _copied(published, path, index)
                return _spliced(conn, schemas, resource, path, cells, published, index, changed)
        except (_Unusual, TypeError, OSError):
            pass  # (a TypeError: a changed key that is not text, compared with one that is)
    return _whole(conn, schemas, resource, path, cells)


def _columns_query(schemas: Schemas, resource: str) -> tuple[str, str]:
    columns = ", ".join(f"[{c}]" for c in schemas.field_names(resource))
    key = ", ".join(f"[{c}]" for c in primary_key(schemas, resource))
    return columns, key


def _whole(conn: sqlite3.Connection, schemas: Schemas, resource: str, path: Path, cells: Cells) -> TableWrite:
    columns, key = _columns_query(schemas, resource)
    ordered = conn.execute(f"select {columns} from [{resource}] order by {key}")
    with path.open("wb") as f:
        out = _Out(f)
        out.writer.writerow(schemas.field_names(resource))
        header = out.tell()
        starts, keys = out.rows(ordered, cells, _key_getter(schemas, resource))
        size, sha256 = out.close()
    return TableWrite(size, sha256, TableIndex(size, sha256, header, tuple(starts), tuple(keys)), "whole")


def _copied(published: Path, path: Path, index: TableIndex) -> TableWrite:
    """The published CSV's bytes, copied (in the kernel, where it can): nothing in it changed.
    Its sha256 is the index's: the file is the size the index says, and the short path made sure
    it is as the build that wrote it left it."""
    shutil.copyfile(published, path)
    if path.stat().st_size != index.size:
        raise _Unusual
    return TableWrite(index.size, index.sha256, index, "copied")


def _spliced(
    conn: sqlite3.Connection,
    schemas: Schemas,
    resource: str,
    path: Path,
    cells: Cells,
    published: Path,
    index: TableIndex,
    changed: set[tuple[Any, ...]],
) -> TableWrite:
    """The published CSV with the blocks the ``changed`` keys fall in written again from the rows."""
    bounds = list(index.keys)
    if not all(type(v) is str for k in changed for v in k):
        raise _Unusual
    # Block -1 is before the first block's key (empty in the published file).
    affected = sorted({bisect.bisect_right(bounds, key) - 1 for key in changed})
    runs: list[tuple[int, int]] = []  # first and last block of each run of affected blocks
    for block in affected:
        if runs and runs[-1][1] == block - 1:
            runs[-1] = (runs[-1][0], block)
        else:
            runs.append((block, block))
    columns, key = _columns_query(schemas, resource)
    names = primary_key(schemas, resource)
    row_key = ", ".join(f"[{c}]" for c in names)
    marks = ", ".join("?" for _ in names)
    at = _key_getter(schemas, resource)

    def start(block: int) -> int:  # where block ``block`` begins in the published bytes
        return index.header if block < 0 else index.starts[block] if block < len(bounds) else index.size

    header = _header_bytes(schemas.field_names(resource))
    starts: list[int] = []
    keys: list[tuple[Any, ...]] = []
    rewritten: list[tuple[int, int]] = []
    with published.open("rb") as source, path.open("wb") as f:
        if source.read(index.header) != header:
            raise _Unusual  # not the header this build writes
        out = _Out(f)
        out.copy(source, 0, index.header)
        done = -1  # the blocks before this one are written
        for first, last in runs:
            for block in range(max(done, 0), first):  # unchanged: copied, its place moved
                starts.append(out.tell())
                keys.append(bounds[block])
                out.copy(source, start(block), start(block + 1))
            where: list[str] = []
            args: list[Any] = []
            if first >= 0:
                where.append(f"({row_key}) >= ({marks})")
                args += bounds[first]
            if last + 1 < len(bounds):
                where.append(f"({row_key}) < ({marks})")
                args += bounds[last + 1]
            clause = f" where {' and '.join(where)}" if where else ""
            ordered = conn.execute(f"select {columns} from [{resource}]{clause} order by {key}", args)
            began = out.tell()
            made_starts, made_keys = out.rows(ordered, cells, at)
            rewritten.append((began, out.tell()))
            starts += made_starts
            keys += made_keys
            done = last + 1
        for block in range(max(done, 0), len(bounds)):
            starts.append(out.tell())
            keys.append(bounds[block])
            out.copy(source, start(block), start(block + 1))
        size, sha256 = out.close()
    if not all(type(v) is str for k in keys for v in k):
        raise _Unusual  # a key the next splice could not place
    made = TableIndex(size, sha256, index.header, tuple(starts), tuple(keys))
    return TableWrite(size, sha256, made, "spliced", tuple(rewritten))


def _header_bytes(columns: Sequence[str]) -> bytes:
    text = io.StringIO(newline="")
    csv.writer(text, lineterminator="\r\n").writerow(columns)
    return text.getvalue().encode("utf-8")


# -- checking -----------------------------------------------------------------------------


def check_written(
    folder: Path, tables: Mapping[str, Mapping[str, Any]], shown: str, rows: Path, written: object
) -> list[Problem]:
    """The problems of the CSVs in ``folder`` against their Table Schemas ``tables`` (in
    publication order), as :func:`~jacksonpd.check.tablecheck.check_tables` finds them; for a
    splice (``written``, as the package's writer returned it), only what it wrote again is
    read, and the whole package is checked if that finds anything to doubt."""
    splice = getattr(written, "splice", None)
    if isinstance(splice, Splice) and _narrowed_is_clean(folder, tables, rows, splice):
        return []
    return check_tables(folder, tables, shown, rows)


def _narrowed_is_clean(
    folder: Path, tables: Mapping[str, Mapping[str, Any]], rows: Path, splice: Splice
) -> bool:
    """Whether the rows a splice wrote again, and the keys it took away, are beyond doubt."""
    conn = sqlite3.connect(f"file:{rows}?mode=ro", uri=True)
    try:
        for name, schema in tables.items():
            write = splice.tables.get(name)
            if write is None:
                return False
            if write.how == "copied":
                continue
            path = folder / "data" / f"{name}.csv"
            if write.how == "whole":  # every row is new
                ranges: Sequence[tuple[int, int]] = [(write.index.header, write.size)]
                new = None
            else:
                ranges, new = write.rewritten, splice.added.get(name, frozenset())
            if not _rows_are_clean(conn, path, name, schema, tables, ranges, new):
                return False
        return _nothing_refers_to_taken(conn, tables, splice)
    finally:
        conn.close()


def _primary(schema: Mapping[str, Any]) -> list[str]:
    key = schema.get("primaryKey") or []
    return [key] if isinstance(key, str) else list(key)


def _target(name: str, fk: Mapping[str, Any]) -> tuple[str, list[str]]:
    return fk["reference"]["resource"] or name, list(fk["reference"]["fields"])


def _rows_are_clean(
    conn: sqlite3.Connection,
    path: Path,
    name: str,
    schema: Mapping[str, Any],
    tables: Mapping[str, Mapping[str, Any]],
    ranges: Sequence[tuple[int, int]],
    new: frozenset[tuple[Any, ...]] | None,
) -> bool:
    """Whether every row in ``ranges`` of the CSV at ``path`` is valid against ``schema`` and,
    for each of the ``new`` keys' rows (every row: ``None``), its key is no other row's and what
    its foreign keys name is there (in the row store). The other rows are as the last build
    checked them, and what they name is checked by :func:`_nothing_refers_to_taken`."""
    fields = schema["fields"]
    names = [f["name"] for f in fields]
    if any(f.get("constraints", {}).get("unique") and [f["name"]] != _primary(schema) for f in fields):
        return False  # a unique column besides the key: the whole table decides
    read_row = compile_row(fields)
    primary = _primary(schema)
    key_at = [names.index(c) for c in primary]
    refs: list[tuple[list[int], str, list[str]]] = []
    for fk in schema.get("foreignKeys", []):
        target, target_fields = _target(name, fk)
        if target_fields != _primary(tables[target]):
            return False  # keys as sets below look a key up by the target's index
        refs.append(([names.index(f) for f in fk["fields"]], target, target_fields))
    keys: set[tuple[Any, ...]] = set()
    wanted: dict[str, set[tuple[Any, ...]]] = {}
    for row in _rows_in(path, ranges):
        if len(row) != len(names) or not any(row):
            return False
        values = read_row(row)
        if values is None:
            return False
        if primary:
            key = tuple(values[i] for i in key_at)
            if not all(type(v) is str for v in key) or key in keys:
                return False
            if new is not None and key not in new:
                continue
            keys.add(key)
        elif new is not None:
            return False  # no key to tell the new rows by
        for columns, target, _ in refs:
            ref = tuple(values[i] for i in columns)
            if all(v is None for v in ref):
                continue
            if not all(type(v) is str for v in ref):
                return False
            wanted.setdefault(target, set()).add(ref)
    if primary and not _each_once(conn, name, primary, keys):
        return False
    return all(_all_there(conn, target, _primary(tables[target]), found) for target, found in wanted.items())


def _rows_in(path: Path, ranges: Sequence[tuple[int, int]]) -> Iterator[list[str]]:
    """The rows of the CSV at ``path`` in each byte range (each a run of whole rows)."""
    with path.open("rb") as f:
        for start, stop in ranges:
            f.seek(start)
            text = f.read(stop - start).decode("utf-8")
            yield from csv.reader(io.StringIO(text, newline=""))


def _each_once(conn: sqlite3.Connection, table: str, key: list[str], found: set[tuple[Any, ...]]) -> bool:
    """Whether each of ``found`` is the key of exactly one row of ``table`` in the row store."""
    names = ", ".join(f"[{c}]" for c in key)
    marks = ", ".join("?" for _ in key)
    query = f"select count(*) from [{table}] where ({names}) = ({marks})"
    return all(conn.execute(query, k).fetchone()[0] == 1 for k in found)


def _all_there(conn: sqlite3.Connection, table: str, key: list[str], found: set[tuple[Any, ...]]) -> bool:
    """Whether each of ``found`` is the key of a row of ``table`` in the row store."""
    names = ", ".join(f"[{c}]" for c in key)
    marks = ", ".join("?" for _ in key)
    query = f"select 1 from [{table}] where ({names}) = ({marks}) limit 1"
    return all(conn.execute(query, k).fetchone() is not None for k in found)


def _nothing_refers_to_taken(
    conn: sqlite3.Connection, tables: Mapping[str, Mapping[str, Any]], splice: Splice
) -> bool:
    """Whether no row refers to a key a change took away and did not give back (or, for a table
    written whole, to a key it no longer has)."""
    for name, schema in tables.items():
        for fk in schema.get("foreignKeys", []):
            target, target_fields = _target(name, fk)
            columns = ", ".join(f"[{c}]" for c in fk["fields"])
            if splice.tables[target].how == "whole":  # every reference, against the table
                if len(fk["fields"]) != 1:
                    return False
                (field,), (key,) = fk["fields"], target_fields
                query = (
                    f"select 1 from [{name}] where [{field}] is not null and [{field}] != '' "
                    f"and [{field}] not in (select [{key}] from [{target}]) limit 1"
                )
                if conn.execute(query).fetchone() is not None:
                    return False
                continue
            gone = [
                k for k in splice.taken.get(target, ()) if not _all_there(conn, target, target_fields, {k})
            ]
            if not gone:
                continue
            if len(fk["fields"]) != 1:
                return False
            marks = ", ".join("?" for _ in gone)
            query = f"select 1 from [{name}] where {columns} in ({marks}) limit 1"
            if conn.execute(query, [k[0] for k in gone]).fetchone() is not None:
                return False
    return True


def changed_keys(
    resource: str, changes: tuple[dict[str, set[tuple[Any, ...]]], dict[str, set[tuple[Any, ...]]], set[str]]
) -> set[tuple[Any, ...]] | None:
    """The keys of ``resource`` a short path took away or added (``None``: replaced whole)."""
    taken, added, whole = changes
    if resource in whole:
        return None
    return taken.get(resource, set()) | added.get(resource, set())
