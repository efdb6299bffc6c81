"""Rows on disk while a build reads, so that a build does not hold its records in memory.

The build hands each article's records to a :class:`RowStore` as they are read: they become
rows of SQL values in a scratch SQLite file, each with the place (file and line) it came from,
and the records are dropped. (The processes reading articles make the rows themselves with
:func:`to_rows`: rows are cheaper than records to send, to cache and to take in.) Once everything
is read, :meth:`RowStore.finish` indexes the rows by primary key; the CSVs and the database are
then written from the store in id order (:func:`rows_in_order`), SQLite doing the sorting on disk.
"""

from __future__ import annotations

import datetime as dt
import enum
import operator
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ..models import RECORD_TYPES
from ..schemas import Schemas

__all__ = ["Row", "RowStore", "primary_key", "record_values", "rows_in_order", "sql_value", "to_rows"]

#: The column holding where a row came from, ``<file>:<line>``; not published.
PLACE = "_place"


def sql_value(value: Any) -> Any:
    """A record's value as SQLite keeps it: enums by value, booleans as 0/1, ISO dates."""
    kind = type(value)
    if value is None or kind is str or kind is int:  # most values, as they are
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def record_values(columns: list[str]) -> Callable[[Any], tuple[Any, ...]]:
    """A function giving a record's values of ``columns``, in order, as a tuple."""
    if len(columns) == 1:
        get = operator.attrgetter(columns[0])
        return lambda record: (get(record),)
    return operator.attrgetter(*columns)


#: A record as the store keeps it: its values (see :func:`sql_value`), then its place.
Row = tuple[Any, ...]


def to_rows(columns: Sequence[str], records: Sequence[Any], places: Sequence[str]) -> list[Row]:
    """``records`` as rows of a store's table of ``columns``, each with its place.

    Rows are what a store keeps, and cheaper to pickle and send than the records: a reader
    process turns its records into rows before handing them over (see :meth:`RowStore.add_rows`).
    """
    values = record_values(list(columns))
    return [(*map(sql_value, values(r)), place) for r, place in zip(records, places, strict=True)]


def primary_key(schemas: Schemas, resource: str) -> list[str]:
    """The primary key's columns; the records' sort order (see :func:`jacksonpd.models.record_key`)."""
    key = schemas.tables[resource].get("primaryKey", [])
    return [key] if isinstance(key, str) else list(key)


class RowStore:
    """A scratch database of every record read so far, one table per resource.

    Its tables have the schemas' columns (untyped: values are kept as given) and :data:`PLACE`.
    """

    def __init__(self, path: Path, schemas: Schemas) -> None:
        self.path = path
        self.schemas = schemas
        self._conn = sqlite3.connect(path)
        # Scratch: a build that dies throws the file away, so no journal and no syncs.
        self._conn.execute("pragma journal_mode = off")
        self._conn.execute("pragma synchronous = off")
        self._conn.execute("begin")
        #: Each table's columns (but :data:`PLACE`), by resource.
        self.columns: dict[str, tuple[str, ...]] = {}
        self._insert: dict[str, str] = {}
        self._indexed: set[str] = set()
        for cls in RECORD_TYPES:
            columns = self.columns[cls.resource] = tuple(schemas.field_names(cls.resource))
            names = ", ".join(f"[{c}]" for c in [*columns, PLACE])
            self._conn.execute(f"create table [{cls.resource}] ({names})")
            marks = ", ".join("?" for _ in range(len(columns) + 1))
            self._insert[cls.resource] = f"insert into [{cls.resource}] values ({marks})"

    def add(self, resource: str, records: Sequence[Any], places: Sequence[str]) -> None:
        """Keep ``records`` of ``resource``, each with its place."""
        self.add_rows(resource, to_rows(self.columns[resource], records, places))

    def add_rows(self, resource: str, rows: Iterable[Row]) -> None:
        """Keep records of ``resource`` already made rows (by :func:`to_rows`, with :attr:`columns`)."""
        self._conn.executemany(self._insert[resource], rows)

    def finish(self) -> None:
        """Index every table by its primary key and close; the store is read-only from now on."""
        for cls in RECORD_TYPES:
            self._index(cls.resource)
        self._conn.commit()
        self._conn.close()

    def _index(self, resource: str) -> None:
        if resource in self._indexed:
            return
        key = ", ".join(f"[{c}]" for c in primary_key(self.schemas, resource))
        self._conn.execute(f"create index if not exists [{resource}_key] on [{resource}] ({key})")
        self._indexed.add(resource)

    def by_key(self, resource: str, key: Any, column: str) -> list[Any]:
        """``column`` of the rows kept so far whose (one-column) primary key is ``key``, in the
        order they were added (before :meth:`finish`: the table is indexed by its key from the
        first look on)."""
        self._index(resource)
        (name,) = primary_key(self.schemas, resource)
        query = f"select [{column}] from [{resource}] where [{name}] = ? order by rowid"
        return [value for (value,) in self._conn.execute(query, (key,))]

    def keys(self, resource: str) -> list[Any]:
        """The (one-column) primary keys of the rows kept so far, in the order they were added."""
        (name,) = primary_key(self.schemas, resource)
        return [value for (value,) in self._conn.execute(f"select [{name}] from [{resource}] order by rowid")]

    def close(self) -> None:
        """Close without finishing (the build failed); nothing if finished."""
        self._conn.close()

    def duplicates(self) -> Iterator[tuple[str, tuple[Any, ...], list[str]]]:
        """``(resource, key, places)`` for each primary key more than one row has, in key order;
        once finished."""
        return duplicates(self.path, self.schemas)

    def counts(self) -> dict[str, int]:
        """The rows of each resource, in publication order; once finished."""
        return counts(self.path)


def open_rows(path: Path) -> sqlite3.Connection:
    """A read-only connection to a finished store."""
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def counts(path: Path) -> dict[str, int]:
    """The rows of each resource in a finished store, in publication order."""
    conn = open_rows(path)
    try:
        return {
            cls.resource: conn.execute(f"select count(*) from [{cls.resource}]").fetchone()[0]
            for cls in RECORD_TYPES
        }
    finally:
        conn.close()


def duplicates(path: Path, schemas: Schemas) -> Iterator[tuple[str, tuple[Any, ...], list[str]]]:
    """``(resource, key, places)`` for each primary key that more than one row has, in key order."""
    conn = open_rows(path)
    try:
        for cls in RECORD_TYPES:
            key = ", ".join(f"[{c}]" for c in primary_key(schemas, cls.resource))
            width = len(primary_key(schemas, cls.resource))
            rows = conn.execute(
                f"select {key}, [{PLACE}] from [{cls.resource}] where ({key}) in "
                f"(select {key} from [{cls.resource}] group by {key} having count(*) > 1) "
                f"order by {key}, rowid"
            )
            current: tuple[Any, ...] | None = None
            places: list[str] = []
            for row in rows:
                if row[:width] != current:
                    if current is not None:
                        yield cls.resource, current, places
                    current, places = row[:width], []
                places.append(row[width])
            if current is not None:
                yield cls.resource, current, places
    finally:
        conn.close()


def rows_in_order(schemas: Schemas, resource: str, table: str) -> str:
    """The query for ``resource``'s published columns from ``table`` (a store's), sorted by key."""
    columns = ", ".join(f"[{c}]" for c in schemas.field_names(resource))
    key = ", ".join(f"[{c}]" for c in primary_key(schemas, resource))
    return f"select {columns} from {table} order by {key}"
