"""The check of a spliced package (jacksonpd.publish.csv_splice): what it reads again, and the
keys as sets, doubt what a whole check would find, and then say what the whole check says."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from jacksonpd.build import KEPT
from jacksonpd.check.tablecheck import check_tables
from jacksonpd.models import RECORD_TYPES
from jacksonpd.publish import csv_splice
from jacksonpd.publish.package import _cells
from jacksonpd.schemas import load_schemas

from .conftest import built_corpus


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small synthetic corpus, built once."""
    return built_corpus(tmp_path_factory)


def _package(built: Path, tmp_path: Path) -> tuple[Path, Path, dict[str, Any], Any]:
    """A copy of the publication and of the rows it was written from; the tables' schemas."""
    folder, rows = tmp_path / "package", tmp_path / "rows.sqlite"
    shutil.copytree(built / "datapackage", folder)
    shutil.copyfile(built / KEPT, rows)
    schemas = load_schemas(built / "schemas")
    return folder, rows, {cls.resource: schemas.tables[cls.resource] for cls in RECORD_TYPES}, schemas


def _splice(
    folder: Path, rows: Path, schemas: Any, rewritten: str, taken: dict[str, Any] | None = None
) -> csv_splice.Splice:
    """A splice that wrote ``rewritten``'s CSV again, whole, from ``rows``, and copied the rest."""
    conn = sqlite3.connect(rows)
    try:
        tables = {}
        for cls in RECORD_TYPES:
            path = folder / "data" / f"{cls.resource}.csv"
            written = csv_splice.write_table(conn, schemas, cls.resource, path, _cells(schemas, cls.resource))
            if cls.resource == rewritten:
                written = csv_splice.TableWrite(
                    written.size,
                    written.sha256,
                    written.index,
                    "spliced",
                    ((written.index.header, written.size),),
                )
            else:
                written = csv_splice.TableWrite(written.size, written.sha256, written.index, "copied")
            tables[cls.resource] = written
        key = ", ".join(schemas.tables[rewritten]["primaryKey"])
        added = {rewritten: frozenset(conn.execute(f"select {key} from [{rewritten}]"))}  # each row new
    finally:
        conn.close()
    return csv_splice.Splice(tables=tables, taken=taken or {}, added=added)


def _checked(
    folder: Path, rows: Path, tables: dict[str, Any], splice: csv_splice.Splice
) -> tuple[bool, list[Any]]:
    doubted = not csv_splice._narrowed_is_clean(folder, tables, rows, splice)
    return doubted, csv_splice.check_written(
        folder, tables, "datapackage", rows, csv_splice.Written([], {}, splice)
    )


def test_a_clean_splice_is_not_doubted(built: Path, tmp_path: Path) -> None:
    """Rows written again that are valid, and keys taken away and given back, pass unread."""
    folder, rows, tables, schemas = _package(built, tmp_path)
    (person,) = sqlite3.connect(rows).execute("select person_id from people limit 1").fetchone()
    doubted, problems = _checked(
        folder, rows, tables, _splice(folder, rows, schemas, "statements", {"people": {(person,)}})
    )
    assert not doubted
    assert problems == []


def _edit(rows: Path, sql: str) -> None:
    conn = sqlite3.connect(rows)
    with conn:
        conn.execute(sql)
    conn.close()


def test_a_foreign_key_to_nothing_is_doubted(built: Path, tmp_path: Path) -> None:
    """A row written again naming a speaker nobody registered: doubted, and the whole check's
    problem (file, line, field) is the one reported."""
    folder, rows, tables, schemas = _package(built, tmp_path)
    _edit(rows, "update statements set speaker_id = 'nobody-registered' where rowid = 7")
    splice = _splice(folder, rows, schemas, "statements")
    doubted, problems = _checked(folder, rows, tables, splice)
    assert doubted
    assert problems == check_tables(folder, tables, "datapackage")
    assert [(p.code, p.path, p.field) for p in problems] == [
        ("foreign-key", "datapackage/data/statements.csv", "speaker_id")
    ]


def test_a_key_taken_away_that_rows_still_name_is_doubted(built: Path, tmp_path: Path) -> None:
    """A person taken away whom copied statements still name: doubted (keys as sets), though
    the rows naming her were not written again."""
    folder, rows, tables, schemas = _package(built, tmp_path)
    (person,) = sqlite3.connect(rows).execute("select speaker_id from statements limit 1").fetchone()
    _edit(rows, f"delete from people where person_id = '{person}'")
    splice = _splice(folder, rows, schemas, "people", {"people": {(person,)}})
    doubted, problems = _checked(folder, rows, tables, splice)
    assert doubted
    assert problems == check_tables(folder, tables, "datapackage")
    assert {p.code for p in problems} == {"foreign-key"}


def test_a_key_given_twice_is_doubted(built: Path, tmp_path: Path) -> None:
    """A row written again with another's key: doubted, and the whole check names the line."""
    folder, rows, tables, schemas = _package(built, tmp_path)
    _edit(rows, "insert into mentions select * from mentions where rowid = 3")
    doubted, problems = _checked(folder, rows, tables, _splice(folder, rows, schemas, "mentions"))
    assert doubted
    assert {p.code for p in problems} == {"primary-key", "unique-error"}
