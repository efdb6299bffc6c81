"""Datasette metadata generated from the package descriptor and the Table Schemas.

Titles, descriptions, license and column descriptions are the schemas' own words (DESIGN.md
invariant 8); this module adds only what is about browsing: label columns, sort orders, facets,
links to the published CSVs, and canned queries for the questions people bring to this data.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .canned import CANNED_QUERIES
from .sqlite import DATABASE, FACET_COUNTS, FACETS, FTS, VIEWS, View, stored_table

__all__ = [
    "CANNED_QUERIES",
    "DATABASE_NAME",
    "DATA_DICTIONARY",
    "FACETED_ROWS",
    "ITEM_TABLES",
    "PLUGIN",
    "STATIC",
    "datasette_metadata",
    "plain",
]

DATABASE_NAME = DATABASE.removesuffix(".db")
#: The URL prefix under which ``jacksonpd serve`` publishes the data package's files.
STATIC = "datapackage"
#: The path of the site's page that shows the data dictionary (the package's README) as HTML.
DATA_DICTIONARY = "/-/data-dictionary"
#: The name of the plugin configuration block the site's plugin reads (jacksonpd.serve.plugin).
PLUGIN = "jacksonpd"
#: Where a row whose ``item`` column says what it is (the timeline, the names question) links its id.
ITEM_TABLES = {"event": "events", "policy": "policies", "statement": "statements"}

_LABELS = {
    "sources": "headline",
    "organizations": "name",
    "people": "name",
    "mentions": "text",
    "statements": "text",
    "figures": "metric",
    "events": "title",
    "policies": "title",
    "release_rules": "rule_id",
    "incidents": "incident_id",
    "officers": "officer_id",
    "incident_officers": "officer_id",
    "claims": "claim_id",
    "investigating_arrangements": "arrangement_id",
}
_SORT = {
    "sources": ("published_on", False),
    "events": ("date", False),
    "incidents": ("occurred_on", True),
}


#: A table page facets by default only up to this many rows. Over a whole table a facet reads
#: the counts the build stored, but on a filtered page each default facet counts every matching
#: row on every view (about 0.1 s a million rows, over an index).
FACETED_ROWS = 100_000

#: The type of the site's facet that reads the counts the build stored (see ``jacksonpd.serve.facets``).
STORED_FACET = "stored"


def datasette_metadata(
    descriptor: Mapping[str, Any],
    view_columns: Mapping[str, list[str]],
    rows: Mapping[str, int] | None = None,
) -> dict[str, Any]:
    """Datasette metadata from the package descriptor (which holds the schemas).

    ``view_columns`` gives each view's columns, as the database has them; ``rows`` each table's
    row count (tables over :data:`FACETED_ROWS` get no default facets; a reader can still ask).
    Descriptions are the schemas' own, read as a reader sees them (no Markdown marks); what the
    site's plugin needs to show values as people write them is under ``plugins.jacksonpd``.
    """
    license_ = descriptor["licenses"][0]
    schemas = {r["name"]: r["schema"] for r in descriptor["resources"]}
    tables = _resource_tables(descriptor, rows or {})
    plugin = _view_tables(tables, view_columns, schemas)
    return {
        "title": descriptor["title"],
        "description": descriptor["description"],
        "license": license_["name"],
        "license_url": license_.get("path", ""),
        "source": f"jacksonpd data package {descriptor['version']}",
        "source_url": f"/{STATIC}/datapackage.json",
        "plugins": {PLUGIN: _plugin_config(descriptor["version"], schemas, plugin)},
        "databases": {DATABASE_NAME: _database(descriptor["title"], tables)},
    }


def _resource_tables(descriptor: Mapping[str, Any], rows: Mapping[str, int]) -> dict[str, Any]:
    """Each published table's metadata, its full-text index hidden, and the stored facet counts."""
    license_ = descriptor["licenses"][0]
    tables: dict[str, Any] = {}
    for resource in descriptor["resources"]:
        name = resource["name"]
        tables[name] = _resource_table(resource, license_, rows.get(name, 0))
        if name in FTS:
            tables[f"{name}_fts"] = {"hidden": True}
    tables[FACET_COUNTS] = {  # read by the site's facets (see jacksonpd.serve.facets), not listed
        "hidden": True,
        "description": "The count of each value of each faceted column over its whole table.",
        "columns": {
            "table_name": "The table.",
            "column_name": "The faceted column.",
            "value": "A value of the column (never null).",
            "count": "The number of the table's rows with that value.",
        },
    }
    return tables


def _resource_table(resource: Mapping[str, Any], license_: Mapping[str, Any], rows: int) -> dict[str, Any]:
    """One published table's metadata: its schema's words, its label, sort, facets and CSV."""
    name = resource["name"]
    schema = resource["schema"]
    table: dict[str, Any] = {
        "title": resource["title"],
        "description_html": _describe(resource),
        "columns": {f["name"]: plain(f["description"]) for f in schema["fields"]},
        "label_column": _label(name, schema),
        "facets": [{STORED_FACET: c} for c in FACETS.get(name, ())] if rows <= FACETED_ROWS else [],
        "source": f"{resource['path']} in the data package",
        "source_url": f"/{STATIC}/{resource['path']}",
        "license": " + ".join(lic["name"] for lic in resource.get("licenses", [license_])),
        "license_url": resource.get("licenses", [license_])[0].get("path", ""),
    }
    sort, desc = _SORT.get(name) or _default_sort(schema)
    table["sort_desc" if desc else "sort"] = sort
    return table


def _view_tables(
    tables: dict[str, Any], view_columns: Mapping[str, list[str]], schemas: Mapping[str, Any]
) -> dict[str, Any]:
    """Add each view's metadata (and its hidden index and stored rows) to ``tables``; return what
    the site's plugin needs of the views: their links, hidden columns and item links."""
    links: dict[str, dict[str, str]] = {}
    hidden_columns: dict[str, list[str]] = {}
    item_links: dict[str, str] = {}
    for view in VIEWS:
        columns = view_columns[view.name]
        tables[view.name] = {
            "title": view.title,
            "description": view.description,
            "columns": {c: plain(_view_column(view, c, schemas)) for c in columns},
        }
        if view.fts_table or view.searched:
            tables[view.name]["fts_table"] = view.fts_table or f"{view.name}_fts"
            tables[view.name]["fts_pk"] = "search_rowid"
            hidden_columns[view.name] = ["search_rowid"]
        if view.searched:
            tables[f"{view.name}_fts"] = {"hidden": True}
        if view.stored:  # the view's rows, read through the view
            tables[stored_table(view)] = {"hidden": True, "columns": tables[view.name]["columns"]}
        links[view.name] = _view_links(view, columns, schemas)
        if {"item", "id"} <= set(columns):
            item_links[view.name] = "id"
    return {"links": links, "item_links": item_links, "hidden_columns": hidden_columns}


def _plugin_config(version: str, schemas: Mapping[str, Any], views: Mapping[str, Any]) -> dict[str, Any]:
    """What the site's plugin reads (``plugins.jacksonpd``), in the order the site has it."""
    fields = [f for sc in schemas.values() for f in sc["fields"]]
    return {
        "version": version,
        "booleans": sorted({f["name"] for f in fields if f["type"] == "boolean"}),
        "numbers": sorted({f["name"] for f in fields if f["type"] == "number"}),
        "ids": {sc["primaryKey"][0]: n for n, sc in schemas.items() if len(sc["primaryKey"]) == 1},
        "links": views["links"],
        "item_links": views["item_links"],
        "item_tables": ITEM_TABLES,
        "hidden_columns": views["hidden_columns"],
        "questions": [name for name, *_ in CANNED_QUERIES],
    }


def _database(title: str, tables: dict[str, Any]) -> dict[str, Any]:
    """The database's block: its title, links to the dictionary and downloads, tables, queries."""
    return {
        "title": title,
        "description_html": (
            f'Read the <a href="{DATA_DICTIONARY}">data dictionary</a> (what every table and '
            f'column holds, the license and how to cite). Download the <a href="/{STATIC}/'
            f'datapackage.json">data package</a> (CSV files) or the <a href="/{DATABASE_NAME}.db">'
            "SQLite database</a>."
        ),
        "tables": tables,
        "queries": {
            name: {"title": question, "description": description, "sql": sql.strip(), "hide_sql": True}
            for name, question, description, sql in CANNED_QUERIES
        },
    }


def plain(text: str) -> str:
    """A description as a reader sees it: Markdown's code marks (backticks) dropped."""
    return text.replace("`", "")


def _label(name: str, schema: Mapping[str, Any]) -> str:
    """The column that names a row: set for the known tables, else a title, name or the key."""
    if name in _LABELS:
        return _LABELS[name]
    fields = [f["name"] for f in schema["fields"]]
    return next((c for c in ("title", "name", "headline") if c in fields), schema["primaryKey"][0])


def _default_sort(schema: Mapping[str, Any]) -> tuple[str, bool]:
    """Records that cite a source are listed by source (ids begin with the source's date), so a
    table reads article by article; others by their key."""
    if any(f["name"] == "source_id" for f in schema["fields"]) and schema["primaryKey"] != ["source_id"]:
        return "source_id", False
    return schema["primaryKey"][0], False


def _view_links(view: View, columns: list[str], schemas: Mapping[str, Any]) -> dict[str, str]:
    """Which table each id column of a view links to: a table's key, or a foreign key of the
    view's tables, by column name."""
    keys = {sc["primaryKey"][0]: n for n, sc in schemas.items() if len(sc["primaryKey"]) == 1}
    links = {}
    for column in columns:
        if column in keys:
            links[column] = keys[column]
            continue
        for table in (*view.tables, *schemas):
            fk = next(
                (fk for fk in schemas[table].get("foreignKeys", []) if fk["fields"] == [column]),
                None,
            )
            if fk is not None:
                links[column] = fk["reference"].get("resource") or table
                break
    return links


def _describe(resource: Mapping[str, Any]) -> str:
    return (
        f"{_inline_html(resource['description'])} "
        f'<a href="/{STATIC}/{resource["path"]}">Download {resource["path"]}</a> '
        f"({resource['bytes']:,} bytes; its SHA-256 checksum is in the "
        f'<a href="/{STATIC}/datapackage.json">package descriptor</a>).'
    )


def _view_column(view: View, column: str, schemas: Mapping[str, Any]) -> str:
    """A view's column is described by the view, or by the schema of the table it comes from."""
    if column in view.columns:
        return view.columns[column]
    for table in view.tables:
        for field in schemas[table]["fields"]:
            if field["name"] == column:
                return str(field["description"])
    msg = f"view {view.name} has no description for its column {column!r}"
    raise ValueError(msg)


def _inline_html(text: str) -> str:
    """Markdown's inline code (a name in backticks) as HTML ``<code>``, the rest escaped."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", _escape(text))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
