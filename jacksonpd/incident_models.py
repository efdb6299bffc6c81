"""The published records of the incidents: uses of force, the officers, and the rules and
arrangements that say who names and who investigates them.

They are read from ``seeds/incidents/`` and ``seeds/policy.yaml`` (``seeds/incidents.py``), not
from the articles, and the checks of ``check/incident_checks.py`` hold them together; the records
of the articles are in ``models.py``, which re-exports these, so ``jacksonpd.models`` stays the
one place to import any record from.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

import attrs

from .enums import (
    FleeStatus,
    Gender,
    IncidentKind,
    InvestigatingBasis,
    InvestigationScope,
    InvestigationStatus,
    LocationPrecision,
    NamePublicHow,
    NamesStatus,
    OfficerRole,
    Outcome,
    RaceSource,
    ReleaseRuleKind,
    ThreatType,
)
from .model_fields import id_field, optional_id_field

__all__ = [
    "Incident",
    "IncidentOfficer",
    "InvestigatingArrangement",
    "Officer",
    "ReleaseRule",
]


@attrs.frozen(kw_only=True)
class ReleaseRule:
    """The rule an agency followed, over a period, for releasing officers' names after an incident."""

    resource: ClassVar[str] = "release_rules"
    rule_id: str = id_field()
    agency_id: str = id_field()
    policy_id: str | None = optional_id_field()
    kind: ReleaseRuleKind
    within_hours: int | None = None
    effective_from: dt.date | None = None
    effective_until: dt.date | None = None
    description: str
    source_id: str | None = optional_id_field()
    effective_from_earliest: dt.date | None = None
    effective_from_latest: dt.date | None = None
    effective_until_earliest: dt.date | None = None
    effective_until_latest: dt.date | None = None
    adopted_on: dt.date | None = None
    applies_from: dt.date | None = None
    note: str | None = None
    fatal_only: bool = False


@attrs.frozen(kw_only=True)
class InvestigatingArrangement:
    """Which agency investigates which agency's shootings, over which period, under which policy."""

    resource: ClassVar[str] = "investigating_arrangements"
    arrangement_id: str = id_field()
    investigating_agency_id: str | None = optional_id_field()
    subject_agency_id: str | None = optional_id_field()
    state: str
    scope: InvestigationScope
    effective_from: dt.date | None = None
    effective_from_earliest: dt.date | None = None
    effective_from_latest: dt.date | None = None
    effective_until: dt.date | None = None
    effective_until_earliest: dt.date | None = None
    effective_until_latest: dt.date | None = None
    policy_id: str | None = optional_id_field()
    source_id: str | None = optional_id_field()
    description: str
    note: str | None = None


@attrs.frozen(kw_only=True)
class Incident:
    """A use of force by police: when, where, who investigated, and whether names were released."""

    resource: ClassVar[str] = "incidents"
    incident_id: str = id_field()
    occurred_on: dt.date
    kind: IncidentKind
    address: str | None = None
    city: str
    county: str | None = None
    state: str
    latitude: float | None = None
    longitude: float | None = None
    location_precision: LocationPrecision | None = None
    agency_id: str | None = optional_id_field()
    investigating_agency_id: str | None = optional_id_field()
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
    officer_names_status: NamesStatus
    officer_names_released_on: dt.date | None = None
    days_to_release: int | None = None
    release_rule_id: str | None = optional_id_field()
    release_rule_met: bool | None = None
    source_id: str | None = optional_id_field()
    data_source: str
    note: str | None = None
    investigating_basis: InvestigatingBasis | None = None
    investigating_arrangement_id: str | None = optional_id_field()
    officer_names_public_on: dt.date | None = None
    days_until_public: int | None = None


@attrs.frozen(kw_only=True)
class Officer:
    """A police officer involved in an incident; the name only where it had been made public."""

    resource: ClassVar[str] = "officers"
    officer_id: str = id_field()
    agency_id: str | None = optional_id_field()
    name: str | None = None
    rank: str | None = None
    name_released_on: dt.date | None = None
    name_released_by: str | None = optional_id_field()
    name_public_on: dt.date | None = None
    name_public_how: NamePublicHow | None = None
    name_public_by: str | None = None


@attrs.frozen(kw_only=True)
class IncidentOfficer:
    """Which officers were involved in which incident, and how."""

    resource: ClassVar[str] = "incident_officers"
    incident_id: str = id_field()
    officer_id: str = id_field()
    role: OfficerRole
