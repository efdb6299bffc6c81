"""Reading the articles (each with its annotation) over the machine's cores and through the
cache: a job an article, read by a pool of worker processes a chunk at a time, handed on in
order and cached a batch at a time.

What an article and an annotation mean is :mod:`jacksonpd.seeds.article` and
:mod:`jacksonpd.seeds.annotation`.
"""

from __future__ import annotations

import collections
import hashlib
import pickle
import time
from collections.abc import Iterator, Mapping, MutableMapping
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

import attrs

from ..check.invariants import check_dataset
from ..dataset import Dataset
from ..errors import Problem
from ..seeds.annotation import _annotate, _uncovered
from ..seeds.article import read_article
from ..seeds.registry import Registry
from .cache import ArticleCache, file_digest
from .collected import _Collected


@attrs.frozen
class ArticleJob:
    """One article to read, with its annotation if it has one: what a worker is sent (small, as
    its registry is sent once, as the worker starts)."""

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

    def key(self, context: bytes, digests: MutableMapping[str, bytes]) -> str:
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
class ArticlePart:
    """One article's records, problems and warnings, and the seconds spent reading and extracting."""

    collected: _Collected
    problems: list[Problem]
    warnings: list[Problem]
    seconds: tuple[float, float] = (0.0, 0.0)
    from_cache: bool = False
    #: The digests of the bytes read (by path in the seeds, as :meth:`ArticleJob.key` takes them):
    #: the part is cached under the key of what was read, even if a file changed since its key was made.
    digests: dict[str, bytes] = attrs.field(factory=dict)


#: In a worker process, the registry every job is read with (see :func:`_set_worker_registry`).
_worker_registry: Registry | None = None


def read_parts(
    jobs: list[ArticleJob],
    registry: Registry,
    keys: list[str],
    present: set[str],
    missing: list[ArticleJob],
    cache: ArticleCache | None,
    pool: ProcessPoolExecutor | None,
    context: bytes,
) -> Iterator[ArticlePart]:
    """Each job's part, in job order: from the cache where ``present`` says it has one (``keys``
    are the jobs' cache keys), else read, by the ``pool``'s processes when there is one.

    Parts are made and handed on one at a time and cached a batch at a time, so that no more
    than a batch of them is held twice (as records and as bytes). A part read is cached under the
    key of its job (:meth:`ArticleJob.key`, with ``context``) made of the digests of the bytes it
    read: a file edited after its key was made is cached as what it now is, not as what it was.
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
                cached: ArticlePart = pickle.loads(data)  # our own cache, see jacksonpd.collect.cache
                yield attrs.evolve(cached, seconds=(0.0, 0.0), from_cache=True)
                continue
            data = next(fresh)
            part = pickle.loads(data)  # our own bytes, from our own process
            if cache is not None and not part.problems:
                to_store.append((jobs[i].key(context, dict(part.digests)), data))
            yield part
        if cache is not None and to_store:
            cache.put_many(to_store)


_BATCH = 1000  # articles handed on (and cached) at a time


def _pickled(part: object) -> bytes:
    return pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL)


def _set_worker_registry(registry: Registry) -> None:
    global _worker_registry  # one per worker process, set as it starts
    _worker_registry = registry


def _read_ahead(pool: ProcessPoolExecutor, jobs: list[ArticleJob]) -> Iterator[bytes]:
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


def _read_in_worker(jobs: list[ArticleJob]) -> list[bytes]:
    assert _worker_registry is not None
    return [_pickled(_read_article_job(job, _worker_registry)) for job in jobs]


def _read_article_job(job: ArticleJob, registry: Registry) -> ArticlePart:
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
    return ArticlePart(collected, problems, warnings, seconds, digests=digests)
