"""Search pages answered without listing every match (jacksonpd.serve.search): same answers.

The shortcuts only pay at a million statements; here :data:`~jacksonpd.serve.search.PROBE_COST`
is set to 0 where the rows must be read row by row, so that every search with a match takes that
path, and each page is compared with the page of a site that answers searches as Datasette does.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from datasette.database import Database

from jacksonpd.serve import plugin, search
from jacksonpd.serve.app import make_datasette

from .test_datasette import PACKAGE, Site


def _site(monkeypatch: pytest.MonkeyPatch, *, fast: bool) -> Site:
    with monkeypatch.context() as m:
        if not fast:
            m.setattr(plugin, "fast_searches", lambda datasette: None)
        return Site(make_datasette(PACKAGE))


@pytest.fixture
def sites(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Site, Site, list[str]]]:
    """A site as Datasette answers searches, the site as served, and the SQL the second ran."""
    ran: list[str] = []
    real = Database.execute

    async def listed(self: Database, sql: str, *args: Any, **kwargs: Any) -> Any:
        ran.append(sql)
        return await real(self, sql, *args, **kwargs)

    plain = _site(monkeypatch, fast=False)
    monkeypatch.setattr(Database, "execute", listed)  # before the site takes its database's execute
    fast = _site(monkeypatch, fast=True)
    plain.ds.get_database("jacksonpd").execute = real.__get__(plain.ds.get_database("jacksonpd"))
    yield plain, fast, ran
    plain.loop.close()
    fast.loop.close()


def _words() -> list[str]:
    """The commonest word of the statements, one in a single statement, and some that match none."""
    conn = sqlite3.connect(f"file:{PACKAGE / 'jacksonpd.db'}?mode=ro", uri=True)
    try:
        conn.execute("create virtual table temp.vocab using fts5vocab(main, statements_fts, row)")
        (common,) = conn.execute("select term from temp.vocab order by doc desc, term limit 1").fetchone()
        (rare,) = conn.execute("select term from temp.vocab order by doc, term limit 1").fetchone()
    finally:
        conn.close()
    return [common, rare, f"{common} {rare}", "zzzznothing", '"unbalanced']


def _page(site: Site, path: str) -> tuple[int, Any]:
    response = site.get(path)
    if response.status_code != 200:
        return response.status_code, None
    page = response.json()
    keys = ("rows", "filtered_table_rows_count", "facet_results", "next", "human_description_en")
    return 200, {key: page.get(key) for key in keys}


PATHS = [
    "/jacksonpd/{table}.json?_search={word}",
    "/jacksonpd/{table}.json?_search={word}&_size=2",
    "/jacksonpd/{table}.json?_search={word}&_searchmode=raw",
]


@pytest.mark.parametrize("probe_cost", [search.PROBE_COST, 0])
@pytest.mark.parametrize("table", sorted(search.SEARCHED))
def test_a_search_page_is_the_page_datasette_gives(
    sites: tuple[Site, Site, list[str]], monkeypatch: pytest.MonkeyPatch, table: str, probe_cost: int
) -> None:
    """Rows, order, count, facets and next page as Datasette's, for common and rare words."""
    monkeypatch.setattr(search, "PROBE_COST", probe_cost)
    plain, fast, _ = sites
    for word in _words():
        for template in PATHS:
            path = template.format(table=table, word=word)
            assert _page(fast, path) == _page(plain, path), path
            status, page = _page(plain, path)
            if status == 200 and page["next"]:  # the next page too
                following = f"{path}&_next={page['next']}"
                assert _page(fast, following) == _page(plain, following), following


def test_sorted_and_filtered_searches_are_the_same(
    sites: tuple[Site, Site, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sort by another column, a filter beside the search, a facet asked for."""
    monkeypatch.setattr(search, "PROBE_COST", 0)
    plain, fast, _ = sites
    common = _words()[0]
    for path in (
        f"/jacksonpd/statements.json?_search={common}&_sort=text&_size=3",
        f"/jacksonpd/statements.json?_search={common}&_sort_desc=start&_size=3",
        f"/jacksonpd/statements.json?_search={common}&kind=quote",
        f"/jacksonpd/statements.json?_search={common}&_facet=kind&_facet=speaker_id",
        f"/jacksonpd/statements_detailed.json?_search={common}&_size=2&_next=2",
        f"/jacksonpd/timeline.json?_search={common}&item=statement",
    ):
        assert _page(fast, path) == _page(plain, path), path


def test_a_common_word_is_read_row_by_row_and_counted_from_the_index(
    sites: tuple[Site, Site, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page never lists every match: the count reads the index, the rows are checked in order."""
    monkeypatch.setattr(search, "PROBE_COST", 0)
    _, fast, ran = sites
    word = _words()[1]  # in one statement: not all of them
    assert fast.get(f"/jacksonpd/statements_detailed?_search={word}").status_code == 200
    searches = [sql for sql in ran if "statements_fts" in sql and not sql.startswith("explain")]
    assert "select count(*) from statements_fts where statements_fts match escape_fts(:search)" in searches
    assert not any(" in (select rowid from statements_fts" in sql for sql in searches), searches


def test_a_search_matching_every_row_drops_the_condition(sites: tuple[Site, Site, list[str]]) -> None:
    """Where every row matches, the page is read as the whole table (its facets through indexes)."""
    plain, fast, ran = sites
    conn = sqlite3.connect(f"file:{PACKAGE / 'jacksonpd.db'}?mode=ro", uri=True)
    try:
        conn.execute("create virtual table temp.vocab using fts5vocab(main, statements_fts, row)")
        terms = [row[0] for row in conn.execute("select term from temp.vocab order by doc desc, term")]
        (total,) = conn.execute("select count(*) from statements").fetchone()
    finally:
        conn.close()
    every = quote(" OR ".join(f'"{term}"' for term in terms))  # raw FTS5: any of the words
    path = f"/jacksonpd/statements.json?_searchmode=raw&_search={every}&_facet=kind"
    page = _page(fast, path)
    assert page == _page(plain, path)
    assert page[1]["filtered_table_rows_count"] == len(page[1]["rows"]) == total
    read = [sql for sql in ran if sql.startswith("select") and " from statements " in sql]
    assert read
    assert not any("statements_fts" in sql for sql in read), read


@pytest.mark.parametrize("table", sorted(search.SEARCHED))
def test_each_index_holds_one_entry_per_row_it_searches(table: str) -> None:
    """What makes the index's count the page's count: one entry for each row, keyed as the page."""
    fts, pk = search.SEARCHED[table]
    conn = sqlite3.connect(f"file:{PACKAGE / 'jacksonpd.db'}?mode=ro", uri=True)
    try:
        (rows,) = conn.execute(f"select count(*) from {table}").fetchone()
        (keys,) = conn.execute(f"select count(distinct {pk}) from {table}").fetchone()
        (entries,) = conn.execute(f"select count(*) from {fts}").fetchone()
        (found,) = conn.execute(
            f"select count(*) from {table} where {pk} in (select rowid from {fts})"
        ).fetchone()
    finally:
        conn.close()
    assert rows == keys == entries == found > 0


def test_only_the_served_immutable_database_is_changed() -> None:
    """Another database (one that can change) keeps Datasette's own execute."""
    site = Site(make_datasette(PACKAGE))
    try:
        memory = site.ds.add_memory_database("scratch")
        search.fast_searches(site.ds)  # a second call changes nothing
        assert type(memory).execute is Database.execute
        assert "execute" not in vars(memory)
        assert "execute" in vars(site.ds.get_database("jacksonpd"))
    finally:
        site.loop.close()
