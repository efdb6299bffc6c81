"""The records read from seeds, by resource, each with the file and line it came from."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Set
from typing import Any

from ..check.plausible import record_problems
from ..errors import Problem
from ..models import Source, record_key
from ..publish.rows import PLACE, Row, RowStore, to_rows
from ..seeds.yamlio import Located


class _Collected:
    """Records read from seeds, by resource, each with the file and line it came from.

    With a ``store``, records are handed to it as they come rather than kept (a build's memory
    then does not grow with its records), and the ids of sources and policies, which incident
    files refer to, and each source's date are looked up in it; without one, they are kept
    here. The latest source date is kept either way.
    """

    def __init__(self, store: RowStore | None = None) -> None:
        self.records: dict[str, list[Any]] = defaultdict(list)
        self.places: dict[str, list[str]] = defaultdict(list)
        self.rows: dict[str, list[Row]] = {}  # records made rows, with their places (see as_rows)
        self.store = store
        self._ids: dict[str, set[str]] = {"sources": set(), "policies": set()}  # without a store
        self.latest: dt.date | None = None  # the latest source's date
        self._dates: dict[str, dt.date] = {}  # each source's date, without a store
        self.as_of: dt.date | None = None
        self.incomplete = False  # an annotation could not be read, so some ids are missing
        #: Values of the right type that cannot be true (see :mod:`jacksonpd.check.plausible`).
        self.problems: list[Problem] = []
        self.today = dt.date.today()

    @property
    def referred(self) -> Mapping[str, Set[str]]:
        """The ids of the sources and the policies read so far (what other files refer to)."""
        if self.store is None:
            return self._ids
        return {resource: _StoredIds(self.store, resource) for resource in self._ids}

    def source_dates(self, more: Mapping[str, dt.date]) -> Mapping[str, dt.date]:
        """Each source's date by its id, for the facts that cite it: of the sources read so far,
        and those of ``more`` (which come first)."""
        if self.store is None:
            return {**self._dates, **more}
        return _StoredDates(self.store, more)

    def as_rows(self, columns: Mapping[str, tuple[str, ...]]) -> _Collected:
        """This collection with its records and places made rows of a store with ``columns``
        (merged into a collection with a store, which finds ids and dates in its rows)."""
        made = _Collected()
        made.rows = {
            resource: to_rows(columns[resource], records, self.places[resource])
            for resource, records in self.records.items()
        }
        made.latest, made.incomplete = self.latest, self.incomplete
        made.problems = self.problems
        return made

    def merge(self, other: _Collected) -> None:
        """Take in what another collection (one article's) gathered, after what this one has."""
        for resource, records in other.records.items():
            self._keep(resource, records, other.places[resource])
        if other.rows:
            if self.store is None:
                msg = "rows can only be merged into a collection with a store"
                raise ValueError(msg)
            for resource, rows in other.rows.items():
                self.store.add_rows(resource, rows)
        if self.store is None:  # else they are in the store's rows, with the records
            for resource, ids in other._ids.items():
                self._ids[resource] |= ids
            self._dates.update(other._dates)
        if other.latest is not None and (self.latest is None or other.latest > self.latest):
            self.latest = other.latest
        self.incomplete |= other.incomplete
        self.problems += other.problems

    def add(self, doc: Located, key: tuple[str | int, ...], record: Any) -> None:
        """Keep ``record`` (skipping ``None``, a record that failed with its problem reported)."""
        if record is not None:
            # The record's line is looked for only for a problem (see Located.place).
            self.add_many(
                [record],
                [doc.place(key)],
                lambda _, field: doc.lines.get((*key, field)) or doc.line(key),
            )

    def add_at(self, place: str, record: Any, *, check: bool = True) -> None:
        """Keep ``record``, read at ``place`` (``<file>:<line>``, or the file alone); without
        ``check``, its plausibility is not checked here (it was where it was read)."""
        self.add_many([record], [place], check=check)

    def add_many(
        self,
        records: list[Any],
        places: list[str],
        field_line: Callable[[int, str], int | None] | None = None,
        *,
        check: bool = True,
    ) -> None:
        """Keep ``records``, all of one resource, each read at its place (as :meth:`add_at`);
        ``field_line`` gives the line of a record's field, if known (see ``record_problems``)."""
        if len(records) != len(places):
            msg = f"{len(records)} records but {len(places)} places"
            raise ValueError(msg)
        if not records:
            return
        resource = records[0].resource
        if check:
            self.problems += record_problems(records, places, self.today, field_line)
        if resource in self._ids and self.store is None:  # else found in the store
            self._ids[resource].update(record_key(record)[0] for record in records)
        if resource == Source.resource:
            newest = max(record.published_on for record in records)
            if self.store is None:
                self._dates.update((record.source_id, record.published_on) for record in records)
            if self.latest is None or newest > self.latest:
                self.latest = newest
        self._keep(resource, records, places)

    def _keep(self, resource: str, records: list[Any], places: list[str]) -> None:
        if self.store is not None:
            self.store.add(resource, records, places)
        else:
            self.records[resource] += records
            self.places[resource] += places

    def duplicate_ids(self, where: Callable[[str], str] = str) -> list[Problem]:
        """A problem at each record whose derived or given id another record already has;
        ``where`` gives a place its line, where that was left to be found (see
        :class:`~jacksonpd.seeds.yamlio.PlaceLines`)."""
        found: Iterable[tuple[str, tuple[Any, ...], list[str]]]
        if self.store is not None:
            found = self.store.duplicates()
        else:
            seen: dict[tuple[str, tuple[Any, ...]], list[str]] = {}
            for resource, records in self.records.items():
                for record, place in zip(records, self.places[resource], strict=True):
                    seen.setdefault((resource, record_key(record)), []).append(place)
            found = [(r, key, places) for (r, key), places in sorted(seen.items()) if len(places) > 1]
        problems = []
        for resource, rid, places in found:
            first = where(places[0])
            for place in map(where, places[1:]):
                path, _, line = place.rpartition(":")
                problems.append(
                    Problem(
                        code="duplicate-id",
                        path=path,
                        line=int(line) if line.isdigit() else None,
                        field="id",
                        found=f'"{", ".join(map(str, rid))}" ({resource})',
                        expected=f"an id not already used at {first}; "
                        "set a distinct id (or distinct words) on one of them",
                    )
                )
        return problems


class _StoredIds(Set[str]):
    """The ids of a resource's records in a row store, looked up there rather than held (a large
    corpus has one of each a source, and four policies)."""

    def __init__(self, store: RowStore, resource: str) -> None:
        self.store, self.resource = store, resource

    def __contains__(self, value: object) -> bool:
        return isinstance(value, str) and bool(self.store.by_key(self.resource, value, PLACE))

    def __iter__(self) -> Iterator[str]:  # for a problem's suggestions: rare
        return iter(dict.fromkeys(self.store.keys(self.resource)))

    def __len__(self) -> int:
        return len(dict.fromkeys(self.store.keys(self.resource)))


class _StoredDates(Mapping[str, dt.date]):
    """Each source's date by its id, from a row store (the last one kept, for an id given twice),
    after those of ``more``."""

    def __init__(self, store: RowStore, more: Mapping[str, dt.date]) -> None:
        self.store, self.more = store, more

    def __getitem__(self, source_id: str) -> dt.date:
        if source_id in self.more:
            return self.more[source_id]
        found = self.store.by_key(Source.resource, source_id, "published_on")
        if not found:
            raise KeyError(source_id)
        return dt.date.fromisoformat(found[-1])

    def __contains__(self, source_id: object) -> bool:
        return source_id in self.more or source_id in _StoredIds(self.store, Source.resource)

    def __iter__(self) -> Iterator[str]:  # for a problem's suggestions: rare
        return iter(dict.fromkeys([*self.more, *self.store.keys(Source.resource)]))

    def __len__(self) -> int:
        return sum(1 for _ in self)
