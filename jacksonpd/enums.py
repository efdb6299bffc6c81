"""The closed vocabularies of the published records: one string enum per coded column.

They live apart from the record classes (``models.py``) because extraction and the checks need
the words without the records, and because a newcomer looking for "which values may ``outcome``
take" should find them in one short file. Each value is the string published in the CSV.
"""

from __future__ import annotations

import enum

__all__ = [
    "DatePrecision",
    "EventKind",
    "EventStatus",
    "Evidence",
    "FleeStatus",
    "Gender",
    "IncidentKind",
    "InvestigatingBasis",
    "InvestigationScope",
    "InvestigationStatus",
    "LocationPrecision",
    "NamePublicHow",
    "NamesStatus",
    "OfficerRole",
    "OrganizationKind",
    "Outcome",
    "PolicyKind",
    "PolicyStatus",
    "Qualifier",
    "RaceSource",
    "ReleaseRuleKind",
    "SourceKind",
    "StatementKind",
    "ThreatType",
]


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
