"""``build()``: seeds -> typed records -> validated data package, published atomically.

The build writes everything into a temporary folder beside ``datapackage/``, validates it there
against the Table Schemas (compiled, see :mod:`jacksonpd.check.tablecheck`) and jacksonpd's invariants,
and only then swaps it into place (DESIGN.md invariant 6). Any problem leaves the last good
publication exactly as it was.

This module is the order of the steps; how a build holds its lock (:mod:`jacksonpd.lock`),
stages and publishes its folder (:mod:`jacksonpd.staging`), skips a build that would change
nothing (:mod:`jacksonpd.uptodate`) and writes the CSVs and the database at once
(:mod:`jacksonpd.forked`) are modules of their own.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import json
import os
import shutil
import sqlite3
import time
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import attrs

from .collect.cache import ArticleCache, DigestFile, code_digest, files_digest
from .collect.tree import SeedsRead, read_all
from .dataset import Dataset, load
from .errors import JacksonpdError, Problem
from .forked import both
from .incremental import Patch, Plan, keep, lent, output_state, patch, plan, settings
from .lock import build_lock
from .models import RECORD_TYPES
from .publish import datasette_metadata, write_package
from .publish.csv_splice import check_written, keep_index
from .publish.descriptor import read_lean
from .publish.rows import RowStore
from .publish.rows import counts as row_counts
from .publish.sqlite import DATABASE, table_columns
from .publish.sqlite_patch import Previous, write_database
from .publish.workbook import write_workbook
from .release.corrections import add_corrections
from .release.version import finish_release
from .schemas import Schemas, load_schemas
from .staging import compare_packages, package_files, publish_folder, recover_publication, staging_folder
from .uptodate import fingerprint, last_build, remember, touched_since
from .validate import check_database

__all__ = ["BuildResult", "build"]

OUTPUT = "datapackage"
#: What the last build read and wrote, to skip a build that would change nothing (not published).
INPUTS = f".{OUTPUT}-inputs.json"
#: Each article's records and warnings from earlier builds (:mod:`jacksonpd.collect.cache`; not published).
CACHE = f".{OUTPUT}-cache.sqlite"
#: Each seed file's stat and digest, so that an unchanged rebuild reads none
#: (:mod:`jacksonpd.collect.statcache`; not published).
STATS = f".{OUTPUT}-stats"
#: The last build's rows and what it was built from, so that the next republishes only what
#: changed (:mod:`jacksonpd.incremental`; owner-only, not published).
KEPT = f".{OUTPUT}-kept.sqlite"
_KEPT_NEW = f".{OUTPUT}-kept.new"  # a build's rows until it is published
_DIGESTS = f".{OUTPUT}-digests.new"  # the seed files' digests while a build runs (owner-only)
METADATA = "metadata.json"
#: The date the last build was asked to publish names as of (absent: the default), so that
#: `jacksonpd serve` rebuilds as of the same date and never publishes what it withheld (not published).
AS_OF = f".{OUTPUT}-as-of"


@attrs.frozen(kw_only=True)
class BuildResult:
    """What a build published (or, with ``check``, compared).

    ``counts`` and ``warnings`` are there even when the build was skipped because nothing it
    reads had changed since the last one (``skipped``).
    """

    path: Path
    files: tuple[str, ...]
    changed: tuple[str, ...] = ()
    counts: dict[str, int] = attrs.field(factory=dict)
    warnings: tuple[Problem, ...] = ()
    #: Seconds spent in each stage, in order: read, extract, check, write CSV, validate, SQLite,
    #: release (the comparison with the previous release), metadata.
    #: A large package's CSVs and database are written at once, so the sum can exceed the wall time.
    timings: dict[str, float] = attrs.field(factory=dict)
    skipped: bool = False
    #: The date officers' names were published as of.
    as_of: dt.date | None = None
    #: How many articles were read again when only what changed was republished (the rest of the
    #: rows kept from the last build); ``None`` when everything was read.
    republished: int | None = None
    _loaded: list[Dataset] = attrs.field(factory=list, eq=False, repr=False, alias="_loaded")

    @property
    def dataset(self) -> Dataset | None:
        """The published records, read from the package on first use (the build itself keeps
        none in memory); ``None`` when the build was skipped."""
        if self.skipped:
            return None
        if not self._loaded:
            self._loaded.append(load(self.path))
        return self._loaded[0]


def build(
    root: str | Path = ".",
    *,
    check: bool = False,
    as_of: dt.date | None = None,
    force: bool = False,
    since: str | None = None,
    require_corrections: bool = True,
) -> BuildResult:
    """Build ``<root>/datapackage/`` from ``<root>/seeds/`` and ``<root>/schemas/``.

    With ``check=True`` nothing is published: the build is compared with the committed
    ``datapackage/`` and :class:`JacksonpdError` lists every file that differs.
    Officers' names are published only where released by ``as_of`` (by default the latest
    date in the inputs). Raises :class:`JacksonpdError` with every problem found in the inputs.
    A build whose inputs (seeds, schemas, this version of jacksonpd, ``as_of``) and output are
    exactly as the last build left them does nothing, unless ``force``.
    The data version, release date and notes follow from what changed since the previous
    release (see :mod:`jacksonpd.release.version`; ``since`` names it), and a changed published value
    needs its entry in ``seeds/corrections.yaml`` unless ``require_corrections`` is false (for
    experiments on a copy, never for a release).
    """
    root = Path(root)
    with _io_errors(root), build_lock(root / f".{OUTPUT}-lock") as began:
        recover_publication(root / OUTPUT)
        for stale in root.glob(f".{OUTPUT}-build-*"):
            shutil.rmtree(stale, ignore_errors=True)  # left by a killed build; we hold the lock
        if check:
            return _build(root, check=True, as_of=as_of, since=since, strict=require_corrections)
        if as_of is not None:  # before anything is published: a later serve keeps to it
            _write_private(root / AS_OF, f"{as_of.isoformat()}\n")
        # Taken before the build reads anything: a seed edited while it runs is a change next time.
        # Each seed file's digest: the read makes its cache keys from them, taking them out.
        # In a scratch file, not in memory (see DigestFile); removed as the build ends.
        seeds = DigestFile(root / _DIGESTS)
        try:
            return _fingerprinted_build(root, seeds, began, as_of, force, since, require_corrections)
        finally:
            seeds.close()


def _fingerprinted_build(
    root: Path,
    seeds: DigestFile,
    began: int,
    as_of: dt.date | None,
    force: bool,
    since: str | None,
    require_corrections: bool,
) -> BuildResult:
    """:func:`build` once its lock is held: skipped if nothing changed, else built (by the short
    path where it can be), and what the next build needs kept; ``seeds`` receives each seed
    file's digest."""
    digest = fingerprint(root, as_of, seeds, root / STATS, began)
    if since is not None:  # another previous release: another version and notes
        digest = hashlib.sha256(f"{digest} since {since}".encode()).hexdigest()
    if not force and (last := last_build(root / INPUTS, root / OUTPUT, digest)) is not None:
        return BuildResult(path=root / OUTPUT, skipped=True, **last)
    today = dt.date.today()
    wanted = settings(code_digest(), files_digest(root / "schemas"), as_of)
    short = None if force else plan(root / KEPT, root / "seeds", seeds, root / OUTPUT, wanted)
    (root / _KEPT_NEW).unlink(missing_ok=True)
    result = _build(
        root, check=False, as_of=as_of, digests=seeds, since=since, strict=require_corrections, plan=short
    )
    _keep_state(root, began, result, digest, wanted, today, seeds)
    if as_of is None:  # after publishing: until then, a serve keeps to the earlier date
        (root / AS_OF).unlink(missing_ok=True)
    return result


@contextmanager
def _io_errors(root: Path) -> Iterator[None]:
    """Turn a file that cannot be read or written (permission denied, a read-only folder, a
    full disk) into a problem naming it; what was published before stays as it was."""
    try:
        yield
    except (OSError, sqlite3.OperationalError) as exc:
        if isinstance(exc, OSError):
            name = exc.filename if isinstance(exc.filename, str) else None
            why = exc.strerror or str(exc)
        else:
            name, why = None, str(exc)
        where = name or str(root)
        with contextlib.suppress(ValueError):
            where = Path(where).resolve().relative_to(root.resolve()).as_posix()
        problem = Problem(code="io-error", path=where, message=why)
        raise JacksonpdError(
            [problem], "a file could not be read or written; nothing was published"
        ) from None


def requested_as_of(root: str | Path) -> dt.date | None:
    """The date the last build of ``root`` was asked to publish officers' names as of, if one
    was (``jacksonpd build --as-of``); ``None`` if it built with the default date."""
    path = Path(root) / AS_OF
    try:
        text = path.read_text(encoding="utf-8").strip()
        return dt.date.fromisoformat(text)
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        problem = Problem(
            code="value-error",
            path=AS_OF,
            found="a file that cannot be read as a date",
            expected="the YYYY-MM-DD date of the last `jacksonpd build --as-of`",
            message="run `jacksonpd build --as-of DATE` (or `jacksonpd build`) again",
        )
        raise JacksonpdError([problem], "the date the last build was asked for is unreadable") from None


def _keep_state(
    root: Path,
    began: int,
    result: BuildResult,
    fingerprinted: str,
    wanted: dict[str, Any],
    today: dt.date,
    digests: DigestFile,
) -> None:
    """Keep what the next build needs to be skipped (``fingerprinted``: what this one read) or to
    take the short path (``digests``: a file of the seed files' digests), unless a seed or a
    schema changed while this one ran: then the next must read everything."""
    if touched_since(began, root / "seeds", root / "schemas"):
        # What was read may not be what the fingerprint hashed: the next build must not be
        # skipped, even if the files are put back as they were, nor patch what it kept.
        (root / INPUTS).unlink(missing_ok=True)
        (root / KEPT).unlink(missing_ok=True)
        (root / _KEPT_NEW).unlink(missing_ok=True)
        return
    remember(root / INPUTS, root / OUTPUT, fingerprinted, result.counts, result.warnings)
    record = {
        "settings": wanted,
        "output": output_state(root / OUTPUT),
        "when": None if result.as_of is None else result.as_of.isoformat(),
        "today": today.isoformat(),
        "warnings": [attrs.asdict(w) for w in result.warnings],
    }
    keep(root / _KEPT_NEW, root / KEPT, digests.items(), record)


def _write_private(path: Path, text: str) -> None:
    """Write ``path`` whole (by a rename), readable by its owner alone."""
    tmp = path.with_name(f"{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    tmp.replace(path)


def _build(
    root: Path,
    *,
    check: bool,
    as_of: dt.date | None,
    digests: MutableMapping[str, bytes] | None = None,
    since: str | None = None,
    strict: bool = True,
    plan: Plan | None = None,
) -> BuildResult:
    """Read, write and check the package in a staging folder, then publish it (or, with
    ``check``, compare it with what is published); with a ``plan``, from the last build's rows
    with those of the changed articles replaced, if that proves safe."""
    target = root / OUTPUT
    timings: dict[str, float] = {}
    stage = functools.partial(_timed, timings)
    with stage("read"):
        schemas = load_schemas(root / "schemas", checked=plan is not None)  # as the kept build's
    # Records go to disk as they are read (see jacksonpd.publish.rows); not published. On the short
    # path, the kept store is lent to the build, and given back unless it publishes.
    with staging_folder(target) as staging, lent(staging / ".rows.sqlite", root / KEPT) as rows:
        patched = None if plan is None else _patched(root, plan, rows, schemas, digests)
        republished = None if patched is None or plan is None else len(plan.stems)
        if patched is None:
            read = _read(root, rows, schemas, check=check, as_of=as_of, digests=digests)
        else:
            read = patched.read
        for name, seconds in read.timings.items():
            timings[name] = timings.get(name, 0.0) + seconds
        corrections = add_corrections(root / "seeds", rows)  # seeds/corrections.yaml, if any
        counts = row_counts(rows)
        # On the short path, the published database is patched rather than written whole.
        previous = None if patched is None else Previous(target / DATABASE, patched.keys)
        problems, database_problems = _write(staging, rows, schemas, counts, read.as_of, timings, previous)
        release_times: dict[str, float] = {}
        if not problems:  # checked against the previous release, then versioned (jacksonpd.release.version)
            with _timed(release_times, "release"):
                finish_release(root, staging, rows, corrections, counts, since=since, strict=strict)
        if check:
            rows.unlink()
        elif not problems:  # kept once published (see jacksonpd.incremental); never published itself
            rows.chmod(0o600)
            rows.replace(root / _KEPT_NEW)
        timings.update(release_times)
        if not problems:  # a database of invalid rows has problems of its own: not worth listing
            problems += database_problems
        if problems:
            raise JacksonpdError(
                [attrs.evolve(p, path=p.path.replace(str(staging), OUTPUT)) for p in problems],
                "the built package is not valid; nothing was published",
            )
        with stage("metadata"):
            _write_metadata(staging, counts)
        files = tuple(sorted(package_files(staging)))
        result = BuildResult(
            path=target,
            files=files,
            counts=counts,
            warnings=read.warnings,
            timings=timings,
            as_of=read.as_of,
            republished=republished,
        )
        if check:
            _compare_with_published(staging, target)
            return result
        changed_names = tuple(name for name, _ in compare_packages(staging, target))
        staging.chmod(0o755)  # private while it was built; the publication is for everyone to read
        publish_folder(staging, target)
    return attrs.evolve(result, changed=changed_names)


def _read(
    root: Path,
    rows: Path,
    schemas: Schemas,
    *,
    check: bool,
    as_of: dt.date | None,
    digests: MutableMapping[str, bytes] | None,
) -> SeedsRead:
    """Read the seeds into the row store at ``rows``, through the article cache unless ``check``."""
    store = RowStore(rows, schemas)
    # --check compares what the seeds build now with what is committed: it trusts no cache.
    cache = None if check else ArticleCache(root / CACHE)
    read = None
    try:
        read = read_all(root / "seeds", as_of=as_of, cache=cache, store=store, digests=digests)
    finally:
        store.close()
        if cache is not None:
            cache.close(prune=read is not None)  # after a failed read, keep what is still good
    return read


def _patched(
    root: Path, plan: Plan, rows: Path, schemas: Schemas, digests: MutableMapping[str, bytes] | None
) -> Patch | None:
    """The last build's rows with the changed articles' replaced, at ``rows`` (see
    :func:`jacksonpd.incremental.patch`); ``None`` when everything must be read."""
    cache = ArticleCache(root / CACHE)
    try:
        return patch(plan, root / "seeds", rows, schemas, cache, {} if digests is None else digests)
    finally:
        cache.close(prune=False)  # the articles not read again are still the publication's


def _write(
    staging: Path,
    rows: Path,
    schemas: Schemas,
    counts: dict[str, int],
    as_of: dt.date | None,
    timings: dict[str, float],
    previous: Previous | None = None,
) -> tuple[list[Problem], list[Problem]]:
    """Write the CSVs and the database from ``rows`` and check each: the problems of the CSVs
    (against the Table Schemas), then those of the database (patched from ``previous`` where it
    can be). Each stage's time goes into ``timings``."""
    tables = {cls.resource: schemas.tables[cls.resource] for cls in RECORD_TYPES}

    def package() -> tuple[list[Problem], dict[str, float], object]:
        times: dict[str, float] = {}  # the CSVs spliced from the published ones where they can be
        with _timed(times, "write CSV"):
            written = write_package(rows, schemas, staging, as_of=as_of, published=staging.parent / OUTPUT)
        with _timed(times, "validate"):
            return check_written(staging, tables, OUTPUT, rows, written), times, written

    def database() -> tuple[list[Problem], dict[str, float]]:
        times: dict[str, float] = {}
        with _timed(times, "SQLite"):
            try:  # the tables a patch changed (the rest were checked as published), or None
                tables = write_database(rows, schemas, staging / DATABASE, previous)
            except (sqlite3.IntegrityError, OverflowError) as exc:
                # A value the database's constraints refuse: the CSVs' validation (which
                # runs meanwhile) says which and where; this is said only if it did not.
                problem = Problem(
                    code="database-error",
                    path=f"{OUTPUT}/{DATABASE}",
                    message=f"a value breaks the database's constraints ({exc})",
                )
                return [problem], times
            return check_database(staging / DATABASE, counts, thorough=False, tables=tables), times

    # The CSVs and the database are written from the same rows and read nothing of each
    # other: for a large package, one is written by a forked process while this one writes
    # the other. Each stage's time is its own, so together they exceed the wall time.
    (problems, package_times, written), (database_problems, database_times) = both(
        package, database, parallel=sum(counts.values()) >= _ROWS_FOR_TWO_PROCESSES
    )
    keep_index(rows, getattr(written, "indexes", None))  # where the next build may splice
    timings.update(package_times)
    timings.update(database_times)
    return problems, database_problems


def _write_metadata(staging: Path, counts: dict[str, int]) -> None:
    """Write the site's metadata and the workbook, from the package already in ``staging``."""
    # Neither needs the list of sources, which grows with the package.
    descriptor = read_lean(staging / "datapackage.json")
    metadata = datasette_metadata(descriptor, table_columns(staging / DATABASE), counts)
    (staging / METADATA).write_text(json.dumps(metadata, indent=2, ensure_ascii=False) + "\n")
    write_workbook(staging, descriptor, counts)  # for spreadsheets (small packages only)


def _compare_with_published(staging: Path, target: Path) -> None:
    """Raise :class:`JacksonpdError` naming every file of ``staging`` that differs from ``target``."""
    changed = compare_packages(staging, target)
    if changed:
        raise JacksonpdError(
            [Problem(code="stale-package", path=f"{OUTPUT}/{name}", message=why) for name, why in changed],
            f"{OUTPUT}/ is not what the seeds build; run `jacksonpd build` and commit it",
        )


_ROWS_FOR_TWO_PROCESSES = 10_000  # below this, a second process costs more than it saves


@contextmanager
def _timed(timings: dict[str, float], name: str) -> Iterator[None]:
    """Add the seconds the block takes to ``timings[name]``."""
    began = time.perf_counter()
    try:
        yield
    finally:
        timings[name] = timings.get(name, 0.0) + time.perf_counter() - began
