"""Facet counts remembered on an immutable database (jacksonpd.serve.facet_cache)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from datasette.database import Database

from jacksonpd.serve import facet_cache
from jacksonpd.serve.app import make_datasette

from .conftest import REPO
from .test_datasette import Site

PACKAGE = REPO / "datapackage"


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Site, list[str]]]:
    """A site whose database queries are listed as they run."""
    ran: list[str] = []
    real = Database.execute

    async def listed(self: Database, sql: str, *args: Any, **kwargs: Any) -> Any:
        ran.append(sql)
        return await real(self, sql, *args, **kwargs)

    monkeypatch.setattr(Database, "execute", listed)
    site = Site(make_datasette(PACKAGE))
    yield site, ran
    site.loop.close()


def _facets(ran: list[str]) -> list[str]:
    return [sql for sql in ran if "count(*) as count" in sql]


def test_a_repeated_facet_is_counted_once(counted: tuple[Site, list[str]]) -> None:
    """The same facet on the same page twice: counted once, the same answer both times."""
    site, ran = counted
    path = "/jacksonpd/statements.json?_facet=kind&_facet=speaker_id&_size=0"
    first = site.get(path).json()["facet_results"]
    assert len(_facets(ran)) == 2
    again = site.get(path).json()["facet_results"]
    assert len(_facets(ran)) == 2  # nothing counted again
    assert again == first
    filtered = site.get("/jacksonpd/statements.json?_facet=kind&kind=quote&_size=0").json()
    assert len(_facets(ran)) > 2  # another page's facets (the configured ones too) are counted
    assert [r["value"] for r in filtered["facet_results"]["kind"]["results"]] == ["quote"]


def test_only_facets_of_an_immutable_database_are_kept() -> None:
    """Other queries, and any query on a database that can change, are never answered from memory."""
    assert facet_cache._key("db", "select 1", None) == ("db", "select 1", ())
    assert facet_cache._key("db", "select ?", ["x"]) is not None
    assert facet_cache._key("db", "select :a", {"a": object()}) is None
    site = Site(make_datasette(PACKAGE))
    try:
        memory = site.ds.add_memory_database("scratch")
        site.loop.run_until_complete(memory.execute_write("create table t (v)"))
        limit = site.ds.setting("facet_time_limit_ms")

        def count() -> Any:
            sql = "select count(*) from t"
            return site.loop.run_until_complete(
                site.ds.execute("scratch", sql, custom_time_limit=limit)
            ).first()[0]

        assert count() == 0
        site.loop.run_until_complete(memory.execute_write("insert into t values (1)"))
        assert count() == 1
    finally:
        site.loop.close()


def test_the_cache_is_bounded(counted: tuple[Site, list[str]], monkeypatch: pytest.MonkeyPatch) -> None:
    """Past :data:`FACET_RESULTS` answers the oldest is dropped, and counted again when asked."""
    site, ran = counted
    assert facet_cache.FACET_RESULTS >= 100
    limit = site.ds.setting("facet_time_limit_ms")

    def ask(n: int) -> None:
        site.loop.run_until_complete(site.ds.execute("jacksonpd", f"select {n}", custom_time_limit=limit))

    for n in range(facet_cache.FACET_RESULTS + 1):
        ask(n)
    asked = len(ran)
    ask(facet_cache.FACET_RESULTS)  # the newest: remembered
    assert len(ran) == asked
    ask(0)  # the oldest: dropped, so run again
    assert len(ran) == asked + 1
