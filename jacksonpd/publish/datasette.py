"""Datasette metadata generated from the package descriptor and the Table Schemas.

Titles, descriptions, license and column descriptions are the schemas' own words (DESIGN.md
invariant 8); this module adds only what is about browsing: label columns, sort orders, facets,
links to the published CSVs, and canned queries for the questions people bring to this data.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

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
#: Canned queries: (name, title, description, SQL). Each must run and return what it promises.
#: (In ``names_release``, ``+s.search_rowid`` keeps SQLite from reading the matches by their key
#: and sorting them all: it reads the statements in date order and stops at a page's worth.)
CANNED_QUERIES: tuple[tuple[str, str, str, str], ...] = (
    (
        "names_release",
        "What was said about releasing officers' names",
        "Statements and policies on whether, and when, the names of officers involved in "
        "shootings are released.",
        """
select 'statement' as item, s.date, s.speaker, s.organization, s.text, s.headline, s.statement_id as id
from statements_detailed s
where +s.search_rowid in (
  select rowid from statements_fts where statements_fts match 'name OR names OR anonymous OR releasing'
)
union all
select 'policy', coalesce(p.announced_on, so.published_on), null, o.name,
  p.title || ': ' || p.description, so.headline, p.policy_id
from policies p
join sources so on so.source_id = p.source_id
left join organizations o on o.organization_id = p.organization_id
where p.rowid in (
  select rowid from policies_fts where policies_fts match 'name OR names OR anonymous OR releasing'
)
order by 2, 1, 7""",
    ),
    (
        "story_timeline",
        "The timeline of the story",
        "Every event, policy and statement in date order, each date saying what it is: the day "
        "something happened, or only the day a source reported it.",
        "select date, date_means, date_precision, item, id, title, status, source_id from timeline",
    ),
    (
        "figures_cited",
        "Figures the department cited, and the period each covers",
        "Each figure with who cited it, what it counts, the number as printed and its period.",
        """
select f.metric, f.value, f.qualifier, f.unit, f.as_printed, f.period_start, f.period_end,
  p.name as cited_by, o.name as organization, s.published_on, s.headline, f.figure_id
from figures f
join sources s on s.source_id = f.source_id
left join people p on p.person_id = f.speaker_id
left join organizations o on o.organization_id = f.organization_id
order by s.published_on, f.figure_id""",
    ),
    (
        "incidents_investigators",
        "Incidents and who investigated them",
        "Each incident with the agency involved, the agency that investigated it, and whether "
        "the officers' names were released.",
        """
select occurred_on, kind, city, state, agency, investigated_by, fatal, officer_names_status,
  officer_names_released_on, incident_id
from incidents_detailed
order by occurred_on desc, incident_id""",
    ),
    (
        "incidents_by_investigator",
        "Who investigates officer-involved shootings?",
        "Incidents counted by the agency involved and the agency that investigated them.",
        """
select agency, investigated_by, count(*) as incidents, min(occurred_on) as first, max(occurred_on) as last
from incidents_detailed
group by agency, investigated_by
order by incidents desc, agency, investigated_by""",
    ),
    (
        "names_withheld_or_released",
        "Were the officers' names released?",
        "Incidents counted by agency and by whether the officers' names had been released, "
        "as of the package's date.",
        """
select agency, officer_names_status, count(*) as incidents
from incidents_detailed
group by agency, officer_names_status
order by agency, officer_names_status""",
    ),
    (
        "days_to_release",
        "How soon were names released, against the rule?",
        "Each incident with the rule in force, the days from the incident to the release of the "
        "officers' names, and whether the rule's deadline was met.",
        """
select occurred_on, city, agency, release_rule, rule_kind, within_hours, officer_names_status,
  officer_names_released_on, days_to_release, release_rule_met, incident_id
from incidents_detailed
order by occurred_on desc, incident_id""",
    ),
    (
        "statements_by_speaker",
        "What did they say?",
        "Every statement by a person whose name contains the words you give (e.g. Moore).",
        """
select date, speaker, speaker_title, kind, text, headline, statement_id
from statements_detailed
where speaker_id in (select person_id from people where name like '%' || :speaker || '%')
order by date, statement_id""",
    ),
    (
        "officers_named",
        "Which shootings had officers named, by whom, and how long after?",
        "Each officer whose name is public, with how it became public (an agency's release, a "
        "court, a lawyer, the press), by whom and when, the days after the incident, and the "
        "name-release rule in force on the incident's date.",
        """
select i.occurred_on, i.incident_id, o.name, o.name_public_how, o.name_public_by, o.name_public_on,
  julianday(o.name_public_on) - julianday(i.occurred_on) as days_after, o.name_released_on,
  i.days_to_release, r.rule_id as release_rule, r.kind as rule_kind, r.within_hours, i.release_rule_met
from officers o
join incident_officers io on io.officer_id = o.officer_id
join incidents i on i.incident_id = io.incident_id
left join release_rules r on r.rule_id = i.release_rule_id
where o.name_public_on is not null
order by i.occurred_on, o.officer_id""",
    ),
    (
        "investigated_under",
        "Who investigated each shooting, and under which arrangement?",
        "Each incident with its investigating agency, whether a source reports it or it is derived "
        "from the arrangement in force on the incident's date, and that arrangement.",
        """
select i.occurred_on, i.incident_id, a.name as agency, coalesce(inv.name, 'not known') as investigated_by,
  i.investigating_basis, ar.arrangement_id, ar.description as arrangement, ar.policy_id, i.source_id
from incidents i
left join organizations a on a.organization_id = i.agency_id
left join organizations inv on inv.organization_id = i.investigating_agency_id
left join investigating_arrangements ar on ar.arrangement_id = i.investigating_arrangement_id
order by i.occurred_on, i.incident_id""",
    ),
    (
        "rules_on_date",
        "What was each agency's rule on names on a given date?",
        "The name-release rules in force, or possibly in force, on the date you give "
        "(YYYY-MM-DD, e.g. 2018-10-20): a rule whose start or end is unknown counts as in force "
        "only between the bounds the sources give, and says whether that is certain.",
        """
select o.name as agency, r.rule_id, r.kind, r.within_hours, r.effective_from, r.effective_from_latest,
  r.effective_until, r.effective_until_earliest, r.adopted_on, r.applies_from,
  case when coalesce(r.effective_from, r.effective_from_latest, '0000-01-01') <= :date
    and coalesce(r.effective_until, r.effective_until_earliest, '9999-12-31') >= :date
    then 'certain' else 'possible' end as in_force, r.description
from release_rules r
join organizations o on o.organization_id = r.agency_id
where coalesce(r.effective_from, r.effective_from_earliest, '0000-01-01') <= :date
  and coalesce(r.effective_until, r.effective_until_latest, '9999-12-31') >= :date
order by o.name, r.rule_id""",
    ),
)


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
    rows = rows or {}
    license_ = descriptor["licenses"][0]
    tables: dict[str, Any] = {}
    schemas = {r["name"]: r["schema"] for r in descriptor["resources"]}
    for resource in descriptor["resources"]:
        name = resource["name"]
        schema = resource["schema"]
        table: dict[str, Any] = {
            "title": resource["title"],
            "description_html": _describe(resource),
            "columns": {f["name"]: plain(f["description"]) for f in schema["fields"]},
            "label_column": _label(name, schema),
            "facets": [{STORED_FACET: c} for c in FACETS.get(name, ())]
            if rows.get(name, 0) <= FACETED_ROWS
            else [],
            "source": f"{resource['path']} in the data package",
            "source_url": f"/{STATIC}/{resource['path']}",
            "license": " + ".join(lic["name"] for lic in resource.get("licenses", [license_])),
            "license_url": resource.get("licenses", [license_])[0].get("path", ""),
        }
        sort, desc = _SORT.get(name) or _default_sort(schema)
        table["sort_desc" if desc else "sort"] = sort
        tables[name] = table
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
    return {
        "title": descriptor["title"],
        "description": descriptor["description"],
        "license": license_["name"],
        "license_url": license_.get("path", ""),
        "source": f"jacksonpd data package {descriptor['version']}",
        "source_url": f"/{STATIC}/datapackage.json",
        "plugins": {
            PLUGIN: {
                "version": descriptor["version"],
                "booleans": sorted(
                    {f["name"] for sc in schemas.values() for f in sc["fields"] if f["type"] == "boolean"}
                ),
                "numbers": sorted(
                    {f["name"] for sc in schemas.values() for f in sc["fields"] if f["type"] == "number"}
                ),
                "ids": {sc["primaryKey"][0]: n for n, sc in schemas.items() if len(sc["primaryKey"]) == 1},
                "links": links,
                "item_links": item_links,
                "item_tables": ITEM_TABLES,
                "hidden_columns": hidden_columns,
                "questions": [name for name, *_ in CANNED_QUERIES],
            }
        },
        "databases": {
            DATABASE_NAME: {
                "title": descriptor["title"],
                "description_html": (
                    f'Read the <a href="{DATA_DICTIONARY}">data dictionary</a> (what every table and '
                    f'column holds, the license and how to cite). Download the <a href="/{STATIC}/'
                    f'datapackage.json">data package</a> (CSV files) or the <a href="/{DATABASE_NAME}.db">'
                    "SQLite database</a>."
                ),
                "tables": tables,
                "queries": {
                    name: {"title": title, "description": description, "sql": sql.strip(), "hide_sql": True}
                    for name, title, description, sql in CANNED_QUERIES
                },
            }
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
