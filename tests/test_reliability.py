"""Crash safety and concurrency: a killed build leaves the last good package; builds do not interleave."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from jacksonpd import build, validate_package
from jacksonpd.cli import cli
from jacksonpd.errors import JacksonpdError

from .conftest import Snapshot, leftovers

ANNOTATION = "seeds/annotations/2018-03-19-moore-mbi.yaml"


def change_seeds(repo: Path) -> None:
    """A correction a curator might make, so that a build changes the published package."""
    path = repo / ANNOTATION
    path.write_text(
        path.read_text().replace("    note: The chief's answer", "    note: Corrected. The chief's answer")
    )
    note_correction(repo, "Corrected. ")


def note_correction(repo: Path, prefix: str) -> None:
    """The entry in seeds/corrections.yaml that the note's change needs to be published."""
    old = (
        'The chief\'s answer to the question "what should they do?" if people feel they were not '
        "treated with respect and dignity."
    )
    (repo / "seeds/corrections.yaml").write_text(
        "corrections:\n  - resource: statements\n    record: 2018-03-19-moore-mbi-they-can-call-me\n"
        f"    field: note\n    old: {json.dumps(old)}\n    new: {json.dumps(prefix + old)}\n"
        "    date: 2026-12-01\n    reason: The note was reworded.\n    source: 2018-03-19-moore-mbi\n",
        encoding="utf-8",
    )


def build_process(repo: Path) -> subprocess.Popen[bytes]:
    """`jacksonpd build` as a separate process."""
    return subprocess.Popen(
        [sys.executable, "-m", "jacksonpd", "build", "--root", str(repo)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_a_held_lock_stops_a_second_build(repo: Path, take_snapshot: Callable[[Path], Snapshot]) -> None:
    """While one build holds the lock, another fails at once with a clear message and changes nothing."""
    change_seeds(repo)
    before = take_snapshot(repo / "datapackage")
    with (repo / ".datapackage-lock").open("a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        lock.write(f"pid {os.getpid()}\n")  # a live process: a dead one's lock is broken
        lock.flush()
        result = CliRunner().invoke(cli, ["build", "--root", str(repo)])
        assert result.exit_code == 1
        assert f"a build is already running (pid {os.getpid()})" in result.output
        assert take_snapshot(repo / "datapackage") == before
    assert build(repo).changed  # once released, the next build goes ahead


def test_two_builds_at_once_do_not_interleave(repo: Path, take_snapshot: Callable[[Path], Snapshot]) -> None:
    """Builds started together each publish whole or stop with the lock message; the result is valid."""
    change_seeds(repo)
    processes = [build_process(repo) for _ in range(3)]
    outcomes = []
    for p in processes:
        _, err = p.communicate(timeout=120)
        outcomes.append((p.returncode, err.decode()))
    assert all(code == 0 or "another build of this folder is running" in err for code, err in outcomes), (
        outcomes
    )
    assert any(code == 0 for code, _ in outcomes)
    assert validate_package(repo / "datapackage") == []
    assert "Corrected. The chief's answer" in (repo / "datapackage/data/statements.csv").read_text()
    assert leftovers(repo) == []


def test_a_killed_build_leaves_the_last_good_package(
    repo: Path, tmp_path_factory: pytest.TempPathFactory, take_snapshot: Callable[[Path], Snapshot]
) -> None:
    """Killed with SIGKILL at points across a build, it leaves the old package or the new one, whole."""
    old = take_snapshot(repo / "datapackage")
    change_seeds(repo)
    reference = tmp_path_factory.mktemp("reference")
    for name in ("seeds", "schemas", "datapackage"):
        shutil.copytree(repo / name, reference / name)
    build(reference)  # in-process, to know the new package; the process below also pays start-up
    new = take_snapshot(reference / "datapackage")
    assert new != old

    started = time.monotonic()
    assert build_process(reference).wait(timeout=120) == 0
    duration = time.monotonic() - started
    seen = set()
    for fraction in (0.1, 0.3, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.98):
        process = build_process(repo)
        time.sleep(duration * fraction)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        now = take_snapshot(repo / "datapackage")
        assert now in (old, new), f"killed at {fraction:.0%} of a build: a half-published package"
        seen.add("old" if now == old else "new")
        assert validate_package(repo / "datapackage") == []
        if now == new:  # published: go back to the old package to kill the next build in the act
            shutil.rmtree(repo / "datapackage")
            shutil.copytree(reference / "datapackage", repo / "datapackage")
            for file, data in old.items():
                (repo / "datapackage" / file).write_bytes(data)
            for extra in set(new) - set(old):
                (repo / "datapackage" / extra).unlink()
    print("kill outcomes:", sorted(seen), "build took", round(duration, 2), "s")
    assert "old" in seen  # some kills landed before the swap
    build(repo)  # the next build sweeps what the killed ones left and publishes
    assert take_snapshot(repo / "datapackage") == new
    assert leftovers(repo) == []


def test_a_failing_build_after_a_killed_one(repo: Path, take_snapshot: Callable[[Path], Snapshot]) -> None:
    """A killed build's staging folder does not confuse a later failing build; the package stays."""
    before = take_snapshot(repo / "datapackage")
    (repo / ".datapackage-build-deadbeef").mkdir()
    (repo / ".datapackage-build-deadbeef/half.csv").write_text("half")
    (repo / ANNOTATION).write_text("statements: [{kind: quote}]\n")
    with pytest.raises(JacksonpdError):
        build(repo)
    assert take_snapshot(repo / "datapackage") == before
    assert leftovers(repo) == []
