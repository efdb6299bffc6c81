"""The release policy: which rule was in force for an incident, and what of its officers' names
may be published as of a date.

:func:`apply_release_policy` is the one place where an officer's name can become a record:
only when it had been released by the ``as_of`` date. A withheld name is dropped here, before
anything is written, so it cannot appear in any published byte (DESIGN.md invariant 7). The
rules and arrangements themselves, as ``seeds/policy.yaml`` gives them, are
:mod:`jacksonpd.seeds.policy`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from ..models import (
    Incident,
    IncidentOfficer,
    InvestigatingArrangement,
    InvestigatingBasis,
    InvestigationScope,
    NamePublicHow,
    NamesStatus,
    Officer,
    ReleaseRule,
    ReleaseRuleKind,
)
from ..seeds.incidents import CuratedIncident, CuratedOfficer
from ..seeds.policy import certain_period

__all__ = [
    "apply_release_policy",
    "arrangement_in_force",
    "name_is_public",
    "name_public_on",
    "rule_in_force",
]


def name_public_on(officer: CuratedOfficer) -> dt.date | None:
    """When the officer's name became public (``None``: it has not). The one place that says so:
    what may be published as of a date, and what may be committed today, both ask it. A name
    becomes public by an agency's release or otherwise (in court, by a lawyer, in the press),
    whichever came first."""
    return officer.public_on


def name_is_public(officer: CuratedOfficer, on: dt.date) -> bool:
    """Whether the officer has a name and it had been made public by ``on``."""
    public_on = name_public_on(officer)
    return officer.name is not None and public_on is not None and public_on <= on


def arrangement_in_force(
    arrangements: Sequence[InvestigatingArrangement], incident: CuratedIncident
) -> InvestigatingArrangement | None:
    """The arrangement certainly in force on the incident's date for its agency (one for the agency
    itself first, then a state-wide one), covering its kind of shooting."""
    for subject in (incident.agency, None):
        for a in arrangements:
            start, end = certain_period(a)
            if a.subject_agency_id != subject or a.state != incident.state:
                continue
            if a.scope is InvestigationScope.FATAL_OFFICER_INVOLVED_SHOOTINGS and incident.fatal is not True:
                continue
            if start <= incident.occurred_on <= end:
                return a
    return None


def rule_in_force(
    rules: Sequence[ReleaseRule], agency_id: str | None, on: dt.date, *, fatal: bool | None = None
) -> ReleaseRule | None:
    """The agency's rule on a date: the latest-starting one certainly in force that day (see
    :func:`~jacksonpd.seeds.policy.certain_period`); a rule for fatal shootings only counts for a
    shooting known fatal."""
    candidates = [
        r
        for r in rules
        if r.agency_id == agency_id
        and certain_period(r)[0] <= on <= certain_period(r)[1]
        and (not r.fatal_only or fatal is True)
    ]
    return max(candidates, key=lambda r: (certain_period(r)[0], r.rule_id), default=None)


def apply_release_policy(
    incidents: Iterable[tuple[CuratedIncident, str]],
    rules: Sequence[ReleaseRule],
    as_of: dt.date,
    arrangements: Sequence[InvestigatingArrangement] = (),
) -> tuple[list[Incident], list[Officer], list[IncidentOfficer]]:
    """Published incidents, officers and links as of a date.

    ``incidents`` pairs each curated incident with its data source. A name not public by
    ``as_of`` (released by an agency, or made public otherwise) is published as empty, with none
    of its dates or who made it public. Days to release and whether the rule was met count
    agency releases only; days until public count every way a name became public. An incident
    with no reported investigating agency takes the one of the arrangement in force on its date.
    """
    out_incidents: list[Incident] = []
    officers: list[Officer] = []
    links: list[IncidentOfficer] = []
    for incident, data_source in incidents:
        names = _published_officers(incident, as_of, officers, links)
        rule = rule_in_force(rules, incident.agency, incident.occurred_on, fatal=incident.fatal)
        arrangement = arrangement_in_force(arrangements, incident)
        out_incidents.append(_published_incident(incident, data_source, names, rule, arrangement, as_of))
    return out_incidents, officers, links


#: What of an incident's officers' names is public: their status, the day the last was released
#: by an agency (when all were), and the day the last became public (when all did).
_Names = tuple[NamesStatus, dt.date | None, dt.date | None]


def _published_officers(
    incident: CuratedIncident, as_of: dt.date, officers: list[Officer], links: list[IncidentOfficer]
) -> _Names:
    """Add the incident's officers and links, each name only if public by ``as_of``, to
    ``officers`` and ``links``; what of their names is public."""
    released: list[dt.date] = []
    made_public: list[dt.date] = []
    for n, o in enumerate(incident.officers, start=1):
        public = name_is_public(o, as_of)
        by_agency = public and o.name_released_on is not None and o.name_released_on <= as_of
        if public:
            public_on = name_public_on(o)
            assert public_on is not None
            made_public.append(public_on)
        if by_agency:
            assert o.name_released_on is not None
            released.append(o.name_released_on)
        officer_id = o.id or f"{incident.id}-officer-{n}"
        how = o.name_public_how or (NamePublicHow.AGENCY_RELEASE if o.name_released_on else None)
        officers.append(
            Officer(
                officer_id=officer_id,
                agency_id=o.agency or incident.agency,
                name=o.name if public else None,
                rank=o.rank,
                name_released_on=o.name_released_on if by_agency else None,
                name_released_by=o.name_released_by if by_agency else None,
                name_public_on=public_on if public else None,
                name_public_how=how if public else None,
                name_public_by=(o.name_public_by or o.name_released_by) if public else None,
            )
        )
        links.append(IncidentOfficer(incident_id=incident.id, officer_id=officer_id, role=o.role))
    if not incident.officers:
        status = NamesStatus.UNKNOWN
    elif len(released) == len(incident.officers):
        status = NamesStatus.RELEASED
    elif len(made_public) == len(incident.officers):
        status = NamesStatus.PUBLIC
    else:
        status = NamesStatus.WITHHELD
    released_on = max(released) if status is NamesStatus.RELEASED else None
    all_public_on = max(made_public) if status in (NamesStatus.RELEASED, NamesStatus.PUBLIC) else None
    return status, released_on, all_public_on


def _published_incident(
    incident: CuratedIncident,
    data_source: str,
    names: _Names,
    rule: ReleaseRule | None,
    arrangement: InvestigatingArrangement | None,
    as_of: dt.date,
) -> Incident:
    """The incident's record, with what of its officers' names is public and the rule in force."""
    status, released_on, public_on = names
    investigator, basis = incident.investigating_agency, None
    if investigator is not None:
        basis = InvestigatingBasis.REPORTED
    elif arrangement is not None and arrangement.investigating_agency_id is not None:
        investigator, basis = arrangement.investigating_agency_id, InvestigatingBasis.DERIVED
    return Incident(
        incident_id=incident.id,
        occurred_on=incident.occurred_on,
        kind=incident.kind,
        address=incident.address,
        city=incident.city,
        county=incident.county,
        state=incident.state,
        latitude=incident.latitude,
        longitude=incident.longitude,
        location_precision=incident.location_precision,
        agency_id=incident.agency,
        investigating_agency_id=investigator,
        fatal=incident.fatal,
        subject_name=incident.subject_name,
        subject_age=incident.subject_age,
        subject_gender=incident.subject_gender,
        subject_race=incident.subject_race,
        race_source=incident.race_source,
        armed_with=incident.armed_with,
        threat_type=incident.threat_type,
        flee_status=incident.flee_status,
        mental_illness_related=incident.mental_illness_related,
        body_camera=incident.body_camera,
        officer_count=incident.officer_count
        if incident.officer_count is not None
        else (len(incident.officers) or None),
        investigation_status=incident.investigation_status,
        outcome=incident.outcome,
        wapo_id=incident.wapo_id,
        officer_names_status=status,
        officer_names_released_on=released_on,
        days_to_release=(released_on - incident.occurred_on).days if released_on else None,
        release_rule_id=rule.rule_id if rule else None,
        release_rule_met=_rule_met(rule, incident.occurred_on, released_on, as_of),
        source_id=incident.source,
        data_source=data_source,
        note=incident.note,
        investigating_basis=basis,
        investigating_arrangement_id=arrangement.arrangement_id if arrangement else None,
        officer_names_public_on=public_on,
        days_until_public=(public_on - incident.occurred_on).days if public_on else None,
    )


def _rule_met(
    rule: ReleaseRule | None, occurred_on: dt.date, released_on: dt.date | None, as_of: dt.date
) -> bool | None:
    """Whether a deadline rule was met: ``None`` with no deadline, or while time remains."""
    if rule is None or rule.kind is not ReleaseRuleKind.RELEASE_WITHIN or rule.within_hours is None:
        return None
    deadline = occurred_on + dt.timedelta(days=-(-rule.within_hours // 24))  # whole days, rounded up
    if released_on is not None:
        return released_on <= deadline
    return False if as_of > deadline else None
