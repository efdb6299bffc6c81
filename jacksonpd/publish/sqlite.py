"""Write the dataset as a SQLite database whose tables are generated from the Table Schemas.

Each resource becomes a ``STRICT`` table with the schema's columns in order, ``NOT NULL`` for
required fields, ``CHECK`` constraints that plain SQLite can run (enums, ranges, ISO dates; never
``REGEXP``), its primary key and foreign keys. Every foreign key and date column is indexed,
FTS5 indexes the texts people search, and views join what a reader wants on one page (they are
defined in :mod:`jacksonpd.publish.views`).
The file is built fresh (no free pages) from rows in id order, so its content is deterministic;
a build that republishes only what changed patches the last one into the same content instead
(:mod:`jacksonpd.publish.sqlite_patch`).
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from ..models import RECORD_TYPES
from ..schemas import Schemas
from .rows import rows_in_order
from .views import SEARCH_ROWID, VIEWS, View, stored_table

__all__ = [
    "FACETS",
    "FACET_COUNTS",
    "FTS",
    "SEARCH_ROWID",
    "VIEWS",
    "View",
    "create_fts",
    "database_digest",
    "stored_table",
    "table_columns",
    "write_sqlite",
]

DATABASE = "jacksonpd.db"

#: The columns a table page facets by (see jacksonpd.publish.datasette), each indexed so that a
#: facet counts over the index: only columns with few values. A facet by source (one value per
#: article) would cost each page a scan for a list nobody reads; a source's row page links them.
FACETS: Mapping[str, tuple[str, ...]] = {
    "sources": ("outlet", "kind"),
    "people": ("organization_id",),
    "organizations": ("kind",),
    "statements": ("kind", "speaker_id", "organization_id"),
    "figures": ("organization_id", "qualifier"),
    "events": ("kind", "status", "date_precision"),
    "policies": ("kind", "status", "organization_id"),
    "release_rules": ("agency_id", "kind"),
    "incidents": (
        "agency_id",
        "investigating_agency_id",
        "officer_names_status",
        "release_rule_met",
        "state",
    ),
    "officers": ("agency_id",),
    "incident_officers": ("role",),
    "claims": ("record_resource", "field", "followed"),
    "investigating_arrangements": ("investigating_agency_id", "subject_agency_id", "scope"),
}

#: The table of facet counts over whole tables, for each column in FACETS (see jacksonpd.serve.facets).
FACET_COUNTS = "jacksonpd_facet_counts"

#: Full-text search: the columns indexed for each table (a ``<table>_fts`` FTS5 table).
FTS: Mapping[str, tuple[str, ...]] = {
    "sources": ("headline", "text"),
    "statements": ("text",),
    "events": ("title", "text"),
    "policies": ("title", "description", "text"),
}

_TYPES = {"string": "TEXT", "integer": "INTEGER", "number": "REAL", "boolean": "INTEGER", "date": "TEXT"}


def write_sqlite(rows: Path, schemas: Schemas, path: Path) -> None:
    """Write a fresh database at ``path`` (which must not exist yet) from a finished
    :class:`~jacksonpd.publish.rows.RowStore` at ``rows``."""
    conn = sqlite3.connect(path)
    try:
        # A fresh file in the build's staging folder: if the build dies, the folder is thrown
        # away, so no journal and no syncs. Keys were checked on the CSVs, and are checked again
        # below, once, rather than on every insert.
        conn.execute("pragma journal_mode = off")
        conn.execute("pragma synchronous = off")
        conn.execute("attach database ? as store", (str(rows),))
        resources = [cls.resource for cls in RECORD_TYPES]
        with conn:
            for name in resources:
                conn.execute(_create_table(name, schemas.tables[name]))
                # In id order, sorted by SQLite (on disk), so that rowids follow the ids.
                conn.execute(
                    f"insert into main.{_q(name)} {rows_in_order(schemas, name, f'store.{_q(name)}')}"
                )
                for statement in _indexes(name, schemas.tables[name]):
                    conn.execute(statement)
            for view in VIEWS:
                _create_view(conn, view)
            create_fts(conn)
            _create_view_fts(conn)
            _count_facets(conn, resources)
        conn.execute("detach database store")
        problems = conn.execute("pragma foreign_key_check").fetchall()
        if problems:
            msg = f"foreign_key_check failed: {problems[:5]}"
            raise RuntimeError(msg)  # the package validation runs first, so this is a bug
        conn.execute("pragma optimize")
    finally:
        conn.close()


def _create_view(conn: sqlite3.Connection, view: View) -> None:
    """Create ``view``; a stored one as its rows, written once in its order, and a view over them."""
    if not view.stored:
        conn.execute(f"create view {_q(view.name)} as {view.sql.strip()}")
        return
    table = stored_table(view)
    # Rowids follow the order of the select, so the view's order is the table's rowid order.
    conn.execute(f"create table {_q(table)} as {view.sql.strip()}")
    for columns in view.indexes:
        names = [c.removesuffix(" desc") for c in columns]
        keys = ", ".join(_q(n) + (" desc" if n != c else "") for n, c in zip(names, columns, strict=True))
        conn.execute(f"create index {_q(table + '_' + '_'.join(names))} on {_q(table)} ({keys})")
    selected = ", ".join(_q(r[1]) for r in conn.execute(f"pragma table_info({_q(table)})"))
    conn.execute(f"create view {_q(view.name)} as select {selected} from {_q(table)} order by rowid")


def create_fts(conn: sqlite3.Connection) -> None:
    """Create and fill the full-text index of each table in :data:`FTS` (already filled)."""
    for name, searched in FTS.items():
        cols = ", ".join(f"{_q(c)}" for c in searched)
        conn.execute(
            f"create virtual table {_q(name + '_fts')} using fts5({cols}, content={_q(name)}, "
            "tokenize='porter unicode61 remove_diacritics 2')"
        )
        conn.execute(f"insert into {_q(name + '_fts')} (rowid, {cols}) select rowid, {cols} from {_q(name)}")
        conn.execute(f"insert into {_q(name + '_fts')} ({_q(name + '_fts')}) values ('optimize')")


def _create_view_fts(conn: sqlite3.Connection) -> None:
    """Create the full-text index of each view with :attr:`View.searched` columns (contentless:
    the view holds the text, and the index is keyed by the view's ``search_rowid``)."""
    for view in VIEWS:
        if view.searched:
            fts = _q(f"{view.name}_fts")
            cols = ", ".join(_q(c) for c in view.searched)
            conn.execute(
                f"create virtual table {fts} using fts5({cols}, content='', "
                "tokenize='porter unicode61 remove_diacritics 2')"
            )
            rows = view.search_rows.strip() or f"select search_rowid, {cols} from {_q(view.name)}"
            conn.execute(f"insert into {fts} (rowid, {cols}) {rows}")
            conn.execute(f"insert into {fts} ({fts}) values ('optimize')")


def _count_facets(conn: sqlite3.Connection, tables: list[str]) -> None:
    """Count the values of every facet column over its whole table, once (see jacksonpd.serve.facets).

    ``value`` has no declared type, so it keeps each value's own (integer or text), and sorts
    and compares as the column's values do.
    """
    conn.execute(
        f"create table {_q(FACET_COUNTS)} (table_name text not null, column_name text not null, "
        "value not null, count integer not null, primary key (table_name, column_name, value))"
    )
    for table in tables:
        for column in FACETS.get(table, ()):
            conn.execute(
                f"insert into {_q(FACET_COUNTS)} select ?, ?, {_q(column)}, count(*) from {_q(table)} "
                f"where {_q(column)} is not null group by {_q(column)}",
                (table, column),
            )


def _q(name: str) -> str:
    """``name`` quoted as standard SQL has it (``"name"``), which every SQLite reader parses."""
    return '"' + name.replace('"', '""') + '"'


def _create_table(name: str, table: Mapping[str, Any]) -> str:
    key = table.get("primaryKey", [])
    lines = []
    for field in table["fields"]:
        column = field["name"]
        constraints = field.get("constraints", {})
        parts = [f"{_q(column)}", _TYPES.get(field["type"], "TEXT")]
        if constraints.get("required"):
            parts.append("not null")
        if key == [column]:
            parts.append("primary key")
        checks = list(_checks(column, field["type"], constraints))
        if checks:
            parts.append(f"check ({' and '.join(checks)})")
        lines.append(" ".join(parts))
    if len(key) > 1:
        lines.append(f"primary key ({', '.join(f'{_q(k)}' for k in key)})")
    for fk in table.get("foreignKeys", []):
        ref = fk["reference"]
        cols = ", ".join(f"{_q(c)}" for c in fk["fields"])
        ref_cols = ", ".join(f"{_q(c)}" for c in ref["fields"])
        lines.append(f"foreign key ({cols}) references {_q(ref.get('resource', name))} ({ref_cols})")
    body = ",\n  ".join(lines)
    return f"create table {_q(name)} (\n  {body}\n) strict"


def _checks(column: str, type_: str, constraints: Mapping[str, Any]) -> Iterator[str]:
    c = f"{_q(column)}"
    if "enum" in constraints:
        values = ", ".join("'" + str(v).replace("'", "''") + "'" for v in constraints["enum"])
        yield f"{c} in ({values})"
    if type_ == "date":
        yield f"{c} glob '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'"
    if type_ == "boolean":
        yield f"{c} in (0, 1)"
    if "minimum" in constraints:
        yield f"{c} >= {constraints['minimum']}"
    if "maximum" in constraints:
        yield f"{c} <= {constraints['maximum']}"
    if "minLength" in constraints:
        yield f"length({c}) >= {constraints['minLength']}"


def _indexes(name: str, table: Mapping[str, Any]) -> Iterator[str]:
    indexed = [c for fk in table.get("foreignKeys", []) for c in fk["fields"]]
    indexed += [f["name"] for f in table["fields"] if f["type"] == "date"]
    indexed += FACETS.get(name, ())
    for column in dict.fromkeys(indexed):
        yield f"create index {_q(f'{name}_{column}')} on {_q(name)} ({_q(column)})"


def table_columns(path: Path) -> dict[str, list[str]]:
    """The columns of every table and view in the database, in order."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [r[0] for r in conn.execute("select name from sqlite_master where type in ('table', 'view')")]
        return {n: [r[1] for r in conn.execute(f"pragma table_info([{n}])")] for n in sorted(names)}
    finally:
        conn.close()


def database_digest(path: Path) -> str:
    """A digest of a database's content: its schema and the rows of every table and view.

    FTS shadow tables are left out: they are derived, and their bytes vary between SQLite versions.
    """
    digest = hashlib.sha256()
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        objects = conn.execute(
            "select type, name, sql from sqlite_master where name not like '%\\_fts%' escape '\\' "
            "and name not like 'sqlite_%' order by type, name"
        ).fetchall()
        for type_, name, sql in objects:
            digest.update(f"{type_} {name}\n{sql}\n".encode())
            if type_ in ("table", "view"):
                for row in conn.execute(f"select * from [{name}] order by 1"):
                    digest.update(repr(row).encode() + b"\n")
    finally:
        conn.close()
    return digest.hexdigest()
