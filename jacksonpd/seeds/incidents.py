"""Incidents, officers and the name-release policy: curated files in, published records out.

``seeds/incidents/*.yaml`` hold incidents (curated, or written by an importer) with the officers
involved and, where known, their names and when and by whom the names were made public.
``seeds/policy.yaml`` holds the release rule each agency followed over each period.

:func:`apply_release_policy` is the one place where an officer's name can become a record:
only when it had been released by the ``as_of`` date. A withheld name is dropped here, before
anything is written, so it cannot appear in any published byte (DESIGN.md invariant 7).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import attrs

from ..models import (
    FleeStatus,
    Gender,
    Incident,
    IncidentKind,
    IncidentOfficer,
    InvestigatingArrangement,
    InvestigatingBasis,
    InvestigationScope,
    InvestigationStatus,
    LocationPrecision,
    NamePublicHow,
    NamesStatus,
    Officer,
    OfficerRole,
    OrganizationKind,
    Outcome,
    RaceSource,
    ReleaseRule,
    ReleaseRuleKind,
    ThreatType,
)

__all__ = [
    "DATASETS",
    "CuratedIncident",
    "IncidentFile",
    "PolicyFile",
    "apply_release_policy",
    "name_is_public",
    "name_public_on",
]

#: Datasets incidents may be imported from, with the license and attribution they carry.
DATASETS: dict[str, dict[str, str]] = {
    "wapo-fatal-force-v1": {
        "title": "The Washington Post, Fatal Force database (v1)",
        "path": "https://github.com/washingtonpost/data-police-shootings",
        "license": "CC-BY-NC-SA-4.0",
        "license_path": "https://creativecommons.org/licenses/by-nc-sa/4.0/",
    },
    "wapo-fatal-force-v2": {
        "title": "The Washington Post, Fatal Force database (v2)",
        "path": "https://github.com/washingtonpost/data-police-shootings",
        "license": "CC-BY-NC-SA-4.0",
        "license_path": "https://creativecommons.org/licenses/by-nc-sa/4.0/",
    },
}

# -- the curated formats ------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class CuratedOfficer:
    """An officer as a curator records them: the name even while withheld, never published early."""

    id: str | None = None
    name: str | None = None
    rank: str | None = None
    agency: str | None = None
    role: OfficerRole = OfficerRole.UNKNOWN
    name_released_on: dt.date | None = None
    name_released_by: str | None = None
    #: How the name became public otherwise than by an agency's release (or ``agency_release``).
    name_public_on: dt.date | None = None
    name_public_how: NamePublicHow | None = None
    name_public_by: str | None = None

    @property
    def public_on(self) -> dt.date | None:
        """When the name became public by any means: the earlier of a release and another way."""
        days = [d for d in (self.name_released_on, self.name_public_on) if d is not None]
        return min(days, default=None)


@attrs.frozen(kw_only=True)
class CuratedIncident:
    """An incident as a curator (or importer) records it; the release fields are derived."""

    id: str
    occurred_on: dt.date
    kind: IncidentKind
    address: str | None = None
    city: str
    county: str | None = None
    state: str
    latitude: float | None = None
    longitude: float | None = None
    location_precision: LocationPrecision | None = None
    agency: str | None = None
    investigating_agency: str | None = None
    fatal: bool | None = None
    subject_name: str | None = None
    subject_age: int | None = None
    subject_gender: Gender | None = None
    subject_race: str | None = None
    race_source: RaceSource | None = None
    armed_with: str | None = None
    threat_type: ThreatType | None = None
    flee_status: FleeStatus | None = None
    mental_illness_related: bool | None = None
    body_camera: bool | None = None
    officer_count: int | None = None
    investigation_status: InvestigationStatus | None = None
    outcome: Outcome | None = None
    wapo_id: int | None = None
    source: str | None = None
    note: str | None = None
    officers: tuple[CuratedOfficer, ...] = ()


@attrs.frozen(kw_only=True)
class AgencyEntry:
    """An agency an incident file needs that the registry may not have (importers add these)."""

    id: str
    name: str
    kind: OrganizationKind
    state: str | None = None
    ori: str | None = None
    wapo_agency_id: int | None = None


@attrs.frozen(kw_only=True)
class IncidentAddition:
    """What a curated file adds to an incident another file holds (an imported one, which is
    re-imported rather than edited): who investigated, per which source, and its officers."""

    id: str
    investigating_agency: str | None = None
    source: str | None = None
    note: str | None = None
    officers: tuple[CuratedOfficer, ...] = ()


@attrs.frozen(kw_only=True)
class IncidentFile:
    """One file of ``seeds/incidents/``."""

    data_source: str = "curated"
    agencies: tuple[AgencyEntry, ...] = ()
    additions: tuple[IncidentAddition, ...] = ()
    incidents: tuple[CuratedIncident, ...] = ()


def with_addition(incident: CuratedIncident, addition: IncidentAddition | None) -> CuratedIncident:
    """The incident with what a curated file adds to it (its own values win where both give one)."""
    if addition is None:
        return incident
    note = "; ".join(n for n in (incident.note, addition.note) if n) or None
    return attrs.evolve(
        incident,
        investigating_agency=incident.investigating_agency or addition.investigating_agency,
        source=incident.source or addition.source,
        note=note,
        officers=(*incident.officers, *addition.officers),
    )


@attrs.frozen(kw_only=True)
class RuleEntry:
    """A release rule as written in ``seeds/policy.yaml``."""

    id: str
    agency: str
    policy: str | None = None
    kind: ReleaseRuleKind
    within_hours: int | None = None
    effective_from: dt.date | None = None
    effective_until: dt.date | None = None
    description: str
    source: str | None = None
    effective_from_earliest: dt.date | None = None
    effective_from_latest: dt.date | None = None
    effective_until_earliest: dt.date | None = None
    effective_until_latest: dt.date | None = None
    adopted_on: dt.date | None = None
    applies_from: dt.date | None = None
    note: str | None = None
    fatal_only: bool = False


@attrs.frozen(kw_only=True)
class ArrangementEntry:
    """An investigating arrangement as written in ``seeds/policy.yaml``."""

    id: str
    investigating_agency: str | None = None
    subject_agency: str | None = None
    state: str
    scope: InvestigationScope
    effective_from: dt.date | None = None
    effective_from_earliest: dt.date | None = None
    effective_from_latest: dt.date | None = None
    effective_until: dt.date | None = None
    effective_until_earliest: dt.date | None = None
    effective_until_latest: dt.date | None = None
    policy: str | None = None
    sources: tuple[str, ...] = ()
    description: str
    note: str | None = None


@attrs.frozen(kw_only=True)
class PolicyFile:
    """``seeds/policy.yaml``."""

    release_rules: tuple[RuleEntry, ...] = ()
    investigating_arrangements: tuple[ArrangementEntry, ...] = ()


# -- the release policy -------------------------------------------------------------------------


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


def rules_from(entries: Iterable[RuleEntry]) -> list[ReleaseRule]:
    """Release rule records from their entries."""
    return [
        ReleaseRule(
            rule_id=r.id,
            agency_id=r.agency,
            policy_id=r.policy,
            kind=r.kind,
            within_hours=r.within_hours,
            effective_from=r.effective_from,
            effective_until=r.effective_until,
            description=r.description,
            source_id=r.source,
            effective_from_earliest=r.effective_from_earliest,
            effective_from_latest=r.effective_from_latest,
            effective_until_earliest=r.effective_until_earliest,
            effective_until_latest=r.effective_until_latest,
            adopted_on=r.adopted_on,
            applies_from=r.applies_from,
            note=r.note,
            fatal_only=r.fatal_only,
        )
        for r in entries
    ]


def arrangements_from(entries: Iterable[ArrangementEntry]) -> list[InvestigatingArrangement]:
    """Investigating arrangement records from their entries (the first source is the record's)."""
    return [
        InvestigatingArrangement(
            arrangement_id=a.id,
            investigating_agency_id=a.investigating_agency,
            subject_agency_id=a.subject_agency,
            state=a.state,
            scope=a.scope,
            effective_from=a.effective_from,
            effective_from_earliest=a.effective_from_earliest,
            effective_from_latest=a.effective_from_latest,
            effective_until=a.effective_until,
            effective_until_earliest=a.effective_until_earliest,
            effective_until_latest=a.effective_until_latest,
            policy_id=a.policy,
            source_id=a.sources[0] if a.sources else None,
            description=a.description,
            note=a.note,
        )
        for a in entries
    ]


def certain_period(
    record: ReleaseRule | InvestigatingArrangement,
) -> tuple[dt.date, dt.date]:
    """The days a rule or arrangement is certainly in force, both ends included: from its start
    (or the latest it can have started) to the day before its end (or the earliest it can have
    ended). An unknown start with no bound reaches back to the beginning; no end, to the future."""
    start = record.effective_from or record.effective_from_latest or dt.date.min
    # A release rule's end is its last day; an arrangement no longer holds on its end's day.
    last = dt.timedelta(days=0 if isinstance(record, ReleaseRule) else 1)
    if record.effective_until is not None:
        end = record.effective_until - last
    elif record.effective_until_earliest is not None:
        end = record.effective_until_earliest - last
    elif record.effective_until_latest is not None:
        end = start  # it ended, on an unknown day: certainly in force on its first day alone
    else:
        end = dt.date.max
    return start, end


#: Kinds of rules that do not contradict each other when both are in force for one agency.
_COMPATIBLE = {
    frozenset({ReleaseRuleKind.WITHHOLD, ReleaseRuleKind.RELEASE_ON_INDICTMENT}),
}


def check_release_rules(rules: Sequence[ReleaseRule]) -> list[tuple[int, str, str, str, str]]:
    """The rule conflicts: ``(index, field, found, expected, code)`` for each rule that ends before
    it starts, that gives ``release_within`` without hours or hours on another kind, or whose
    certain period overlaps another rule of the same agency of a contradicting kind."""
    found: list[tuple[int, str, str, str, str]] = []
    for i, r in enumerate(rules):
        start = r.effective_from or r.effective_from_earliest
        end = r.effective_until or r.effective_until_latest
        if start is not None and end is not None and end < start:
            found.append(
                (
                    i,
                    "effective_until",
                    end.isoformat(),
                    f"a date on or after its start {start}",
                    "rule-conflict",
                )
            )
        if r.kind is ReleaseRuleKind.RELEASE_WITHIN and r.within_hours is None:
            found.append(
                (i, "within_hours", "no hours", "the hours within which names are released", "rule-conflict")
            )
        if r.kind is not ReleaseRuleKind.RELEASE_WITHIN and r.within_hours is not None:
            found.append(
                (
                    i,
                    "within_hours",
                    f"{r.within_hours} hours on a {r.kind.value} rule",
                    "no hours (only release_within has them)",
                    "rule-conflict",
                )
            )
    for i, r in enumerate(rules):
        a0, a1 = certain_period(r)
        for other in rules[:i]:
            if other.agency_id != r.agency_id or (
                other.kind is r.kind and other.within_hours == r.within_hours
            ):
                continue
            if frozenset({r.kind, other.kind}) in _COMPATIBLE:
                continue
            b0, b1 = certain_period(other)
            if a0 <= b1 and b0 <= a1:
                found.append(
                    (
                        i,
                        "kind",
                        f"{r.kind.value} from {_day(a0)} to {_day(a1)}",
                        f"no overlap with {other.rule_id} ({other.kind.value}, {_day(b0)} to {_day(b1)}), "
                        "a contradicting rule of the same agency",
                        "rule-conflict",
                    )
                )
    return found


def check_arrangements(
    arrangements: Sequence[InvestigatingArrangement],
) -> list[tuple[int, str, str, str, str]]:
    """Arrangements for the same agency (and scope) whose certain periods overlap, and periods
    that end before they start, as :func:`check_release_rules` reports them."""
    found: list[tuple[int, str, str, str, str]] = []
    for i, a in enumerate(arrangements):
        start = a.effective_from or a.effective_from_earliest
        end = a.effective_until or a.effective_until_latest
        if start is not None and end is not None and end < start:
            found.append(
                (
                    i,
                    "effective_until",
                    end.isoformat(),
                    f"a date on or after its start {start}",
                    "arrangement-overlap",
                )
            )
        a0, a1 = certain_period(a)
        for other in arrangements[:i]:
            if (other.subject_agency_id, other.state, other.scope) != (a.subject_agency_id, a.state, a.scope):
                continue
            b0, b1 = certain_period(other)
            if a0 <= b1 and b0 <= a1:
                found.append(
                    (
                        i,
                        "effective_from",
                        f"{_day(a0)} to {_day(a1)}",
                        f"a period that does not overlap {other.arrangement_id} ({_day(b0)} to {_day(b1)}) "
                        "for the same agency",
                        "arrangement-overlap",
                    )
                )
    return found


def _day(day: dt.date) -> str:
    return "the beginning" if day == dt.date.min else "now" if day == dt.date.max else day.isoformat()


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
    :func:`certain_period`); a rule for fatal shootings only counts for a shooting known fatal."""
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
        days = (released_on - incident.occurred_on).days if released_on else None
        public_on = max(made_public) if status in (NamesStatus.RELEASED, NamesStatus.PUBLIC) else None
        rule = rule_in_force(rules, incident.agency, incident.occurred_on, fatal=incident.fatal)
        arrangement = arrangement_in_force(arrangements, incident)
        investigator, basis = incident.investigating_agency, None
        if investigator is not None:
            basis = InvestigatingBasis.REPORTED
        elif arrangement is not None and arrangement.investigating_agency_id is not None:
            investigator, basis = arrangement.investigating_agency_id, InvestigatingBasis.DERIVED
        out_incidents.append(
            Incident(
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
                days_to_release=days,
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
        )
    return out_incidents, officers, links


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
