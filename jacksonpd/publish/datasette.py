"""Datasette metadata generated from the package descriptor and the Table Schemas.

Titles, descriptions, license and column descriptions are the schemas' own words (DESIGN.md
invariant 8); this module adds only what is about browsing: label columns, sort orders, facets,
links to the published CSVs, and canned queries for the questions people bring to this data.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .sqlite import DATABASE, FACET_COUNTS, FACETS, FTS, VIEWS, View

__all__ = ["CANNED_QUERIES", "DATABASE_NAME", "FACETED_ROWS", "STATIC", "datasette_metadata"]

DATABASE_NAME = DATABASE.removesuffix(".db")
#: The URL prefix under which ``jacksonpd serve`` publishes the data package's files.
STATIC = "datapackage"

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
    "statements": ("statement_id", False),
    "events": ("date", False),
    "policies": ("policy_id", False),
    "incidents": ("occurred_on", True),
}
#: Canned queries: (name, title, description, SQL). Each must run and return what it promises.
CANNED_QUERIES: tuple[tuple[str, str, str, str], ...] = (
    (
        "names_release",
        "What was said about releasing officers' names",
        "Statements and policies on whether, and when, the names of officers involved in "
        "shootings are released.",
        """
select 'statement' as item, s.date, s.speaker, s.organization, s.text, s.headline, s.statement_id as id
from statements_detailed s
where s.statement_id in (
  select statement_id from statements
  where rowid in (
    select rowid from statements_fts where statements_fts match 'name OR names OR anonymous OR releasing'
  )
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
        "Every event, policy and statement in date order.",
        "select date, date_precision, item, id, title, status, source_id from timeline",
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
select i.occurred_on, i.kind, i.city, i.state, a.name as agency,
  coalesce(inv.name, 'not known') as investigated_by, i.fatal, i.officer_names_status,
  i.officer_names_released_on, i.incident_id
from incidents i
left join organizations a on a.organization_id = i.agency_id
left join organizations inv on inv.organization_id = i.investigating_agency_id
order by i.occurred_on desc, i.incident_id""",
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
where speaker like '%' || :speaker || '%'
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


def datasette_metadata(
    descriptor: Mapping[str, Any],
    view_columns: Mapping[str, list[str]],
    rows: Mapping[str, int] | None = None,
) -> dict[str, Any]:
    """Datasette metadata from the package descriptor (which holds the schemas).

    ``view_columns`` gives each view's columns, as the database has them; ``rows`` each table's
    row count (tables over :data:`FACETED_ROWS` get no default facets; a reader can still ask).
    """
    rows = rows or {}
    license_ = descriptor["licenses"][0]
    tables: dict[str, Any] = {}
    for resource in descriptor["resources"]:
        name = resource["name"]
        schema = resource["schema"]
        table: dict[str, Any] = {
            "title": resource["title"],
            "description_html": _describe(resource),
            "columns": {f["name"]: f["description"] for f in schema["fields"]},
            "label_column": _LABELS[name],
            "facets": list(FACETS.get(name, ())) if rows.get(name, 0) <= FACETED_ROWS else [],
            "source": f"{resource['path']} in the data package",
            "source_url": f"/{STATIC}/{resource['path']}",
            "license": " + ".join(lic["name"] for lic in resource.get("licenses", [license_])),
            "license_url": resource.get("licenses", [license_])[0].get("path", ""),
        }
        sort, desc = _SORT.get(name, (schema["primaryKey"][0], False))
        table["sort_desc" if desc else "sort"] = sort
        tables[name] = table
        if name in FTS:
            tables[f"{name}_fts"] = {"hidden": True}
    tables[FACET_COUNTS] = {  # read by the site's facets (see jacksonpd.facets), not listed
        "hidden": True,
        "description": "The count of each value of each faceted column over its whole table.",
        "columns": {
            "table_name": "The table.",
            "column_name": "The faceted column.",
            "value": "A value of the column (never null).",
            "count": "The number of the table's rows with that value.",
        },
    }
    schemas = {r["name"]: r["schema"] for r in descriptor["resources"]}
    for view in VIEWS:
        tables[view.name] = {
            "title": view.title,
            "description": view.description,
            "columns": {c: _view_column(view, c, schemas) for c in view_columns[view.name]},
        }
    return {
        "title": descriptor["title"],
        "description": descriptor["description"],
        "license": license_["name"],
        "license_url": license_.get("path", ""),
        "source": f"jacksonpd data package {descriptor['version']}",
        "source_url": f"/{STATIC}/datapackage.json",
        "databases": {
            DATABASE_NAME: {
                "title": descriptor["title"],
                "description_html": (
                    f'Download the <a href="/{STATIC}/datapackage.json">data package</a> '
                    f'(CSV, with its <a href="/{STATIC}/README.md">data dictionary</a>) '
                    f'or the <a href="/{DATABASE_NAME}.db">SQLite database</a>.'
                ),
                "tables": tables,
                "queries": {
                    name: {"title": title, "description": description, "sql": sql.strip()}
                    for name, title, description, sql in CANNED_QUERIES
                },
            }
        },
    }


def _describe(resource: Mapping[str, Any]) -> str:
    return (
        f"{_escape(resource['description'])} "
        f'<a href="/{STATIC}/{resource["path"]}">Download {resource["path"]}</a> '
        f"({resource['bytes']:,} bytes, {resource['hash']})."
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


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
