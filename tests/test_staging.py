"""compare_packages(): which files of a new package differ from the published one, and why."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from jacksonpd import staging
from jacksonpd.publish.sqlite import DATABASE, database_digest

PACKAGE = Path(__file__).resolve().parent.parent / "datapackage"


@pytest.fixture
def two(tmp_path: Path) -> tuple[Path, Path]:
    """Two copies of the committed package: the new one, and the published one."""
    new, old = tmp_path / "new", tmp_path / "old"
    shutil.copytree(PACKAGE, new)
    shutil.copytree(PACKAGE, old)
    return new, old


def _rewrite_pages(db: Path) -> None:
    """The same rows in other bytes, as another SQLite version may write them."""
    conn = sqlite3.connect(db)
    try:
        conn.execute("pragma page_size = 8192")
        conn.execute("vacuum")
    finally:
        conn.close()


def _digests_counted(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    seen: list[Path] = []

    def counted(path: Path) -> str:
        seen.append(path)
        return database_digest(path)

    monkeypatch.setattr("jacksonpd.staging.database_digest", counted)
    return seen


def test_same_package_differs_in_nothing(two: tuple[Path, Path]) -> None:
    assert staging.compare_packages(*two) == []


def test_database_in_other_bytes_with_the_same_rows_is_the_same(
    two: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    new, old = two
    _rewrite_pages(new / DATABASE)
    assert (new / DATABASE).read_bytes() != (old / DATABASE).read_bytes()
    seen = _digests_counted(monkeypatch)
    assert staging.compare_packages(new, old) == []
    assert len(seen) == 2  # the content decided


def test_database_with_other_rows_differs(two: tuple[Path, Path]) -> None:
    new, old = two
    conn = sqlite3.connect(new / DATABASE)
    try:
        conn.execute("update people set name = name || ' Jr.' where rowid = 1")
        conn.commit()
    finally:
        conn.close()
    assert staging.compare_packages(new, old) == [(DATABASE, "differs from what the seeds build")]


def test_database_beside_a_changed_file_is_named_without_reading_its_rows(
    two: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A correction changes a CSV and the database together: the database's bytes differ, and
    every row of two large databases is not read to say so again."""
    new, old = two
    (new / "data/people.csv").write_bytes((old / "data/people.csv").read_bytes() + b"x\r\n")
    _rewrite_pages(new / DATABASE)
    seen = _digests_counted(monkeypatch)
    assert staging.compare_packages(new, old) == [
        ("data/people.csv", "differs from what the seeds build"),
        (DATABASE, "differs from what the seeds build"),
    ]
    assert seen == []


def test_unchanged_database_beside_a_changed_file_is_not_named(two: tuple[Path, Path]) -> None:
    new, old = two
    (new / "README.md").write_text("edited\n")
    assert staging.compare_packages(new, old) == [("README.md", "differs from what the seeds build")]


def test_not_a_database_differs(two: tuple[Path, Path]) -> None:
    new, old = two
    (new / DATABASE).write_bytes(b"not a database")
    assert staging.compare_packages(new, old) == [(DATABASE, "differs from what the seeds build")]
