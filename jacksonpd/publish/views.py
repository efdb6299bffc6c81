"""The views the database offers readers: what they join, how they are described and searched.

Each :class:`View` is SQL over the published tables, with descriptions of the columns it adds
(the site shows them, see :mod:`jacksonpd.publish.datasette`) and, where a page of it must be
fast at a million rows, a table of its rows written once (:attr:`View.stored`). The database
that creates them is written by :mod:`jacksonpd.publish.sqlite`.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

__all__ = ["SEARCH_ROWID", "VIEWS", "View", "stored_table"]

#: How a view's ``search_rowid`` column is described: it is only the key of its search index.
SEARCH_ROWID = "The row's key in the full-text index that the view's search box reads."


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
    #: The full-text index a search of the view reads, by the view's ``search_rowid`` column:
    #: a table's index (``statements_fts``), or ``<view>_fts``, built from :attr:`searched`.
    fts_table: str | None = None
    #: The view's columns that its own index ``<view>_fts`` holds (none: no index of its own).
    searched: tuple[str, ...] = ()
    #: SQL giving the index its rows, ``search_rowid`` then the :attr:`searched` columns, as the
    #: view has them; from the tables directly, it spares the build the view's joins and sort.
    #: Empty: read from the view.
    search_rows: str = ""
    #: Stored: the build writes the view's rows once, in the view's order, into the table
    #: ``<view>_rows`` (see :func:`stored_table`), and the view reads that table in its rowid
    #: order: a page, a count or a canned query then joins and sorts nothing. The tuples are
    #: the columns of the indexes its filters and canned queries need (``"column desc"`` for a
    #: column indexed in descending order).
    stored: bool = False
    indexes: tuple[tuple[str, ...], ...] = ()


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
        stored=True,
        indexes=(
            ("incident_id",),
            ("occurred_on desc", "incident_id"),
            ("agency", "investigated_by", "occurred_on"),
            ("agency", "officer_names_status"),
            ("agency_id",),
            ("investigating_agency_id",),
        ),
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
        "source's headline, outlet and date, article by article (source ids begin with their date) "
        "in the order of the article.",
        sql="""
select
  st.statement_id, coalesce(st.said_on, so.published_on) as date, st.said_on, st.kind,
  p.name as speaker, p.title as speaker_title, o.name as organization, st.text,
  so.headline, so.outlet, so.published_on, st.source_id, st.speaker_id, st.organization_id,
  st.rowid as search_rowid
from statements st
join sources so on so.source_id = st.source_id
left join people p on p.person_id = st.speaker_id
left join organizations o on o.organization_id = st.organization_id
order by st.source_id, st.start""",
        tables=("statements", "sources"),
        fts_table="statements_fts",
        stored=True,
        indexes=(
            ("search_rowid",),
            ("statement_id",),
            ("speaker_id", "date", "statement_id"),
            ("date", "statement_id"),
            ("source_id",),
            ("organization_id",),
        ),
        columns={
            "search_rowid": SEARCH_ROWID,
            "date": "When it was said: `said_on`, or the source's date when the source does not say.",
            "speaker": "The speaker's name (from `people`).",
            "speaker_title": "The speaker's title (from `people`).",
            "organization": "The organization's name (from `organizations`).",
        },
    ),
    View(
        name="timeline",
        title="Timeline",
        description="Events, policies and statements in date order: the story as it unfolded. "
        "Each date says what it is: the day something happened (or was said, announced or "
        "scheduled), or only the day a source reported it, when the source gives no date of its own.",
        sql="""
select coalesce(e.date, e.date_latest, e.date_earliest) as date, e.date_precision as date_precision,
  case
    when e.date is not null then case e.status when 'scheduled' then 'scheduled for' else 'happened on' end
    when e.date_latest is not null then 'happened by'
    else 'happened after'
  end as date_means,
  'event' as item, e.event_id as id, e.title as title, e.status as status, e.source_id as source_id,
  e.rowid * 4 as search_rowid
from events e
union all
select coalesce(p.announced_on, s.published_on),
  case when p.announced_on is null then null else 'day' end,
  case when p.announced_on is null then 'reported on' else 'announced on' end,
  'policy', p.policy_id, p.title, p.status, p.source_id, p.rowid * 4 + 1
from policies p join sources s on s.source_id = p.source_id
union all
select coalesce(st.said_on, s.published_on),
  case when st.said_on is null then null else 'day' end,
  case when st.said_on is null then 'reported on' else 'said on' end,
  'statement', st.statement_id, coalesce(pe.name || ': ', '') || st.text, st.kind, st.source_id,
  st.rowid * 4 + 2
from statements st join sources s on s.source_id = st.source_id
left join people pe on pe.person_id = st.speaker_id
order by date, item, id""",
        tables=("events",),
        searched=("title",),
        stored=True,
        indexes=(("search_rowid",), ("id",), ("source_id",)),
        search_rows="""
select e.rowid * 4, e.title from events e
union all
select p.rowid * 4 + 1, p.title from policies p
union all
select st.rowid * 4 + 2, coalesce(pe.name || ': ', '') || st.text
from statements st left join people pe on pe.person_id = st.speaker_id""",
        columns={
            "date": "The date of the item: an event's date, a policy's announcement, a statement's "
            "date; or, when the source gives none, the day the source reported it.",
            "date_precision": "How precise the date is (day, month, season, year or approximate); "
            "empty when the item has no date of its own and only the source's date is known.",
            "date_means": "What the date is: happened on, scheduled for, announced on or said on; "
            "or reported on, when it is only the date of the source that reports the item.",
            "item": "event, policy or statement.",
            "id": "The id of the event, policy or statement.",
            "title": "The event's or policy's title, or the speaker and the statement's text.",
            "status": "The event's or policy's status, or the statement's kind.",
            "search_rowid": SEARCH_ROWID,
        },
    ),
)


def stored_table(view: View) -> str:
    """The table that holds a :attr:`View.stored` view's rows."""
    return f"{view.name}_rows"
