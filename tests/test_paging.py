"""Canned queries a page at a time (jacksonpd.serve.paging): sizes, next-page links, mistakes,
and the index each query reads its page from."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator

import pytest
from datasette.utils import MultiParams

from jacksonpd.publish.canned import PAGE, PAGE_SIZE
from jacksonpd.publish.datasette import CANNED_QUERIES
from jacksonpd.serve import guard
from jacksonpd.serve.app import make_datasette
from jacksonpd.serve.paging import PageError, page

from .conftest import REPO
from .test_datasette import Site

PACKAGE = REPO / "datapackage"
QUERIES = {name: sql for name, _, _, sql in CANNED_QUERIES}
#: The canned queries that read their rows in the order of an index (the others count, or read
#: a handful of rules, or sort one speaker's statements; ``names_release`` has a test of its own).
IN_INDEX_ORDER = (
    "story_timeline",
    "figures_cited",
    "incidents_investigators",
    "days_to_release",
    "officers_named",
    "investigated_under",
)


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    """The published package, served in-process."""
    s = Site(make_datasette(PACKAGE))
    yield s
    s.loop.close()


def test_every_canned_query_ends_with_the_page_clause() -> None:
    """Each question is answered a page at a time."""
    assert all(sql.endswith(f"\n{PAGE}") for sql in QUERIES.values())


def test_a_page_is_what_size_and_next_ask_for() -> None:
    """``_size`` (a number or ``max``) and ``_next`` (an offset) choose the page; without them
    it is the first 50 rows."""
    assert page(MultiParams({}), 1000) == (PAGE_SIZE, 0)
    assert page(MultiParams({"_size": ["10"], "_next": ["30"]}), 1000) == (10, 30)
    assert page(MultiParams({"_size": ["max"]}), 1000) == (1000, 0)
    assert page(MultiParams({"_size": ["1000"]}), 1000) == (1000, 0)
    for size in ("0", "-1", "1001", "ten", "1e3"):
        with pytest.raises(PageError, match="_size must be"):
            page(MultiParams({"_size": [size]}), 1000)
    for start in ("-5", "abc", "5.5"):
        with pytest.raises(PageError, match="_next must be"):
            page(MultiParams({"_next": [start]}), 1000)


def test_the_timeline_is_read_page_by_page(site: Site) -> None:
    """The first page shows 50 items and a link to the next; following the links gives the
    whole answer, in order, and the last page has no next link."""
    whole = site.rows("/jacksonpd/story_timeline.json?_size=max")
    assert len(whole) > PAGE_SIZE  # the shipped timeline is longer than a page
    first = site.get("/jacksonpd/story_timeline")
    assert first.status_code == 200
    assert first.text.count("<tr>") - 1 == PAGE_SIZE  # the rows, less the header's
    assert f"Rows 1 to {PAGE_SIZE}." in first.text
    link = re.search(r'<a href="([^"]+)" rel="next">Next page</a>', first.text)
    assert link is not None
    assert link.group(1) == f"/jacksonpd/story_timeline?_next={PAGE_SIZE}"
    last = site.get(link.group(1).replace("&amp;", "&"))
    assert last.status_code == 200
    assert 'rel="next"' not in last.text
    assert "First page" in last.text
    paged = site.rows(f"/jacksonpd/story_timeline.json?_next={PAGE_SIZE}")
    assert site.rows("/jacksonpd/story_timeline.json") + paged == whole


def test_a_page_of_any_size_from_any_offset(site: Site) -> None:
    """``_size`` and ``_next`` together give that slice of the whole answer."""
    whole = site.rows("/jacksonpd/story_timeline.json?_size=max")
    assert site.rows("/jacksonpd/story_timeline.json?_size=7&_next=3") == whole[3:10]
    assert site.rows(f"/jacksonpd/story_timeline.json?_next={len(whole)}") == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("_size=0", "_size must be"),
        ("_size=many", "_size must be"),
        ("_size=5000", "_size must be"),
        ("_next=x", "_next must be"),
        ("_next=-3", "_next must be"),
    ],
)
def test_a_page_that_does_not_exist_is_a_400(site: Site, query: str, message: str) -> None:
    """A mistaken ``_size`` or ``_next`` is the reader's: 400 in Datasette's error shape."""
    answer = site.get(f"/jacksonpd/story_timeline.json?{query}")
    assert answer.status_code == 400, answer.text
    body = answer.json()
    assert body["ok"] is False
    assert message in body["error"]
    assert site.get(f"/jacksonpd/story_timeline?{query}").status_code == 400


def test_typed_sql_is_not_paged(site: Site) -> None:
    """SQL a reader types has no page links, and takes ``_size`` as Datasette does."""
    answer = site.get("/jacksonpd?sql=select+1&_size=many")
    assert answer.status_code == 200
    assert "Next page" not in answer.text


def test_a_first_page_runs_with_the_pages_and_a_later_one_apart(site: Site) -> None:
    """A first page walks an index to 50 rows; a later page walks it to an offset first, which
    can take long, so it runs on the heavy reads' lane."""
    routes = guard._Guard(site.ds)

    def lane(path: str, query: bytes = b"") -> str:
        return routes.lane({"type": "http", "method": "GET", "path": path, "query_string": query})

    assert lane("/jacksonpd/story_timeline") == "pages"
    assert lane("/jacksonpd/statements_by_speaker.json", b"speaker=Moore&_size=100") == "pages"
    assert lane("/jacksonpd/story_timeline", b"_next=50") == "heavy"
    assert lane("/jacksonpd/statements", b"text__contains=police") == "heavy"
    assert lane("/jacksonpd/statements", b"_next=50") == "pages"  # a table's keyset page
    assert lane("/jacksonpd", b"sql=select+1") == "sql"


def _plan(name: str) -> str:
    conn = sqlite3.connect(f"file:{PACKAGE / 'jacksonpd.db'}?mode=ro", uri=True)
    try:
        params = {"speaker": "Moore", "date": "2018-10-20", "_page_size": PAGE_SIZE, "_page_start": 0}
        sql = QUERIES[name]
        used = {k: v for k, v in params.items() if f":{k}" in sql}
        return "\n".join(r[3] for r in conn.execute(f"explain query plan {sql}", used))
    finally:
        conn.close()


@pytest.mark.parametrize("name", IN_INDEX_ORDER)
def test_a_page_is_read_in_the_order_of_an_index(name: str) -> None:
    """No query sorts its whole answer to give a page: SQLite reads it in an index's order and
    stops at the page's end (what is left sorted is a part of the order within one key)."""
    plan = _plan(name)
    assert "USE TEMP B-TREE FOR ORDER BY" not in plan, plan


def test_what_was_said_about_names_is_read_by_date() -> None:
    """The statements (a million) are read in date order, merged with the policies (a few dozen,
    sorted): a page stops after its 50 rows rather than sorting every match."""
    plan = _plan("names_release")
    assert "MERGE (UNION ALL)" in plan
    assert "SCAN statements_detailed_rows USING INDEX statements_detailed_rows_date_statement_id" in plan
