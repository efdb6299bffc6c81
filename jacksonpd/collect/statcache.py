"""A seed file's digest without reading it, when nothing about the file has changed: git's index.

A build that finds nothing changed must still know that every seed file holds the bytes it held,
and hashing them all costs seconds at scale (hundreds of megabytes, worse when they are not in the
page cache). :class:`StatCache` keeps, per seed file, what ``stat`` says of it (size, modification
and change times, inode and device) beside the digest its bytes had then. A file whose ``stat`` is
as recorded is taken at the recorded digest; any other is hashed, and recorded afresh.

A write changes the modification and change times, except within the clock's granularity of the
moment the file was hashed (and ``os.utime`` can put a modification time back, never a change
time). So, as git treats its "racy" entries, an entry is trusted only if both of its times are
strictly older than the start of the build that recorded it: a file written in the same tick as
that build's look at it is hashed again next time. The digests are those :func:`file_digest`
gives, so up-to-date decisions, cache keys and output are exactly what hashing every file makes.

The file holds the seed files' names (never their contents) and is never published: git ignores
it and it is readable by its owner alone, like the build cache. Missing, damaged, from another
format or made for another folder, it is ignored, and every file is hashed.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import struct
from pathlib import Path
from typing import BinaryIO, TypeAlias

__all__ = ["StatCache", "stat_and_digest"]

#: What the file starts with; another format (or anything else) is not read.
_MAGIC = b"jacksonpd stat cache 1\n"
#: The build's start, and the device and inode of the seeds folder it was made for; entries follow
#: in the order the files are visited, then a SHA-256 of all that.
_HEADER = struct.Struct("<qQQ")
#: Per file: size, modification and change times (ns), inode, device, digest, length of the name.
_ENTRY = struct.Struct("<QqqQQ32sI")
_CHECK = hashlib.sha256().digest_size
#: The bytes read, or waiting to be written, at a time.
_BLOCK = 1 << 20

#: ``(size, mtime_ns, ctime_ns, inode, device)``: what must be unchanged to trust a digest.
_Stat: TypeAlias = tuple[int, int, int, int, int]


class StatCache:
    """Seed files' digests by their paths in the seeds folder, trusted while their ``stat`` is as
    recorded; what a build finds is recorded for the next (:meth:`save`).

    ``began`` is the time this build started, by the file system's clock (see
    :func:`jacksonpd.lock.build_lock`): what the next build holds the times it records against.
    Files are looked up in the order :func:`~jacksonpd.collect.cache.files_digest` visits them,
    which is the order they are recorded in, so a lookup is a step along the recorded entries:
    no table of a corpus's files is built (another order finds fewer, and hashes more).

    Neither the recorded entries nor the new ones are held: the file is read a block at a time
    as the lookups go along it, and what is recorded next (runs of the recorded entries, and the
    entries of files hashed afresh) goes to a scratch file beside it a block at a time, which
    :meth:`save` puts in its place (a corpus of a million statements has 100,000 entries).
    """

    def __init__(self, path: Path, folder: Path, began: int) -> None:
        self.path = path
        self.folder = folder
        self.began = began
        self._file: BinaryIO | None = None  # the recorded file, open while read
        self._body = 0  # where in it the entries begin
        self._size = 0  # the length of the entries
        self._window = b""  # a block of the entries, from ``self._window_at``
        self._window_at = 0
        self._old_began = 0  # the start of the build that recorded them
        self._at = 0  # where in them the next file's entry is, if recorded
        self._kept = 0  # where the run of entries this build keeps as they are began
        self._new: list[bytes | tuple[int, int]] = []  # what is recorded next, not yet written
        self._pending = 0  # the bytes of the new entries in ``self._new``
        self._out: BinaryIO | None = None  # the scratch file of what is recorded next, once begun
        self._check = hashlib.sha256()
        self._changed = True  # nothing recorded yet: write what this build finds
        self._failed = False  # writing what is recorded next failed: nothing is
        try:
            where = _where(folder)
            f = path.open("rb")
        except OSError:
            return
        try:
            loaded = _parse(f, where)
        except OSError:
            loaded = None
        if loaded is None:
            f.close()
            return
        self._file = f
        self._old_began, self._body, self._size = loaded
        self._changed = False

    def digest(self, name: str, path: Path | str) -> bytes:
        """The digest of the file at ``path`` (``name`` in the seeds folder), as
        :func:`~jacksonpd.collect.cache.file_digest` gives it; read only if its ``stat`` is not
        as recorded, or was recorded too close to that build's start to be trusted."""
        known = self._find(name)
        if known is not None:
            key, own, end = known
            try:
                seen = os.stat(path)  # noqa: PTH116 (paths are strings, see files_digest)
            except OSError:
                seen = None
            if seen is not None and stat.S_ISREG(seen.st_mode) and key == _key(seen) and self._trusted(key):
                self._at = end  # kept as recorded: the run goes on
                return own
        self._skip(self._at if known is None else known[2])  # in its place, what is read now
        opened, own = stat_and_digest(path)
        if opened is not None:
            self._add(_entry(name, _key(opened), own))
        return own

    def _read(self, start: int, length: int) -> bytes:
        """``length`` bytes of the recorded entries from ``start`` (fewer at their end)."""
        stop = min(start + length, self._size)
        if not (self._window_at <= start and stop <= self._window_at + len(self._window)):
            assert self._file is not None  # entries are read only from a file that has them
            self._file.seek(self._body + start)
            self._window = self._file.read(max(stop - start, _BLOCK))[: self._size - start]
            self._window_at = start
        return self._window[start - self._window_at : stop - self._window_at]

    def _find(self, name: str) -> tuple[_Stat, bytes, int] | None:
        """The recorded stat and digest of ``name``, and where its entry ends; entries passed
        on the way (files no longer there) are dropped."""
        parts: list[str] | None = None
        while self._at < self._size:
            try:
                *key, own, length = _ENTRY.unpack(self._read(self._at, _ENTRY.size))
                start = self._at + _ENTRY.size
                named = self._read(start, length)
                if len(named) != length:
                    raise struct.error
                recorded = str(named, "utf-8", "surrogateescape")
            except (struct.error, UnicodeDecodeError):  # whole (its checksum said) but not ours
                self._skip(self._size)
                return None
            if recorded == name:
                return (key[0], key[1], key[2], key[3], key[4]), own, start + length
            parts = name.split("/") if parts is None else parts
            if recorded.split("/") > parts:  # recorded after it: a file not seen before
                return None
            self._skip(start + length)  # recorded before it: a file no longer there
        return None

    def _skip(self, end: int) -> None:
        """Drop the recorded entries from ``self._at`` to ``end``: end the run kept so far."""
        if self._at > self._kept:
            self._new.append((self._kept, self._at))
            self._pending += _ENTRY.size  # a run waits too: a block of them is written
        self._at = self._kept = end
        self._changed = True

    def _add(self, entry: bytes) -> None:
        """Record ``entry`` next; what waits is written once it reaches a block."""
        self._new.append(entry)
        self._pending += len(entry)
        if self._pending >= _BLOCK:
            self._flush()

    def _flush(self) -> None:
        """Write what waits to be recorded to the scratch file (begun with the header); if that
        fails, nothing is recorded (see :meth:`save`)."""
        if self._failed:
            self._new, self._pending = [], 0
            return
        try:
            self._flush_to_scratch()
        except OSError:  # a full disk, a read-only folder: not the build's problem
            self._failed = True
            self._new, self._pending = [], 0

    def _flush_to_scratch(self) -> None:
        if self._out is None:
            tmp = self.path.with_name(f"{self.path.name}.tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            self._out = os.fdopen(fd, "wb")
            os.fchmod(fd, 0o600)  # a stale temporary file may have had another mode
            self._write(_MAGIC + _HEADER.pack(self.began, *_where(self.folder)))
        for part in self._new:
            if isinstance(part, bytes):
                self._write(part)
                continue
            start, stop = part
            while start < stop:
                block = self._read(start, min(stop - start, _BLOCK))
                self._write(block)
                start += len(block)
        self._new, self._pending = [], 0

    def _write(self, data: bytes) -> None:
        assert self._out is not None
        self._check.update(data)
        self._out.write(data)

    def _trusted(self, key: _Stat) -> bool:
        """Whether a file last changed strictly before the recorded build began (see the module)."""
        return key[1] < self._old_began and key[2] < self._old_began

    def save(self) -> None:
        """Record the files this build saw (those of the last build it no longer saw dropped),
        unless every entry was as recorded; whatever fails, the next build hashes more."""
        tmp = self.path.with_name(f"{self.path.name}.tmp")
        try:
            if self._at < self._size:  # files recorded after the last seen: no longer there
                self._skip(self._size)
            if not self._changed:
                return
            if self._at > self._kept:
                self._new.append((self._kept, self._at))
            self._flush()
            if self._failed or self._out is None:
                msg = "the scratch file could not be written"
                raise OSError(msg)
            self._out.write(self._check.digest())
            self._out.close()
            self._out = None
            tmp.replace(self.path)
        except OSError:  # a full disk, a read-only folder: not the build's problem
            for stale in (tmp, self.path):
                with contextlib.suppress(OSError):
                    stale.unlink(missing_ok=True)
        finally:
            self._close()

    def _close(self) -> None:
        """Close the recorded file and the scratch one (removed unless it was saved)."""
        for f in (self._file, self._out):
            if f is not None:
                with contextlib.suppress(OSError):
                    f.close()
        if self._out is not None:
            with contextlib.suppress(OSError):
                self.path.with_name(f"{self.path.name}.tmp").unlink(missing_ok=True)
        self._file = self._out = None


def stat_and_digest(path: Path | str) -> tuple[os.stat_result | None, bytes]:
    """The SHA-256 digest of a file's bytes and its ``stat`` taken as it was opened, before the
    read; for what is not a regular file that can be read (a directory, a pipe, a link to
    nothing), no ``stat`` and a digest of that, without reading or waiting on it."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        return None, hashlib.sha256(f"unreadable\0{exc.errno}".encode()).digest()
    opened = os.fstat(fd)
    if not stat.S_ISREG(opened.st_mode):
        os.close(fd)
        return None, hashlib.sha256(b"not a regular file").digest()
    with os.fdopen(fd, "rb") as f:
        return opened, hashlib.file_digest(f, "sha256").digest()


def _key(seen: os.stat_result) -> _Stat:
    return (seen.st_size, seen.st_mtime_ns, seen.st_ctime_ns, seen.st_ino, seen.st_dev)


def _where(folder: Path) -> tuple[int, int]:
    """The seeds folder's device and inode: a stat cache made for another folder is not used."""
    seen = folder.stat()
    return seen.st_dev, seen.st_ino


def _entry(name: str, key: _Stat, own: bytes) -> bytes:
    encoded = name.encode("utf-8", "surrogateescape")
    return _ENTRY.pack(*key, own, len(encoded)) + encoded


def _parse(f: BinaryIO, where: tuple[int, int]) -> tuple[int, int, int] | None:
    """The start of the build that recorded a stat cache (open as ``f``), where its entries
    begin and their length, if the file is whole (its checksum, read a block at a time), of this
    format and made for the seeds folder at ``where``."""
    size = os.fstat(f.fileno()).st_size
    head = len(_MAGIC) + _HEADER.size
    if size < head + _CHECK:
        return None
    first = f.read(head)
    if first[: len(_MAGIC)] != _MAGIC:
        return None
    check = hashlib.sha256(first)
    left = size - _CHECK - head
    while left > 0:
        block = f.read(min(left, _BLOCK))
        if not block:
            return None
        check.update(block)
        left -= len(block)
    if check.digest() != f.read(_CHECK):
        return None
    began, device, inode = _HEADER.unpack_from(first, len(_MAGIC))
    if (device, inode) != where:
        return None
    return began, head, size - _CHECK - head
