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

from .models import (
    FleeStatus,
    Gender,
    Incident,
    IncidentKind,
    IncidentOfficer,
    InvestigationStatus,
    LocationPrecision,
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
class IncidentFile:
    """One file of ``seeds/incidents/``."""

    data_source: str = "curated"
    agencies: tuple[AgencyEntry, ...] = ()
    incidents: tuple[CuratedIncident, ...] = ()


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


@attrs.frozen(kw_only=True)
class PolicyFile:
    """``seeds/policy.yaml``."""

    release_rules: tuple[RuleEntry, ...] = ()


# -- the release policy -------------------------------------------------------------------------


def name_public_on(officer: CuratedOfficer) -> dt.date | None:
    """When the officer's name became public (``None``: it has not). The one place that says so:
    what may be published as of a date, and what may be committed today, both ask it."""
    return officer.name_released_on


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
        )
        for r in entries
    ]


def rule_in_force(rules: Sequence[ReleaseRule], agency_id: str | None, on: dt.date) -> ReleaseRule | None:
    """The agency's rule on a date: the latest-starting one whose period contains the date."""
    candidates = [
        r
        for r in rules
        if r.agency_id == agency_id
        and (r.effective_from is None or r.effective_from <= on)
        and (r.effective_until is None or on <= r.effective_until)
    ]
    return max(candidates, key=lambda r: (r.effective_from or dt.date.min, r.rule_id), default=None)


def apply_release_policy(
    incidents: Iterable[tuple[CuratedIncident, str]],
    rules: Sequence[ReleaseRule],
    as_of: dt.date,
) -> tuple[list[Incident], list[Officer], list[IncidentOfficer]]:
    """Published incidents, officers and links as of a date.

    ``incidents`` pairs each curated incident with its data source. A name released after
    ``as_of`` (or never) is published as empty, with its release date and releaser.
    """
    out_incidents: list[Incident] = []
    officers: list[Officer] = []
    links: list[IncidentOfficer] = []
    for incident, data_source in incidents:
        released: list[dt.date] = []
        for n, o in enumerate(incident.officers, start=1):
            public = name_is_public(o, as_of)
            if public:
                public_on = name_public_on(o)
                assert public_on is not None
                released.append(public_on)
            officer_id = o.id or f"{incident.id}-officer-{n}"
            officers.append(
                Officer(
                    officer_id=officer_id,
                    agency_id=o.agency or incident.agency,
                    name=o.name if public else None,
                    rank=o.rank,
                    name_released_on=o.name_released_on if public else None,
                    name_released_by=o.name_released_by if public else None,
                )
            )
            links.append(IncidentOfficer(incident_id=incident.id, officer_id=officer_id, role=o.role))
        if not incident.officers:
            status = NamesStatus.UNKNOWN
        elif len(released) == len(incident.officers):
            status = NamesStatus.RELEASED
        else:
            status = NamesStatus.WITHHELD
        released_on = max(released) if status is NamesStatus.RELEASED else None
        days = (released_on - incident.occurred_on).days if released_on else None
        rule = rule_in_force(rules, incident.agency, incident.occurred_on)
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
                investigating_agency_id=incident.investigating_agency,
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
