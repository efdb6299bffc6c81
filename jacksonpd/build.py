"""``build()``: seeds -> typed records -> validated data package, published atomically.

The build writes everything into a temporary folder beside ``datapackage/``, validates it there
against the Table Schemas (compiled, see :mod:`jacksonpd.check.tablecheck`) and jacksonpd's invariants,
and only then swaps it into place (DESIGN.md invariant 6). Any problem leaves the last good
publication exactly as it was.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import datetime as dt
import fcntl
import filecmp
import functools
import hashlib
import json
import multiprocessing
import os
import shutil
import signal
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from pathlib import Path
from typing import IO, TypeVar

import attrs

from .check.tablecheck import check_tables
from .collect.cache import ArticleCache, code_digest, files_digest
from .collect.tree import read_all
from .dataset import Dataset, load
from .errors import JacksonpdError, Problem
from .models import RECORD_TYPES
from .publish import datasette_metadata, write_package, write_sqlite
from .publish.rows import RowStore
from .publish.sqlite import DATABASE, database_digest, table_columns
from .publish.workbook import write_workbook
from .release.corrections import add_corrections
from .release.version import finish_release
from .schemas import load_schemas
from .validate import check_database

__all__ = ["BuildResult", "build"]

OUTPUT = "datapackage"
#: What the last build read and wrote, to skip a build that would change nothing (not published).
INPUTS = f".{OUTPUT}-inputs.json"
#: Each article's records and warnings from earlier builds (:mod:`jacksonpd.collect.cache`; not published).
CACHE = f".{OUTPUT}-cache.sqlite"
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
    with _io_errors(root), _lock(root) as began:
        _recover(root / OUTPUT)
        for stale in root.glob(f".{OUTPUT}-build-*"):
            shutil.rmtree(stale, ignore_errors=True)  # left by a killed build; we hold the lock
        if check:
            return _build(root, check=True, as_of=as_of, since=since, strict=require_corrections)
        if as_of is not None:  # before anything is published: a later serve keeps to it
            _write_private(root / AS_OF, f"{as_of.isoformat()}\n")
        # Taken before the build reads anything: a seed edited while it runs is a change next time.
        # Each seed file's digest: the read makes its cache keys from them, taking them out.
        seeds: dict[str, bytes] = {}
        fingerprint = _fingerprint(root, as_of, seeds)
        if since is not None:  # another previous release: another version and notes
            fingerprint = hashlib.sha256(f"{fingerprint} since {since}".encode()).hexdigest()
        if not force and (done := _unchanged(root, fingerprint)) is not None:
            return done
        result = _build(
            root, check=False, as_of=as_of, digests=seeds, since=since, strict=require_corrections
        )
        if _touched_since(began, root / "seeds", root / "schemas"):
            # What was read may not be what the fingerprint hashed: the next build must not be
            # skipped, even if the files are put back as they were.
            (root / INPUTS).unlink(missing_ok=True)
        else:
            _remember(root, fingerprint, result)
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
    digests: dict[str, bytes] | None = None,
    since: str | None = None,
    strict: bool = True,
) -> BuildResult:
    target = root / OUTPUT
    timings: dict[str, float] = {}
    stage = functools.partial(_timed, timings)
    with stage("read"):
        schemas = load_schemas(root / "schemas")
    with _staging(root) as staging:
        # Records go to disk as they are read (see jacksonpd.publish.rows); not published.
        rows = staging / ".rows.sqlite"
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
        for name, seconds in read.timings.items():
            timings[name] = timings.get(name, 0.0) + seconds
        corrections = add_corrections(root / "seeds", rows)  # seeds/corrections.yaml, if any
        counts = store.counts()
        tables = {cls.resource: schemas.tables[cls.resource] for cls in RECORD_TYPES}

        def package() -> tuple[list[Problem], dict[str, float]]:
            times: dict[str, float] = {}
            with _timed(times, "write CSV"):
                write_package(rows, schemas, staging, as_of=read.as_of)
            with _timed(times, "validate"):
                return check_tables(staging, tables, OUTPUT), times

        def database() -> tuple[list[Problem], dict[str, float]]:
            times: dict[str, float] = {}
            with _timed(times, "SQLite"):
                try:
                    write_sqlite(rows, schemas, staging / DATABASE)
                except (sqlite3.IntegrityError, OverflowError) as exc:
                    # A value the database's constraints refuse: the CSVs' validation (which
                    # runs meanwhile) says which and where; this is said only if it did not.
                    problem = Problem(
                        code="database-error",
                        path=f"{OUTPUT}/{DATABASE}",
                        message=f"a value breaks the database's constraints ({exc})",
                    )
                    return [problem], times
                return check_database(staging / DATABASE, counts, thorough=False), times

        # The CSVs and the database are written from the same rows and read nothing of each
        # other: for a large package, one is written by a forked process while this one writes
        # the other. Each stage's time is its own, so together they exceed the wall time.
        (problems, package_times), (database_problems, database_times) = _both(
            package, database, parallel=sum(counts.values()) >= _ROWS_FOR_TWO_PROCESSES
        )
        release_times: dict[str, float] = {}
        if not problems:  # checked against the previous release, then versioned (jacksonpd.release.version)
            with _timed(release_times, "release"):
                finish_release(root, staging, rows, corrections, counts, since=since, strict=strict)
        rows.unlink()
        timings.update(package_times)
        timings.update(database_times)
        timings.update(release_times)
        if not problems:  # a database of invalid rows has problems of its own: not worth listing
            problems += database_problems
        if problems:
            raise JacksonpdError(
                [attrs.evolve(p, path=p.path.replace(str(staging), OUTPUT)) for p in problems],
                "the built package is not valid; nothing was published",
            )
        with stage("metadata"):
            descriptor = json.loads((staging / "datapackage.json").read_text(encoding="utf-8"))
            metadata = datasette_metadata(descriptor, table_columns(staging / DATABASE), counts)
            (staging / METADATA).write_text(json.dumps(metadata, indent=2, ensure_ascii=False) + "\n")
            write_workbook(staging, descriptor, counts)  # for spreadsheets (small packages only)
        files = tuple(sorted(_files(staging)))
        result = BuildResult(path=target, files=files, counts=counts, warnings=read.warnings, timings=timings)
        if check:
            changed = _compare(staging, target)
            if changed:
                raise JacksonpdError(
                    [
                        Problem(code="stale-package", path=f"{OUTPUT}/{name}", message=why)
                        for name, why in changed
                    ],
                    f"{OUTPUT}/ is not what the seeds build; run `jacksonpd build` and commit it",
                )
            return result
        changed_names = tuple(name for name, _ in _compare(staging, target))
        staging.chmod(0o755)  # private while it was built; the publication is for everyone to read
        _publish(staging, target)
    return attrs.evolve(result, changed=changed_names)


_ROWS_FOR_TWO_PROCESSES = 10_000  # below this, a second process costs more than it saves
T = TypeVar("T")
U = TypeVar("U")


def _both(first: Callable[[], T], second: Callable[[], U], *, parallel: bool) -> tuple[T, U]:
    """``first()`` and ``second()``; with ``parallel``, ``first`` runs in a forked child meanwhile.

    The child inherits this process's memory (the records are not copied or pickled) and dies
    with it: a killed build leaves no writer behind. Its exception, if any, is raised here.
    """
    if not parallel or "fork" not in multiprocessing.get_all_start_methods():
        return first(), second()
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_run_child, args=(first, send, os.getpid()), daemon=True)
    child.start()
    send.close()
    received = False
    try:
        here = second()
        try:
            outcome, value = receive.recv()
            received = True
        except EOFError:
            msg = f"the process writing the package's files died (exit code {child.exitcode})"
            raise RuntimeError(msg) from None
    finally:
        if not received:
            child.kill()  # this process failed: the child's work is not wanted
        child.join()
        receive.close()
    if outcome == "error":
        raise value
    return value, here


def _run_child(work: Callable[[], object], send: Connection, parent: int) -> None:
    """In the forked child: die with the parent, do ``work``, send back its result or exception."""
    libc_name = ctypes.util.find_library("c")
    if libc_name is not None:
        pr_set_pdeathsig = 1
        ctypes.CDLL(libc_name).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)  # the parent died before the line above took effect
    try:
        result: tuple[str, object] = ("ok", work())
    except BaseException as exc:  # handed to the parent, which raises it
        result = ("error", exc)
    try:
        send.send(result)
    except Exception:  # one that cannot be pickled: send what it said
        send.send(("error", RuntimeError(repr(result[1]))))
    send.close()


@contextmanager
def _timed(timings: dict[str, float], name: str) -> Iterator[None]:
    began = time.perf_counter()
    try:
        yield
    finally:
        timings[name] = timings.get(name, 0.0) + time.perf_counter() - began


# -- skipping a build that would change nothing -----------------------------------------------------


def _fingerprint(root: Path, as_of: dt.date | None, seeds: dict[str, bytes]) -> str:
    """A digest of everything a build reads: seeds, schemas, jacksonpd's own code, ``as_of``;
    each seed file's own digest goes into ``seeds`` (by its path in ``seeds/``)."""
    digest = hashlib.sha256(f"as of {as_of}".encode())
    for part in (files_digest(root / "seeds", each=seeds), files_digest(root / "schemas"), code_digest()):
        digest.update(part)
    return digest.hexdigest()


def _touched_since(since: int, *folders: Path) -> bool:
    """Whether a file or folder under ``folders`` was modified (written, added, removed or
    renamed) after ``since``, a modification time in nanoseconds."""
    for folder in folders:
        try:
            if folder.stat().st_mtime_ns > since:
                return True
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.stat(follow_symlinks=False).st_mtime_ns > since:
                        return True
                    if entry.is_dir(follow_symlinks=False) and _touched_since(since, Path(entry.path)):
                        return True
        except FileNotFoundError:
            return True  # removed meanwhile
    return False


def _state(folder: Path) -> dict[str, list[int]]:
    """Size and modification time of every published file: a cheap test that nobody touched it."""
    return {
        name: [(stat := (folder / name).stat()).st_size, stat.st_mtime_ns] for name in sorted(_files(folder))
    }


def _unchanged(root: Path, fingerprint: str) -> BuildResult | None:
    record_path = root / INPUTS
    target = root / OUTPUT
    try:
        record = json.loads(record_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not target.is_dir() or record.get("fingerprint") != fingerprint:
        return None
    if record.get("output") != _state(target):
        return None
    return BuildResult(
        path=target,
        files=tuple(record["output"]),
        counts=record["counts"],
        warnings=tuple(Problem(**w) for w in record["warnings"]),
        skipped=True,
    )


def _remember(root: Path, fingerprint: str, result: BuildResult) -> None:
    record = {
        "fingerprint": fingerprint,
        "output": _state(root / OUTPUT),
        "counts": result.counts,
        "warnings": [attrs.asdict(w) for w in result.warnings],
    }
    tmp = root / f"{INPUTS}.tmp"
    tmp.write_text(json.dumps(record), encoding="utf-8")
    tmp.replace(root / INPUTS)


@contextmanager
def _lock(root: Path) -> Iterator[int]:
    """Hold the build lock of ``root``; a second build fails at once with a clear message.
    Gives the time the lock was taken, by the file system's clock (the lock file's modification
    time, in nanoseconds): what the build's inputs' modification times can be compared with.

    The kernel releases the lock when its holder exits, however it exits (kill -9 included), and
    no process the build forks keeps it (see :func:`_forked`), so a crashed build never blocks
    the next one. A lock still held for a build whose process is gone (by processes an earlier
    version left behind) is broken: its file is replaced by a new one.
    """
    path = root / f".{OUTPUT}-lock"
    for _ in range(_LOCK_TRIES):
        f = path.open("a+")
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            f.seek(0)
            holder = f.read().strip()
            if _dead(holder) and _break_lock(path, f):
                f.close()
                continue
            f.close()
            problem = Problem(
                code="build-locked",
                path=str(path),
                message=f"a build is already running ({holder or 'another process'}); "
                "wait for it, then build again",
            )
            raise JacksonpdError([problem], "another build of this folder is running") from None
        if not _same_file(f, path):  # broken meanwhile by another build: take the new file
            f.close()
            continue
        break
    else:
        problem = Problem(code="build-locked", path=str(path), message="the lock file kept changing")
        raise JacksonpdError([problem], "another build of this folder is running")
    with f:
        f.seek(0)
        f.truncate()
        f.write(f"pid {os.getpid()}\n")
        f.flush()
        _LOCKS[f.fileno()] = os.getpid()
        try:
            yield os.fstat(f.fileno()).st_mtime_ns
        finally:
            _LOCKS.pop(f.fileno(), None)
            f.truncate(0)
            fcntl.flock(f, fcntl.LOCK_UN)


_LOCK_TRIES = 5


def _dead(holder: str) -> bool:
    """Whether the build named in a lock file (``pid N``) has no process any more."""
    word, _, number = holder.partition(" ")
    if word != "pid" or not number.isdigit():
        return False
    pid = int(number)
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # alive, another user's
    try:  # a zombie (exited, not yet reaped) is gone too
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0] in ("Z", "X")
    except (OSError, IndexError):
        return False


def _same_file(f: IO[str], path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(f.fileno()), path.stat())
    except FileNotFoundError:
        return False


def _break_lock(path: Path, f: IO[str]) -> bool:
    """Remove the lock file that ``f`` has open, if it is still the one at ``path``; one build at
    a time does so (under a second lock, never held while building)."""
    with path.with_name(f"{path.name}-break").open("a+") as guard:
        fcntl.flock(guard, fcntl.LOCK_EX)
        try:
            if not _same_file(f, path):
                return True  # already broken by another build: try the new one
            path.unlink()
            return True
        finally:
            fcntl.flock(guard, fcntl.LOCK_UN)


#: The lock files this process holds open (by descriptor), with the pid that holds them.
_LOCKS: dict[int, int] = {}


def _forked() -> None:
    """In a process forked while a build runs (a reader, the CSV writer): let go of the lock and
    die with the build, so that a killed build leaves no process behind that blocks the next."""
    if not _LOCKS:
        return
    parent = next(iter(_LOCKS.values()))
    for fd in list(_LOCKS):
        # Pointed at /dev/null rather than closed: the number stays in use by the same object.
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, fd)
        os.close(null)
    _LOCKS.clear()
    _die_with_parent(parent)


def _die_with_parent(parent: int) -> None:
    """Have the kernel kill this process when its parent dies (Linux); exit if it already has."""
    if _LIBC is not None:
        pr_set_pdeathsig = 1
        _LIBC.prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)  # the parent died before the line above took effect


_LIBC_NAME = ctypes.util.find_library("c")
_LIBC = ctypes.CDLL(_LIBC_NAME, use_errno=True) if _LIBC_NAME is not None else None
os.register_at_fork(after_in_child=_forked)


@contextmanager
def _staging(root: Path) -> Iterator[Path]:
    """A fresh folder beside the output (same file system, so the final rename is atomic)."""
    # Private (mkdtemp makes it 0700) until published: a killed build's scratch files hold what
    # the seeds hold, withheld names included.
    folder = Path(tempfile.mkdtemp(prefix=f".{OUTPUT}-build-", dir=root))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _files(folder: Path) -> Iterator[str]:
    for path in folder.rglob("*"):
        if path.is_file():
            yield path.relative_to(folder).as_posix()


def _compare(new: Path, old: Path) -> list[tuple[str, str]]:
    """Files that differ between two package folders, with why."""
    new_files, old_files = set(_files(new)), set(_files(old)) if old.is_dir() else set()
    changed = []
    for name in sorted(new_files | old_files):
        if name not in old_files:
            changed.append((name, "would be added"))
        elif name not in new_files:
            changed.append((name, "would be removed"))
        elif not _same(new / name, old / name):
            changed.append((name, "differs from what the seeds build"))
    return changed


def _same(a: Path, b: Path) -> bool:
    """Same bytes; for the database, the same content (its bytes vary with the SQLite version)."""
    if filecmp.cmp(a, b, shallow=False):  # block by block: a large database is not read whole
        return True
    if a.name == DATABASE:
        try:
            return database_digest(a) == database_digest(b)
        except sqlite3.DatabaseError:
            return False  # not a database at all
    return False


def _publish(staging: Path, target: Path) -> None:
    """Put ``staging`` in place of ``target`` so that a reader sees the old or the new, never half."""
    if not target.exists():
        staging.rename(target)
        staging.mkdir()  # _staging removes it again
        return
    if _exchange(staging, target):
        return  # staging now holds the old publication and is removed with it
    backup = target.with_name(f".{OUTPUT}-previous")
    shutil.rmtree(backup, ignore_errors=True)
    target.rename(backup)
    staging.rename(target)
    staging.mkdir()
    shutil.rmtree(backup, ignore_errors=True)


def _recover(target: Path) -> None:
    """Restore the previous publication if a build died between its two renames."""
    backup = target.with_name(f".{OUTPUT}-previous")
    if backup.is_dir() and not target.exists():
        backup.rename(target)


_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories in one atomic step (Linux ``renameat2``); ``False`` if unsupported."""
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(result == 0)
