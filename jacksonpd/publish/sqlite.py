"""Write the dataset as a SQLite database whose tables are generated from the Table Schemas.

Each resource becomes a ``STRICT`` table with the schema's columns in order, ``NOT NULL`` for
required fields, ``CHECK`` constraints that plain SQLite can run (enums, ranges, ISO dates; never
``REGEXP``), its primary key and foreign keys. Every foreign key and date column is indexed,
FTS5 indexes the texts people search, and views join what a reader wants on one page.
The file is built fresh (no free pages) from rows in id order, so its content is deterministic.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs

from ..models import RECORD_TYPES
from ..schemas import Schemas
from .rows import rows_in_order

__all__ = [
    "FACETS",
    "FACET_COUNTS",
    "FTS",
    "VIEWS",
    "View",
    "create_fts",
    "database_digest",
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

#: The table of facet counts over whole tables, for each column in FACETS (see jacksonpd.facets).
FACET_COUNTS = "jacksonpd_facet_counts"

#: Full-text search: the columns indexed for each table (a ``<table>_fts`` FTS5 table).
FTS: Mapping[str, tuple[str, ...]] = {
    "sources": ("headline", "text"),
    "statements": ("text",),
    "events": ("title", "text"),
    "policies": ("title", "description", "text"),
}

_TYPES = {"string": "TEXT", "integer": "INTEGER", "number": "REAL", "boolean": "INTEGER", "date": "TEXT"}


@attrs.frozen(kw_only=True)
class View:
    """A view for readers: its SQL, and descriptions of the columns it adds to its tables'."""

    name: str
    title: str
    description: str
    sql: str
    #: Tables whose schema describes a column the view takes unchanged, first match wins.
    tables: tuple[str, ...]
    columns: Mapping[str, str] = attrs.field(factory=dict)


VIEWS: tuple[View, ...] = (
    View(
        name="incidents_detailed",
        title="Incidents, with agencies and the release rule",
        description="Each incident with the names of the agency involved and the investigating "
        "agency, the name-release rule in force, and how soon the officers' names were released.",
        sql="""
select
  i.incident_id, i.occurred_on, i.kind, i.city, i.state, i.latitude, i.longitude,
  a.name as agency, coalesce(inv.name, 'not known') as investigated_by, i.fatal, i.subject_name,
  i.officer_count, i.officer_names_status, i.officer_names_released_on, i.days_to_release,
  r.rule_id as release_rule, r.kind as rule_kind, r.within_hours, i.release_rule_met,
  i.investigation_status, i.outcome, i.wapo_id, i.data_source, i.agency_id, i.investigating_agency_id
from incidents i
left join organizations a on a.organization_id = i.agency_id
left join organizations inv on inv.organization_id = i.investigating_agency_id
left join release_rules r on r.rule_id = i.release_rule_id""",
        tables=("incidents", "release_rules"),
        columns={
            "agency": "The involved agency's name (from `organizations`).",
            "investigated_by": "The investigating agency's name, or `not known`.",
            "release_rule": "The name-release rule in force on the day of the incident.",
            "rule_kind": "What that rule requires (see `release_rules.kind`).",
        },
    ),
    View(
        name="statements_detailed",
        title="Statements, with who said them and where",
        description="Each statement with its speaker's name and title, the organization, and the "
        "source's headline, outlet and date.",
        sql="""
select
  st.statement_id, coalesce(st.said_on, so.published_on) as date, st.said_on, st.kind,
  p.name as speaker, p.title as speaker_title, o.name as organization, st.text,
  so.headline, so.outlet, so.published_on, st.source_id, st.speaker_id, st.organization_id
from statements st
join sources so on so.source_id = st.source_id
left join people p on p.person_id = st.speaker_id
left join organizations o on o.organization_id = st.organization_id""",
        tables=("statements", "sources"),
        columns={
            "date": "When it was said: `said_on`, or the source's date when the source does not say.",
            "speaker": "The speaker's name (from `people`).",
            "speaker_title": "The speaker's title (from `people`).",
            "organization": "The organization's name (from `organizations`).",
        },
    ),
    View(
        name="timeline",
        title="Timeline",
        description="Events, policies and statements in date order: the story as it unfolded.",
        sql="""
select coalesce(e.date, e.date_latest, e.date_earliest) as date, e.date_precision as date_precision,
  'event' as item, e.event_id as id,
  e.title as title, e.status as status, e.source_id as source_id
from events e
union all
select coalesce(p.announced_on, s.published_on), 'day', 'policy', p.policy_id, p.title, p.status,
  p.source_id
from policies p join sources s on s.source_id = p.source_id
union all
select coalesce(st.said_on, s.published_on), 'day', 'statement', st.statement_id,
  coalesce(pe.name || ': ', '') || st.text, st.kind, st.source_id
from statements st join sources s on s.source_id = st.source_id
left join people pe on pe.person_id = st.speaker_id
order by date, item, id""",
        tables=("events",),
        columns={
            "date": "The date of the item: an event's date, a policy's announcement (or its "
            "source's date), a statement's date (or its source's date).",
            "date_precision": "How precise `date` is (see `events.date_precision`).",
            "item": "`event`, `policy` or `statement`.",
            "id": "The id of the event, policy or statement.",
            "title": "The event's or policy's title, or the speaker and the statement's text.",
            "status": "The event's or policy's status, or the statement's kind.",
        },
    ),
)


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
                conn.execute(f"insert into main.[{name}] {rows_in_order(schemas, name, f'store.[{name}]')}")
                for statement in _indexes(name, schemas.tables[name]):
                    conn.execute(statement)
            create_fts(conn)
            for view in VIEWS:
                conn.execute(f"create view [{view.name}] as {view.sql.strip()}")
            _count_facets(conn, resources)
        conn.execute("detach database store")
        problems = conn.execute("pragma foreign_key_check").fetchall()
        if problems:
            msg = f"foreign_key_check failed: {problems[:5]}"
            raise RuntimeError(msg)  # the package validation runs first, so this is a bug
        conn.execute("pragma optimize")
    finally:
        conn.close()


def create_fts(conn: sqlite3.Connection) -> None:
    """Create and fill the full-text index of each table in :data:`FTS` (already filled)."""
    for name, searched in FTS.items():
        cols = ", ".join(f"[{c}]" for c in searched)
        conn.execute(
            f"create virtual table [{name}_fts] using fts5({cols}, content=[{name}], "
            "tokenize='porter unicode61 remove_diacritics 2')"
        )
        conn.execute(f"insert into [{name}_fts] (rowid, {cols}) select rowid, {cols} from [{name}]")
        conn.execute(f"insert into [{name}_fts] ([{name}_fts]) values ('optimize')")


def _count_facets(conn: sqlite3.Connection, tables: list[str]) -> None:
    """Count the values of every facet column over its whole table, once (see jacksonpd.facets).

    ``value`` has no declared type, so it keeps each value's own (integer or text), and sorts
    and compares as the column's values do.
    """
    conn.execute(
        f"create table [{FACET_COUNTS}] (table_name text not null, column_name text not null, "
        "value not null, count integer not null, primary key (table_name, column_name, value))"
    )
    for table in tables:
        for column in FACETS.get(table, ()):
            conn.execute(
                f"insert into [{FACET_COUNTS}] select ?, ?, [{column}], count(*) from [{table}] "
                f"where [{column}] is not null group by [{column}]",
                (table, column),
            )


def _create_table(name: str, table: Mapping[str, Any]) -> str:
    key = table.get("primaryKey", [])
    lines = []
    for field in table["fields"]:
        column = field["name"]
        constraints = field.get("constraints", {})
        parts = [f"[{column}]", _TYPES.get(field["type"], "TEXT")]
        if constraints.get("required"):
            parts.append("not null")
        if key == [column]:
            parts.append("primary key")
        checks = list(_checks(column, field["type"], constraints))
        if checks:
            parts.append(f"check ({' and '.join(checks)})")
        lines.append(" ".join(parts))
    if len(key) > 1:
        lines.append(f"primary key ({', '.join(f'[{k}]' for k in key)})")
    for fk in table.get("foreignKeys", []):
        ref = fk["reference"]
        cols = ", ".join(f"[{c}]" for c in fk["fields"])
        ref_cols = ", ".join(f"[{c}]" for c in ref["fields"])
        lines.append(f"foreign key ({cols}) references [{ref.get('resource', name)}] ({ref_cols})")
    body = ",\n  ".join(lines)
    return f"create table [{name}] (\n  {body}\n) strict"


def _checks(column: str, type_: str, constraints: Mapping[str, Any]) -> Iterator[str]:
    c = f"[{column}]"
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
        yield f"create index [{name}_{column}] on [{name}] ([{column}])"


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
