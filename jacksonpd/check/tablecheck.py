"""Table Schema validation compiled to Python: frictionless's rules, at ``csv.reader`` speed.

frictionless checks each cell through layers of generic machinery, about 18k rows a second on
our machines; a build of a statewide corpus would spend most of its time there. This module reads
the same ``schemas/*.json``, compiles each field to one function that applies the rules
frictionless applies (:mod:`jacksonpd.check.fields`), and adds the table-level checks (labels,
cell counts, ``unique``, primary and foreign keys).
``tests/test_tablecheck.py`` holds the two equal on generated good and bad rows. The build uses
it; ``jacksonpd validate`` and CI still run frictionless itself.
"""

from __future__ import annotations

import csv
import functools
import operator
import sqlite3
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ..errors import Problem
from .clip import quoted
from .fields import CellReader, compile_field, compile_row

__all__ = ["check_table", "check_tables"]


def check_tables(
    folder: Path, tables: Mapping[str, Mapping[str, Any]], shown: str, rows: Path | None = None
) -> list[Problem]:
    """Check every ``<folder>/data/<name>.csv`` against its schema, keys across tables included.

    ``tables`` is in an order where referenced tables come first (publication order).

    With ``rows``, the finished row store the CSVs were written from (every row of it, each cell
    the text of its value, see :mod:`jacksonpd.publish.package`), a foreign key between text
    columns that holds in the store is not followed through the CSVs: the values it refers to
    would otherwise be held as sets (hundreds of thousands at a million statements: the ids of
    the sources, policies, incidents and officers). Should the CSVs have any problem at all, they
    are checked again with every key followed, and that check's problems are the ones reported.
    """
    settled = _settled(rows, tables) if rows is not None else frozenset()
    if settled:
        problems = _check_tables(folder, tables, shown, settled)
        if not problems:
            return problems
    return _check_tables(folder, tables, shown, frozenset())


#: A foreign key, by its table and its place in the table's ``foreignKeys``.
_Fk = tuple[str, int]


def _check_tables(
    folder: Path, tables: Mapping[str, Mapping[str, Any]], shown: str, settled: frozenset[_Fk]
) -> list[Problem]:
    """:func:`check_tables`, the foreign keys ``settled`` not followed."""
    problems: list[Problem] = []
    keys: dict[tuple[str, tuple[str, ...]], set[Any]] = {}
    wanted = {
        (fk["reference"]["resource"] or name, tuple(fk["reference"]["fields"]))
        for name, schema in tables.items()
        for n, fk in enumerate(schema.get("foreignKeys", []))
        if (name, n) not in settled
    }
    for name, schema in tables.items():
        path = folder / "data" / f"{name}.csv"
        collect = [fields for resource, fields in wanted if resource == name]
        skip = frozenset(n for table, n in settled if table == name)
        problems += _check_table(path, schema, f"{shown}/data/{name}.csv", keys, name, collect, skip)
    return problems


def _settled(rows: Path, tables: Mapping[str, Mapping[str, Any]]) -> frozenset[_Fk]:
    """The foreign keys that hold in the row store at ``rows`` between columns whose cells the
    CSVs hold as the store's text, unchanged (one string field each side, of the default format):
    every reference there that is not empty is text, and the key of a row of the table it names."""
    found: set[_Fk] = set()
    conn = sqlite3.connect(f"file:{rows}?mode=ro", uri=True)
    try:
        for name, schema in tables.items():
            for n, fk in enumerate(schema.get("foreignKeys", [])):
                target = fk["reference"]["resource"] or name
                if len(fk["fields"]) != 1 or len(fk["reference"]["fields"]) != 1 or target not in tables:
                    continue
                (field,), (key,) = fk["fields"], fk["reference"]["fields"]
                if not (_plain_text(schema, field) and _plain_text(tables[target], key)):
                    continue
                query = (
                    f"select 1 from [{name}] as r where r.[{field}] is not null and r.[{field}] != '' "
                    f"and (typeof(r.[{field}]) != 'text' "
                    f"or not exists (select 1 from [{target}] as t where t.[{key}] = r.[{field}])) limit 1"
                )
                try:
                    if conn.execute(query).fetchone() is None:
                        found.add((name, n))
                except sqlite3.Error:  # not a store of these tables: nothing settled
                    return frozenset()
    finally:
        conn.close()
    return frozenset(found)


def _plain_text(schema: Mapping[str, Any], name: str) -> bool:
    """Whether field ``name`` of ``schema`` is a string of the default format: its cell read as is."""
    fields = [f for f in schema.get("fields", []) if f.get("name") == name]
    return (
        len(fields) == 1
        and fields[0].get("type", "string") == "string"
        and fields[0].get("format", "default") == "default"
    )


def check_table(
    path: Path,
    schema: Mapping[str, Any],
    shown: str,
    keys: dict[tuple[str, tuple[str, ...]], set[Any]] | None = None,
    name: str = "",
    collect: list[tuple[str, ...]] | None = None,
) -> list[Problem]:
    """Every problem in one CSV file against its Table Schema, as frictionless would report them.

    ``keys`` holds the key values of the tables checked before (for foreign keys) and receives
    this table's values of the fields in ``collect``.
    """
    keys = {} if keys is None else keys
    return _check_table(path, schema, shown, keys, name, collect or [], frozenset())


def _check_table(
    path: Path,
    schema: Mapping[str, Any],
    shown: str,
    keys: dict[tuple[str, tuple[str, ...]], set[Any]],
    name: str,
    collect: list[tuple[str, ...]],
    skip: frozenset[int],
) -> list[Problem]:
    """:func:`check_table`, the foreign keys at the places ``skip`` in ``foreignKeys`` not followed."""
    return list(_check(path, schema, shown, keys, name, collect, skip))


def _check(
    path: Path,
    schema: Mapping[str, Any],
    shown: str,
    keys: dict[tuple[str, tuple[str, ...]], set[Any]],
    name: str,
    collect: list[tuple[str, ...]],
    skip: frozenset[int] = frozenset(),
) -> Iterator[Problem]:
    """:func:`check_table`'s problems, as they are found (the foreign keys ``skip`` not followed).

    The loop over the rows stays in this one function because it runs once per row of tables of
    up to a million: a call per row for each check would cost time that shows. What is rare (a
    row of the wrong shape, an invalid cell) is said by helpers.
    """
    fields = schema["fields"]
    names = [f["name"] for f in fields]
    readers = [compile_field(f) for f in fields]
    read_row = compile_row(fields)
    index = {n: i for i, n in enumerate(names)}
    primary = schema.get("primaryKey") or []
    primary = [primary] if isinstance(primary, str) else list(primary)
    primary_columns = [index[p] for p in primary]
    unique = [i for i, f in enumerate(fields) if f.get("constraints", {}).get("unique")]
    collected = {fields_: set[Any]() for fields_ in collect}
    collected_columns = [(_ref([index[f] for f in fields_]), found) for fields_, found in collected.items()]
    foreign_refs = _foreign_refs(schema, name, names, index, keys, skip)

    def seen(columns: list[int]) -> _Seen:
        return _Seen(functools.partial(_replay, path, readers, columns, len(names)))

    seen_primary = seen(primary_columns)
    seen_unique = {i: seen([i]) for i in unique}
    deferred: list[tuple[int, str, Any, tuple[str, tuple[str, ...]]]] = []
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader, None)
        if header != names:
            yield Problem(
                code="incorrect-label",
                path=shown,
                line=1,
                found=", ".join(header or []),
                expected=", ".join(names),
            )
            return
        for row_line, row in _numbered(reader):
            if not any(row) or len(row) != len(names):
                yield from _shape_problems(shown, row_line, row, len(names), primary)
                continue
            values: tuple[Any, ...] | list[Any] | None = read_row(row)
            if values is None:  # a cell is not valid: which, and why
                values, invalid = _cell_problems(shown, row_line, row, readers, names)
                yield from invalid
            for i in unique:
                if values[i] is None:
                    continue
                if (first := seen_unique[i].first_line((values[i],), row_line)) is not None:
                    yield Problem(
                        code="unique-error",
                        path=shown,
                        line=row_line,
                        field=names[i],
                        found=quoted(row[i]),
                        message=f"the same value is on line {first}",
                    )
            if primary:
                key = tuple(values[i] for i in primary_columns)
                if key.count(None) == len(key):
                    yield _key_error(shown, row_line, primary, "the key's cells are all blank")
                elif (first := seen_primary.first_line(key, row_line)) is not None:
                    yield _key_error(shown, row_line, primary, f"the same key is on line {first}")
            for get, values_set in collected_columns:
                values_set.add(get(values))
            for get, field, target, known in foreign_refs:
                ref = get(values)
                if ref is None or (type(ref) is tuple and ref.count(None) == len(ref)):
                    continue
                if known is None:
                    deferred.append((row_line, field, ref, target))
                elif ref not in known:
                    yield _foreign(shown, row_line, field, ref, target)
    for fields_, values_set in collected.items():
        keys[(name, fields_)] = values_set
    for row_line, field, ref, target in deferred:
        if ref not in keys.get(target, set()):
            yield _foreign(shown, row_line, field, ref, target)


#: A foreign key as :func:`_check` follows it (see :func:`_foreign_refs`).
_ForeignRef = tuple[
    Callable[[tuple[Any, ...] | list[Any]], Any], str, tuple[str, tuple[str, ...]], set[Any] | None
]


def _foreign_refs(
    schema: Mapping[str, Any],
    name: str,
    names: list[str],
    index: Mapping[str, int],
    keys: Mapping[tuple[str, tuple[str, ...]], set[Any]],
    skip: frozenset[int] = frozenset(),
) -> list[_ForeignRef]:
    """Each foreign key of table ``name`` (but those at the places ``skip``): a getter of its
    values from a row's, its first field, the (resource, fields) it refers to, and the values
    found there (``None`` for the table's own, not read yet)."""
    refs: list[_ForeignRef] = []
    for n, fk in enumerate(schema.get("foreignKeys", [])):
        if n in skip:
            continue
        columns = [index[f] for f in fk["fields"]]
        target = (fk["reference"]["resource"] or name, tuple(fk["reference"]["fields"]))
        # Referenced tables are checked first, so their keys are known now; a table's own are not yet.
        known = None if target[0] == name else keys.get(target, set())
        refs.append((_ref(columns), names[columns[0]], target, known))
    return refs


def _shape_problems(
    shown: str, line: int, row: list[str], width: int, primary: list[str]
) -> Iterator[Problem]:
    """What is wrong with a row that is blank or has the wrong number of cells."""
    if not any(row):
        yield Problem(code="blank-row", path=shown, line=line, message="the row is blank")
        if primary:  # frictionless: a key of blanks is a key error too
            yield _key_error(shown, line, primary, "the key's cells are all blank")
        return
    code = "extra-cell" if len(row) > width else "missing-cell"
    yield Problem(code=code, path=shown, line=line, found=f"{len(row)} cells", expected=f"{width}")


def _cell_problems(
    shown: str, line: int, row: list[str], readers: list[CellReader], names: list[str]
) -> tuple[list[Any], list[Problem]]:
    """A row with an invalid cell read cell by cell: its values (``None`` where invalid), and
    a problem for each rule a cell breaks."""
    values: list[Any] = []
    problems: list[Problem] = []
    for i, cell in enumerate(row):
        value, verdicts = readers[i](cell)
        values.append(value)
        problems += [
            Problem(code=code, path=shown, line=line, field=names[i], found=quoted(cell), message=note)
            for code, note in verdicts
        ]
    return values, problems


def _numbered(reader: Any) -> Iterator[tuple[int, list[str]]]:
    """Each row of a ``csv.reader`` past the header, with the line it begins on."""
    line = reader.line_num + 1
    for row in reader:
        row_line, line = line, reader.line_num + 1
        yield row_line, row


def _ref(columns: list[int]) -> Callable[[tuple[Any, ...] | list[Any]], Any]:
    """A getter of the values of ``columns`` from a row's: the value itself for one column (a set
    of them is smaller), a tuple for more."""
    return operator.itemgetter(*columns)


_NOTHING = object()


class _Seen:
    """The keys of a table seen so far, each with the line it was first on.

    A table the build writes comes sorted by its key: while keys come in increasing order, a key
    seen before can only be the last one, so only that is kept, and a million rows cost nothing.
    The first key out of order switches to keeping every key, once those of the rows before it
    have been read again (``replay``, given that row's line).
    """

    def __init__(self, replay: Callable[[int], Iterator[tuple[tuple[Any, ...], int]]]) -> None:
        self._replay = replay
        self._last: Any = _NOTHING
        self._last_line = 0
        self._lines: dict[tuple[Any, ...], int] | None = None

    def first_line(self, key: tuple[Any, ...], line: int) -> int | None:
        """The line ``key`` was first seen on, or ``None`` if it is new (and now seen on ``line``)."""
        if self._lines is None:
            try:
                if self._last is _NOTHING or key > self._last:
                    self._last, self._last_line = key, line
                    return None
                if key == self._last:
                    return self._last_line
            except TypeError:  # a blank among the key's cells
                pass
            self._lines = {}
            for earlier, at in self._replay(line):
                self._lines.setdefault(earlier, at)
        first = self._lines.setdefault(key, line)
        return first if first != line else None


def _replay(
    path: Path, readers: list[CellReader], columns: list[int], width: int, until: int
) -> Iterator[tuple[tuple[Any, ...], int]]:
    """The keys (``columns``' values) of the rows of ``path`` before line ``until`` that
    :func:`_check` takes a key from, with their lines."""
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        next(reader, None)
        for line, row in _numbered(reader):
            if line >= until:
                return
            if len(row) != width or not any(row):
                continue
            key = tuple(readers[i](row[i])[0] for i in columns)
            if not all(v is None for v in key):
                yield key, line


def _key_error(shown: str, line: int, primary: list[str], why: str) -> Problem:
    return Problem(code="primary-key", path=shown, line=line, field=", ".join(primary), message=why)


def _foreign(
    shown: str, line: int, field: str, ref: tuple[Any, ...], target: tuple[str, tuple[str, ...]]
) -> Problem:
    return Problem(
        code="foreign-key",
        path=shown,
        line=line,
        field=field,
        found=", ".join(str(v) for v in ref),
        expected=f"a {', '.join(target[1])} of {target[0]}",
    )
