"""The format of ``seeds/cited.yaml``: the reports we cite but do not hold, and the facts and
claims drawn from them, as the converter structures them (unknown keys are refused).

Layout::

    sources:   [{id, outlet, published_on, headline, url, note}]
    events:    [{id, sources: [ids], kind, status, title, date | date_earliest/date_latest, ...}]
    policies:  [{id, sources: [ids], title, kind, status, description, ...}]
    claims:    [{resource, record, field, value, source, followed, note}]

What the file means (its checks, the records it makes) is :mod:`.cited`.
"""

from __future__ import annotations

import datetime as dt

import attrs

from ..models import DatePrecision, EventKind, EventStatus, PolicyKind, PolicyStatus

__all__ = ["CitedEvent", "CitedFile", "CitedPolicy", "CitedSource", "ClaimEntry"]


@attrs.frozen(kw_only=True)
class CitedSource:
    """A report we cite: never its text."""

    id: str
    outlet: str | None = None
    published_on: dt.date
    headline: str
    url: str | None = None
    note: str | None = None
    #: Read only to refuse it: a cited source's text is not ours to publish.
    text: str | None = None


@attrs.frozen(kw_only=True)
class _Cited:
    """What every cited fact has: the sources that report it, and no span."""

    id: str
    sources: tuple[str, ...]
    #: Read only to refuse them: a fact from a cited report carries no span.
    text: str | None = None
    start: int | None = None
    end: int | None = None


@attrs.frozen(kw_only=True)
class CitedEvent(_Cited):
    """An event as a curator writes it from the reports that give it."""

    kind: EventKind
    status: EventStatus = EventStatus.OCCURRED
    title: str
    date: dt.date | None = None
    date_end: dt.date | None = None
    date_precision: DatePrecision
    date_earliest: dt.date | None = None
    date_latest: dt.date | None = None
    organization: str | None = None
    note: str | None = None


@attrs.frozen(kw_only=True)
class CitedPolicy(_Cited):
    """A policy as a curator writes it from the reports that describe it."""

    title: str
    kind: PolicyKind
    status: PolicyStatus
    organization: str | None = None
    announced_on: dt.date | None = None
    description: str


@attrs.frozen(kw_only=True)
class ClaimEntry:
    """What one source says about one field of a record, and whether the record follows it."""

    resource: str
    record: str
    field: str
    value: str
    source: str
    followed: bool
    note: str | None = None


@attrs.frozen(kw_only=True)
class CitedFile:
    """``seeds/cited.yaml``."""

    sources: tuple[CitedSource, ...] = ()
    events: tuple[CitedEvent, ...] = ()
    policies: tuple[CitedPolicy, ...] = ()
    claims: tuple[ClaimEntry, ...] = ()
