"""Shared fixtures: the real repository, and throwaway copies of it to break."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from jacksonpd.dataset import Dataset
from jacksonpd.seeds import read_seeds

REPO = Path(__file__).resolve().parent.parent
Snapshot = dict[str, bytes]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A private copy of the repository's seeds/, schemas/ and published datapackage/."""
    for name in ("seeds", "schemas", "datapackage"):
        shutil.copytree(REPO / name, tmp_path / name)
    return tmp_path


@pytest.fixture(scope="session")
def seeds_dataset() -> Dataset:
    """The records the real seeds build."""
    return read_seeds(REPO / "seeds")


def snapshot(folder: Path) -> Snapshot:
    """Every file under ``folder`` with its bytes, to prove a failed build changed nothing."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture
def take_snapshot() -> Callable[[Path], Snapshot]:
    """The :func:`snapshot` function, as a fixture."""
    return snapshot


def leftovers(root: Path) -> list[str]:
    """Staging or backup folders a build left behind (the lock file is meant to stay)."""
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".datapackage") and p.is_dir())
