"""A Datasette plugin: foreign keys on row pages show the row they point to, by name, as a link.

Datasette 0.65 labels foreign keys on table pages but shows bare ids on a row's own page, so a
reader opening a statement would see ``anthony-moore`` rather than Anthony Moore, and no link to
the article. Table pages keep Datasette's own (batched) labelling.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pluggy
from markupsafe import Markup, escape

__all__ = ["render_cell"]

hookimpl = pluggy.HookimplMarker("datasette")  # what `datasette.hookimpl` is, with types


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
        fks = await db.foreign_keys_for_table(table)
        fk = next((f for f in fks if f["column"] == column), None)
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
