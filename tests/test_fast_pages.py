"""Pages that stay fast at a million statements, with the same answers.

The views readers page through are stored at build time, in their order, so that a page, a count
or a canned query joins and sorts nothing; the canned queries filter through indexes; the site
reads a view's count from what it inspected as it started.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest

from jacksonpd.publish.datasette import CANNED_QUERIES
from jacksonpd.publish.sqlite import VIEWS, View, stored_table
from jacksonpd.serve.app import make_datasette

from .test_datasette import PACKAGE, Site

QUERIES = {name: sql for name, _, _, sql in CANNED_QUERIES}
#: A canned query's page parameters for every row (no limit, from the first).
EVERY_ROW = {"_page_size": -1, "_page_start": 0}
STORED = [view for view in VIEWS if view.stored]


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    s = Site(make_datasette(PACKAGE))
    yield s
    s.loop.close()


@pytest.fixture
def conn() -> Iterator[sqlite3.Connection]:
    c = sqlite3.connect(f"file:{PACKAGE / 'jacksonpd.db'}?mode=ro", uri=True)
    yield c
    c.close()


def _plan(conn: sqlite3.Connection, sql: str, params: dict[str, str] | None = None) -> str:
    return "\n".join(r[3] for r in conn.execute(f"explain query plan {sql}", {**EVERY_ROW, **(params or {})}))


def test_the_timeline_and_the_statements_are_stored() -> None:
    assert {v.name for v in STORED} == {"timeline", "statements_detailed", "incidents_detailed"}


@pytest.mark.parametrize("view", STORED, ids=lambda v: v.name)
def test_a_stored_view_has_the_rows_its_query_gives_in_its_order(
    conn: sqlite3.Connection, view: View
) -> None:
    """The view reads the stored rows: the same rows, in the same order, as its SQL computes."""
    name = view.name
    computed = conn.execute(view.sql).fetchall()
    served = conn.execute(f"select * from {name}").fetchall()
    assert len(computed) > 10
    assert served == computed
    (type_,) = conn.execute("select type from sqlite_master where name = ?", (name,)).fetchone()
    assert type_ == "view"
    (rows,) = conn.execute(f"select count(*) from {stored_table(view)}").fetchone()
    assert rows == len(computed)


def test_the_timeline_query_reads_the_stored_rows_in_order(conn: sqlite3.Connection) -> None:
    plan = _plan(conn, QUERIES["story_timeline"])
    assert "SCAN timeline_rows" in plan
    assert "TEMP B-TREE" not in plan  # nothing is sorted: the rows are stored in the view's order


def test_statements_by_speaker_filters_through_the_speaker_index(conn: sqlite3.Connection) -> None:
    plan = _plan(conn, QUERIES["statements_by_speaker"], {"speaker": "Moore"})
    assert "USING INDEX statements_detailed_rows_speaker_id_date_statement_id (speaker_id=?)" in plan
    assert "SCAN statements_detailed_rows" not in plan


@pytest.mark.parametrize("fragment", ["Moore", "moore", "a", "Jam", "", "zzz-nobody"])
def test_statements_by_speaker_answers_as_a_match_on_the_name_did(
    conn: sqlite3.Connection, fragment: str
) -> None:
    """Filtering through people gives what a ``like`` on the joined speaker's name gave."""
    columns = "date, speaker, speaker_title, kind, text, headline, statement_id"
    sql = next(v.sql for v in VIEWS if v.name == "statements_detailed")
    before = conn.execute(
        f"select {columns} from ({sql}) where speaker like '%' || ? || '%' order by date, statement_id",
        (fragment,),
    ).fetchall()
    now = conn.execute(QUERIES["statements_by_speaker"], {**EVERY_ROW, "speaker": fragment}).fetchall()
    assert now == before
    if fragment == "Moore":
        assert now  # the chief's words are in the shipped package


def test_a_view_page_reads_its_count_from_the_inspected_database(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A view's page shows its count without counting its rows again; filtered, it counts."""
    inspected = site.ds.inspect_data["jacksonpd"]
    conn = sqlite3.connect(f"file:{PACKAGE / 'jacksonpd.db'}?mode=ro", uri=True)
    for view in VIEWS:
        (count,) = conn.execute(f"select count(*) from {view.name}").fetchone()
        assert inspected["tables"][view.name]["count"] == count
    (quotes,) = conn.execute("select count(*) from statements_detailed where kind = 'quote'").fetchone()
    conn.close()
    monkeypatch.setitem(inspected["tables"]["statements_detailed"], "count", 123_456)
    page = site.get("/jacksonpd/statements_detailed.json?_size=1").json()
    assert page["filtered_table_rows_count"] == 123_456
    filtered = site.get("/jacksonpd/statements_detailed.json?_size=1&kind=quote").json()
    assert filtered["filtered_table_rows_count"] == quotes


def test_the_database_page_lists_views_as_views_and_hides_the_stored_rows(site: Site) -> None:
    response = site.get("/jacksonpd.json")
    assert response.status_code == 200
    data = response.json()
    tables = {t["name"]: t for t in data["tables"]}
    views = {v["name"] for v in data["views"]}
    assert {v.name for v in VIEWS} <= views
    assert not views & set(tables)
    for view in STORED:
        assert tables[stored_table(view)]["hidden"]
    page = site.get("/jacksonpd")
    assert page.status_code == 200
    assert "timeline_rows" not in page.text


def test_the_plugin_reads_its_configuration_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Datasette resolves secrets through the whole configuration on every read: once a cell, that
    was most of a 1,000-row page's time."""
    ds = make_datasette(PACKAGE)
    reads: list[str] = []
    original = ds.plugin_config

    def counted(name: str, *args: object, **kwargs: object) -> object:
        reads.append(name)
        return original(name, *args, **kwargs)

    monkeypatch.setattr(ds, "plugin_config", counted)
    s = Site(ds)
    try:
        for path in ("/jacksonpd/statements", "/jacksonpd/timeline", "/jacksonpd/story_timeline"):
            assert s.get(path).status_code == 200
    finally:
        s.loop.close()
    assert reads.count("jacksonpd") == 1
