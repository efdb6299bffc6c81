"""The stored facet counts through Datasette's hooks: a facet of jacksonpd's own, Datasette's
facets left as they are for every other database in the same process."""

from __future__ import annotations

import asyncio
import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from datasette.database import Database
from datasette.facets import ColumnFacet, DateFacet
from datasette.plugins import pm

from jacksonpd.publish.datasette import STORED_FACET
from jacksonpd.publish.sqlite import FACET_COUNTS
from jacksonpd.serve.app import make_datasette
from jacksonpd.serve.facets import PrecountedColumnFacet

from .conftest import REPO

PACKAGE = REPO / "datapackage"


def _get(ds: Any, loop: asyncio.AbstractEventLoop, path: str) -> dict[str, Any]:
    response = loop.run_until_complete(ds.client.get(path))
    assert response.status_code == 200, response.text
    page: dict[str, Any] = response.json()
    return page


def _counts(page: dict[str, Any], key: str) -> list[tuple[Any, int]]:
    return [(r["value"], r["count"]) for r in page["facet_results"][key]["results"]]


@pytest.fixture
def served(tmp_path: Path) -> Any:
    """The package (its stored counts of statements.kind made 999) and a database of another
    project, served by one Datasette."""
    folder = tmp_path / "datapackage"
    shutil.copytree(PACKAGE, folder)
    conn = sqlite3.connect(folder / "jacksonpd.db")
    with conn:
        conn.execute(f"update [{FACET_COUNTS}] set count = 999 where table_name = 'statements'")
    conn.close()
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    with conn:
        conn.execute("create table things (color text, seen text)")
        conn.executemany(
            "insert into things values (?, ?)",
            [("red", "2020-01-02"), ("red", "2020-01-02"), ("blue", "2020-01-03"), (None, None)],
        )
    conn.close()
    ds = make_datasette(folder)
    ds.add_database(Database(ds, path=str(other), is_mutable=False), name="other")
    loop = asyncio.new_event_loop()
    loop.run_until_complete(ds.invoke_startup())
    yield ds, loop
    loop.close()


def test_datasette_keeps_its_own_facets(served: Any) -> None:
    assert pm.get_plugin("datasette.facets") is not None
    classes = [c for found in pm.hook.register_facet_classes() for c in found]
    assert ColumnFacet in classes
    assert DateFacet in classes
    assert PrecountedColumnFacet in classes
    assert PrecountedColumnFacet.type == STORED_FACET != ColumnFacet.type


def test_another_database_facets_as_datasette_does(served: Any) -> None:
    ds, loop = served
    page = _get(ds, loop, "/other/things.json?_facet=color&_facet_date=seen&_size=0")
    assert page["facet_results"]["color"]["type"] == "column"
    assert _counts(page, "color") == [("red", 2), ("blue", 1)]
    assert page["facet_results"]["seen"]["type"] == "date"
    assert _counts(page, "seen") == [("2020-01-02", 2), ("2020-01-03", 1)]
    assert list(page["facet_results"]) == ["color", "seen"]  # no facet twice


def test_the_configured_facets_read_the_stored_counts(served: Any) -> None:
    ds, loop = served
    metadata = json.loads((PACKAGE / "metadata.json").read_text(encoding="utf-8"))
    assert {STORED_FACET: "kind"} in metadata["databases"]["jacksonpd"]["tables"]["statements"]["facets"]
    whole = _get(ds, loop, "/jacksonpd/statements.json?_size=0")
    assert {count for _, count in _counts(whole, "kind")} == {999}
    assert whole["facet_results"]["kind"]["type"] == "column"  # shown as before
    asked = _get(ds, loop, f"/jacksonpd/sources.json?_facet_{STORED_FACET}=outlet&_size=0")
    assert asked["facet_results"]["outlet_2"]["hideable"]
    filtered = _get(ds, loop, "/jacksonpd/statements.json?_size=0&_where=1")
    assert 999 not in {count for _, count in _counts(filtered, "kind")}
    # Datasette's column facet counts the rows, on the jacksonpd database too.
    counted = _get(ds, loop, "/jacksonpd/statements.json?_facet=kind&_size=0")
    assert 999 not in {count for _, count in _counts(counted, "kind_2")}
