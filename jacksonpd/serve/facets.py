"""Facet counts over a whole table, counted once by the build rather than on every page view.

Datasette counts a facet with ``group by`` over every row the page shows. For a whole table of a
million statements that is about a tenth of a second per facet, on every view, for numbers that
never change: the database is served immutable. The build stores them in ``facet_counts``
(:data:`~jacksonpd.publish.sqlite.FACET_COUNTS`), and :class:`PrecountedColumnFacet`, a facet of
its own type (:data:`~jacksonpd.publish.datasette.STORED_FACET`, which the jacksonpd database's
configured facets name, and ``?_facet_stored=column`` asks for), reads them: on a page of the
whole table it reads the stored counts; on a filtered or searched page, or for a column not
stored, it counts as Datasette does. It is registered beside Datasette's own facets, which stay
as they are for every database (``?_facet=column`` is Datasette's column facet).

The loop below is Datasette 0.65's ``ColumnFacet.facet_results`` with only the query chosen
per column; ``tests/test_datasette.py`` holds the two to the same results on every facet.
"""

from __future__ import annotations

from typing import Any

from datasette.database import QueryInterrupted
from datasette.facets import ColumnFacet
from datasette.utils import (
    escape_sqlite,
    path_with_added_args,
    path_with_removed_args,
)

from ..publish.datasette import STORED_FACET
from ..publish.sqlite import FACET_COUNTS

__all__ = ["PrecountedColumnFacet", "facet_classes"]


class PrecountedColumnFacet(ColumnFacet):  # type: ignore[misc]
    """Datasette's column facet, reading the build's stored counts for a whole table."""

    type = STORED_FACET

    async def suggest(self) -> list[dict[str, Any]]:
        """Nothing: Datasette's column facet suggests columns (this one serves configured facets)."""
        return []

    async def _stored_columns(self) -> set[str]:
        """Columns of this table whose counts the build stored, if this page shows it whole."""
        whole_table = not self.params and self.sql.rstrip().endswith(f"from {escape_sqlite(self.table)}")
        if not self.table or not whole_table:
            return set()
        db = self.ds.get_database(self.database)
        if not await db.table_exists(FACET_COUNTS):
            return set()
        rows = await db.execute(
            f"select distinct column_name from [{FACET_COUNTS}] where table_name = ?", [self.table]
        )
        return {row[0] for row in rows}

    async def facet_results(self) -> tuple[list[dict[str, Any]], list[str]]:
        """Each configured facet's values and counts, and the columns whose count ran out of time."""
        facet_results: list[dict[str, Any]] = []
        facets_timed_out: list[str] = []
        qs_pairs = self.get_querystring_pairs()
        facet_size = self.get_facet_size()
        stored = await self._stored_columns()
        for source_and_config in self.get_configs():
            config = source_and_config["config"]
            source = source_and_config["source"]
            column = config.get("column") or config["simple"]
            facet_sql, params = self._facet_query(column, column in stored, facet_size)
            try:
                facet_rows_results = await self.ds.execute(
                    self.database,
                    facet_sql,
                    params,
                    truncate=False,
                    custom_time_limit=self.ds.setting("facet_time_limit_ms"),
                )
                facet_results_values: list[dict[str, Any]] = []
                without = path_with_removed_args(self.request, {f"_facet_{self.type}": column})
                facet_results.append(
                    {
                        "name": column,
                        "type": ColumnFacet.type,  # shown as the column facet it stands for
                        "hideable": source != "metadata",
                        "toggle_url": self.ds.urls.path(without),
                        "results": facet_results_values,
                        "truncated": len(facet_rows_results) > facet_size,
                    }
                )
                facet_rows = facet_rows_results.rows[:facet_size]
                facet_results_values.extend(await self._facet_values(column, facet_rows, qs_pairs))
            except QueryInterrupted:
                facets_timed_out.append(column)
        return facet_results, facets_timed_out

    def _facet_query(self, column: str, stored: bool, facet_size: int) -> tuple[str, Any]:
        """The SQL (and its parameters) that counts ``column``'s values: the stored counts, or
        Datasette's own ``group by`` over the page's rows."""
        if stored:
            facet_sql = (
                f"select value, count from [{FACET_COUNTS}] where table_name = :table "
                "and column_name = :column order by count desc, value limit :limit"
            )
            return facet_sql, {"table": self.table, "column": column, "limit": facet_size + 1}
        facet_sql = f"""
                    select {escape_sqlite(column)} as value, count(*) as count from (
                        {self.sql}
                    )
                    where {escape_sqlite(column)} is not null
                    group by {escape_sqlite(column)} order by count desc, value limit {facet_size + 1}
                """
        return facet_sql, self.params

    async def _facet_values(self, column: str, facet_rows: list[Any], qs_pairs: Any) -> list[dict[str, Any]]:
        """Each value of a facet with its label, count and the link that selects or unselects it."""
        if self.table:  # foreign keys shown by their labels
            values = [row["value"] for row in facet_rows]
            expanded = await self.ds.expand_foreign_keys(self.database, self.table, column, values)
        else:
            expanded = {}
        facet_values = []
        for row in facet_rows:
            column_qs = f"{column}__exact" if column.startswith("_") else column
            selected = (column_qs, str(row["value"])) in qs_pairs
            if selected:
                toggle_path = path_with_removed_args(self.request, {column_qs: str(row["value"])})
            else:
                toggle_path = path_with_added_args(self.request, {column_qs: row["value"]})
            facet_values.append(
                {
                    "value": row["value"],
                    "label": expanded.get((column, row["value"]), row["value"]),
                    "count": row["count"],
                    "toggle_url": self.ds.absolute_url(self.request, self.ds.urls.path(toggle_path)),
                    "selected": selected,
                }
            )
        return facet_values


def facet_classes() -> list[type]:
    """jacksonpd's facet classes, registered beside Datasette's own."""
    return [PrecountedColumnFacet]
