"""The curated annotation format (``seeds/annotations/<source-id>.yaml``): the classes the
converter structures a file into. Unknown keys are refused, so a misspelt field fails loudly.

What the format means (spans located, values checked, records made) is :mod:`.annotation`.
"""

from __future__ import annotations

import datetime as dt

import attrs

from ..models import (
    DatePrecision,
    EventKind,
    EventStatus,
    PolicyKind,
    PolicyStatus,
    Qualifier,
    StatementKind,
)


@attrs.frozen(kw_only=True)
class _SourceNote:
    """What the curator adds to the article's own header: its outlet, address and a note."""

    outlet: str | None = None
    url: str | None = None
    note: str | None = None


@attrs.frozen(kw_only=True)
class _Span:
    """Words copied from the article, found there once or at their ``occurrence`` (1-based)."""

    text: str
    occurrence: int | None = None


@attrs.frozen(kw_only=True)
class _MentionNote(_Span):
    """Words naming a registered person or organization (exactly one of the two)."""

    person: str | None = None
    organization: str | None = None
    title: str | None = None


@attrs.frozen(kw_only=True)
class _StatementNote(_Span):
    """Words someone said or wrote, as the article quotes or paraphrases them."""

    id: str | None = None
    kind: StatementKind
    speaker: str | None = None
    organization: str | None = None
    said_on: dt.date | None = None
    note: str | None = None


@attrs.frozen(kw_only=True)
class _FigureNote(_Span):
    """A number the article gives, with the words it is printed in (``as_printed``)."""

    id: str | None = None
    metric: str
    value: float
    qualifier: Qualifier = Qualifier.EXACT
    unit: str
    as_printed: str
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    speaker: str | None = None
    organization: str | None = None
    note: str | None = None


@attrs.frozen(kw_only=True)
class _EventNote(_Span):
    """Something that happened or is scheduled, with its date as the article words it."""

    id: str | None = None
    kind: EventKind
    status: EventStatus
    title: str
    date: dt.date
    date_end: dt.date | None = None
    date_precision: DatePrecision
    date_text: str
    organization: str | None = None
    note: str | None = None


@attrs.frozen(kw_only=True)
class _PolicyNote(_Span):
    """A policy, practice, agreement, task force or program the article describes."""

    id: str
    title: str
    kind: PolicyKind
    status: PolicyStatus
    organization: str | None = None
    announced_on: dt.date | None = None
    description: str


@attrs.frozen(kw_only=True)
class _Annotation:
    """One annotation file: the source's notes and each kind of fact."""

    source: _SourceNote = _SourceNote()
    mentions: tuple[_MentionNote, ...] = ()
    statements: tuple[_StatementNote, ...] = ()
    figures: tuple[_FigureNote, ...] = ()
    events: tuple[_EventNote, ...] = ()
    policies: tuple[_PolicyNote, ...] = ()
