"""``build()``: seeds -> typed records -> validated data package, published atomically.

The build writes everything into a temporary folder beside ``datapackage/``, validates it there
with frictionless and jacksonpd's invariants, and only then swaps it into place (DESIGN.md
invariant 6). Any problem leaves the last good publication exactly as it was.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import datetime as dt
import fcntl
import json
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import attrs

from .dataset import Dataset
from .errors import JacksonpdError, Problem
from .publish import datasette_metadata, write_package, write_sqlite
from .publish.sqlite import DATABASE, database_digest, table_columns
from .schemas import load_schemas
from .seeds import read_seeds
from .validate import validate_package

__all__ = ["BuildResult", "build"]

OUTPUT = "datapackage"
METADATA = "metadata.json"


@attrs.frozen(kw_only=True)
class BuildResult:
    """What a build published (or, with ``check``, compared)."""

    path: Path
    dataset: Dataset
    files: tuple[str, ...]
    changed: tuple[str, ...] = ()


def build(root: str | Path = ".", *, check: bool = False, as_of: dt.date | None = None) -> BuildResult:
    """Build ``<root>/datapackage/`` from ``<root>/seeds/`` and ``<root>/schemas/``.

    With ``check=True`` nothing is published: the build is compared with the committed
    ``datapackage/`` and :class:`JacksonpdError` lists every file that differs.
    Officers' names are published only where released by ``as_of`` (by default the latest
    date in the inputs). Raises :class:`JacksonpdError` with every problem found in the inputs.
    """
    root = Path(root)
    with _lock(root):
        _recover(root / OUTPUT)
        for stale in root.glob(f".{OUTPUT}-build-*"):
            shutil.rmtree(stale, ignore_errors=True)  # left by a killed build; we hold the lock
        return _build(root, check=check, as_of=as_of)


def _build(root: Path, *, check: bool, as_of: dt.date | None) -> BuildResult:
    target = root / OUTPUT
    schemas = load_schemas(root / "schemas")
    dataset = read_seeds(root / "seeds", as_of=as_of)
    with _staging(root) as staging:
        write_package(dataset, schemas, staging)
        write_sqlite(dataset, schemas, staging / DATABASE)
        descriptor = json.loads((staging / "datapackage.json").read_text(encoding="utf-8"))
        metadata = datasette_metadata(descriptor, table_columns(staging / DATABASE))
        (staging / METADATA).write_text(json.dumps(metadata, indent=2, ensure_ascii=False) + "\n")
        problems = validate_package(staging)
        if problems:
            raise JacksonpdError(
                [attrs.evolve(p, path=p.path.replace(str(staging), OUTPUT)) for p in problems],
                "the built package is not valid; nothing was published",
            )
        files = tuple(sorted(_files(staging)))
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
            return BuildResult(path=target, dataset=dataset, files=files)
        changed_names = tuple(name for name, _ in _compare(staging, target))
        _publish(staging, target)
    return BuildResult(path=target, dataset=dataset, files=files, changed=changed_names)


@contextmanager
def _lock(root: Path) -> Iterator[None]:
    """Hold the build lock of ``root``; a second build fails at once with a clear message.

    The kernel releases the lock when its holder exits, however it exits (kill -9 included),
    so a crashed build never blocks the next one.
    """
    path = root / f".{OUTPUT}-lock"
    with path.open("a+") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            f.seek(0)
            holder = f.read().strip() or "another process"
            problem = Problem(
                code="build-locked",
                path=str(path),
                message=f"a build is already running ({holder}); wait for it, then build again",
            )
            raise JacksonpdError([problem], "another build of this folder is running") from None
        f.seek(0)
        f.truncate()
        f.write(f"pid {os.getpid()}\n")
        f.flush()
        try:
            yield
        finally:
            f.truncate(0)
            fcntl.flock(f, fcntl.LOCK_UN)


@contextmanager
def _staging(root: Path) -> Iterator[Path]:
    """A fresh folder beside the output (same file system, so the final rename is atomic)."""
    folder = Path(tempfile.mkdtemp(prefix=f".{OUTPUT}-build-", dir=root))
    folder.chmod(0o755)  # mkdtemp makes it private; the publication is for everyone to read
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
    if a.name == DATABASE:
        try:
            return database_digest(a) == database_digest(b)
        except sqlite3.DatabaseError:
            return False  # not a database at all
    return a.read_bytes() == b.read_bytes()


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
