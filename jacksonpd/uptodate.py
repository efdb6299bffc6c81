"""Skipping a build that would change nothing: what the last build read, and what it left.

A build records a digest of everything it reads (seeds, schemas, jacksonpd's own code, the date
it publishes names as of) and the size and modification time of every file it published. When
both are as recorded, the next build returns what the last one said instead of building again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

import attrs

from .collect.cache import code_digest, files_digest
from .collect.statcache import StatCache
from .errors import Problem
from .staging import package_files

__all__ = ["fingerprint", "last_build", "remember", "touched_since"]


def fingerprint(
    root: Path,
    as_of: dt.date | None,
    seeds: MutableMapping[str, bytes],
    stats: Path | None = None,
    began: int = 0,
) -> str:
    """A digest of everything a build reads: seeds, schemas, jacksonpd's own code, ``as_of``;
    each seed file's own digest goes into ``seeds`` (by its path in ``seeds/``).

    With ``stats`` (a stat cache's file, see :mod:`jacksonpd.collect.statcache`; ``began``, when
    this build started), a seed file whose ``stat`` is as the last build saw it is taken at the
    digest it had then, unread: the same digest, without reading every seed to find nothing new.
    """
    digest = hashlib.sha256(f"as of {as_of}".encode())
    known = None if stats is None else StatCache(stats, root / "seeds", began)
    digest.update(files_digest(root / "seeds", each=seeds, stats=known))
    if known is not None:
        known.save()
    digest.update(files_digest(root / "schemas"))
    digest.update(code_digest())
    return digest.hexdigest()


def touched_since(since: int, *folders: Path) -> bool:
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
                    if entry.is_dir(follow_symlinks=False) and touched_since(since, Path(entry.path)):
                        return True
        except FileNotFoundError:
            return True  # removed meanwhile
    return False


def last_build(record_path: Path, target: Path, digest: str) -> dict[str, Any] | None:
    """What the last build recorded in ``record_path`` (its files, counts and warnings), if it
    read exactly what ``digest`` hashes and ``target`` is still as it left it; else ``None``."""
    try:
        record = json.loads(record_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not target.is_dir() or record.get("fingerprint") != digest:
        return None
    if record.get("output") != _state(target):
        return None
    return {
        "files": tuple(record["output"]),
        "counts": record["counts"],
        "warnings": tuple(Problem(**w) for w in record["warnings"]),
    }


def remember(
    record_path: Path, target: Path, digest: str, counts: dict[str, int], warnings: tuple[Problem, ...]
) -> None:
    """Record in ``record_path`` what a build read (``digest``) and what it left in ``target``."""
    record = {
        "fingerprint": digest,
        "output": _state(target),
        "counts": counts,
        "warnings": [attrs.asdict(w) for w in warnings],
    }
    tmp = record_path.with_name(f"{record_path.name}.tmp")
    tmp.write_text(json.dumps(record), encoding="utf-8")
    tmp.replace(record_path)


def _state(folder: Path) -> dict[str, list[int]]:
    """Size and modification time of every published file: a cheap test that nobody touched it."""
    return {
        name: [(stat := (folder / name).stat()).st_size, stat.st_mtime_ns]
        for name in sorted(package_files(folder))
    }
