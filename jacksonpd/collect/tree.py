"""Read ``seeds/``: articles as received, the registry, and the curators' reviewed annotations.

Layout::

    seeds/articles/<source-id>.txt       byte-for-byte as received: " date YYYY-MM-DD <summary>", body
    seeds/annotations/<source-id>.yaml   the reviewed facts of that article (see the README)
    seeds/registry/people.yaml           people: id, name, title, organization, aliases
    seeds/registry/organizations.yaml    organizations: id, name, abbreviation, kind, aliases
    seeds/incidents/*.yaml               incidents, officers and agencies (curated or imported)
    seeds/policy.yaml                    the name-release rule of each agency over time

Curators copy the quoted words; :func:`read_seeds` finds their character span in the article
and derives stable ids from content. Every problem in every file is collected, each with its
file, line and field, and raised together as one :class:`~jacksonpd.errors.JacksonpdError`.
"""

from __future__ import annotations

import collections
import contextlib
import datetime as dt
import functools
import hashlib
import os
import pickle
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import attrs

from ..check.incident_checks import PRIVATE, _Batch, _incident_problems, _officer_problems, _released
from ..check.invariants import check_dataset
from ..dataset import Dataset
from ..errors import JacksonpdError, Problem
from ..models import (
    ID_PATTERN,
    Claim,
    Organization,
    record_key,
)
from ..publish.rows import RowStore
from ..seeds.annotation import _annotate, _uncovered
from ..seeds.article import read_article
from ..seeds.curated import _plausible_at, _record, _structure, _unknown, _unnamed
from ..seeds.incidents import (
    DATASETS,
    CuratedIncident,
    IncidentFile,
    PolicyFile,
    arrangements_from,
    check_arrangements,
    check_release_rules,
    rules_from,
    with_addition,
)
from ..seeds.registry import Registry, read_registry
from ..seeds.yamlio import LazyLines, Located, read_yaml, read_yaml_each
from .cache import ArticleCache, code_digest, file_digest, files_digest
from .collected import _Collected

__all__ = ["SeedsRead", "read_all", "read_seeds"]

T = TypeVar("T")


# -- the whole seeds tree -----------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class SeedsRead:
    """What :func:`read_all` read: the records, the warnings, and the time of each stage."""

    #: The records; ``None`` when they went into a store.
    dataset: Dataset | None
    #: The date officers' names are published as of (see :func:`jacksonpd.build`).
    as_of: dt.date | None = None
    #: Quotes the extractor finds in an article that no statement covers (with file and line).
    warnings: tuple[Problem, ...] = ()
    #: Seconds, by stage: ``read`` (files, annotations, incidents), ``extract`` (the quote check)
    #: and ``check`` (ids unique across files).
    timings: dict[str, float] = attrs.field(factory=dict)
    #: Articles whose results came from the cache.
    cached: int = 0


def read_seeds(root: Path, shown: str = "seeds", *, as_of: dt.date | None = None) -> Dataset:
    """Read a ``seeds/`` tree into records, or raise :class:`JacksonpdError` with every problem.

    Officers' names are published only where released by ``as_of``; by default, the latest
    date in the inputs (so that the same inputs always build the same package).
    """
    dataset = read_all(root, shown, as_of=as_of, quotes=False).dataset
    assert dataset is not None  # read without a store
    return dataset


def read_all(
    root: Path,
    shown: str = "seeds",
    *,
    as_of: dt.date | None = None,
    quotes: bool = True,
    cache: ArticleCache | None = None,
    store: RowStore | None = None,
    digests: dict[str, bytes] | None = None,
) -> SeedsRead:
    """:func:`read_seeds`, and with ``quotes`` the uncovered-quote warnings of every article.

    Articles are independent, so a large corpus is read over the machine's cores; with a
    ``cache``, an article whose bytes, annotation, registry and jacksonpd's code are unchanged
    since a build that read it is not read again. With a ``store``, records go into it as they
    are read, rather than into the result's ``dataset`` (which is then ``None``). ``digests``
    are the seed files' digests by path in ``root`` (see :func:`~jacksonpd.collect.cache.files_digest`),
    if the caller has them: the cache keys are made from them rather than by reading every file
    again, and each is taken out as it is used (a large corpus does not hold them while read).
    """
    began = time.perf_counter()
    problems: list[Problem] = []
    registry, registry_problems = read_registry(root / "registry", f"{shown}/registry")
    problems += registry_problems

    # Names, not paths: a corpus of many articles holds a string for each, not a Path.
    tree_problems, refused = _tree_problems(root, shown)
    problems += tree_problems
    articles = [a for a in _stems(root / "articles", ".txt") if not _refused(f"articles/{a}.txt", refused)]
    annotated = [
        a for a in _stems(root / "annotations", ".yaml") if not _refused(f"annotations/{a}.yaml", refused)
    ]
    if not articles:
        problems.append(
            Problem(code="missing-file", path=f"{shown}/articles", message="no articles (*.txt) found")
        )
    annotations = set(annotated)
    orphans = annotations.difference(articles)
    for stem in annotated:  # in the order of their names
        if stem in orphans:
            problems.append(
                Problem(
                    code="orphan-file",
                    path=f"{shown}/annotations/{stem}.yaml",
                    message=f"no article seeds/articles/{stem}.txt to annotate",
                )
            )

    # With a store, readers hand over rows rather than records: cheaper to send, cache and store.
    columns = None if store is None else store.columns
    jobs = [_ArticleJob(root, stem, stem in annotations, shown, quotes, columns) for stem in articles]
    del annotated, annotations
    out = _Collected(store)
    out.incomplete = bool(refused)  # what refused files hold is unknown: skip checks that need it
    warnings: list[Problem] = []
    worked = [0.0, 0.0]  # seconds the readers spent reading and extracting
    cached = 0
    keys: list[str] = []
    present: set[str] = set()
    context = b""
    if cache is not None:
        context = code_digest() + files_digest(root / "registry")
        keys = [job.key(context, {} if digests is None else digests) for job in jobs]
        present = cache.present(keys)

    def rekey(job: _ArticleJob, read: dict[str, bytes]) -> str:
        return job.key(context, read)

    missing = [job for i, job in enumerate(jobs) if not keys or keys[i] not in present]
    workers = min(os.cpu_count() or 1, len(missing) // _ARTICLES_PER_WORKER)
    with contextlib.ExitStack() as stack:
        # A build's incidents wait on disk, beside its row store, until they can be published.
        scratch = None
        if store is not None:
            scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(dir=store.path.parent)))
        pool = None
        if workers >= 2:
            pool = stack.enter_context(
                ProcessPoolExecutor(workers, initializer=_set_worker_registry, initargs=(registry,))
            )
        # Incident files are parsed by the readers too, first, while this process takes in articles.
        incident_paths = [
            p for p in _incident_paths(root) if not _refused(p.relative_to(root).as_posix(), refused)
        ]
        incident_files = _incident_reader(incident_paths, shown, cache, pool, scratch, digests or {}, root)
        for part in _read_articles(jobs, registry, keys, present, missing, cache, pool, rekey):
            out.merge(part.collected)
            problems += part.problems
            warnings += part.warnings
            worked[0] += part.seconds[0]
            worked[1] += part.seconds[1]
            cached += part.from_cache
        articles_done = time.perf_counter()
        from ..seeds.cited import read_cited  # the reports we cite: after the articles, before incidents

        read_cited(root, shown, registry, out, problems)
        registry = _read_incidents(root, shown, registry, out, problems, as_of, incident_files, cache)

    for records in (registry.organizations, registry.people):
        given: set[tuple[Any, ...]] = set()  # read_registry reported any id given twice
        for record in records:
            if record_key(record) not in given:
                given.add(record_key(record))
                # Checked for plausibility where read, with the lines of their fields.
                out.add_at(f"{shown}/registry/{record.resource}.yaml", record, check=False)
    checked = time.perf_counter()
    if store is not None:
        store.finish()
    problems += out.duplicate_ids()
    from ..seeds.cited import claims_about_nothing  # each claim is about a record the package holds

    if not out.incomplete:  # a record that could not be read is not missing
        problems += claims_about_nothing(out.records if store is None else None, out.places, store)
    problems += out.problems
    check = time.perf_counter() - checked
    dataset = None if store is not None else Dataset(as_of=out.as_of, **out.records)
    if problems:
        raise JacksonpdError(problems, f"the seeds in {shown}/ have {len(problems)} problem(s)")
    # Articles are read and checked for quotes in one pass, over several processes at once: the
    # extract stage is the readers' time in the quote check, divided among them.
    extract = min(worked[1] / max(workers, 1), articles_done - began)
    timings = {"read": time.perf_counter() - began - extract - check, "extract": extract, "check": check}
    return SeedsRead(
        dataset=dataset, as_of=out.as_of, warnings=tuple(warnings), timings=timings, cached=cached
    )


# -- articles, one at a time: over the cores, and from the cache ------------------------------------


#: The files each folder of the seeds holds, by suffix; anything else there is a mistake.
_SUFFIXES = {"articles": ".txt", "annotations": ".yaml", "incidents": ".yaml", "registry": ".yaml"}


def _tree_problems(root: Path, shown: str) -> tuple[list[Problem], set[str]]:
    """What in the seeds tree the build will not read, and the paths (relative to ``root``) it
    refuses: links that lead out of the tree or to nothing, files whose suffix the folder does
    not read (``.TXT``, ``.yml``: they would be skipped without a word), and articles whose file
    name is not a valid source id. Files whose names start with a dot are left alone."""
    problems: list[Problem] = []
    refused: set[str] = set()
    top = root.resolve()
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        folder = here.relative_to(root).as_posix()
        for name in sorted([*dirnames, *filenames]):
            path = here / name
            relative = path.relative_to(root).as_posix()
            if name.startswith("."):
                continue
            if path.is_symlink():
                target = path.resolve()
                if not target.exists() or not target.is_relative_to(top):
                    found = (
                        "a link to nothing" if not target.exists() else "a link to a file outside the seeds"
                    )
                    problems.append(
                        Problem(
                            code="not-a-file",
                            path=f"{shown}/{relative}",
                            found=found,
                            expected="a file in seeds/",
                        )
                    )
                    refused.add(relative)
                    continue
            suffix = _SUFFIXES.get(folder.removeprefix(f"{PRIVATE}/"))
            if suffix is None or name in dirnames or name.endswith(suffix):
                if folder == "articles" and name.endswith(suffix or "") and not ID_PATTERN.match(name[:-4]):
                    problems.append(
                        Problem(
                            code="type-error",
                            path=f"{shown}/{relative}",
                            field="file name",
                            found=f'"{name[:-4]}"',
                            expected="a source id: lowercase letters and digits joined by hyphens",
                        )
                    )
                    refused.add(relative)
                continue
            problems.append(
                Problem(
                    code="unexpected-file",
                    path=f"{shown}/{relative}",
                    found=f'a file named "{name}"',
                    expected=f"files named *{suffix} here (this one would not be read)",
                )
            )
        dirnames[:] = [d for d in dirnames if not d.startswith(".") and not (here / d).is_symlink()]
    return problems, refused


def _refused(relative: str, refused: set[str]) -> bool:
    """Whether a path (relative to the seeds) or a folder it is in was refused."""
    if not refused:
        return False
    parts = relative.split("/")
    return any("/".join(parts[:n]) in refused for n in range(1, len(parts) + 1))


def _stems(folder: Path, suffix: str) -> list[str]:
    """The stems of the files in ``folder`` named ``*<suffix>``, in the order of their names."""
    return [name[: -len(suffix)] for name in sorted(p.name for p in folder.glob(f"*{suffix}"))]


@attrs.frozen
class _ArticleJob:
    seeds: Path  # one object, shared by every job
    stem: str
    annotated: bool
    shown: str
    quotes: bool
    #: A row store's columns by resource (one object, shared): with them, the part holds rows.
    columns: Mapping[str, tuple[str, ...]] | None = None

    @property
    def article(self) -> Path:
        return self.seeds / "articles" / f"{self.stem}.txt"

    @property
    def annotation(self) -> Path | None:
        return self.seeds / "annotations" / f"{self.stem}.yaml" if self.annotated else None

    def key(self, context: bytes, digests: dict[str, bytes]) -> str:
        """A digest of everything the result depends on; ``context`` covers registry and code.
        ``digests`` has the files' digests by path in the seeds, where already taken: those used
        are taken out of it."""
        digest = hashlib.sha256(context)
        digest.update(f"{self.shown}\0{self.quotes}\0{self.columns}\0".encode())
        for folder, path in (("articles", self.article), ("annotations", self.annotation)):
            if path is not None:
                own = digests.pop(f"{folder}/{path.name}", None) or file_digest(path)
                digest.update(f"{path.name}\0".encode() + own)
        return digest.hexdigest()


@attrs.define
class _ArticlePart:
    """One article's records, problems and warnings, and the seconds spent reading and extracting."""

    collected: _Collected
    problems: list[Problem]
    warnings: list[Problem]
    seconds: tuple[float, float] = (0.0, 0.0)
    from_cache: bool = False
    #: The digests of the bytes read (by path in the seeds, as :meth:`_ArticleJob.key` takes them):
    #: the part is cached under the key of what was read, even if a file changed since its key was made.
    digests: dict[str, bytes] = attrs.field(factory=dict)


_ARTICLES_PER_WORKER = 200  # below this, starting processes costs more than it saves
_worker_registry: Registry | None = None


def _read_articles(
    jobs: list[_ArticleJob],
    registry: Registry,
    keys: list[str],
    present: set[str],
    missing: list[_ArticleJob],
    cache: ArticleCache | None,
    pool: ProcessPoolExecutor | None,
    rekey: Callable[[_ArticleJob, dict[str, bytes]], str],
) -> Iterator[_ArticlePart]:
    """Each job's part, in job order: from the cache where ``present`` says it has one (``keys``
    are the jobs' cache keys), else read, by the ``pool``'s processes when there is one.

    Parts are made and handed on one at a time and cached a batch at a time, so that no more
    than a batch of them is held twice (as records and as bytes). A part read is cached under the
    key ``rekey`` makes of its job and the digests of the bytes it read: a file edited after its
    key was made is cached as what it now is, not as what it was.
    """
    if pool is None:
        fresh: Iterator[bytes] = (_pickled(_read_article_job(job, registry)) for job in missing)
    else:
        fresh = _read_ahead(pool, missing)
    for begin in range(0, len(jobs), _BATCH):
        batch = range(begin, min(begin + _BATCH, len(jobs)))
        stored = cache.get_many(keys[i] for i in batch if keys[i] in present) if cache else {}
        to_store = []
        for i in batch:
            if keys and keys[i] in present:
                data = stored.get(keys[i])
                if data is None:  # the cache was damaged since it was asked: read it here
                    data = _pickled(_read_article_job(jobs[i], registry))
                cached: _ArticlePart = pickle.loads(data)  # our own cache, see jacksonpd.collect.cache
                yield attrs.evolve(cached, seconds=(0.0, 0.0), from_cache=True)
                continue
            data = next(fresh)
            part = pickle.loads(data)  # our own bytes, from our own process
            if cache is not None and not part.problems:
                to_store.append((rekey(jobs[i], dict(part.digests)), data))
            yield part
        if cache is not None and to_store:
            cache.put_many(to_store)


_BATCH = 1000  # articles handed on (and cached) at a time


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
    digests: dict[str, bytes],
    root: Path | None = None,
) -> dict[Path, Callable[[], _IncidentRead]]:
    """For each incident file, a function giving :func:`_read_incident_file`'s result for it: from
    the cache when this code read the same bytes before, else read (by the ``pool``, started now,
    when there is one) and then cached. With a ``scratch`` folder, incidents read are spilled there.
    ``digests`` are as :func:`read_all` takes them: a file's is used (and taken out) for its key."""
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


def _pickled(part: object) -> bytes:
    return pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL)


def _set_worker_registry(registry: Registry) -> None:
    global _worker_registry  # one per worker process, set as it starts
    _worker_registry = registry


def _read_ahead(pool: ProcessPoolExecutor, jobs: list[_ArticleJob]) -> Iterator[bytes]:
    """Each job's part, pickled, in order, read by the ``pool``: like ``pool.map``, but with only a
    few chunks read ahead of the caller, so that parts do not pile up when the caller is slower."""
    pending: collections.deque[Future[list[bytes]]] = collections.deque()
    for begin in range(0, len(jobs), _CHUNK):
        pending.append(pool.submit(_read_in_worker, jobs[begin : begin + _CHUNK]))
        if len(pending) > _CHUNKS_AHEAD:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


_CHUNK = 16  # articles a worker reads at a time
_CHUNKS_AHEAD = 8  # chunks read ahead of the build: enough to keep the readers busy


def _read_in_worker(jobs: list[_ArticleJob]) -> list[bytes]:
    assert _worker_registry is not None
    return [_pickled(_read_article_job(job, _worker_registry)) for job in jobs]


def _read_article_job(job: _ArticleJob, registry: Registry) -> _ArticlePart:
    """Read one article and its annotation into records; with ``job.quotes``, its uncovered quotes."""
    began = time.perf_counter()
    collected = _Collected()
    digests: dict[str, bytes] = {}
    shown = job.shown
    article_shown = f"{shown}/articles/{job.article.name}"
    article, problems = read_article(job.article, article_shown)
    if article is None:
        collected.incomplete = True  # its source is missing: references to it are not checked
    if article is not None and job.annotation is None:
        problems.append(
            Problem(
                code="missing-file",
                path=article_shown,
                message=f"no annotation {shown}/annotations/{article.source_id}.yaml; "
                "draft one with `jacksonpd extract`",
            )
        )
    elif article is not None and (annotation := job.annotation) is not None:
        ann_shown = f"{shown}/annotations/{annotation.name}"
        read_digest = _annotate(article, annotation, ann_shown, registry, collected, problems)
        digests[f"articles/{job.article.name}"] = bytes.fromhex(article.sha256)
        if read_digest is not None:
            digests[f"annotations/{annotation.name}"] = read_digest
        if not problems:  # the invariants the published records must hold (the build's to report)
            problems += check_dataset(Dataset(as_of=None, **collected.records))
    problems += collected.problems
    collected.problems = []  # handed on with the part's own problems, once
    read = time.perf_counter()
    warnings = []
    if job.quotes and article is not None and not problems:
        spans = [(s.start, s.end) for s in collected.records["statements"]]
        warnings = _uncovered(article, spans, registry, shown)
    if job.columns is not None:
        collected = collected.as_rows(job.columns)
    seconds = (read - began, time.perf_counter() - read)
    return _ArticlePart(collected, problems, warnings, seconds, digests=digests)


def _read_incidents(
    root: Path,
    shown: str,
    registry: Registry,
    out: _Collected,
    problems: list[Problem],
    as_of: dt.date | None,
    incident_files: dict[Path, Callable[[], _IncidentRead]],
    cache: ArticleCache | None,
) -> Registry:
    """Take in the incident files (as :func:`_incident_reader` reads them) and read the release
    policy; return the registry with the files' agencies."""
    files: list[tuple[Located, IncidentFile, _Batches]] = []
    latest = out.latest  # of every date in the inputs: the default as_of
    for path in list(incident_files):
        read = incident_files.pop(path)()  # dropped once taken in
        problems += read.problems
        if read.doc is not None and read.parsed is not None:
            files.append((read.doc, read.parsed, read.batches))
            if read.latest is not None and (latest is None or read.latest > latest):
                latest = read.latest
        # Its agencies are unknown (a file that could not be read at all, too): skip checks that
        # need them.
        out.incomplete |= read.incomplete or read.doc is None
    organizations = {o.organization_id: o for o in registry.organizations}
    known = registry.organization_ids()
    for doc, parsed, _ in files:
        if parsed.data_source != "curated" and parsed.data_source not in DATASETS:
            problems.append(
                Problem(
                    code="type-error",
                    path=doc.path,
                    line=doc.line(("data_source",)),
                    field="data_source",
                    found=f'"{parsed.data_source}"',
                    expected=f"curated or one of {', '.join(DATASETS)}",
                )
            )
        for i, a in enumerate(parsed.agencies):
            if a.id in organizations:  # the registry's entry wins, and takes what it lacks
                have = organizations[a.id]
                organizations[a.id] = attrs.evolve(
                    have,
                    state=have.state or a.state,
                    ori=have.ori or a.ori,
                    wapo_agency_id=have.wapo_agency_id or a.wapo_agency_id,
                )
                continue
            known.add(a.id)
            organization = _record(
                Organization,
                doc,
                ("agencies", i),
                problems,
                organization_id=a.id,
                name=a.name,
                kind=a.kind,
                state=a.state,
                ori=a.ori,
                wapo_agency_id=a.wapo_agency_id,
            )
            if organization is not None:
                organizations[a.id] = organization
                problems += _plausible_at(doc, ("agencies", i), organization)
    registry = attrs.evolve(registry, organizations=tuple(organizations.values()))

    policy_doc: Located | None = None
    rules = []
    arrangements = []
    policy_path = root / "policy.yaml"
    if policy_path.exists():
        policy_doc, doc_problems = read_yaml(policy_path, f"{shown}/policy.yaml")
        problems += doc_problems
        if policy_doc is not None and policy_doc.data is not None:
            parsed_policy = _structure(policy_doc, (), policy_doc.data, PolicyFile, problems)
            if parsed_policy is not None:
                for i, r in enumerate(parsed_policy.release_rules):
                    if r.agency not in known and not (out.incomplete or registry.unchecked):
                        problems.append(
                            _unknown(
                                policy_doc, ("release_rules", i, "agency"), r.agency, "organization", known
                            )
                        )
                rules = rules_from(parsed_policy.release_rules)
                arrangements = arrangements_from(parsed_policy.investigating_arrangements)
                for kind, found in (
                    ("release_rules", check_release_rules(rules)),
                    ("investigating_arrangements", check_arrangements(arrangements)),
                ):
                    for i, field, got, expected, code in found:
                        problems.append(
                            Problem(
                                code=code,
                                path=policy_doc.path,
                                line=policy_doc.line((kind, i, field)),
                                field=field,
                                found=got,
                                expected=expected,
                            )
                        )
                for i, entry in enumerate(parsed_policy.investigating_arrangements):
                    akey: tuple[str | int, ...] = ("investigating_arrangements", i)
                    for ref_key, value in (
                        ("investigating_agency", entry.investigating_agency),
                        ("subject_agency", entry.subject_agency),
                    ):
                        if value is not None and value not in known and not registry.unchecked:
                            problems.append(
                                _unknown(policy_doc, (*akey, ref_key), value, "organization", known)
                            )
                    for n, source in enumerate(entry.sources):
                        if source not in out.referred["sources"]:
                            if out.incomplete:
                                continue  # an article could not be read: its source is missing
                            problems.append(
                                _unknown(
                                    policy_doc,
                                    (*akey, "sources", n),
                                    source,
                                    "source",
                                    out.referred["sources"],
                                )
                            )
                            continue
                        out.add(
                            policy_doc,
                            (*akey, "sources", n),
                            Claim(
                                claim_id=f"{entry.id}-{source}",
                                record_resource="investigating_arrangements",
                                record_id=entry.id,
                                source_id=source,
                            ),
                        )
    sources, policies = out.referred["sources"], out.referred["policies"]
    for i, rule in enumerate(rules):
        assert policy_doc is not None
        key: tuple[str | int, ...] = ("release_rules", i)
        if rule.policy_id is not None and rule.policy_id not in policies and not out.incomplete:
            problems.append(_unknown(policy_doc, (*key, "policy"), rule.policy_id, "policy", policies))
        if rule.source_id is not None and rule.source_id not in sources:
            problems.append(_unknown(policy_doc, (*key, "source"), rule.source_id, "source", sources))
        out.add(policy_doc, key, rule)
    for i, arrangement in enumerate(arrangements):
        assert policy_doc is not None
        akey = ("investigating_arrangements", i)
        if arrangement.policy_id is not None and arrangement.policy_id not in policies and not out.incomplete:
            problems.append(
                _unknown(policy_doc, (*akey, "policy"), arrangement.policy_id, "policy", policies)
            )
        out.add(policy_doc, akey, arrangement)
    additions = {a.id: a for _, parsed, _ in files for a in parsed.additions}

    today = dt.date.today()
    # By default, the latest date in the inputs, but never a date to come: an incident wrongly
    # dated 2999 must not publish every name as of 2999 (it is reported, see plausible).
    when = as_of or min(latest or today, today)
    # Incidents are checked and published independently of each other: a batch at a time, so that
    # the records of only one batch are held.
    for doc, parsed, batches in files:
        begin = 0
        for data in batches.each(cache):
            batch: _Batch = pickle.loads(data)  # our own bytes, from our own code
            if additions:
                batch = tuple((with_addition(c, additions.pop(c.id, None)), lines) for c, lines in batch)
            unsafe = set()
            for i, (incident, lines) in enumerate(batch, start=begin):
                key = ("incidents", i)
                at = Located(None, doc.path, _ItemLines(key, lines, doc.lines))
                problems += _incident_problems(at, key, incident, known, sources, registry, today)
                named = _officer_problems(at, key, incident, today, when, private=_is_private(doc.path))
                if named:
                    problems += named
                    unsafe.add(i - begin)  # not published: its records could hold the name
            if unsafe:
                batch = tuple(item for n, item in enumerate(batch) if n not in unsafe)
            published_incidents, officers, links = _released(
                doc, batch, begin, parsed, rules, when, problems, arrangements
            )
            # A batch's records go to the store together (each kind in one insert).
            kept = [lines for _, lines in batch]
            out.add_many(
                published_incidents,
                [f"{doc.path}:{lines.get((), 0)}" for lines in kept],
                functools.partial(_field_line, kept),
            )
            officer_places = [
                f"{doc.path}:{lines.get(('officers', n), 0)}"
                for incident, lines in batch
                for n, _ in enumerate(incident.officers)
            ]
            out.add_many(officers, officer_places)
            out.add_many(links, officer_places)
            begin += len(batch)
    for doc, parsed, _ in files:
        for i, addition in enumerate(parsed.additions):
            if addition.id in additions:
                problems.append(_unknown(doc, ("additions", i, "id"), addition.id, "incident", set()))
    out.as_of = when
    return registry


def _field_line(lines: list[dict[tuple[str | int, ...], int]], n: int, field: str) -> int | None:
    """The line of a field of the ``n``-th incident of a batch, from the lines kept with it."""
    return lines[n].get((field,))


#: The words of a name that, standing alone, would still name the officer (initials do not).
