"""Two published tables read side by side as streams, their rows paired by primary key.

The build writes every table sorted by its primary key, so :func:`merged_pairs` walks both CSVs
at once and memory does not grow with the package; a table found out of key order (a package
written by something else) raises :class:`Unsorted`, and :func:`pairs_in_memory` pairs them by
a dict instead. Keys are ordered as the build sorts them (:func:`key_function`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from .errors import JacksonpdError, Problem

__all__ = ["Key", "KeyedTable", "Unsorted", "key_function", "merged_pairs", "pairs_in_memory", "table_path"]

#: A row's primary key as the build orders it: a (kind, value) pair per key column.
Key = tuple[Any, ...]


class KeyedTable:
    """A published CSV read a row at a time, as dicts of its cells.

    Read whole, or (``span``) only its header line and the records in one range of its bytes,
    as :func:`jacksonpd.common_records.differing_spans` finds them; a span's rows must each
    have the header's number of cells, or reading it raises :class:`Unsorted` (the file is not
    the build's, so read it whole).
    """

    def __init__(self, path: Path | None, span: tuple[int, int, int] | None = None) -> None:
        self.path = path
        self._span = span
        self._file: IO[str] | None = None
        self.header: list[str] = []
        self._reader: Iterator[list[str]] = iter(())
        self._open()

    @classmethod
    def between(cls, path: Path, header: int, start: int, stop: int) -> KeyedTable:
        """The header (its first ``header`` bytes) and the records in bytes ``start:stop`` of
        the CSV at ``path``; both ends must be record boundaries."""
        return cls(path, (header, start, stop))

    @classmethod
    def empty(cls) -> KeyedTable:
        """A table of no rows and no columns: the side a resource is missing from."""
        return cls(None)

    def __enter__(self) -> KeyedTable:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._file is not None:
            self._file.close()

    def rows(self) -> Iterator[dict[str, str]]:
        """The rows from here on, each a dict of the header's names to its cells."""
        header = self.header
        if self._span is None:
            for cells in self._reader:
                yield dict(zip(header, cells, strict=False))
            return
        width = len(header)
        for cells in self._reader:
            if len(cells) != width:
                raise Unsorted  # not a row as the build writes them
            yield dict(zip(header, cells, strict=True))

    def restart(self) -> None:
        """Read again from the first row (for a table found out of key order)."""
        if self._file is not None:
            self._file.close()
        self._open()

    def _open(self) -> None:
        if self.path is None:
            return
        if self._span is None:
            self._file = self.path.open(encoding="utf-8", newline="")
        else:
            header, start, stop = self._span
            raw = _Ranges(self.path, ((0, header), (start, stop)))
            self._file = io.TextIOWrapper(io.BufferedReader(raw, 1 << 16), encoding="utf-8", newline="")
        self._reader = csv.reader(self._file)
        self.header = next(self._reader, [])


def table_path(folder: Path, resource: Mapping[str, Any]) -> Path:
    """The CSV a descriptor's ``resource`` names in ``folder``; raises
    :class:`~jacksonpd.errors.JacksonpdError` if it is not there."""
    path = folder / str(resource.get("path", ""))
    if not path.is_file():
        problem = Problem(code="missing-file", path=str(path), message="the descriptor names it")
        raise JacksonpdError([problem], "cannot compare")
    return path


class _Ranges(io.RawIOBase):
    """Byte ranges of one file read as one stream."""

    def __init__(self, path: Path, ranges: Sequence[tuple[int, int]]) -> None:
        super().__init__()
        self._file = path.open("rb")
        self._ranges = list(ranges)
        self._at, self._left = -1, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while self._left == 0:
            if self._at + 1 >= len(self._ranges):
                return 0
            self._at += 1
            start, stop = self._ranges[self._at]
            self._file.seek(start)
            self._left = stop - start
        view = memoryview(buffer)
        n = self._file.readinto(view[: min(len(view), self._left)])
        if not n:
            self._left = 0
            return 0
        self._left -= n
        return n

    def close(self) -> None:
        self._file.close()
        super().close()


class Unsorted(Exception):
    """A table's rows are not in key order, so they cannot be merged as streams."""


def pairs_in_memory(
    old: KeyedTable, new: KeyedTable, key_of: Any
) -> Iterator[tuple[dict[str, str] | None, dict[str, str] | None]]:
    """Every record of either table with its counterpart (or None), for tables out of key order."""
    by_key = {key_of(r): r for r in old.rows()}
    for n in new.rows():
        yield by_key.pop(key_of(n), None), n
    for o in by_key.values():
        yield o, None


def merged_pairs(
    old: Iterable[dict[str, str]], new: Iterable[dict[str, str]], key_of: Any
) -> Iterator[tuple[dict[str, str] | None, dict[str, str] | None]]:
    """Every record of two key-ordered streams with its counterpart (or None), read side by side;
    raises :class:`Unsorted` on meeting a row out of key order."""
    olds, news = _checked(old, key_of), _checked(new, key_of)
    o, n = next(olds, None), next(news, None)
    while o is not None or n is not None:
        if n is None or (o is not None and o[0] < n[0]):
            assert o is not None
            yield o[1], None
            o = next(olds, None)
        elif o is None or n[0] < o[0]:
            yield None, n[1]
            n = next(news, None)
        else:
            yield o[1], n[1]
            o, n = next(olds, None), next(news, None)


def _checked(rows: Iterable[dict[str, str]], key_of: Any) -> Iterator[tuple[Key, dict[str, str]]]:
    """Each row with its key, as long as the keys rise."""
    last: Key | None = None
    for row in rows:
        k = key_of(row)
        if last is not None and not last < k:
            raise Unsorted
        last = k
        yield k, row


def key_function(key: Sequence[str], schema: Mapping[str, Any]) -> Any:
    """Order keys as the build sorts them: integers as numbers, everything else as text."""
    types = {f.get("name"): f.get("type") for f in schema.get("fields", [])}
    numeric = tuple(types.get(k) == "integer" for k in key)

    def key_of(row: Mapping[str, str]) -> Key:
        return tuple(
            _as_int(row.get(k, "")) if is_int else (0, row.get(k, ""))
            for k, is_int in zip(key, numeric, strict=True)
        )

    return key_of


def _as_int(cell: str) -> tuple[int, Any]:
    """An integer cell's sort key; a cell that is not one sorts after every number."""
    try:
        return (0, int(cell))
    except ValueError:
        return (1, cell)
