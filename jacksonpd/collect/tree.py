"""Read the whole of ``seeds/``: list what is there, and read it all in order, all or nothing.

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
The articles are read by :mod:`~jacksonpd.collect.articles`, the incident files by
:mod:`~jacksonpd.collect.incident_files` and taken in, with the policy, by
:mod:`~jacksonpd.collect.incidents`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
import time
from collections.abc import Callable, Iterable, MutableMapping
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import attrs

from ..check.incident_checks import PRIVATE
from ..dataset import Dataset
from ..errors import JacksonpdError, Problem
from ..models import ID_PATTERN, record_key
from ..publish.rows import RowStore
from ..seeds.registry import Registry, read_registry
from ..seeds.yamlio import PlaceLines
from .articles import ArticleJob, ArticlePart, _set_worker_registry, read_parts
from .cache import ArticleCache, code_digest, files_digest
from .collected import _Collected
from .incident_files import _incident_paths, _incident_reader, _IncidentRead
from .incidents import _read_incidents

__all__ = ["SeedsRead", "read_all", "read_seeds"]


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
    digests: MutableMapping[str, bytes] | None = None,
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
    tree_problems, refused = _tree_problems(root, shown)
    problems += tree_problems
    jobs = _article_jobs(root, shown, quotes, store, refused, problems)
    out = _Collected(store)
    out.incomplete = bool(refused)  # what refused files hold is unknown: skip checks that need it
    keys, present, context = cache_keys(jobs, cache, root, digests)
    missing = [job for i, job in enumerate(jobs) if not keys or keys[i] not in present]
    workers = min(os.cpu_count() or 1, len(missing) // _ARTICLES_PER_WORKER)
    with contextlib.ExitStack() as stack:
        scratch = _scratch(stack, store)
        pool = _pool(stack, workers, registry)
        # Incident files are parsed by the readers too, first, while this process takes in articles.
        incident_files = _incident_files(root, shown, refused, cache, pool, scratch, digests)
        parts = read_parts(jobs, registry, keys, present, missing, cache, pool, context)
        warnings, worked, cached = _merged(parts, out, problems)
        articles_done = time.perf_counter()
        from ..seeds.cited import read_cited  # the reports we cite: after the articles, before incidents

        read_cited(root, shown, registry, out, problems)
        registry = _read_incidents(root, shown, registry, out, problems, as_of, incident_files, cache)

    _add_registry(out, registry, shown)
    checked = time.perf_counter()
    _check_across(out, store, PlaceLines(root, shown), problems)
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


_ARTICLES_PER_WORKER = 200  # below this, starting processes costs more than it saves


def _article_jobs(
    root: Path, shown: str, quotes: bool, store: RowStore | None, refused: set[str], problems: list[Problem]
) -> list[ArticleJob]:
    """A job for each article to read, in the order of their names; with a problem if there are
    none, and for each annotation without its article."""
    # Names, not paths: a corpus of many articles holds a string for each, not a Path.
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
    return [ArticleJob(root, stem, stem in annotations, shown, quotes, columns) for stem in articles]


def cache_keys(
    jobs: list[ArticleJob], cache: ArticleCache | None, root: Path, digests: MutableMapping[str, bytes] | None
) -> tuple[list[str], set[str], bytes]:
    """The jobs' cache keys, those the ``cache`` has, and what every key covers beside the
    article (the registry and the code); none without a cache."""
    if cache is None:
        return [], set(), b""
    context = code_digest() + files_digest(root / "registry")
    keys = [job.key(context, {} if digests is None else digests) for job in jobs]
    return keys, cache.present(keys), context


def _scratch(stack: contextlib.ExitStack[bool | None], store: RowStore | None) -> Path | None:
    """Where a build's incidents wait on disk, beside its row store, until they can be published
    (removed as ``stack`` closes); none without a store."""
    if store is None:
        return None
    return Path(stack.enter_context(tempfile.TemporaryDirectory(dir=store.path.parent)))


def _pool(
    stack: contextlib.ExitStack[bool | None], workers: int, registry: Registry
) -> ProcessPoolExecutor | None:
    """The readers' processes (shut down as ``stack`` closes), each with the registry; none for
    fewer than two."""
    if workers < 2:
        return None
    return stack.enter_context(
        ProcessPoolExecutor(workers, initializer=_set_worker_registry, initargs=(registry,))
    )


def _incident_files(
    root: Path,
    shown: str,
    refused: set[str],
    cache: ArticleCache | None,
    pool: ProcessPoolExecutor | None,
    scratch: Path | None,
    digests: MutableMapping[str, bytes] | None,
) -> dict[Path, Callable[[], _IncidentRead]]:
    """A reader for each incident file not refused (see :func:`_incident_reader`), started now."""
    paths = [p for p in _incident_paths(root) if not _refused(p.relative_to(root).as_posix(), refused)]
    return _incident_reader(paths, shown, cache, pool, scratch, digests or {}, root)


def _merged(
    parts: Iterable[ArticlePart], out: _Collected, problems: list[Problem]
) -> tuple[list[Problem], list[float], int]:
    """Take in each article's part: its warnings, the seconds the readers spent reading and
    extracting, and how many came from the cache."""
    warnings: list[Problem] = []
    worked = [0.0, 0.0]  # seconds the readers spent reading and extracting
    cached = 0
    for part in parts:
        out.merge(part.collected)
        problems += part.problems
        warnings += part.warnings
        worked[0] += part.seconds[0]
        worked[1] += part.seconds[1]
        cached += part.from_cache
    return warnings, worked, cached


def _add_registry(out: _Collected, registry: Registry, shown: str) -> None:
    """Add the registry's organizations (with the incident files' agencies) and people to ``out``."""
    for records in (registry.organizations, registry.people):
        given: set[tuple[Any, ...]] = set()  # read_registry reported any id given twice
        for record in records:
            if record_key(record) not in given:
                given.add(record_key(record))
                # Checked for plausibility where read, with the lines of their fields.
                out.add_at(f"{shown}/registry/{record.resource}.yaml", record, check=False)


def _check_across(
    out: _Collected, store: RowStore | None, where: PlaceLines, problems: list[Problem]
) -> None:
    """The checks across every file, once all are read: ids unique, claims about records held;
    ``where`` finds the line of a record's place that a problem names, if not yet known."""
    if store is not None:
        store.finish()
    problems += out.duplicate_ids(where)
    from ..seeds.cited import claims_about_nothing  # each claim is about a record the package holds

    if not out.incomplete:  # a record that could not be read is not missing
        problems += claims_about_nothing(out.records if store is None else None, out.places, store, where)
    problems += out.problems


# -- what of the tree is read ------------------------------------------------------------------


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
