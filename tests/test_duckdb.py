"""Other clients: DuckDB 1.x reads every table and view of the database through its SQLite
reader (the sqlite_scanner extension, installed from PyPI with the test extra: no download)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from .conftest import REPO

duckdb = pytest.importorskip("duckdb", reason="DuckDB is not installed (pip install -e '.[test]')")
scanner = pytest.importorskip(
    "duckdb_extension_sqlite_scanner",
    reason="DuckDB's SQLite reader is not installed (the test extra has it)",
)

DATABASE = REPO / "datapackage" / "jacksonpd.db"


def _extension() -> Path:
    found = sorted(Path(next(iter(scanner.__path__))).rglob("sqlite_scanner.duckdb_extension"))
    if not found:
        pytest.skip("the sqlite_scanner package holds no extension for this platform")
    return found[-1]


def test_duckdb_reads_every_table_and_view() -> None:
    """Each table and view has the same rows in DuckDB as in SQLite."""
    assert duckdb.__version__.startswith("1."), duckdb.__version__
    conn = sqlite3.connect(f"file:{DATABASE}?mode=ro", uri=True)
    names = [
        r[0]
        for r in conn.execute(
            "select name from sqlite_master where type in ('table', 'view') "
            "and name not like 'sqlite_%' and name not like '%\\_fts%' escape '\\' order by name"
        )
    ]
    assert {"statements", "timeline", "statements_detailed", "incidents_detailed"} <= set(names)
    duck = duckdb.connect()
    duck.execute(f"load '{_extension()}'")
    duck.execute(f"attach '{DATABASE}' as jpd (type sqlite, read_only)")
    for name in names:
        expected = conn.execute(f'select count(*) from "{name}"').fetchone()[0]
        (count,) = duck.execute(f'select count(*) from jpd."{name}"').fetchone()
        assert count == expected, name
        duck.execute(f'select * from jpd."{name}"').fetchall()  # every column converts
    texts = sorted(r[0] for r in duck.execute('select text from jpd."statements_detailed"').fetchall())
    assert texts == sorted(r[0] for r in conn.execute("select text from statements"))
    conn.close()
