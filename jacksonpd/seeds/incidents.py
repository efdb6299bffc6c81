"""``seeds/incidents/*.yaml``: incidents (curated, or written by an importer) with the officers
involved and, where known, their names and when and by whom the names were made public; the
agencies a file needs that the registry may lack; what a curated file adds to an imported one.

The release rules are :mod:`jacksonpd.seeds.policy`; what of an incident may be published as of
a date is :mod:`jacksonpd.release.policy`; what an incident must hold is
:mod:`jacksonpd.check.incident_checks`; how the build reads every file (over the cores, through
the cache, in batches) is :mod:`jacksonpd.collect.incident_files`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from ..errors import Problem
from ..models import (
    FleeStatus,
    Gender,
    IncidentKind,
    InvestigationStatus,
    LocationPrecision,
    NamePublicHow,
    OfficerRole,
    Organization,
    OrganizationKind,
    Outcome,
    RaceSource,
    ThreatType,
)
from .curated import _plausible_at, _record
from .registry import Registry
from .yamlio import Located

__all__ = [
    "DATASETS",
    "CuratedIncident",
    "CuratedOfficer",
    "IncidentFile",
    "with_addition",
    "with_agencies",
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


def with_agencies(
    registry: Registry, files: Iterable[tuple[Located, IncidentFile]], problems: list[Problem]
) -> tuple[Registry, set[str]]:
    """The registry with the agencies the incident files add, and the ids of every organization
    they may refer to. A registry's entry wins and takes what it lacks from a file's; a file's
    data source must be ``curated`` or one of :data:`DATASETS`."""
    organizations = {o.organization_id: o for o in registry.organizations}
    known = registry.organization_ids()
    for doc, parsed in files:
        if parsed.data_source != "curated" and parsed.data_source not in DATASETS:
            problems.append(
                Problem(
                    code="type-error",
                    path=doc.path,
                    line=doc.line(("data_source",)),
                    field="data_source",
                    found=f'"{parsed.data_source}"',
                    expected=f"curated or one of {', '.join(DATASETS)}",
                )
            )
        for i, a in enumerate(parsed.agencies):
            if a.id in organizations:  # the registry's entry wins, and takes what it lacks
                have = organizations[a.id]
                organizations[a.id] = attrs.evolve(
                    have,
                    state=have.state or a.state,
                    ori=have.ori or a.ori,
                    wapo_agency_id=have.wapo_agency_id or a.wapo_agency_id,
                )
                continue
            known.add(a.id)
            organization = _record(
                Organization,
                doc,
                ("agencies", i),
                problems,
                organization_id=a.id,
                name=a.name,
                kind=a.kind,
                state=a.state,
                ori=a.ori,
                wapo_agency_id=a.wapo_agency_id,
            )
            if organization is not None:
                organizations[a.id] = organization
                problems += _plausible_at(doc, ("agencies", i), organization)
    return attrs.evolve(registry, organizations=tuple(organizations.values())), known
