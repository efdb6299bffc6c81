"""The previous release a build is compared with: a folder, a descriptor, or a git revision.

By default it is ``datapackage/`` as committed at ``HEAD`` when the build's folder is the top of
a git checkout (so that rebuilding before a commit does not raise the version again), else the
``datapackage/`` folder itself. A revision is read with ``git archive`` into a scratch folder
that lives as long as the context.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import JacksonpdError, Problem

__all__ = ["previous_release"]

_PUBLISHED = "datapackage"


@contextmanager
def previous_release(root: Path, since: str | None = None) -> Iterator[Path | None]:
    """The previous release's ``datapackage.json``, or ``None`` if there has been none.

    ``since`` names it (a folder, a descriptor, or a git revision such as a tag); by default it
    is ``datapackage/`` as committed at ``HEAD`` when ``root`` is the top of a git checkout that
    tracks it, else the ``datapackage/`` folder.
    """
    with tempfile.TemporaryDirectory(prefix="jacksonpd-release-") as scratch:
        if since is not None:
            path = Path(since)
            if path.is_dir():
                path = path / "datapackage.json"
            if path.is_file():
                yield path
                return
            found = _from_git(root, since, Path(scratch))
            if found is None:
                problem = Problem(
                    code="missing-file",
                    path=since,
                    found="no data package and no git revision of that name",
                    expected="the previous release: a folder holding datapackage.json, or a tag",
                )
                raise JacksonpdError([problem], "cannot find the previous release")
            yield found
            return
        committed = _from_git(root, "HEAD", Path(scratch)) if _is_top(root) else None
        if committed is not None:
            yield committed
            return
        folder = root / _PUBLISHED / "datapackage.json"
        yield folder if folder.is_file() else None


def _is_top(root: Path) -> bool:
    """Whether ``root`` is the top folder of a git checkout."""
    try:
        done = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--show-prefix"],
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return False
    return done.returncode == 0 and done.stdout.strip() == ""


def _from_git(root: Path, revision: str, scratch: Path) -> Path | None:
    """``datapackage/`` as committed at ``revision``, extracted into ``scratch``; None if none."""
    if revision.startswith("-"):
        return None
    try:
        done = subprocess.run(
            ["git", "-C", str(root), "archive", "--format=tar", revision, "--", _PUBLISHED],
            capture_output=True,
            check=False,
        )
    except OSError:
        return None
    if done.returncode != 0:
        return None
    with tarfile.open(fileobj=io.BytesIO(done.stdout)) as tar:
        tar.extractall(scratch, filter="data")
    path = scratch / _PUBLISHED / "datapackage.json"
    return path if path.is_file() else None
