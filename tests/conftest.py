"""Shared fixtures: the real repository, and throwaway copies of it to break."""

from __future__ import annotations

import secrets
import shutil
import socket
import string
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from jacksonpd.collect.tree import read_seeds
from jacksonpd.dataset import Dataset
from jacksonpd.publish.sqlite_patch import Patched

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


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def give_an_id_twice(repo: Path) -> str:
    """Copy the 2018-03-19 article and its annotation, and give the first statement of both the
    same explicit id (statement ids begin with the source's id, so copies in another article do
    not collide otherwise); returns the annotation's text as it was."""
    article = repo / "seeds/articles/2018-03-19-moore-mbi.txt"
    copy = repo / "seeds/articles/2018-03-20-moore-mbi-again.txt"
    copy.write_text(article.read_text(encoding="utf-8"), encoding="utf-8")
    annotation = (repo / "seeds/annotations/2018-03-19-moore-mbi.yaml").read_text(encoding="utf-8")
    (repo / "seeds/annotations/2018-03-20-moore-mbi-again.yaml").write_text(annotation, encoding="utf-8")
    for name in ("2018-03-19-moore-mbi.yaml", "2018-03-20-moore-mbi-again.yaml"):
        path = repo / "seeds/annotations" / name
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("statements:\n  - ", "statements:\n  - id: same-statement\n    ", 1))
    return annotation


def leftovers(root: Path) -> list[str]:
    """Staging or backup folders a build left behind (the lock file is meant to stay)."""
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".datapackage") and p.is_dir())


def _made_up_name() -> str:
    """A fictional officer's name, made up for this run: no never-public name is committed."""
    letters = "".join(secrets.choice(string.ascii_lowercase) for _ in range(8))
    return f"Zebulon Wh{letters}"


#: A planted name that is never made public, and the incident that holds it, which tests write
#: into a repository copy's private overlay (``seeds/private/incidents/``) at run time.
PLANTED = _made_up_name()
PLANTED_INCIDENT = """\
data_source: curated
incidents:
  - id: 2018-05-01-fixture-withheld
    occurred_on: 2018-05-01
    kind: officer_involved_shooting
    city: Jackson
    state: MS
    agency: jackson-police-department
    investigating_agency: mississippi-bureau-of-investigation
    fatal: false
    investigation_status: open
    officers:
      - name: {name}
        role: shooter
"""
PRIVATE_INCIDENTS = "seeds/private/incidents/fixture-withheld.yaml"


def plant_withheld(repo: Path, name: str = PLANTED) -> Path:
    """Write the incident whose officer's name is never made public into ``repo``'s overlay."""
    path = repo / PRIVATE_INCIDENTS
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(PLANTED_INCIDENT.format(name=name), encoding="utf-8")
    return path


def built_corpus(factory: pytest.TempPathFactory, statements: int = 200) -> Path:
    """A small synthetic corpus (``benchmarks/corpus.py``), built cold once in a new folder."""
    import importlib
    import sys

    from jacksonpd.build import build

    sys.path.insert(0, str(REPO / "benchmarks"))
    corpus = importlib.import_module("corpus")  # the benchmarks' modules, not a package
    root: Path = factory.mktemp("corpus")
    corpus.generate(root, statements=statements)
    build(root, force=True)
    return root


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small synthetic corpus (10 articles), built cold once for the whole run: read it, or
    change a copy of it (``root``)."""
    return built_corpus(tmp_path_factory)


@pytest.fixture
def root(built: Path, tmp_path: Path) -> Path:
    """A copy of the built corpus, with the state its build kept, for a test to change."""
    shutil.copytree(built, tmp_path / "root", symlinks=True)
    return tmp_path / "root"


@pytest.fixture
def patched(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """What each build that took the short path did with the database: ``None`` where it patched
    the published one, else why it wrote it whole."""
    module = sys.modules["jacksonpd.publish.sqlite_patch"]
    said: list[str | None] = []
    patch = module.patch_sqlite

    def recorded(*args: Any) -> Patched:
        done: Patched = patch(*args)
        said.append(done.why)
        return done

    monkeypatch.setattr(module, "patch_sqlite", recorded)
    return said
