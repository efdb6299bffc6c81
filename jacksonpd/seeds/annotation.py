"""What an annotation file means: each fact of its curated format (:mod:`.annotation_format`)
located in its article (:mod:`.spans`), checked, and made a record.

How the build reads every annotation (over the cores, through the cache) is :mod:`jacksonpd.collect.tree`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Set
from pathlib import Path

from ..check.clip import quoted
from ..collect.collected import _Collected
from ..errors import Problem
from ..models import Event, Figure, Mention, Policy, Source, Statement
from .annotation_checks import check_event_date, check_figure
from .annotation_format import (
    _Annotation,
    _EventNote,
    _FigureNote,
    _MentionNote,
    _PolicyNote,
    _SourceNote,
    _Span,
    _StatementNote,
)
from .article import Article, slugify
from .curated import _record, _structure, _unknown
from .registry import Registry
from .spans import check_overlaps, locate
from .yamlio import Located, read_yaml


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
    first_statement = len(out.records["statements"])  # this article's statements come after
    reading = _Reading(article, doc, registry, out, problems)
    _add_mentions(reading, ann.mentions)
    _add_statements(reading, ann.statements)
    check_overlaps(out.records["statements"][first_statement:], doc, problems)
    _add_figures(reading, ann.figures)
    _add_events(reading, ann.events)
    _add_policies(reading, ann.policies)
    return doc.sha256


class _Reading:
    """One annotation being made records: what every kind's records are made with, and the
    checks all kinds share."""

    __slots__ = ("article", "doc", "orgs", "out", "people", "problems", "registry", "sid")

    def __init__(
        self, article: Article, doc: Located, registry: Registry, out: _Collected, problems: list[Problem]
    ) -> None:
        self.article = article
        self.sid = article.source_id
        self.doc = doc
        self.registry = registry
        self.people, self.orgs = registry.known_people, registry.known_organizations
        self.out = out
        self.problems = problems

    def span(self, kind: str, index: int, note: _Span) -> tuple[int, int] | None:
        """Where the note's words lie in the article (``None``, with the problem, if nowhere)."""
        return locate(self.article.text, note, self.doc, (kind, index), self.problems)

    def ref(self, kind: str, index: int, key: str, value: str | None, known: Set[str], what: str) -> None:
        """A problem if ``value`` is not the id of a registered ``what``."""
        if value is not None and value not in known and not self.registry.unchecked:
            self.problems.append(_unknown(self.doc, (kind, index, key), value, what, known))

    def not_after(self, kind: str, index: int, key: str, value: dt.date | None, what: str) -> None:
        """A problem if the date ``value`` is after the article's."""
        published_on = self.article.published_on
        if value is not None and value > published_on:
            self.problems.append(
                Problem(
                    code="date-out-of-range",
                    path=self.doc.path,
                    line=self.doc.line((kind, index, key)),
                    field=key,
                    found=value.isoformat(),
                    expected=f"{what} on or before the article's date {published_on}",
                )
            )


def _add_mentions(r: _Reading, notes: tuple[_MentionNote, ...]) -> None:
    """A record for each mention found in the article; a mention names one person or organization."""
    doc, problems, sid = r.doc, r.problems, r.sid
    for i, m in enumerate(notes):
        if (m.person is None) == (m.organization is None):
            problems.append(
                Problem(
                    code="value-error",
                    path=doc.path,
                    line=doc.line(("mentions", i)),
                    field="person",
                    message="give exactly one of person or organization",
                )
            )
        r.ref("mentions", i, "person", m.person, r.people, "person")
        r.ref("mentions", i, "organization", m.organization, r.orgs, "organization")
        if (at := r.span("mentions", i, m)) is not None:
            r.out.add(
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


def _add_statements(r: _Reading, notes: tuple[_StatementNote, ...]) -> None:
    """A record for each statement found in the article; without an organization of its own, a
    statement is its speaker's organization's."""
    doc, problems, sid = r.doc, r.problems, r.sid
    for i, s in enumerate(notes):
        r.ref("statements", i, "speaker", s.speaker, r.people, "person")
        r.ref("statements", i, "organization", s.organization, r.orgs, "organization")
        r.not_after("statements", i, "said_on", s.said_on, "a statement")
        speaker = r.registry.person(s.speaker) if s.speaker else None
        if (at := r.span("statements", i, s)) is not None:
            r.out.add(
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


def _add_figures(r: _Reading, notes: tuple[_FigureNote, ...]) -> None:
    """A record for each figure found in the article, its period and value checked (see
    :func:`.annotation_checks.check_figure`)."""
    doc, problems, sid = r.doc, r.problems, r.sid
    for i, f in enumerate(notes):
        r.ref("figures", i, "speaker", f.speaker, r.people, "person")
        r.ref("figures", i, "organization", f.organization, r.orgs, "organization")
        r.not_after("figures", i, "period_end", f.period_end, "the end of a counted period")
        r.not_after("figures", i, "period_start", f.period_start, "the start of a counted period")
        check_figure(f, doc, i, problems)
        speaker = r.registry.person(f.speaker) if f.speaker else None
        if (at := r.span("figures", i, f)) is not None:
            r.out.add(
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


def _add_events(r: _Reading, notes: tuple[_EventNote, ...]) -> None:
    """A record for each event found in the article, its dates checked (see
    :func:`.annotation_checks.check_event_date`)."""
    doc, problems, sid = r.doc, r.problems, r.sid
    for i, e in enumerate(notes):
        r.ref("events", i, "organization", e.organization, r.orgs, "organization")
        problems += check_event_date(e, r.article, doc, i)
        if (at := r.span("events", i, e)) is not None:
            r.out.add(
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


def _add_policies(r: _Reading, notes: tuple[_PolicyNote, ...]) -> None:
    """A record for each policy found in the article."""
    doc, problems, sid = r.doc, r.problems, r.sid
    for i, p in enumerate(notes):
        r.ref("policies", i, "organization", p.organization, r.orgs, "organization")
        r.not_after("policies", i, "announced_on", p.announced_on, "an announcement")
        if (at := r.span("policies", i, p)) is not None:
            r.out.add(
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
                found=quoted(q.text),
                expected=f"a statement in {shown}/annotations/{article.source_id}.yaml for this quote{by}",
            )
        )
    return warnings


def _suffix(base: str, occurrence: int | None) -> str:
    return base if occurrence in (None, 1) else f"{base}-{occurrence}"
