"""The build lock: one build of a folder at a time, and none blocked by a build that died.

A build holds an ``flock`` on a file beside ``datapackage/`` for as long as it runs. The kernel
lets go of it when the holder exits, however it exits; what this module adds is that processes
the build forks let go of it too, and that a lock left by processes of an older version (whose
builder is gone) is broken rather than waited for.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import fcntl
import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from .errors import JacksonpdError, Problem

__all__ = ["build_lock"]


@contextmanager
def build_lock(path: Path) -> Iterator[int]:
    """Hold the build lock at ``path``; a second build fails at once with a clear message.
    Gives the time the lock was taken, by the file system's clock (the lock file's modification
    time, in nanoseconds): what the build's inputs' modification times can be compared with.

    The kernel releases the lock when its holder exits, however it exits (kill -9 included), and
    no process the build forks keeps it (see :func:`_forked`), so a crashed build never blocks
    the next one. A lock still held for a build whose process is gone (by processes an earlier
    version left behind) is broken: its file is replaced by a new one.
    """
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
