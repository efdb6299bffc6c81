"""The published records: one frozen attrs class per resource of the data package.

Field names and order are those of ``schemas/<resource>.json``; a test holds the two equal.
Records are values: derive a changed one with :func:`attrs.evolve`, never mutate one.

The records of the incidents are in ``incident_models.py``, the coded values in ``enums.py`` and
the shared id and span fields in ``model_fields.py``; this module re-exports them all, so callers
import any record or vocabulary from here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

import attrs

from .enums import (
    DatePrecision,
    EventKind,
    EventStatus,
    Evidence,
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
    OrganizationKind,
    Outcome,
    PolicyKind,
    PolicyStatus,
    Qualifier,
    RaceSource,
    ReleaseRuleKind,
    SourceKind,
    StatementKind,
    ThreatType,
)
from .incident_models import (
    Incident,
    IncidentOfficer,
    InvestigatingArrangement,
    Officer,
    ReleaseRule,
)
from .model_fields import ID_PATTERN as ID_PATTERN
from .model_fields import check_evidence, check_span, id_field, optional_id_field

__all__ = [
    "Claim",
    "Correction",
    "DatePrecision",
    "Event",
    "EventKind",
    "EventStatus",
    "Evidence",
    "Figure",
    "FleeStatus",
    "Gender",
    "Incident",
    "IncidentKind",
    "IncidentOfficer",
    "InvestigatingArrangement",
    "InvestigatingBasis",
    "InvestigationScope",
    "InvestigationStatus",
    "LocationPrecision",
    "Mention",
    "NamePublicHow",
    "NamesStatus",
    "Officer",
    "OfficerRole",
    "Organization",
    "OrganizationKind",
    "Outcome",
    "Person",
    "Policy",
    "PolicyKind",
    "PolicyStatus",
    "Qualifier",
    "RaceSource",
    "Record",
    "ReleaseRule",
    "ReleaseRuleKind",
    "Source",
    "SourceKind",
    "Statement",
    "StatementKind",
    "ThreatType",
]


@attrs.frozen(kw_only=True)
class Source:
    """A news article (or other document) that facts are cited from."""

    resource: ClassVar[str] = "sources"
    source_id: str = id_field()
    outlet: str | None = None
    url: str | None = None
    published_on: dt.date
    headline: str
    text: str | None = None
    sha256: str | None = None
    path: str | None = None
    kind: SourceKind = SourceKind.HELD
    note: str | None = None


@attrs.frozen(kw_only=True)
class Organization:
    """A police department, agency, government body, outlet or group."""

    resource: ClassVar[str] = "organizations"
    organization_id: str = id_field()
    name: str
    abbreviation: str | None = None
    kind: OrganizationKind
    state: str | None = None
    ori: str | None = None
    wapo_agency_id: int | None = None


@attrs.frozen(kw_only=True)
class Person:
    """A person named in a source."""

    resource: ClassVar[str] = "people"
    person_id: str = id_field()
    name: str
    title: str | None = None
    organization_id: str | None = optional_id_field()


@attrs.frozen(kw_only=True)
class Mention:
    """Where a source names a person or organization, with the title it gives them."""

    resource: ClassVar[str] = "mentions"
    mention_id: str = id_field()
    source_id: str = id_field()
    person_id: str | None = optional_id_field()
    organization_id: str | None = optional_id_field()
    title: str | None = None
    text: str
    start: int
    end: int = attrs.field(validator=check_span)
    evidence: Evidence = attrs.field(default=Evidence.SPAN, validator=check_evidence)


@attrs.frozen(kw_only=True)
class Statement:
    """Something a person or organization said, as a source reports it."""

    resource: ClassVar[str] = "statements"
    statement_id: str = id_field()
    source_id: str = id_field()
    speaker_id: str | None = optional_id_field()
    organization_id: str | None = optional_id_field()
    kind: StatementKind
    text: str
    start: int
    end: int = attrs.field(validator=check_span)
    said_on: dt.date | None = None
    note: str | None = None
    evidence: Evidence = attrs.field(default=Evidence.SPAN, validator=check_evidence)


@attrs.frozen(kw_only=True)
class Figure:
    """A number a source cites, with what it counts and the period it covers."""

    resource: ClassVar[str] = "figures"
    figure_id: str = id_field()
    source_id: str = id_field()
    speaker_id: str | None = optional_id_field()
    organization_id: str | None = optional_id_field()
    metric: str
    value: float
    qualifier: Qualifier
    unit: str
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    as_printed: str
    text: str
    start: int
    end: int = attrs.field(validator=check_span)
    note: str | None = None
    evidence: Evidence = attrs.field(default=Evidence.SPAN, validator=check_evidence)


@attrs.frozen(kw_only=True)
class Event:
    """Something that happened (or was scheduled) on a date a source gives."""

    resource: ClassVar[str] = "events"
    event_id: str = id_field()
    source_id: str = id_field()
    organization_id: str | None = optional_id_field()
    kind: EventKind
    status: EventStatus
    title: str
    date: dt.date | None = None
    date_end: dt.date | None = None
    date_precision: DatePrecision
    date_text: str | None = None
    text: str | None = None
    start: int | None = None
    end: int | None = attrs.field(default=None, validator=check_span)
    note: str | None = None
    evidence: Evidence = attrs.field(default=Evidence.SPAN, validator=check_evidence)
    date_earliest: dt.date | None = None
    date_latest: dt.date | None = None


@attrs.frozen(kw_only=True)
class Policy:
    """A policy, practice, agreement or task force, and its status as a source describes it."""

    resource: ClassVar[str] = "policies"
    policy_id: str = id_field()
    source_id: str = id_field()
    organization_id: str | None = optional_id_field()
    title: str
    kind: PolicyKind
    status: PolicyStatus
    announced_on: dt.date | None = None
    description: str
    text: str | None = None
    start: int | None = None
    end: int | None = attrs.field(default=None, validator=check_span)
    evidence: Evidence = attrs.field(default=Evidence.SPAN, validator=check_evidence)


@attrs.frozen(kw_only=True)
class Claim:
    """What one source says about a record: the fact as a whole, or the value of one field.

    A fact reported by several sources has a claim for each; where sources disagree on a value,
    each value is a claim, and ``followed`` says which one the record follows.
    """

    resource: ClassVar[str] = "claims"
    claim_id: str = id_field()
    record_resource: str
    record_id: str = id_field()
    field: str | None = None
    value: str | None = None
    source_id: str = id_field()
    followed: bool | None = None
    note: str | None = None


@attrs.frozen(kw_only=True)
class Correction:
    """A change to a value an earlier release published: what, when, why and on whose word."""

    resource: ClassVar[str] = "corrections"
    correction_id: str = id_field()
    resource_name: str
    record_id: str
    field: str
    old_value: str | None = None
    new_value: str | None = None
    values_withheld: bool = False
    corrected_on: dt.date
    reason: str
    source_id: str = id_field()
    url: str | None = None


Record = (
    Source
    | Organization
    | Person
    | Mention
    | Statement
    | Figure
    | Event
    | Policy
    | ReleaseRule
    | InvestigatingArrangement
    | Incident
    | Officer
    | IncidentOfficer
    | Claim
    | Correction
)

#: Record classes in publication order (referenced resources before those that reference them).
RECORD_TYPES: tuple[type[Record], ...] = (
    Source,
    Organization,
    Person,
    Mention,
    Statement,
    Figure,
    Event,
    Policy,
    ReleaseRule,
    InvestigatingArrangement,
    Incident,
    Officer,
    IncidentOfficer,
    Claim,
    Correction,
)


def record_key(record: Record) -> tuple[Any, ...]:
    """A record's primary key: its id, or (incident_id, officer_id) for a link."""
    if isinstance(record, IncidentOfficer):
        return (record.incident_id, record.officer_id)
    return (getattr(record, attrs.fields(type(record))[0].name),)
