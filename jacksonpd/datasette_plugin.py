"""A Datasette plugin for the site's two rough edges in Datasette 0.65.

- Foreign keys on row pages show the row they point to, by name, as a link. Datasette labels
  foreign keys on table pages but shows bare ids on a row's own page, so a reader opening a
  statement would see ``anthony-moore`` rather than Anthony Moore, and no link to the article.
  Table pages keep Datasette's own (batched) labelling.
- Facets over a whole table read the counts the build stored (:mod:`jacksonpd.facets`) rather
  than counting every row on every view.
- A sort by a column that does not exist is the reader's mistake, answered with 400 rather
  than Datasette's 500 (which says the server failed).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pluggy
from markupsafe import Markup, escape

__all__ = ["handle_exception", "register_facet_classes", "render_cell"]

hookimpl = pluggy.HookimplMarker("datasette")  # what `datasette.hookimpl` is, with types


async def _foreign_keys(datasette: Any, database: str, table: str) -> dict[str, dict[str, Any]]:
    """The foreign keys of ``table`` by column, looked up once: the database is immutable."""
    cache: dict[tuple[str, str], dict[str, dict[str, Any]]] = datasette.__dict__.setdefault(
        "_jacksonpd_foreign_keys", {}
    )
    if (database, table) not in cache:
        fks = await datasette.get_database(database).foreign_keys_for_table(table)
        cache[database, table] = {f["column"]: f for f in fks}
    return cache[database, table]


@hookimpl
def render_cell(
    value: Any, column: str, table: str | None, database: str, datasette: Any
) -> Callable[[], Awaitable[Markup | None]] | None:
    """Render a raw foreign key cell as ``<a href=row>label</a> id``.

    Table pages have already expanded their foreign keys into ``{"value", "label"}`` (in one
    batched query), so only the row page's raw values reach the lookup below.
    """
    if table is None or value is None or isinstance(value, dict):
        return None

    async def inner() -> Markup | None:
        db = datasette.get_database(database)
        fk = (await _foreign_keys(datasette, database, table)).get(column)
        if fk is None:
            return None
        other, other_column = fk["other_table"], fk["other_column"]
        label_column = datasette.table_metadata(database, other).get("label_column", other_column)
        result = await db.execute(
            f"select [{label_column}] from [{other}] where [{other_column}] = ?", [value]
        )
        row = result.first()
        label = row[0] if row is not None else value
        url = datasette.urls.row(database, other, str(value))
        return Markup(f'<a href="{url}">{escape(label)}</a>&nbsp;<em>{escape(value)}</em>')

    return inner


@hookimpl(tryfirst=True)
def handle_exception(datasette: Any, request: Any, exception: BaseException) -> None:
    """Give a sort by an unknown column the status of a bad request (Datasette renders it)."""
    from datasette.views.base import DatasetteError

    if isinstance(exception, DatasetteError) and exception.message.startswith("Cannot sort table by"):
        exception.status = 400


@hookimpl
def register_facet_classes() -> list[type]:
    """Datasette's facets, with the column facet reading stored counts where it can."""
    from .facets import facet_classes

    return facet_classes()
