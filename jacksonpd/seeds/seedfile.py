"""A seed file's bytes, read only when they are a regular file within the bounds.

Every seed file, YAML or text, passes here first, so a mistaken or hostile one (a pipe, a
device, a link to nothing, a file far too large) fails fast with a problem rather than hanging
the build or exhausting its memory.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..errors import Problem

__all__ = ["LIMITS", "SeedFileError", "read_seed_bytes", "seed_file_problem"]

#: Bounds on what one seed file may cost, so that a mistaken or hostile file fails fast with a
#: clear problem rather than exhausting memory or time. Curated files are far below each.
LIMITS = {
    "bytes": 256 * 1024 * 1024,  # one file's size (a 100,000-incident file is about 40 MB)
    "line": 100_000,  # characters on one line (a long paragraph is a few thousand)
    "depth": 32,  # nesting of mappings and sequences (curated formats need 4)
}


class SeedFileError(Exception):
    """A seed file that cannot be read, as a :class:`~jacksonpd.errors.Problem`."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def seed_file_problem(path: Path, shown: str) -> Problem | None:
    """Why ``path`` is not a regular file that can be read, if it is not: a dangling link, a
    directory, a pipe or device, a file over the size bound, or one it may not read."""
    try:
        st = path.stat()
    except FileNotFoundError:
        kind = "a link to nothing" if path.is_symlink() else "nothing"
        return Problem(code="not-a-file", path=shown, found=kind, expected="a regular file")
    except OSError as exc:
        return Problem(code="unreadable-file", path=shown, found=exc.strerror, expected="a readable file")
    if not stat.S_ISREG(st.st_mode):
        kind = "a directory" if stat.S_ISDIR(st.st_mode) else "a pipe, device or socket"
        return Problem(code="not-a-file", path=shown, found=kind, expected="a regular file")
    if st.st_size > LIMITS["bytes"]:
        return Problem(
            code="limit-exceeded",
            path=shown,
            found=f"{st.st_size} bytes",
            expected=f"at most {LIMITS['bytes']} bytes in one seed file; split it",
        )
    return None


def read_seed_bytes(path: Path, shown: str) -> bytes:
    """A seed file's bytes, read only if it is a regular file within the bounds (opened without
    blocking, so that a pipe cannot hang the build); :class:`SeedFileError` otherwise."""
    if (problem := seed_file_problem(path, shown)) is not None:
        raise SeedFileError(problem)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise SeedFileError(
            Problem(code="unreadable-file", path=shown, found=exc.strerror, expected="a readable file")
        ) from None
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):  # replaced since it was looked at
        os.close(fd)
        raise SeedFileError(
            Problem(code="not-a-file", path=shown, found="not a regular file", expected="a regular file")
        )
    with os.fdopen(fd, "rb") as f:
        # The bytes the file holds and one more (a read of the bound's size would set aside that
        # much memory for every file); if it has grown since, the rest, up to the bound.
        data = f.read(min(st.st_size, LIMITS["bytes"]) + 1)
        if len(data) > st.st_size:
            data += f.read(LIMITS["bytes"] + 1 - len(data))
    if len(data) > LIMITS["bytes"]:
        raise SeedFileError(
            Problem(code="limit-exceeded", path=shown, expected=f"at most {LIMITS['bytes']} bytes")
        )
    return data
