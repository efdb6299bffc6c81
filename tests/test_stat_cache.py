"""The stat cache: an unchanged rebuild reads no seed file, and never takes a changed one for
unchanged (see :mod:`jacksonpd.collect.statcache`)."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import jacksonpd.collect.cache
import jacksonpd.collect.statcache
from jacksonpd import build
from jacksonpd.build import STATS
from jacksonpd.collect.cache import files_digest
from jacksonpd.collect.statcache import StatCache
from jacksonpd.uptodate import fingerprint

from .conftest import PLANTED, plant_withheld

POLICY = "seeds/policy.yaml"  # its first line is a comment: a same-size edit builds the same package

Digest = Callable[[Path], tuple[os.stat_result | None, bytes]]


def _hashed(repo: Path, monkeypatch: pytest.MonkeyPatch, *, fail: bool = False) -> list[str]:
    """The seed files (by path in ``repo``) read to hash them from now on; with ``fail``, reading
    one fails the test."""
    read: list[str] = []
    real: Digest = jacksonpd.collect.statcache.stat_and_digest
    seeds = (repo / "seeds").resolve()

    def watched(path: Path) -> tuple[os.stat_result | None, bytes]:
        if Path(path).resolve().is_relative_to(seeds):
            read.append(Path(path).resolve().relative_to(repo.resolve()).as_posix())
            if fail:
                pytest.fail(f"{path} was read")
        return real(path)

    monkeypatch.setattr(jacksonpd.collect.statcache, "stat_and_digest", watched)
    monkeypatch.setattr(jacksonpd.collect.cache, "stat_and_digest", watched)
    return read


def _hashing(repo: Path) -> tuple[str, dict[str, bytes]]:
    """The fingerprint and per-file digests of ``repo`` made by hashing every seed file."""
    seeds: dict[str, bytes] = {}
    return fingerprint(repo, None, seeds), seeds


def _built_twice(repo: Path) -> None:
    """Build, then build again: a file changed in the tick the first build started (a fresh
    copy's may be) is trusted only once hashed by a build that began after it."""
    build(repo)
    build(repo)


def _same_size_edit(path: Path) -> None:
    """Change a letter of ``path``'s first comment (seeds/policy.yaml's) without changing its size."""
    data = path.read_bytes()
    assert data.startswith(b"# The rule")
    path.write_bytes(data.replace(b"# The rule", b"# THE rule", 1))


def test_an_unchanged_rebuild_reads_no_seed_file(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With nothing changed since the last build, the check that it is up to date reads no seed
    file, and takes exactly the digests hashing them would give."""
    _built_twice(repo)
    expected = _hashing(repo)
    _hashed(repo, monkeypatch, fail=True)
    assert build(repo).skipped
    seeds: dict[str, bytes] = {}
    assert fingerprint(repo, None, seeds, repo / STATS, time.time_ns()) == expected[0]
    assert seeds == expected[1]


@pytest.mark.parametrize("how", ["in place, its modification time put back", "replaced by a new file"])
def test_an_edit_keeping_size_and_modification_time_is_seen(
    repo: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    """An edit that keeps a file's size and (put back with ``os.utime``) its modification time
    changes its change time, or its inode: the file is hashed again and the build not skipped."""
    _built_twice(repo)
    policy = repo / POLICY
    before = policy.stat()
    if how.startswith("in place"):
        _same_size_edit(policy)
    else:
        new = policy.with_name("new.tmp")
        shutil.copyfile(policy, new)
        _same_size_edit(new)
        new.replace(policy)
    os.utime(policy, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = policy.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    read = _hashed(repo, monkeypatch)
    assert not build(repo).skipped
    assert read[0] == POLICY  # the first time, as the build checks it is up to date
    assert fingerprint(repo, None, {}, repo / STATS, time.time_ns()) == _hashing(repo)[0]


def test_a_racy_entry_is_hashed_again(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file changed in the same tick as it was hashed (its ``stat`` then as recorded, the digest
    its bytes had before) is hashed again, because it changed no earlier than that build began;
    were it trusted, the edit would be missed."""
    policy = repo / POLICY
    old = hashlib.sha256(policy.read_bytes()).digest()
    _same_size_edit(policy)
    real: Digest = jacksonpd.collect.statcache.stat_and_digest

    def before_the_edit(path: Path) -> tuple[os.stat_result | None, bytes]:
        seen, own = real(path)
        return seen, old if Path(path) == policy else own

    def recorded(began: int) -> None:
        """A stat cache whose build began at ``began`` and read the policy just before the edit."""
        with monkeypatch.context() as patched:
            patched.setattr(jacksonpd.collect.statcache, "stat_and_digest", before_the_edit)
            (repo / STATS).unlink(missing_ok=True)
            fingerprint(repo, None, {}, repo / STATS, began)

    changed = policy.stat()
    hashing = _hashing(repo)
    recorded(max(changed.st_mtime_ns, changed.st_ctime_ns))  # not strictly older: racy
    assert fingerprint(repo, None, {}, repo / STATS, time.time_ns()) == hashing[0]
    recorded(max(changed.st_mtime_ns, changed.st_ctime_ns) + 1)  # trusted: the stale digest
    seeds: dict[str, bytes] = {}
    assert fingerprint(repo, None, seeds, repo / STATS, time.time_ns()) != hashing[0]
    assert seeds["policy.yaml"] == old


@pytest.mark.parametrize(
    "damage",
    ["empty", "garbage", "truncated", "one byte changed", "another format", "another folder's"],
)
def test_a_damaged_or_foreign_stat_cache_is_ignored(repo: Path, tmp_path: Path, damage: str) -> None:
    """A stat cache that is empty, damaged, of another format or made for another seeds folder
    is ignored: every file is hashed, the answer is hashing's, and the next build replaces it."""
    _built_twice(repo)
    path = repo / STATS
    data = path.read_bytes()
    if damage == "empty":
        path.write_bytes(b"")
    elif damage == "garbage":
        path.write_bytes(os.urandom(len(data)))
    elif damage == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "one byte changed":
        path.write_bytes(data[:-40] + bytes([data[-40] ^ 1]) + data[-39:])
    elif damage == "another format":
        path.write_bytes(data.replace(b"stat cache 1", b"stat cache 9", 1))
    else:  # a copy of the tree: same names, sizes and times, another folder (and inodes)
        other = tmp_path / "other"
        other.mkdir()
        shutil.copytree(repo / "seeds", other / "seeds", copy_function=shutil.copy2)
        shutil.copytree(repo / "schemas", other / "schemas")
        shutil.copy2(path, other / STATS)
        repo = other
    seeds: dict[str, bytes] = {}
    expected = _hashing(repo)
    assert fingerprint(repo, None, seeds, repo / STATS, time.time_ns()) == expected[0]
    assert seeds == expected[1]
    if damage != "another folder's":
        assert build(repo).skipped


def test_a_touched_unchanged_file_is_hashed_again_and_still_up_to_date(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file whose times changed but not its bytes is read (that one alone), and the build is
    still up to date."""
    _built_twice(repo)
    os.utime(repo / POLICY)
    read = _hashed(repo, monkeypatch)
    assert build(repo).skipped
    assert read == [POLICY]


def test_the_stat_cache_is_private_and_holds_no_withheld_name(repo: Path) -> None:
    """The stat cache (beside the build cache, git-ignored) is its owner's alone and holds seed
    files' names but not what they hold: a name withheld in the private overlay is not in it."""
    plant_withheld(repo)
    build(repo)
    path = repo / STATS
    data = path.read_bytes()
    assert b"private/incidents/" in data  # the overlay's files are covered too
    for name in (PLANTED, PLANTED.upper(), PLANTED.split()[-1]):
        assert name.encode() not in data
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert STATS.startswith(".datapackage-")  # git ignores /.datapackage-* (and packages none)


def test_files_added_and_removed_anywhere_in_the_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files added and removed before, between and after the recorded ones, in nested folders
    and beside names that sort differently as paths and as strings (``a/b``, ``a.txt``): only the
    new ones are read, and the digests are hashing's."""
    folder = tmp_path / "seeds"
    for name in ("a.txt", "a/b", "a/c/d", "a-b", "m", "z/z"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(name)
    path = tmp_path / STATS

    def digests() -> dict[str, bytes]:
        """Each file's digest through the stat cache, recorded by a build starting now."""
        each: dict[str, bytes] = {}
        stats = StatCache(path, folder, time.time_ns() + 1)
        files_digest(folder, each=each, stats=stats)
        stats.save()
        return each

    def hashing() -> dict[str, bytes]:
        each: dict[str, bytes] = {}
        files_digest(folder, each=each)
        return each

    digests()
    for name in ("a.txt", "a/c/d", "z/z"):
        (folder / name).unlink()
    for name in ("0", "a/a", "a/c/e", "a0", "n", "zz"):
        (folder / name).write_text(name)
    read = _hashed(tmp_path, monkeypatch)
    got = digests()
    assert sorted(read) == ["seeds/0", "seeds/a/a", "seeds/a/c/e", "seeds/a0", "seeds/n", "seeds/zz"]
    assert got == hashing()
    read.clear()
    got = digests()
    assert read == []
    assert got == hashing()


def test_a_stat_cache_that_cannot_be_written_is_no_error(repo: Path) -> None:
    """Where the stat cache cannot be written (here a folder is in its place), the build works
    as without one, and still knows when it is up to date."""
    (repo / STATS).mkdir()
    assert not build(repo, force=True).skipped
    assert build(repo).skipped
    assert (repo / STATS).is_dir()
    assert not (repo / f"{STATS}.tmp").exists()


@pytest.mark.parametrize("block", [16, 1 << 20])
def test_what_is_recorded_waits_a_block_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block: int
) -> None:
    """The stat cache reads the recorded entries and writes the new ones a block at a time: what
    waits to be written stays under a block (and a few entries), and the file it records, the
    digests it gives and what it reads are the same whatever the block."""
    monkeypatch.setattr(jacksonpd.collect.statcache, "_BLOCK", block)
    folder = tmp_path / "seeds"
    names = [f"{d}/{i:03}.txt" for d in ("articles", "annotations") for i in range(120)]
    for name in names:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(name)
    path = tmp_path / STATS
    waiting: list[int] = []

    def digests() -> dict[str, bytes]:
        each: dict[str, bytes] = {}
        stats = StatCache(path, folder, time.time_ns() + 1)
        real = stats.digest

        def watched(name: str, at: Path | str) -> bytes:
            own = real(name, at)
            waiting.append(len(stats._new))
            return own

        monkeypatch.setattr(stats, "digest", watched)
        files_digest(folder, each=each, stats=stats)
        stats.save()
        return each

    first = digests()
    for name in names[::7]:  # changed, every seventh: runs of entries kept between them
        (folder / name).write_text(f"{name} again")
    (folder / names[50]).unlink()
    read = _hashed(tmp_path, monkeypatch)
    second = digests()
    assert sorted(read) == sorted(f"seeds/{n}" for n in names[::7])
    assert second == {n: hashlib.sha256((folder / n).read_bytes()).digest() for n in names if n != names[50]}
    assert first.keys() - second.keys() == {names[50]}
    assert max(waiting) <= (3 if block == 16 else len(names))
    monkeypatch.setattr(jacksonpd.collect.statcache, "_BLOCK", 1 << 20)
    again = StatCache(path, folder, time.time_ns() + 1)  # whole: every file found as recorded
    read.clear()
    files_digest(folder, stats=again)
    assert read == []
