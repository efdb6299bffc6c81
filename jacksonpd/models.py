"""The published records: one frozen attrs class per resource of the data package.

Field names and order are those of ``schemas/<resource>.json``; a test holds the two equal.
Records are values: derive a changed one with :func:`attrs.evolve`, never mutate one.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from typing import Any, ClassVar

import attrs

from .errors import InvalidValue

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

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class StatementKind(enum.StrEnum):
    """How the article reports what someone said."""

    QUOTE = "quote"
    PARAPHRASE = "paraphrase"
    WRITTEN_STATEMENT = "written_statement"


class Qualifier(enum.StrEnum):
    """How a printed number relates to the true count ("over 1,300" is ``over``)."""

    EXACT = "exact"
    OVER = "over"
    AT_LEAST = "at_least"
    ABOUT = "about"
    AT_MOST = "at_most"
    UNDER = "under"


class SourceKind(enum.StrEnum):
    """Whether the package holds a source's text, or cites a report it links to but does not reproduce."""

    HELD = "held"
    CITED = "cited"


class Evidence(enum.StrEnum):
    """What a fact rests on: an exact span of a source we hold, or a citation of a report we link to."""

    SPAN = "span"
    CITATION = "citation"


class DatePrecision(enum.StrEnum):
    """How precisely the article's words fix a date."""

    DAY = "day"
    MONTH = "month"
    SEASON = "season"
    YEAR = "year"
    APPROXIMATE = "approximate"


class EventStatus(enum.StrEnum):
    """Whether, as of the article's date, the event had happened or was still to come."""

    OCCURRED = "occurred"
    SCHEDULED = "scheduled"


class EventKind(enum.StrEnum):
    """What sort of thing happened."""

    ANNOUNCEMENT = "announcement"
    CLASS = "class"
    INVESTIGATION = "investigation"
    MEETING = "meeting"
    STATEMENT = "statement"
    OTHER = "other"


class OrganizationKind(enum.StrEnum):
    """What sort of body an organization is."""

    POLICE_DEPARTMENT = "police_department"
    SHERIFF_OFFICE = "sheriff_office"
    STATE_INVESTIGATIVE_AGENCY = "state_investigative_agency"
    STATE_POLICE = "state_police"
    FEDERAL_AGENCY = "federal_agency"
    CITY_GOVERNMENT = "city_government"
    PROSECUTOR = "prosecutor"
    NEWS_OUTLET = "news_outlet"
    COMMUNITY_GROUP = "community_group"
    OTHER = "other"


class PolicyKind(enum.StrEnum):
    """Whether a rule is written policy, unwritten practice, an agreement between bodies, etc."""

    POLICY = "policy"
    PRACTICE = "practice"
    AGREEMENT = "agreement"
    TASK_FORCE = "task_force"
    PROGRAM = "program"


class PolicyStatus(enum.StrEnum):
    """Where a policy stood on the date of the source that describes it."""

    PROPOSED = "proposed"
    UNDER_DISCUSSION = "under_discussion"
    BEING_ESTABLISHED = "being_established"
    IN_FORCE = "in_force"
    ENDED = "ended"


class IncidentKind(enum.StrEnum):
    """The kind of use of force an incident record describes."""

    OFFICER_INVOLVED_SHOOTING = "officer_involved_shooting"
    OTHER_USE_OF_FORCE = "other_use_of_force"


class LocationPrecision(enum.StrEnum):
    """How precisely the coordinates place an incident (the Washington Post's v2 values)."""

    ADDRESS = "address"
    BLOCK = "block"
    INTERSECTION = "intersection"
    POI_SMALL = "poi_small"
    POI_LARGE = "poi_large"
    ROAD = "road"
    HIGHWAY = "highway"
    NOT_AVAILABLE = "not_available"


class Gender(enum.StrEnum):
    """The subject's gender as recorded (the Washington Post's v2 values)."""

    MALE = "male"
    FEMALE = "female"
    NON_BINARY = "non-binary"


class RaceSource(enum.StrEnum):
    """How the subject's race was determined (the Washington Post's v2 values)."""

    NOT_AVAILABLE = "not_available"
    PHOTO = "photo"
    PUBLIC_RECORD = "public_record"
    CLIP = "clip"
    UNDETERMINED = "undetermined"
    OTHER = "other"


class ThreatType(enum.StrEnum):
    """What the subject was doing, per the Washington Post's v2 threat types (v1's "other" kept)."""

    SHOOT = "shoot"
    POINT = "point"
    ATTACK = "attack"
    THREAT = "threat"
    MOVE = "move"
    FLEE = "flee"
    ACCIDENT = "accident"
    UNDETERMINED = "undetermined"
    OTHER = "other"


class FleeStatus(enum.StrEnum):
    """Whether and how the subject was fleeing (the Washington Post's v2 values)."""

    NOT = "not"
    CAR = "car"
    FOOT = "foot"
    OTHER = "other"


class InvestigationStatus(enum.StrEnum):
    """Where the investigation of an incident stands."""

    OPEN = "open"
    CLOSED = "closed"
    UNKNOWN = "unknown"


class Outcome(enum.StrEnum):
    """What came of the investigation."""

    PENDING = "pending"
    NO_CHARGES = "no_charges"
    GRAND_JURY_DECLINED = "grand_jury_declined"
    CHARGED = "charged"
    UNKNOWN = "unknown"


class ReleaseRuleKind(enum.StrEnum):
    """What a name-release rule requires."""

    WITHHOLD = "withhold"
    RELEASE_WITHIN = "release_within"
    RELEASE_ON_INDICTMENT = "release_on_indictment"


class OfficerRole(enum.StrEnum):
    """An officer's part in an incident."""

    SHOOTER = "shooter"
    INVOLVED = "involved"
    UNKNOWN = "unknown"


class NamesStatus(enum.StrEnum):
    """Whether the names of the officers involved had been made public."""

    WITHHELD = "withheld"
    RELEASED = "released"
    UNKNOWN = "unknown"
    PUBLIC = "public"


class NamePublicHow(enum.StrEnum):
    """How an officer's name became public."""

    AGENCY_RELEASE = "agency_release"
    COURT = "court"
    LAWYER = "lawyer"
    PRESS = "press"


class InvestigatingBasis(enum.StrEnum):
    """Where an incident's investigating agency comes from."""

    REPORTED = "reported"
    DERIVED = "derived"


class InvestigationScope(enum.StrEnum):
    """Which shootings an investigating arrangement covers."""

    OFFICER_INVOLVED_SHOOTINGS = "officer_involved_shootings"
    FATAL_OFFICER_INVOLVED_SHOOTINGS = "fatal_officer_involved_shootings"


def _slug(instance: Any, attribute: attrs.Attribute[Any], value: str | None) -> None:
    """Validate a readable, stable id: lowercase words joined by single hyphens."""
    if value is not None and not ID_PATTERN.match(value):
        raise InvalidValue(
            expected="an id of lowercase letters and digits joined by hyphens",
            got=value,
            field=attribute.name,
        )


def _span(instance: Any, attribute: attrs.Attribute[Any], value: int | None) -> None:
    """Validate that ``end`` comes after ``start`` and both are offsets (or, for a citation, both
    are empty)."""
    start = instance.start
    if value is None or start is None:
        if value is not start:
            raise InvalidValue(
                expected="start and end both given or both empty", got=value, field=attribute.name
            )
        return
    if start < 0 or value <= start:
        raise InvalidValue(
            expected=f"an end after start ({start}), with start >= 0", got=value, field=attribute.name
        )


def _evidence(instance: Any, attribute: attrs.Attribute[Any], value: Evidence) -> None:
    """Validate that a fact with a span says ``span``, and one without says ``citation``."""
    expected = Evidence.CITATION if getattr(instance, "start", None) is None else Evidence.SPAN
    if value is not expected:
        raise InvalidValue(
            expected=f"{expected.value} (a fact {'with' if expected is Evidence.SPAN else 'without'} a span)",
            got=value,
            field=attribute.name,
        )


def _id() -> Any:
    """A required id field."""
    return attrs.field(validator=_slug)


def _opt_id() -> Any:
    """An optional id field (a reference that may be unknown)."""
    return attrs.field(default=None, validator=_slug)


@attrs.frozen(kw_only=True)
class Source:
    """A news article (or other document) that facts are cited from."""

    resource: ClassVar[str] = "sources"
    source_id: str = _id()
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
    organization_id: str = _id()
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
    person_id: str = _id()
    name: str
    title: str | None = None
    organization_id: str | None = _opt_id()


@attrs.frozen(kw_only=True)
class Mention:
    """Where a source names a person or organization, with the title it gives them."""

    resource: ClassVar[str] = "mentions"
    mention_id: str = _id()
    source_id: str = _id()
    person_id: str | None = _opt_id()
    organization_id: str | None = _opt_id()
    title: str | None = None
    text: str
    start: int
    end: int = attrs.field(validator=_span)
    evidence: Evidence = attrs.field(default=Evidence.SPAN, validator=_evidence)


@attrs.frozen(kw_only=True)
class Statement:
    """Something a person or organization said, as a source reports it."""

    resource: ClassVar[str] = "statements"
    statement_id: str = _id()
    source_id: str = _id()
    speaker_id: str | None = _opt_id()
    organization_id: str | None = _opt_id()
    kind: StatementKind
    text: str
    start: int
    end: int = attrs.field(validator=_span)
    said_on: dt.date | None = None
    note: str | None = None
    evidence: Evidence = attrs.field(default=Evidence.SPAN, validator=_evidence)


@attrs.frozen(kw_only=True)
class Figure:
    """A number a source cites, with what it counts and the period it covers."""

    resource: ClassVar[str] = "figures"
    figure_id: str = _id()
    source_id: str = _id()
    speaker_id: str | None = _opt_id()
    organization_id: str | None = _opt_id()
    metric: str
    value: float
    qualifier: Qualifier
    unit: str
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    as_printed: str
    text: str
    start: int
    end: int = attrs.field(validator=_span)
    note: str | None = None
    evidence: Evidence = attrs.field(default=Evidence.SPAN, validator=_evidence)


@attrs.frozen(kw_only=True)
class Event:
    """Something that happened (or was scheduled) on a date a source gives."""

    resource: ClassVar[str] = "events"
    event_id: str = _id()
    source_id: str = _id()
    organization_id: str | None = _opt_id()
    kind: EventKind
    status: EventStatus
    title: str
    date: dt.date | None = None
    date_end: dt.date | None = None
    date_precision: DatePrecision
    date_text: str | None = None
    text: str | None = None
    start: int | None = None
    end: int | None = attrs.field(default=None, validator=_span)
    note: str | None = None
    evidence: Evidence = attrs.field(default=Evidence.SPAN, validator=_evidence)
    date_earliest: dt.date | None = None
    date_latest: dt.date | None = None


@attrs.frozen(kw_only=True)
class Policy:
    """A policy, practice, agreement or task force, and its status as a source describes it."""

    resource: ClassVar[str] = "policies"
    policy_id: str = _id()
    source_id: str = _id()
    organization_id: str | None = _opt_id()
    title: str
    kind: PolicyKind
    status: PolicyStatus
    announced_on: dt.date | None = None
    description: str
    text: str | None = None
    start: int | None = None
    end: int | None = attrs.field(default=None, validator=_span)
    evidence: Evidence = attrs.field(default=Evidence.SPAN, validator=_evidence)


@attrs.frozen(kw_only=True)
class ReleaseRule:
    """The rule an agency followed, over a period, for releasing officers' names after an incident."""

    resource: ClassVar[str] = "release_rules"
    rule_id: str = _id()
    agency_id: str = _id()
    policy_id: str | None = _opt_id()
    kind: ReleaseRuleKind
    within_hours: int | None = None
    effective_from: dt.date | None = None
    effective_until: dt.date | None = None
    description: str
    source_id: str | None = _opt_id()
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
    arrangement_id: str = _id()
    investigating_agency_id: str | None = _opt_id()
    subject_agency_id: str | None = _opt_id()
    state: str
    scope: InvestigationScope
    effective_from: dt.date | None = None
    effective_from_earliest: dt.date | None = None
    effective_from_latest: dt.date | None = None
    effective_until: dt.date | None = None
    effective_until_earliest: dt.date | None = None
    effective_until_latest: dt.date | None = None
    policy_id: str | None = _opt_id()
    source_id: str | None = _opt_id()
    description: str
    note: str | None = None


@attrs.frozen(kw_only=True)
class Incident:
    """A use of force by police: when, where, who investigated, and whether names were released."""

    resource: ClassVar[str] = "incidents"
    incident_id: str = _id()
    occurred_on: dt.date
    kind: IncidentKind
    address: str | None = None
    city: str
    county: str | None = None
    state: str
    latitude: float | None = None
    longitude: float | None = None
    location_precision: LocationPrecision | None = None
    agency_id: str | None = _opt_id()
    investigating_agency_id: str | None = _opt_id()
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
    release_rule_id: str | None = _opt_id()
    release_rule_met: bool | None = None
    source_id: str | None = _opt_id()
    data_source: str
    note: str | None = None
    investigating_basis: InvestigatingBasis | None = None
    investigating_arrangement_id: str | None = _opt_id()
    officer_names_public_on: dt.date | None = None
    days_until_public: int | None = None


@attrs.frozen(kw_only=True)
class Officer:
    """A police officer involved in an incident; the name only where it had been made public."""

    resource: ClassVar[str] = "officers"
    officer_id: str = _id()
    agency_id: str | None = _opt_id()
    name: str | None = None
    rank: str | None = None
    name_released_on: dt.date | None = None
    name_released_by: str | None = _opt_id()
    name_public_on: dt.date | None = None
    name_public_how: NamePublicHow | None = None
    name_public_by: str | None = None


@attrs.frozen(kw_only=True)
class IncidentOfficer:
    """Which officers were involved in which incident, and how."""

    resource: ClassVar[str] = "incident_officers"
    incident_id: str = _id()
    officer_id: str = _id()
    role: OfficerRole


@attrs.frozen(kw_only=True)
class Claim:
    """What one source says about a record: the fact as a whole, or the value of one field.

    A fact reported by several sources has a claim for each; where sources disagree on a value,
    each value is a claim, and ``followed`` says which one the record follows.
    """

    resource: ClassVar[str] = "claims"
    claim_id: str = _id()
    record_resource: str
    record_id: str = _id()
    field: str | None = None
    value: str | None = None
    source_id: str = _id()
    followed: bool | None = None
    note: str | None = None


@attrs.frozen(kw_only=True)
class Correction:
    """A change to a value an earlier release published: what, when, why and on whose word."""

    resource: ClassVar[str] = "corrections"
    correction_id: str = _id()
    resource_name: str
    record_id: str
    field: str
    old_value: str | None = None
    new_value: str | None = None
    values_withheld: bool = False
    corrected_on: dt.date
    reason: str
    source_id: str = _id()
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
