"""Searches for a common word answered without listing every match first.

For ``?_search=`` Datasette 0.65 filters a table or view page with
``pk in (select rowid from <fts> where <fts> match escape_fts(:search))``, and counts the page with
the same clause. SQLite answers an ``in (subquery)`` by first writing every match into a temporary
index: for a word in every one of a million statements that is a million rowids written (about
0.1 s), then looked up one by one, before the first row of the page is read, twice per page (the
rows, then the count). A page that asks for 51 rows pays for a million.

The database is immutable and every full-text index the build makes holds exactly one entry for
each row of the table or view it searches (its rowid, or the view's ``search_rowid``: see
:data:`SEARCHED`), so :func:`fast_searches` has the site's database answer those two queries
another way, with the same results:

- the count is the index's own count of its matches (``select count(*) from <fts> where <fts>
  match ...``), which reads the index alone; it is remembered (:data:`COUNTS`), since the same
  search gives the same count, and the page's rows need it first;
- the page's rows, when the matches are many (:func:`_worth_probing`), are read in the page's
  order and each checked against the index (``exists (select 1 from <fts> where <fts> match ...
  and <fts>.rowid = <pk>)``, which SQLite answers by a seek in the index), stopping when the page
  is full: for a word in every row that reads 51 rows. Only where SQLite reads the rows in the
  page's order (no sort of all of them, checked with ``explain query plan``), and within
  :data:`PROBE_MS`; otherwise, and for the rare words where listing the matches is cheaper, the
  query runs as Datasette wrote it.

Where every row matches (the index's count is the table's), the condition is dropped from every
query of the page, facets' too: it holds for each row.

The rows, their order, the count and the SQL the page shows are Datasette's. What a reader can
see change is only what time allowed: at a million statements the facets of a search for a word
in every statement, which ran out of the facet time limit, now count through their indexes and
are shown. Facets of a search for a word in a large share of the rows (not all) still count
Datasette's own query, and may still run out of time.
"""

from __future__ import annotations

import re
import sqlite3
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from datasette.database import QueryInterrupted
from datasette.utils import escape_sqlite

from ..publish.datasette import DATABASE_NAME
from ..publish.sqlite import FTS, VIEWS

__all__ = ["COUNTS", "PROBE_COST", "PROBE_MS", "SEARCHED", "fast_searches"]

#: Each searched table or view: its full-text index, and the column the index's rowid matches.
SEARCHED: Mapping[str, tuple[str, str]] = {
    **{table: (f"{table}_fts", "rowid") for table in FTS},
    **{
        view.name: (view.fts_table or f"{view.name}_fts", "search_rowid")
        for view in VIEWS
        if view.fts_table or view.searched
    },
}
#: How many searches' counts the site keeps.
COUNTS = 256
#: How many times more a row read and checked against the index costs than a match listed
#: (measured at a million statements: about 10 µs against 0.5 µs).
PROBE_COST = 20
#: The most milliseconds a page's rows are read that way before they are listed as Datasette does.
PROBE_MS = 50

_LIMIT = re.compile(r" limit (\d+)(?: offset (\d+))?$")


def _fragment(fts: str, pk: str, clause: str) -> str:
    """The where clause of Datasette 0.65's ``?_search=`` (``datasette.filters.search_filters``)."""
    index = escape_sqlite(fts)
    return f"{escape_sqlite(pk)} in (select rowid from {index} where {index} match {clause})"


def _probe(table: str, fts: str, pk: str, clause: str) -> str:
    """The same condition, checked row by row against the index."""
    index = escape_sqlite(fts)
    return (
        f"exists (select 1 from {index} where {index} match {clause} "
        f"and {index}.rowid = {escape_sqlite(table)}.{escape_sqlite(pk)})"
    )


def _search_of(sql: str) -> tuple[str, str, str, str] | None:
    """The table, index, key column and match clause of a search query of Datasette's, or None."""
    for table, (fts, pk) in SEARCHED.items():
        if f" from {escape_sqlite(table)} where " not in sql:
            continue
        for clause in ("escape_fts(:search)", ":search"):
            if _fragment(fts, pk, clause) in sql:
                return table, fts, pk, clause
    return None


def _worth_probing(matches: int, total: int, sql: str) -> bool:
    """Whether reading rows in order and checking each beats listing every match: the rows read
    to fill the page (its offset and size over the share of rows that match) against the matches."""
    found = _LIMIT.search(sql)
    if found is None or matches == 0 or " group by " in sql or not sql.startswith("select "):
        return False
    wanted = int(found[1]) + int(found[2] or 0)
    return matches * matches > PROBE_COST * wanted * total


def fast_searches(datasette: Any) -> None:
    """Have the site's database answer search pages' rows and counts as the module says."""
    db = datasette.databases.get(DATABASE_NAME)
    if db is None or db.is_mutable or getattr(db, "_jacksonpd_fast_searches", False):
        return
    execute = db.execute
    counts: OrderedDict[tuple[str, str, str], Any] = OrderedDict()
    tables = ((datasette.inspect_data or {}).get(DATABASE_NAME) or {}).get("tables", {})

    async def count(fts: str, clause: str, search: str) -> Any:
        """The index's count of a search's matches (remembered), or None if it cannot be had."""
        key = (fts, clause, search)
        if key in counts:
            counts.move_to_end(key)
            return counts[key]
        index = escape_sqlite(fts)
        try:
            result = await execute(
                f"select count(*) from {index} where {index} match {clause}", {"search": search}
            )
        except (QueryInterrupted, sqlite3.Error):
            return None  # Datasette's own query then fails, or counts, as it would have
        counts[key] = result
        if len(counts) > COUNTS:
            counts.popitem(last=False)
        return result

    async def searched(
        sql: str, params: Any = None, truncate: bool = False, custom_time_limit: Any = None, **kw: Any
    ) -> Any:
        found = (
            _search_of(sql) if isinstance(params, dict) and isinstance(params.get("search"), str) else None
        )
        if found is not None:
            table, fts, pk, clause = found
            fragment = _fragment(fts, pk, clause)
            if sql == f"select count(*) from {escape_sqlite(table)} where {fragment} ":
                result = await count(fts, clause, params["search"])
                if result is not None:
                    return result
            total = tables.get(table, {}).get("count")
            result = await count(fts, clause, params["search"]) if isinstance(total, int) else None
            if result is not None and result.first()[0] == total:
                # Every row matches: the condition holds for each (a facet then counts the whole
                # table through its index, well within the facet time limit).
                sql = sql.replace(fragment, "1")
            elif result is not None and _worth_probing(result.first()[0], total, sql):
                probe = sql.replace(fragment, _probe(table, fts, pk, clause))
                probed = await _probed(probe, params, truncate, custom_time_limit, kw)
                if probed is not None:
                    return probed
        return await execute(sql, params, truncate=truncate, custom_time_limit=custom_time_limit, **kw)

    async def _probed(sql: str, params: Any, truncate: bool, limit: Any, kw: dict[str, Any]) -> Any:
        """The rows read in order and checked, or None where SQLite would sort every row first
        or the reading takes longer than :data:`PROBE_MS`."""
        plan = await execute(f"explain query plan {sql}", params)
        if any("TEMP B-TREE" in row[3] for row in plan):
            return None
        ms = min(PROBE_MS, limit) if isinstance(limit, int) else PROBE_MS
        try:
            return await execute(sql, params, truncate=truncate, custom_time_limit=ms, **kw)
        except QueryInterrupted:
            return None

    db.execute = searched
    db._jacksonpd_fast_searches = True
