"""The check of a spliced package (jacksonpd.publish.csv_splice): what it reads again, and the
keys as sets, doubt what a whole check would find, and then say what the whole check says."""

from __future__ import annotations

import random
import shutil
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest

from jacksonpd.build import KEPT
from jacksonpd.check.tablecheck import check_tables
from jacksonpd.models import RECORD_TYPES
from jacksonpd.publish import csv_splice
from jacksonpd.publish.package import _cells
from jacksonpd.schemas import load_schemas


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


def _mutate(
    conn: sqlite3.Connection, schemas: Any, resource: str, rng: random.Random
) -> set[tuple[Any, ...]]:
    """Rows of ``resource`` taken away, changed, added (keys that sort first, last and between):
    the keys changed."""
    key = list(schemas.tables[resource]["primaryKey"])
    names = list(schemas.field_names(resource))
    rows = conn.execute(f"select rowid, * from [{resource}]").fetchall()
    changed: set[tuple[Any, ...]] = set()
    for rowid, *row in rng.sample(rows, min(len(rows), 4)):
        k = tuple(row[names.index(c)] for c in key)
        changed.add(k)
        what = rng.choice(["delete", "update", "add"])
        if what == "delete":
            conn.execute(f"delete from [{resource}] where rowid = ?", (rowid,))
        elif what == "update":
            text = next((c for c in names if c not in key and isinstance(row[names.index(c)], str)), None)
            if text is not None:
                conn.execute(
                    f"update [{resource}] set [{text}] = [{text}] || ' (corrected)' where rowid = ?", (rowid,)
                )
        else:
            new = list(row)
            first = names.index(key[0])
            new[first] = rng.choice(["0", "~", ""]) + new[first] + rng.choice(["", "-b"])
            if new[first] == row[first]:
                continue
            changed.add(tuple(new[names.index(c)] for c in key))
            conn.execute(f"insert into [{resource}] values ({', '.join('?' * len(new))})", new)
    return changed


@pytest.mark.parametrize("seed", range(3))
def test_a_splice_is_the_whole_write(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    """Every table, its rows taken away, changed and added at random (keys of one column and
    of two), twice in a row: the spliced CSV is byte for byte the CSV written whole, and so is
    the index it leaves for the next splice."""
    monkeypatch.setattr(csv_splice, "BLOCK", 3)
    rng = random.Random(seed)
    schemas = load_schemas(built / "schemas")
    rows = tmp_path / "rows.sqlite"
    shutil.copyfile(built / KEPT, rows)
    conn = sqlite3.connect(rows)
    try:
        for cls in RECORD_TYPES:
            name, cells = cls.resource, _cells(schemas, cls.resource)
            published = tmp_path / f"{name}.csv"
            index = csv_splice.write_table(conn, schemas, name, published, cells).index
            for step in range(2):
                changed = _mutate(conn, schemas, name, rng)
                spliced, whole = tmp_path / f"{name}-{step}.csv", tmp_path / f"{name}-{step}-whole.csv"
                made = csv_splice.write_table(
                    conn, schemas, name, spliced, cells, published=published, index=index, changed=changed
                )
                again = csv_splice.write_table(conn, schemas, name, whole, cells)
                assert spliced.read_bytes() == whole.read_bytes(), name
                assert (made.size, made.sha256) == (again.size, again.sha256)
                assert made.how == ("spliced" if changed else "copied"), name
                published, index = spliced, made.index
    finally:
        conn.close()


def _written_again(folder: Path, rows: Path, schemas: Any, *resources: str) -> None:
    """Write ``resources``' CSVs again from ``rows``, as a build writes them from its store."""
    conn = sqlite3.connect(rows)
    try:
        for resource in resources:
            path = folder / "data" / f"{resource}.csv"
            csv_splice.write_table(conn, schemas, resource, path, _cells(schemas, resource))
    finally:
        conn.close()


def _gathered(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, list[tuple[str, ...]]]]:
    """The tables each whole check reads, with the fields whose values it holds as sets."""
    module = sys.modules["jacksonpd.check.tablecheck"]
    gathered: list[tuple[str, list[tuple[str, ...]]]] = []
    check = module._check_table

    def recorded(path: Path, schema: Any, shown: str, keys: Any, name: str, collect: Any, skip: Any) -> Any:
        gathered.append((name, list(collect)))
        return check(path, schema, shown, keys, name, collect, skip)

    monkeypatch.setattr(module, "_check_table", recorded)
    return gathered


def test_keys_the_store_settles_are_not_held(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the row store the CSVs were written from, the whole check holds no table's keys as a
    set (each foreign key held in the store), and finds what it finds without it: nothing."""
    folder, rows, tables, _ = _package(built, tmp_path)
    gathered = _gathered(monkeypatch)
    assert check_tables(folder, tables, "datapackage", rows) == []
    assert [name for name, _ in gathered] == list(tables)  # every table read once
    assert all(collect == [] for _, collect in gathered)
    gathered.clear()
    assert check_tables(folder, tables, "datapackage") == []
    assert any(collect for _, collect in gathered)  # without the store, keys are held


@pytest.mark.parametrize(
    "sql",
    [
        "update statements set speaker_id = 'nobody-registered' where rowid = 7",
        "update sources set source_id = 'Not An Id' where rowid = 2",  # its facts name it no more
        # A key its own column refuses (and every reference to it), which the store holds:
        "update statements set speaker_id = 'Not An Id' where speaker_id = (select person_id from people "
        "where rowid = 1); update mentions set person_id = 'Not An Id' where person_id = (select person_id "
        "from people where rowid = 1); update figures set speaker_id = 'Not An Id' where speaker_id = "
        "(select person_id from people where rowid = 1); update people set person_id = 'Not An Id' "
        "where rowid = 1",
        "update mentions set source_id = 12 where rowid = 4",  # a number where the store has text
        "insert into people select * from people where rowid = 1",
    ],
)
def test_with_the_store_the_problems_are_the_whole_checks(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sql: str
) -> None:
    """A package with a problem, checked with its row store: the problems (file, line, field,
    message, in order) of the check that follows every key through the CSVs."""
    folder, rows, tables, schemas = _package(built, tmp_path)
    conn = sqlite3.connect(rows)
    with conn:
        conn.executescript(sql)
    conn.close()
    _written_again(folder, rows, schemas, *tables)
    expected = check_tables(folder, tables, "datapackage")
    assert expected
    assert check_tables(folder, tables, "datapackage", rows) == expected
