"""The canned queries: the questions people bring to this data, each answered a page at a time.

Every query reads its rows in the order of an index the build creates, so a page is a walk of
the index to its offset and a page's worth of rows more: at a million statements a whole answer
took up to a second to read and a 1,000-row table to render, where a first page takes a few
milliseconds. The page is chosen by ``:_page_size`` and ``:_page_start``, which the site's
plugin fills from the request's ``_size`` and ``_next`` (see :mod:`jacksonpd.serve.paging`);
run elsewhere, a query takes them as any named parameter (``-1`` and ``0`` for every row).
"""

from __future__ import annotations

__all__ = ["CANNED_QUERIES", "PAGE", "PAGE_SIZE"]

#: The rows a canned query's page shows unless the reader asks for another number (``_size``).
PAGE_SIZE = 50
#: The clause that ends every canned query: one page, from the offset the reader reached.
PAGE = "limit :_page_size offset :_page_start"

#: The questions, unpaged: (name, title, description, SQL). Each must run and return what it
#: promises. (In ``names_release``, ``+s.search_rowid`` keeps SQLite from reading the matches by
#: their key and sorting them all: it reads the statements in date order and stops at a page's
#: worth. A ``cross join`` makes its left table SQLite's outer loop, whatever the statistics
#: say: ``figures_cited`` then reads the sources by date and ``officers_named`` the incidents,
#: in the order of the answer, rather than every figure or officer, sorted.)
_QUESTIONS: tuple[tuple[str, str, str, str], ...] = (
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
from sources s
cross join figures f on f.source_id = s.source_id
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
from incidents i
cross join incident_officers io on io.incident_id = i.incident_id
cross join officers o on o.officer_id = io.officer_id
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

#: Canned queries: (name, title, description, SQL), each SQL ending with :data:`PAGE`.
CANNED_QUERIES: tuple[tuple[str, str, str, str], ...] = tuple(
    (name, title, description, f"{sql.rstrip()}\n{PAGE}") for name, title, description, sql in _QUESTIONS
)
