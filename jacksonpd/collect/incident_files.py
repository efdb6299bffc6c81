"""Reading the incident files over the cores and through the cache: each file an incident at a
time, its incidents kept a batch at a time (pickled, held or spilled to disk), and cached as
read.

What an incident file means is :mod:`jacksonpd.seeds.incidents`; taking the files in (their
agencies, the release policy, the records published) is :mod:`jacksonpd.collect.incidents`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import pickle
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

import attrs

from ..check.incident_checks import PRIVATE, _Batch
from ..errors import Problem
from ..seeds.curated import _structure, _unnamed
from ..seeds.incidents import CuratedIncident, IncidentFile
from ..seeds.yamlio import LazyLines, Located, read_yaml_each
from .articles import _pickled
from .cache import ArticleCache, code_digest, file_digest

_BATCH = 1000  # incidents kept (and cached) together


@attrs.frozen
class _Batches:
    """Where a file's incidents are, pickled a batch at a time (each a :data:`_Batch`): held here,
    in a spill file (a build's, written by the reader as it goes), or in the build cache."""

    held: tuple[bytes, ...] = ()
    spill: Path | None = None
    cached: tuple[str, ...] = ()  # their keys

    def each(self, cache: ArticleCache | None) -> Iterator[bytes]:
        """Each batch, pickled, in the file's order; ``cache`` is where :attr:`cached` ones are."""
        yield from self.held
        if self.spill is not None:
            with self.spill.open("rb") as f:
                while size := f.read(8):
                    yield f.read(int.from_bytes(size, "little"))
        if self.cached:
            assert cache is not None
            for key in self.cached:
                found = cache.get_many([key])
                if key not in found:  # the cache was damaged since it was asked: it will be read anew
                    msg = f"the build cache lost an entry while this build read it: {cache.path}"
                    raise OSError(msg)
                yield found[key]


@attrs.frozen
class _IncidentRead:
    """One incident file as read: its lines (no data), the rest of it, where its incidents are
    (see :class:`_Batches`), the latest of their dates, and its problems."""

    doc: Located | None  # None when the file could not be read at all
    parsed: IncidentFile | None  # without its incidents
    problems: list[Problem]
    incomplete: bool = False  # read, but not all of it could be structured
    batches: _Batches = _Batches()
    latest: dt.date | None = None  # of the incidents and the release of officers' names


def _incident_reader(
    paths: list[Path],
    shown: str,
    cache: ArticleCache | None,
    pool: ProcessPoolExecutor | None,
    scratch: Path | None,
    digests: MutableMapping[str, bytes],
    root: Path | None = None,
) -> dict[Path, Callable[[], _IncidentRead]]:
    """For each incident file, a function giving :func:`_read_incident_file`'s result for it: from
    the cache when this code read the same bytes before, else read (by the ``pool``, started now,
    when there is one) and then cached. With a ``scratch`` folder, incidents read are spilled there.
    ``digests`` are as :func:`~jacksonpd.collect.tree.read_all` takes them: a file's is used (and
    taken out) for its key."""
    readers: dict[Path, Callable[[], _IncidentRead]] = {}
    for n, path in enumerate(paths):
        relative = path.relative_to(root).as_posix() if root is not None else f"incidents/{path.name}"
        named = f"{shown}/{relative}"
        spill = scratch / f"incidents-{n}" if scratch is not None else None
        if cache is None and pool is None:
            readers[path] = functools.partial(_read_incident_file, path, named, spill)
            continue
        if cache is not None:
            own = digests.pop(relative, None) or file_digest(path)
            key = _incident_key(named, own)
            if (stored := cache.get_many([key]).get(key)) is not None:
                read: _IncidentRead = pickle.loads(stored)  # our own cache, see jacksonpd.collect.cache
                if len(cache.present(read.batches.cached)) == len(read.batches.cached):
                    readers[path] = functools.partial(_relocated, read, path)
                    continue
        reading = pool.submit(_read_incident_pickled, path, named, spill) if pool else None
        readers[path] = functools.partial(_read_and_cached, path, named, spill, cache, reading)
    return readers


def _incident_paths(root: Path) -> list[Path]:
    """The incident files of a seeds tree: ``incidents/*.yaml``, then ``private/incidents/*.yaml``."""
    return [
        *sorted((root / "incidents").glob("*.yaml")),
        *sorted((root / PRIVATE / "incidents").glob("*.yaml")),
    ]


def _is_private(shown: str) -> bool:
    """Whether a file named ``shown`` (``seeds/...``) is in the private overlay."""
    return f"/{PRIVATE}/" in f"/{shown.partition('/')[2]}"


def _incident_key(shown: str, digest: bytes) -> str:
    """The cache key of an incident file named ``shown`` whose bytes have ``digest``."""
    return hashlib.sha256(b"incidents\0" + code_digest() + shown.encode() + b"\0" + digest).hexdigest()


def _read_incident_file(path: Path, shown: str, spill: Path | None = None) -> _IncidentRead:
    """Read an incident file an incident at a time (see :func:`read_yaml_each`): what is kept is
    the structured incidents, a batch at a time (written to ``spill`` if given), each with the
    lines of its values, which the records' places and any problem need; the file is read again
    only for a line of the rest of the file, if a problem needs one."""
    problems: list[Problem] = []
    held: list[bytes] = []
    batch: list[tuple[CuratedIncident, dict[tuple[str | int, ...], int]]] = []
    latest: dt.date | None = None
    failed = False
    with contextlib.ExitStack() as stack:
        spilled = stack.enter_context(spill.open("wb")) if spill is not None else None

        def put(batch: _Batch) -> None:
            data = _pickled(batch)
            if spilled is None:
                held.append(data)
            else:
                spilled.write(len(data).to_bytes(8, "little") + data)

        def each(item: Located, index: int) -> None:
            nonlocal failed, latest
            if index == 0:  # the first item, or the first again (see read_yaml_each)
                held.clear()
                batch.clear()
                if spilled is not None:
                    spilled.seek(0)
                    spilled.truncate()
                latest = None
            key = ("incidents", index)
            incident = _structure(item, key, item.data, CuratedIncident, problems)
            if incident is None:
                failed = True
                return
            batch.append((incident, {k[len(key) :]: line for k, line in item.lines.items()}))
            for day in (incident.occurred_on, *(o.name_released_on for o in incident.officers)):
                if day is not None and (latest is None or day > latest):
                    latest = day
            if len(batch) == _BATCH:
                put(tuple(batch))
                batch.clear()

        head, head_problems = read_yaml_each(path, shown, "incidents", each)
        problems += [_unnamed(p) for p in head_problems]
        if head is None:
            return _IncidentRead(None, None, problems)
        if head.data is None:
            return _IncidentRead(head, None, problems)  # an empty file
        parsed = _structure(head, (), head.data, IncidentFile, problems)
        doc = Located(None, shown, LazyLines(head.lines, path, shown), head.sha256)
        if parsed is None or failed:
            return _IncidentRead(doc, None, problems, incomplete=True)
        if batch:
            put(tuple(batch))
    batches = _Batches(held=tuple(held), spill=spill)
    return _IncidentRead(doc, parsed, problems, batches=batches, latest=latest)


class _ItemLines(Mapping[tuple[str | int, ...], int]):
    """The lines of one item of a file (``key``), as an incident's batch keeps them (keyed within
    it), and for other keys those of the rest of the file (``rest``); iterating gives the item's."""

    def __init__(
        self,
        key: tuple[str | int, ...],
        lines: dict[tuple[str | int, ...], int],
        rest: Mapping[tuple[str | int, ...], int],
    ) -> None:
        self.key, self.lines, self.rest = key, lines, rest

    def __getitem__(self, key: tuple[str | int, ...]) -> int:
        if key[: len(self.key)] == self.key:
            return self.lines[key[len(self.key) :]]
        return self.rest[key]

    def __contains__(self, key: object) -> bool:
        if isinstance(key, tuple) and key[: len(self.key)] == self.key:
            return key[len(self.key) :] in self.lines
        return key in self.rest

    def __iter__(self) -> Iterator[tuple[str | int, ...]]:
        return ((*self.key, *k) for k in self.lines)

    def __len__(self) -> int:
        return len(self.lines)


def _relocated(read: _IncidentRead, path: Path) -> _IncidentRead:
    """A cached read, made to read ``path`` for lines: the cached one may be of a copy elsewhere."""
    if read.doc is not None and isinstance(read.doc.lines, LazyLines):
        read.doc.lines.path = path
    return read


def _read_incident_pickled(path: Path, shown: str, spill: Path | None) -> bytes:
    """:func:`_read_incident_file`, pickled (as the cache keeps it)."""
    return _pickled(_read_incident_file(path, shown, spill))


def _read_and_cached(
    path: Path,
    shown: str,
    spill: Path | None,
    cache: ArticleCache | None,
    reading: Future[bytes] | None,
) -> _IncidentRead:
    data = reading.result() if reading is not None else _read_incident_pickled(path, shown, spill)
    result: _IncidentRead = pickle.loads(data)  # our own bytes, from our own process
    if cache is not None and not result.problems and result.doc is not None and result.doc.sha256:
        # Under the key of the bytes read, which may differ from those the cache was asked about.
        key = _incident_key(shown, result.doc.sha256)
        # Its batches are cached one at a time, each under its own key, the rest under ``key``.
        keys: list[str] = []

        def keyed() -> Iterator[tuple[str, bytes]]:
            for n, batch in enumerate(result.batches.each(None)):
                keys.append(f"{key}/{n}")
                yield keys[-1], batch

        cache.put_many(keyed())
        cache.put_many([(key, _pickled(attrs.evolve(result, batches=_Batches(cached=tuple(keys)))))])
    return result
