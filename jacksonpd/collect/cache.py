"""What the build remembers between runs, so that a curator's rebuild re-reads only what changed.

Reading an article and its annotation (YAML, spans, checks) and looking for quotes no statement
covers are pure functions of the article's bytes, its annotation's bytes, the registry and
jacksonpd's own code. :class:`ArticleCache` keeps their results in one SQLite file beside the
publication, keyed by a digest of all four, so a build after one correction reads one article
and takes the others from the cache. The file is a private convenience, never published: if it
is missing, unreadable or from another version, the build reads everything again.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.metadata
import os
import sqlite3
import sys
from collections.abc import Iterable, Iterator, MutableMapping
from pathlib import Path

from .statcache import StatCache, stat_and_digest

__all__ = ["ArticleCache", "code_digest", "file_digest", "files_digest"]


@functools.cache
def code_digest() -> bytes:
    """A digest of the code that makes the results: jacksonpd's own source files, the Python and
    the libraries that read and structure the seeds. Results made by other code are not reused."""
    digest = hashlib.sha256(files_digest(Path(__file__).resolve().parent.parent, ignore=".pyc"))
    digest.update(sys.version.encode())
    for library in ("attrs", "cattrs", "PyYAML"):
        digest.update(f"\0{library} {importlib.metadata.version(library)}".encode())
    return digest.digest()


def files_digest(
    folder: Path,
    ignore: str = "",
    each: MutableMapping[str, bytes] | None = None,
    stats: StatCache | None = None,
) -> bytes:
    """A digest of the names and bytes of every file under ``folder`` (but those whose suffix is
    ``ignore``), in the order of their paths. With ``each``, every file's own digest (see
    :func:`file_digest`) goes there too, under its path relative to ``folder``. With ``stats``,
    a file whose ``stat`` is as that recorded is not read (see :mod:`jacksonpd.collect.statcache`)."""
    digest = hashlib.sha256()
    for relative, path in _files(os.fspath(folder), ""):
        if not (ignore and os.path.splitext(path)[1] == ignore):  # noqa: PTH122 (as Path.suffix)
            digest.update(relative.encode() + b"\0")
            own = file_digest(path) if stats is None else stats.digest(relative, path)
            digest.update(own)
            if each is not None:
                each[relative] = own
    return digest.digest()


def file_digest(path: Path | str) -> bytes:
    """The SHA-256 digest of a file's bytes; for what is not a regular file that can be read (a
    directory, a pipe, a link to nothing), a digest of that, without reading or waiting on it:
    the read that follows reports it."""
    return stat_and_digest(path)[1]


def _files(folder: str, prefix: str) -> Iterator[tuple[str, str]]:
    """``(path relative to the top, path)`` of every file under ``folder``, in sorted order of their
    paths, listing a folder at a time (a corpus of many files is not held as a list of paths).
    Paths are strings: making a ``Path`` of each file of a large corpus costs more than its stat."""
    files: list[str] = []
    folders: set[str] = set()
    try:
        with os.scandir(folder) as found:
            for entry in found:
                if entry.is_file():
                    files.append(entry.name)
                elif entry.is_dir():
                    folders.add(entry.name)
    except (FileNotFoundError, NotADirectoryError):
        return
    files += folders
    files.sort()
    for name in files:
        if name in folders:
            yield from _files(f"{folder}/{name}", f"{prefix}{name}/")
        else:
            yield prefix + name, f"{folder}/{name}"


class DigestFile(MutableMapping[str, bytes]):
    """Seed files' digests by their paths in the seeds, kept in a scratch SQLite file at ``path``
    (owner-only; removed by :meth:`close`) rather than in memory: a corpus of a million statements
    has 100,000 seed files. Digests are written a batch at a time, and looked up by path.

    Deleting one (as ``pop`` does: the read takes a file's digest for its cache key) leaves it in
    the file: what the next build keeps (:meth:`items`) is every digest the build began with.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        path.unlink(missing_ok=True)
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        self._db = sqlite3.connect(path)
        self._db.execute("pragma journal_mode = off")
        self._db.execute("pragma synchronous = off")
        self._db.execute("create table digests (path text primary key, digest blob not null)")
        self._waiting: list[tuple[str, bytes]] = []

    def __setitem__(self, path: str, digest: bytes) -> None:
        self._waiting.append((path, digest))
        if len(self._waiting) >= _DIGEST_BATCH:
            self._flush()

    def __getitem__(self, path: str) -> bytes:
        self._flush()
        found = self._db.execute("select digest from digests where path = ?", (path,)).fetchone()
        if found is None:
            raise KeyError(path)
        digest: bytes = found[0]
        return digest

    def __delitem__(self, path: str) -> None:
        """Taken, and kept in the file (see the class)."""

    def __iter__(self) -> Iterator[str]:
        self._flush()
        return (path for (path,) in self._db.execute("select path from digests order by rowid"))

    def __len__(self) -> int:
        self._flush()
        (count,) = self._db.execute("select count(*) from digests").fetchone()
        return int(count)

    def items(self) -> Iterator[tuple[str, bytes]]:  # type: ignore[override]
        """Every ``(path, digest)``, in the order given, read from the file as it goes."""
        self._flush()
        return iter(self._db.execute("select path, digest from digests order by rowid"))

    def _flush(self) -> None:
        if self._waiting:
            with self._db:
                self._db.executemany("insert or replace into digests values (?, ?)", self._waiting)
            self._waiting = []

    def close(self) -> None:
        """Close and remove the file."""
        self._db.close()
        self.path.unlink(missing_ok=True)


_DIGEST_BATCH = 5000  # digests written at a time


class ArticleCache:
    """Results by key, in a SQLite file; entries not used by a build are dropped when it ends.

    Nothing here can make a build wrong: a key is a digest of everything the result depends on,
    and a damaged file is replaced by an empty one.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._db = self._open()
        except sqlite3.DatabaseError:
            path.unlink(missing_ok=True)
            self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        # It holds what the seeds hold, withheld names included: its owner's alone, as are the
        # journal files SQLite makes beside it (they take the database file's mode).
        os.close(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600))
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                Path(f"{self.path}{suffix}").chmod(0o600)
        db = sqlite3.connect(self.path, isolation_level=None)
        db.execute("PRAGMA journal_mode=wal")
        db.execute("CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
        # The keys this build used, kept by SQLite rather than held (one an article): the rest
        # are dropped as it closes.
        db.execute("CREATE TEMP TABLE used (key TEXT PRIMARY KEY)")
        return db

    def _mark_used(self, keys: Iterable[str]) -> None:
        self._db.executemany("INSERT OR IGNORE INTO temp.used VALUES (?)", ((k,) for k in keys))

    @property
    def used(self) -> set[str]:
        """The keys this build used so far."""
        return {key for (key,) in self._db.execute("SELECT key FROM temp.used")}

    def present(self, keys: Iterable[str]) -> set[str]:
        """Those of ``keys`` that have a stored result (which this build is about to use)."""
        return {key for key, _ in self._select("key, NULL", keys)}

    def get_many(self, keys: Iterable[str]) -> dict[str, bytes]:
        """The stored results of those ``keys`` that have one."""
        return dict(self._select("key, value", keys))

    def _select(self, columns: str, keys: Iterable[str]) -> list[tuple[str, bytes]]:
        """``columns`` of the rows of ``keys`` (marked used); none if the file is damaged, so that
        everything is read again and stored afresh."""
        wanted = list(keys)
        found: list[tuple[str, bytes]] = []
        try:
            for batch in _batches(wanted):
                query = f"SELECT {columns} FROM results WHERE key IN ({','.join('?' * len(batch))})"
                found += self._db.execute(query, batch)
            with self._db:
                self._db.execute("BEGIN")
                self._mark_used(wanted)
        except sqlite3.DatabaseError:
            return []
        return found

    def put_many(self, items: Iterable[tuple[str, bytes]]) -> None:
        """Store results (one transaction), replacing any under the same key."""

        keys: list[str] = []

        def used() -> Iterator[tuple[str, bytes]]:  # one at a time: results may be large
            for key, value in items:
                keys.append(key)
                yield key, value

        try:
            with self._db:
                self._db.execute("BEGIN")
                self._db.executemany("INSERT OR REPLACE INTO results VALUES (?, ?)", used())
                self._mark_used(keys)
        except sqlite3.DatabaseError:
            self._reset()

    def close(self, *, prune: bool) -> None:
        """Close the file; with ``prune``, drop every entry this build did not use."""
        try:
            if prune:
                with self._db:
                    self._db.execute("BEGIN")
                    self._db.execute("DELETE FROM results WHERE key NOT IN (SELECT key FROM temp.used)")
        except sqlite3.DatabaseError:
            self._reset()
        self._db.close()

    def _reset(self) -> None:
        self._db.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        self._db = self._open()


def _batches(keys: list[str], size: int = 500) -> Iterator[list[str]]:
    """``keys`` in lists short enough for one SQL statement's parameters."""
    for i in range(0, len(keys), size):
        yield keys[i : i + size]
