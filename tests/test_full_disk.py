"""A build on a file system that is full or read-only: a clear problem, the package untouched.

These mount a small tmpfs (root only, where mounting is allowed); elsewhere they are skipped,
and the catalogue's simulated full disk (tests/test_bad_input_2.py) still runs.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from jacksonpd.cli import cli

from .conftest import REPO, snapshot


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A repository copy on a tmpfs with a little room left."""
    mount = tmp_path / "disk"
    mount.mkdir()
    size = sum(
        p.stat().st_size
        for name in ("seeds", "schemas", "datapackage")
        for p in (REPO / name).rglob("*")
        if p.is_file()
    )
    try:
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size * 2 // 1024 + 256}k", "tmpfs", str(mount)],
            capture_output=True,
            check=False,
        )
    except OSError:
        pytest.skip("mount is not available here")
    if done.returncode != 0:
        pytest.skip("a tmpfs cannot be mounted here")
    try:
        for name in ("seeds", "schemas", "datapackage"):
            shutil.copytree(REPO / name, mount / name)
        annotation = mount / "seeds/annotations/2018-03-19-moore-mbi.yaml"
        annotation.write_text(
            annotation.read_text().replace("    note: The chief", "    note: Corrected. The chief")
        )
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(mount: Path) -> None:
    """Take every free byte of the file system."""
    # Unbuffered: a write that fits only in part leaves nothing for close() to fail on.
    with (mount / "filler").open("wb", buffering=0) as f:
        try:
            while True:
                f.write(b"\0" * (1 << 16))
        except OSError:
            pass


def test_a_full_disk(small_disk: Path) -> None:
    """A build that runs out of space says so, without a traceback, and publishes nothing."""
    before = snapshot(small_disk / "datapackage")
    fill(small_disk)
    result = CliRunner().invoke(cli, ["build", "--root", str(small_disk)])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert "No space left on device [io-error]" in result.output
    assert "Traceback" not in result.output
    (small_disk / "filler").unlink()
    assert snapshot(small_disk / "datapackage") == before
    assert not [p for p in small_disk.iterdir() if p.name.startswith(".datapackage-build-")]


def test_a_read_only_root(small_disk: Path) -> None:
    """A build in a folder that cannot be written says so, and changes nothing."""
    before = snapshot(small_disk / "datapackage")
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    result = CliRunner().invoke(cli, ["build", "--root", str(small_disk)])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert "Read-only file system [io-error]" in result.output
    assert "Traceback" not in result.output
    assert snapshot(small_disk / "datapackage") == before
