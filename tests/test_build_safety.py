"""What a build leaves behind: no process, no lock that blocks, no file others can read, and no
widening of an earlier `--as-of` by `jacksonpd serve`."""

from __future__ import annotations

import datetime as dt
import fcntl
import importlib
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from jacksonpd import build
from jacksonpd.build import AS_OF, CACHE, requested_as_of
from jacksonpd.serve.app import prepare

from .conftest import PLANTED, PLANTED_INCIDENT, REPO, plant_withheld, snapshot
from .test_private import holders
from .test_reliability import note_correction

sys.path.insert(0, str(REPO / "benchmarks"))
corpus = importlib.import_module("corpus")  # the benchmarks' corpus generator, not a package


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rpartition(")")[2].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] not in ("Z", "X"):
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


@pytest.fixture(scope="module")
def many_articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A corpus of 600 articles: enough that a cold read starts reader processes."""
    root = tmp_path_factory.mktemp("many")
    corpus.generate(root, statements=12_000)
    return root


def test_a_build_killed_during_a_cold_read_leaves_no_worker_and_no_lock(many_articles: Path) -> None:
    """SIGKILL the build while its readers read: the readers die with it, and the next build
    runs (it is not told that the dead build is still running)."""
    (many_articles / CACHE).unlink(missing_ok=True)
    process = subprocess.Popen(
        [sys.executable, "-m", "jacksonpd", "build", "--root", str(many_articles), "--force"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while time.monotonic() < deadline and len(workers) < 2 and process.poll() is None:
        workers = children(process.pid)
        time.sleep(0.02)
    assert len(workers) >= 2, "the build started no readers"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(w) for w in workers):
        time.sleep(0.05)
    assert [w for w in workers if alive(w)] == []
    result = subprocess.run(
        [sys.executable, "-m", "jacksonpd", "build", "--root", str(many_articles)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "already running" not in result.stderr


def test_a_lock_held_for_a_dead_build_does_not_block(repo: Path) -> None:
    """A process that an older build left behind holds the lock, naming a build that is gone:
    the lock is broken and the build goes ahead."""
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # reaped: its pid names no process
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, sys, time\n"
            f"f = open({str(repo / '.datapackage-lock')!r}, 'a+')\n"
            "fcntl.flock(f, fcntl.LOCK_EX)\n"
            f"f.write('pid {gone.pid}\\n'); f.flush()\n"
            "print('held', flush=True)\n"
            "time.sleep(60)\n",
        ],
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline() == b"held\n"
        result = build(repo, force=True)
        assert not result.skipped
    finally:
        holder.kill()
        holder.wait()


def test_a_live_holder_still_blocks(repo: Path) -> None:
    """The lock of a build that is running is not broken."""
    from jacksonpd.errors import JacksonpdError

    with (repo / ".datapackage-lock").open("a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        lock.write(f"pid {os.getpid()}\n")
        lock.flush()
        with pytest.raises(JacksonpdError) as info:
            build(repo, force=True)
        assert [p.code for p in info.value.problems] == ["build-locked"]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_cache_and_a_build_in_progress_are_private(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache file (and its journal) is its owner's alone, an existing one's mode is fixed,
    and a build's staging folder is private until it is published (for everyone to read)."""
    plant_withheld(repo)
    cache = repo / CACHE
    cache.touch(mode=0o644)
    cache.chmod(0o644)
    seen: dict[str, int] = {}
    module = importlib.import_module("jacksonpd.build")
    real = module.write_package

    def watched(rows: Path, *args: object, **kwargs: object) -> object:
        seen["staging"] = mode(rows.parent)
        seen["cache"] = mode(cache)
        for suffix in ("-wal", "-shm"):
            if Path(f"{cache}{suffix}").exists():
                seen[suffix] = mode(Path(f"{cache}{suffix}"))
        return real(rows, *args, **kwargs)

    monkeypatch.setattr(module, "write_package", watched)
    build(repo, force=True)
    assert seen["staging"] == 0o700
    assert seen["cache"] == 0o600
    assert {seen.get("-wal", 0o600), seen.get("-shm", 0o600)} == {0o600}
    assert mode(cache) == 0o600
    assert mode(repo / "datapackage") == 0o755
    for path in repo.iterdir():
        if path.name.startswith(CACHE) or path.name == AS_OF:
            assert mode(path) & 0o077 == 0, path.name


def test_serve_does_not_undo_as_of(repo: Path) -> None:
    """After `build --as-of` withheld a name, serving (which rebuilds a stale package) keeps to
    that date: the name is on no page and in no file served."""
    (repo / "seeds/incidents").mkdir(exist_ok=True)
    released = PLANTED_INCIDENT.format(name=PLANTED).replace(
        "        role: shooter\n",
        "        role: shooter\n        name_released_on: 2018-05-03\n"
        "        name_released_by: jackson-police-department\n",
    )
    (repo / "seeds/incidents/curated.yaml").write_text(released, encoding="utf-8")
    build(repo, as_of=dt.date(2018, 5, 2))
    assert requested_as_of(repo) == dt.date(2018, 5, 2)
    assert holders(snapshot(repo / "datapackage").items(), [PLANTED]) == []
    # The seeds change; serve finds the package stale and rebuilds it.
    ann = repo / "seeds/annotations/2018-03-19-moore-mbi.yaml"
    ann.write_text(
        ann.read_text().replace("    note: The chief's answer", "    note: Changed. The chief's answer")
    )
    note_correction(repo, "Changed. ")
    folder, problem = prepare(repo)
    assert problem is None
    assert "Changed. The chief's answer" in (folder / "data/statements.csv").read_text()
    assert holders(snapshot(folder).items(), [PLANTED]) == []
    # A build with the default date publishes the name, and serve then keeps to that.
    build(repo)
    assert requested_as_of(repo) is None
    assert PLANTED in (repo / "datapackage/data/officers.csv").read_text()
