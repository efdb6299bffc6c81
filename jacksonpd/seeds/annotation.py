"""What an annotation file means: the curated format (``seeds/annotations/<source-id>.yaml``),
each fact's span located in its article, checked, and made records.

How the build reads every annotation (over the cores, through the cache) is :mod:`jacksonpd.collect.tree`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
from collections.abc import Set
from pathlib import Path

import attrs

from ..check.plausible import printed_value
from ..collect.collected import _Collected
from ..convert import format_number
from ..errors import Problem
from ..models import (
    DatePrecision,
    Event,
    EventKind,
    EventStatus,
    Figure,
    Mention,
    Policy,
    PolicyKind,
    PolicyStatus,
    Qualifier,
    Source,
    Statement,
    StatementKind,
)
from .article import Article, _clip, slugify
from .curated import _record, _structure, _unknown
from .registry import Registry
from .yamlio import Located, read_yaml

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


# These classes are the annotation format; the converter refuses unknown keys.


@attrs.frozen(kw_only=True)
class _SourceNote:
    outlet: str | None = None
    url: str | None = None
    note: str | None = None


@attrs.frozen(kw_only=True)
class _Span:
    text: str
    occurrence: int | None = None


@attrs.frozen(kw_only=True)
class _MentionNote(_Span):
    person: str | None = None
    organization: str | None = None
    title: str | None = None


@attrs.frozen(kw_only=True)
class _StatementNote(_Span):
    id: str | None = None
    kind: StatementKind
    speaker: str | None = None
    organization: str | None = None
    said_on: dt.date | None = None
    note: str | None = None


@attrs.frozen(kw_only=True)
class _FigureNote(_Span):
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
    id: str
    title: str
    kind: PolicyKind
    status: PolicyStatus
    organization: str | None = None
    announced_on: dt.date | None = None
    description: str


@attrs.frozen(kw_only=True)
class _Annotation:
    source: _SourceNote = _SourceNote()
    mentions: tuple[_MentionNote, ...] = ()
    statements: tuple[_StatementNote, ...] = ()
    figures: tuple[_FigureNote, ...] = ()
    events: tuple[_EventNote, ...] = ()
    policies: tuple[_PolicyNote, ...] = ()


def _annotate(
    article: Article,
    path: Path,
    shown: str,
    registry: Registry,
    out: _Collected,
    problems: list[Problem],
) -> bytes | None:
    """Turn one article's annotation into records, appending them to ``out``; the digest of the
    annotation's bytes as read (``None`` if it could not be read)."""
    doc, doc_problems = read_yaml(path, shown)
    problems += doc_problems
    ann = None
    if doc is not None:
        ann = _structure(doc, (), doc.data if doc.data is not None else {}, _Annotation, problems)
    source_note = ann.source if ann is not None else _SourceNote()
    out.add_at(
        article.path,
        Source(
            source_id=article.source_id,
            outlet=source_note.outlet if source_note.outlet is not None else article.outlet,
            url=source_note.url,
            published_on=article.published_on,
            headline=article.headline,
            text=article.text,
            sha256=article.sha256,
            path=article.path,
            note=source_note.note,
        ),
    )
    if doc is None or ann is None:
        out.incomplete = True  # records other files may refer to are missing: skip those checks
        return None
    sid = article.source_id
    first_statement = len(out.records["statements"])  # this article's statements come after
    text = article.text
    people, orgs = registry.known_people, registry.known_organizations

    def span(kind: str, index: int, note: _Span) -> tuple[int, int] | None:
        return _locate(text, note, doc, (kind, index), problems)

    def ref(kind: str, index: int, key: str, value: str | None, known: Set[str], what: str) -> None:
        if value is not None and value not in known and not registry.unchecked:
            problems.append(_unknown(doc, (kind, index, key), value, what, known))

    def not_after(kind: str, index: int, key: str, value: dt.date | None, what: str) -> None:
        if value is not None and value > article.published_on:
            problems.append(
                Problem(
                    code="date-out-of-range",
                    path=shown,
                    line=doc.line((kind, index, key)),
                    field=key,
                    found=value.isoformat(),
                    expected=f"{what} on or before the article's date {article.published_on}",
                )
            )

    for i, m in enumerate(ann.mentions):
        if (m.person is None) == (m.organization is None):
            problems.append(
                Problem(
                    code="value-error",
                    path=shown,
                    line=doc.line(("mentions", i)),
                    field="person",
                    message="give exactly one of person or organization",
                )
            )
        ref("mentions", i, "person", m.person, people, "person")
        ref("mentions", i, "organization", m.organization, orgs, "organization")
        if (at := span("mentions", i, m)) is not None:
            out.add(
                doc,
                ("mentions", i),
                _record(
                    Mention,
                    doc,
                    ("mentions", i),
                    problems,
                    mention_id=_suffix(f"{sid}-{slugify(m.text)}", m.occurrence),
                    source_id=sid,
                    person_id=m.person,
                    organization_id=m.organization,
                    title=m.title,
                    text=m.text,
                    start=at[0],
                    end=at[1],
                ),
            )

    for i, s in enumerate(ann.statements):
        ref("statements", i, "speaker", s.speaker, people, "person")
        ref("statements", i, "organization", s.organization, orgs, "organization")
        not_after("statements", i, "said_on", s.said_on, "a statement")
        speaker = registry.person(s.speaker) if s.speaker else None
        if (at := span("statements", i, s)) is not None:
            out.add(
                doc,
                ("statements", i),
                _record(
                    Statement,
                    doc,
                    ("statements", i),
                    problems,
                    statement_id=s.id or _suffix(f"{sid}-{slugify(s.text, 6)}", s.occurrence),
                    source_id=sid,
                    speaker_id=s.speaker,
                    organization_id=s.organization or (speaker.organization_id if speaker else None),
                    kind=s.kind,
                    text=s.text,
                    start=at[0],
                    end=at[1],
                    said_on=s.said_on,
                    note=s.note,
                ),
            )

    _check_overlaps(out.records["statements"][first_statement:], doc, problems)

    for i, f in enumerate(ann.figures):
        ref("figures", i, "speaker", f.speaker, people, "person")
        ref("figures", i, "organization", f.organization, orgs, "organization")
        not_after("figures", i, "period_end", f.period_end, "the end of a counted period")
        not_after("figures", i, "period_start", f.period_start, "the start of a counted period")
        if f.period_start and f.period_end and f.period_start > f.period_end:
            problems.append(
                Problem(
                    code="date-out-of-range",
                    path=shown,
                    line=doc.line(("figures", i, "period_end")),
                    field="period_end",
                    found=f.period_end.isoformat(),
                    expected=f"a date on or after period_start {f.period_start}",
                )
            )
        if f.as_printed not in f.text:
            problems.append(
                Problem(
                    code="quote-not-found",
                    path=shown,
                    line=doc.line(("figures", i, "as_printed")),
                    field="as_printed",
                    found=f'"{f.as_printed}"',
                    expected="words inside the figure's text",
                )
            )
        elif (printed := printed_value(f.as_printed)) is not None and not math.isclose(
            printed, f.value, rel_tol=1e-9
        ):
            problems.append(
                Problem(
                    code="implausible-value",
                    path=shown,
                    line=doc.line(("figures", i, "value")),
                    field="value",
                    found=format_number(f.value),
                    expected=f'{format_number(printed)}, the number as printed ("{f.as_printed}")',
                )
            )
        speaker = registry.person(f.speaker) if f.speaker else None
        if (at := span("figures", i, f)) is not None:
            out.add(
                doc,
                ("figures", i),
                _record(
                    Figure,
                    doc,
                    ("figures", i),
                    problems,
                    figure_id=f.id or f"{sid}-{slugify(f.metric, 6)}",
                    source_id=sid,
                    speaker_id=f.speaker,
                    organization_id=f.organization or (speaker.organization_id if speaker else None),
                    metric=f.metric,
                    value=f.value,
                    qualifier=f.qualifier,
                    unit=f.unit,
                    period_start=f.period_start,
                    period_end=f.period_end,
                    as_printed=f.as_printed,
                    text=f.text,
                    start=at[0],
                    end=at[1],
                    note=f.note,
                ),
            )

    for i, e in enumerate(ann.events):
        ref("events", i, "organization", e.organization, orgs, "organization")
        problems += _check_event_date(e, article, doc, i)
        if (at := span("events", i, e)) is not None:
            out.add(
                doc,
                ("events", i),
                _record(
                    Event,
                    doc,
                    ("events", i),
                    problems,
                    event_id=e.id or f"{sid}-{slugify(e.title, 6)}",
                    source_id=sid,
                    organization_id=e.organization,
                    kind=e.kind,
                    status=e.status,
                    title=e.title,
                    date=e.date,
                    date_end=e.date_end,
                    date_precision=e.date_precision,
                    date_text=e.date_text,
                    text=e.text,
                    start=at[0],
                    end=at[1],
                    note=e.note,
                ),
            )

    for i, p in enumerate(ann.policies):
        ref("policies", i, "organization", p.organization, orgs, "organization")
        not_after("policies", i, "announced_on", p.announced_on, "an announcement")
        if (at := span("policies", i, p)) is not None:
            out.add(
                doc,
                ("policies", i),
                _record(
                    Policy,
                    doc,
                    ("policies", i),
                    problems,
                    policy_id=p.id,
                    source_id=sid,
                    organization_id=p.organization,
                    title=p.title,
                    kind=p.kind,
                    status=p.status,
                    announced_on=p.announced_on,
                    description=p.description,
                    text=p.text,
                    start=at[0],
                    end=at[1],
                ),
            )
    return doc.sha256


def _uncovered(
    article: Article, covered: list[tuple[int, int]], registry: Registry, shown: str
) -> list[Problem]:
    """A warning at each quote the extractor finds in ``article`` that no statement covers."""
    from ..extract import extract_quotes, quote_spans

    text = article.text
    if all(any(s < end and start < e for s, e in covered) for start, end in quote_spans(text)):
        return []  # every pair of quote marks holds an annotated statement: no speakers needed
    warnings = []
    for q in extract_quotes(text, registry):
        if any(start < q.end and q.start < end for start, end in covered):
            continue
        by = f" by {q.speaker}" if q.speaker else ""
        warnings.append(
            Problem(
                code="uncovered-quote",
                path=article.path,
                line=article.body_line + text.count("\n", 0, q.start),
                field="text",
                found=_clip(q.text),
                expected=f"a statement in {shown}/annotations/{article.source_id}.yaml for this quote{by}",
            )
        )
    return warnings


def _check_overlaps(statements: list[Statement], doc: Located, problems: list[Problem]) -> None:
    """Two statements of one article and one kind may not share characters: one would be
    annotated twice."""
    mine = sorted(statements, key=lambda s: (s.start, s.end))
    for kind in {s.kind for s in mine}:
        same = [s for s in mine if s.kind is kind]
        for earlier, later in itertools.pairwise(same):
            if later.start < earlier.end:
                problems.append(
                    Problem(
                        code="span-overlap",
                        path=doc.path,
                        line=_line_of_text(doc, later.text),
                        field="text",
                        found=f"characters {later.start}-{later.end}",
                        expected=f"no overlap with the {kind.value} at {earlier.start}-{earlier.end} "
                        f"(line {_line_of_text(doc, earlier.text)})",
                    )
                )


def _line_of_text(doc: Located, text: str) -> int | None:
    """The line of the statement whose `text` is ``text``."""
    for i, item in enumerate(doc.data.get("statements", []) if isinstance(doc.data, dict) else []):
        if isinstance(item, dict) and item.get("text") == text:
            return doc.line(("statements", i, "text"))
    return None


def _check_event_date(e: _EventNote, article: Article, doc: Located, i: int) -> list[Problem]:
    problems: list[Problem] = []

    def bad(key: str, found: str, expected: str, code: str = "date-mismatch") -> None:
        problems.append(
            Problem(
                code=code,
                path=doc.path,
                line=doc.line(("events", i, key)),
                field=key,
                found=found,
                expected=expected,
            )
        )

    if e.date_text not in e.text:
        bad("date_text", f'"{e.date_text}"', "words inside the event's text", "quote-not-found")
    weekday = next((d for d in _WEEKDAYS if re.search(rf"\b{d}\b", e.date_text.lower())), None)
    if weekday and e.date.weekday() != _WEEKDAYS.index(weekday):
        bad(
            "date",
            f"{e.date} (a {_WEEKDAYS[e.date.weekday()].title()})",
            f'a {weekday.title()}, as "{e.date_text}" says',
        )
    ranged = e.date_precision in (DatePrecision.MONTH, DatePrecision.SEASON, DatePrecision.YEAR)
    if ranged and e.date_end is None:
        bad("date_end", "nothing", f"the last day of the {e.date_precision.value}", "missing-field")
    if e.date_end is not None and e.date_end < e.date:
        bad("date_end", e.date_end.isoformat(), f"a date on or after {e.date}", "date-out-of-range")
    if (
        e.date_precision is DatePrecision.DAY
        and e.status is EventStatus.OCCURRED
        and e.date > article.published_on
    ):
        bad(
            "date",
            e.date.isoformat(),
            f"a date on or before the article's date {article.published_on} for an event that occurred",
            "date-out-of-range",
        )
    if e.status is EventStatus.SCHEDULED and (e.date_end or e.date) < article.published_on:
        bad(
            "date",
            e.date.isoformat(),
            f"a date on or after the article's date {article.published_on} for a scheduled event",
            "date-out-of-range",
        )
    return problems


def _locate(
    text: str, note: _Span, doc: Located, key: tuple[str, int], problems: list[Problem]
) -> tuple[int, int] | None:
    """Find the curator's words in the article body: exactly once, or at ``occurrence``."""
    starts = _occurrences(text, note.text)
    line = doc.line((*key, "text"))
    if not starts:
        near = _nearest(text, note.text)
        problems.append(
            Problem(
                code="quote-not-found",
                path=doc.path,
                line=line,
                field="text",
                found=_clip(note.text),
                expected="words copied exactly from the article" + (f'; closest is "{near}"' if near else ""),
            )
        )
        return None
    if note.occurrence is None:
        if len(starts) > 1:
            problems.append(
                Problem(
                    code="quote-ambiguous",
                    path=doc.path,
                    line=line,
                    field="text",
                    found=_clip(note.text),
                    expected=f"words found once (they appear {len(starts)} times); "
                    f"add occurrence: 1 to {len(starts)}",
                )
            )
            return None
        return starts[0], starts[0] + len(note.text)
    if not 1 <= note.occurrence <= len(starts):
        problems.append(
            Problem(
                code="value-error",
                path=doc.path,
                line=doc.line((*key, "occurrence")),
                field="occurrence",
                found=str(note.occurrence),
                expected=f"1 to {len(starts)}",
            )
        )
        return None
    start = starts[note.occurrence - 1]
    return start, start + len(note.text)


def _occurrences(text: str, words: str) -> list[int]:
    """Where ``words`` occur in ``text``, without overlaps (as ``re.finditer`` would find them)."""
    starts: list[int] = []
    at = text.find(words) if words else -1
    while at != -1:
        starts.append(at)
        at = text.find(words, at + len(words))
    return starts


def _nearest(text: str, words: str) -> str | None:
    """The longest leading part of ``words`` found in ``text``, to point at where copying went wrong."""
    best = None
    for n in range(len(words) - 1, 7, -1):
        if words[:n] in text:
            best = words[:n]
            break
    return _clip(best, 40)[1:-1] if best else None


def _suffix(base: str, occurrence: int | None) -> str:
    return base if occurrence in (None, 1) else f"{base}-{occurrence}"
