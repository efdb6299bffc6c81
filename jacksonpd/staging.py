"""Where a build writes, and how what it wrote replaces the last publication in one step.

The build writes into a private folder beside ``datapackage/`` (:func:`staging_folder`) and, once
everything in it is valid, swaps it into place (:func:`publish_folder`; DESIGN.md invariant 6): a
reader sees the old publication or the new one, never half of each. ``--check`` compares the two
folders instead (:func:`compare_packages`).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import filecmp
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .publish.sqlite import DATABASE, database_digest

__all__ = [
    "compare_packages",
    "package_files",
    "publish_folder",
    "recover_publication",
    "staging_folder",
]


@contextmanager
def staging_folder(target: Path) -> Iterator[Path]:
    """A fresh folder beside ``target`` (same file system, so the final rename is atomic)."""
    # Private (mkdtemp makes it 0700) until published: a killed build's scratch files hold what
    # the seeds hold, withheld names included.
    folder = Path(tempfile.mkdtemp(prefix=f".{target.name}-build-", dir=target.parent))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def package_files(folder: Path) -> Iterator[str]:
    """Every file under ``folder``, by its path relative to it."""
    for path in folder.rglob("*"):
        if path.is_file():
            yield path.relative_to(folder).as_posix()


def compare_packages(new: Path, old: Path) -> list[tuple[str, str]]:
    """Files that differ between two package folders, with why.

    The database's bytes vary with the SQLite version, so when they differ its content decides;
    but reading every row of two databases takes about 30 s at a million statements, and the
    database is built from the rows of the CSVs beside it. So its content is compared only when
    every other file is the same: when one differs, the package is not what the seeds build
    anyway, and the database (whose bytes differ) is named with it.
    """
    new_files, old_files = set(package_files(new)), set(package_files(old)) if old.is_dir() else set()
    changed = []
    database_bytes_differ = False
    for name in sorted(new_files | old_files):
        if name not in old_files:
            changed.append((name, "would be added"))
        elif name not in new_files:
            changed.append((name, "would be removed"))
        elif not filecmp.cmp(new / name, old / name, shallow=False):  # block by block
            if name == DATABASE:
                database_bytes_differ = True
            else:
                changed.append((name, "differs from what the seeds build"))
    if database_bytes_differ and (changed or not _same_content(new / DATABASE, old / DATABASE)):
        changed.append((DATABASE, "differs from what the seeds build"))
        changed.sort()
    return changed


def _same_content(a: Path, b: Path) -> bool:
    """Two databases with the same schema and rows (see :func:`.publish.sqlite.database_digest`)."""
    try:
        return database_digest(a) == database_digest(b)
    except sqlite3.DatabaseError:
        return False  # not a database at all


def publish_folder(staging: Path, target: Path) -> None:
    """Put ``staging`` in place of ``target`` so that a reader sees the old or the new, never half."""
    if not target.exists():
        staging.rename(target)
        staging.mkdir()  # staging_folder removes it again
        return
    if _exchange(staging, target):
        return  # staging now holds the old publication and is removed with it
    backup = target.with_name(f".{target.name}-previous")
    shutil.rmtree(backup, ignore_errors=True)
    target.rename(backup)
    staging.rename(target)
    staging.mkdir()
    shutil.rmtree(backup, ignore_errors=True)


def recover_publication(target: Path) -> None:
    """Restore the previous publication if a build died between its two renames."""
    backup = target.with_name(f".{target.name}-previous")
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
