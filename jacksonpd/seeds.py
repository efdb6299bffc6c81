"""Read ``seeds/``: articles as received, the registry, and the curators' reviewed annotations.

Layout::

    seeds/articles/<source-id>.txt       byte-for-byte as received: " date YYYY-MM-DD <summary>", body
    seeds/annotations/<source-id>.yaml   the reviewed facts of that article (see the README)
    seeds/registry/people.yaml           people: id, name, title, organization, aliases
    seeds/registry/organizations.yaml    organizations: id, name, abbreviation, kind, aliases
    seeds/incidents/*.yaml               curated incident records

Curators copy the quoted words; :func:`read_seeds` finds their character span in the article
and derives stable ids from content. Every problem in every file is collected, each with its
file, line and field, and raised together as one :class:`~jacksonpd.errors.JacksonpdError`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import attrs

from .convert import converter, describe_failure, iter_failures
from .dataset import Dataset
from .errors import JacksonpdError, Problem
from .models import (
    DatePrecision,
    Event,
    EventKind,
    EventStatus,
    Figure,
    Incident,
    Mention,
    Organization,
    OrganizationKind,
    Person,
    Policy,
    PolicyKind,
    PolicyStatus,
    Qualifier,
    Source,
    Statement,
    StatementKind,
)
from .yamlio import Located, read_yaml

__all__ = ["Article", "Registry", "read_article", "read_registry", "read_seeds", "slugify"]

T = TypeVar("T")

_HEADER = re.compile(r"^\s*date\s+(?P<date>\S+)\s+(?P<summary>\S.*?)\s*$")
_OUTLET = re.compile(r"\s*Source:\s*(?P<outlet>[^.]+?)\.?$")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# -- articles -----------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Article:
    """An article file split into its header and the body that every span indexes."""

    source_id: str
    path: str
    published_on: dt.date
    headline: str
    outlet: str | None
    text: str
    sha256: str


def read_article(path: Path, shown: str) -> tuple[Article | None, list[Problem]]:
    """Read one article file; ``shown`` is the path used in problems and in ``sources.path``.

    The body (``text``) is everything after the header line, with the blank lines around it
    removed. A header that ends "Source: X." names the outlet X.
    """
    raw = path.read_bytes()
    try:
        content = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [
            Problem(
                code="encoding-error",
                path=shown,
                line=line,
                found=f"byte 0x{raw[exc.start]:02x} at offset {exc.start}",
                expected="UTF-8 text",
            )
        ]
    header, _, body = content.partition("\n")
    match = _HEADER.match(header)
    if not match:
        return None, [
            Problem(
                code="header-error",
                path=shown,
                line=1,
                field="header",
                found=_clip(header),
                expected='" date YYYY-MM-DD <summary>"',
            )
        ]
    try:
        published_on = dt.date.fromisoformat(match["date"])
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", match["date"]):
            raise ValueError(match["date"])
    except ValueError:
        return None, [
            Problem(
                code="header-error",
                path=shown,
                line=1,
                field="date",
                found=f'"{match["date"]}"',
                expected="a real date as YYYY-MM-DD",
            )
        ]
    text = body.strip()
    if not text:
        return None, [
            Problem(
                code="empty-article",
                path=shown,
                line=2,
                field="text",
                message="the article has no body below its header line",
            )
        ]
    summary = match["summary"]
    outlet = None
    if found := _OUTLET.search(summary):
        outlet = found["outlet"].strip()
        summary = summary[: found.start()].rstrip()
    return Article(
        source_id=path.stem,
        path=shown,
        published_on=published_on,
        headline=summary,
        outlet=outlet,
        text=text,
        sha256=hashlib.sha256(raw).hexdigest(),
    ), []


def _clip(text: str, width: int = 60) -> str:
    return f'"{text[:width]}…"' if len(text) > width else f'"{text}"'


def slugify(text: str, words: int | None = None) -> str:
    """A readable id from text: ascii, lowercase, words joined by hyphens (``I'm`` -> ``im``)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    parts = re.findall(r"[a-z0-9]+", folded.replace("'", ""))
    return "-".join(parts[:words] if words else parts)


# -- the curated input format -------------------------------------------------------------------
# These classes are the annotation and registry formats; the converter refuses unknown keys.


@attrs.frozen(kw_only=True)
class _SourceNote:
    outlet: str | None = None
    url: str | None = None


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


@attrs.frozen(kw_only=True)
class _PersonEntry:
    id: str
    name: str
    title: str | None = None
    organization: str | None = None
    aliases: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class _OrganizationEntry:
    id: str
    name: str
    abbreviation: str | None = None
    kind: OrganizationKind
    aliases: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class _IncidentFile:
    incidents: tuple[Incident, ...] = ()


# -- the registry -------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Registry:
    """People and organizations with their ids, and the aliases articles use for them."""

    people: tuple[Person, ...] = ()
    organizations: tuple[Organization, ...] = ()
    aliases: dict[str, str] = attrs.field(factory=dict)  # alias -> person or organization id

    def person_ids(self) -> set[str]:
        """Ids of every registered person."""
        return {p.person_id for p in self.people}

    def organization_ids(self) -> set[str]:
        """Ids of every registered organization."""
        return {o.organization_id for o in self.organizations}

    def person(self, person_id: str) -> Person | None:
        """The registered person with this id, if any."""
        return next((p for p in self.people if p.person_id == person_id), None)


def read_registry(folder: Path, shown: str = "seeds/registry") -> tuple[Registry, list[Problem]]:
    """Read ``people.yaml`` and ``organizations.yaml`` from ``folder``, checking ids and aliases."""
    problems: list[Problem] = []
    orgs_doc = _read_list(folder / "organizations.yaml", f"{shown}/organizations.yaml", problems)
    people_doc = _read_list(folder / "people.yaml", f"{shown}/people.yaml", problems)
    org_entries = _structure_items(orgs_doc, (), _OrganizationEntry, problems)
    person_entries = _structure_items(people_doc, (), _PersonEntry, problems)

    alias_owner: dict[str, tuple[str, Located, int]] = {}
    organizations: list[Organization] = []
    people: list[Person] = []
    seen: dict[str, tuple[Located, int]] = {}

    def claim(entry_id: str, names: Iterable[str], doc: Located, index: int) -> None:
        if entry_id in seen:
            first_doc, first_index = seen[entry_id]
            problems.append(
                Problem(
                    code="duplicate-id",
                    path=doc.path,
                    line=doc.line((index, "id")),
                    field="id",
                    found=f'"{entry_id}"',
                    message=f"already used at {first_doc.path}:{first_doc.line((first_index, 'id'))}",
                )
            )
        seen.setdefault(entry_id, (doc, index))
        for alias in names:
            owner = alias_owner.get(alias)
            if owner and owner[0] != entry_id:
                problems.append(
                    Problem(
                        code="duplicate-id",
                        path=doc.path,
                        line=doc.line((index, "aliases")),
                        field="aliases",
                        found=f'"{alias}"',
                        message=f'also an alias of "{owner[0]}" '
                        f"({owner[1].path}:{owner[1].line((owner[2], 'aliases'))}); "
                        "an alias must name one entry",
                    )
                )
            alias_owner.setdefault(alias, (entry_id, doc, index))

    for index, org in org_entries:
        assert orgs_doc is not None  # entries exist only when the document was read
        names = [org.name, *([org.abbreviation] if org.abbreviation else []), *org.aliases]
        claim(org.id, names, orgs_doc, index)
        organizations.append(
            _record(
                Organization,
                orgs_doc,
                (index,),
                problems,
                organization_id=org.id,
                name=org.name,
                abbreviation=org.abbreviation,
                kind=org.kind,
            )
        )
    org_ids = {o.id for _, o in org_entries}
    for index, person in person_entries:
        assert people_doc is not None
        claim(person.id, [person.name, *person.aliases], people_doc, index)
        if person.organization and person.organization not in org_ids:
            problems.append(
                _unknown(
                    people_doc,
                    (index, "organization"),
                    person.organization,
                    "organization",
                    org_ids,
                )
            )
        people.append(
            _record(
                Person,
                people_doc,
                (index,),
                problems,
                person_id=person.id,
                name=person.name,
                title=person.title,
                organization_id=person.organization,
            )
        )
    registry = Registry(
        people=tuple(p for p in people if p is not None),
        organizations=tuple(o for o in organizations if o is not None),
        aliases={alias: owner[0] for alias, owner in alias_owner.items()},
    )
    return registry, problems


# -- the whole seeds tree -----------------------------------------------------------------------


def read_seeds(root: Path, shown: str = "seeds") -> Dataset:
    """Read a ``seeds/`` tree into records, or raise :class:`JacksonpdError` with every problem."""
    problems: list[Problem] = []
    registry, registry_problems = read_registry(root / "registry", f"{shown}/registry")
    problems += registry_problems

    articles = sorted((root / "articles").glob("*.txt"))
    annotations = {p.stem: p for p in sorted((root / "annotations").glob("*.yaml"))}
    if not articles:
        problems.append(
            Problem(code="missing-file", path=f"{shown}/articles", message="no articles (*.txt) found")
        )
    for stem, orphan in annotations.items():
        if not (root / "articles" / f"{stem}.txt").exists():
            problems.append(
                Problem(
                    code="orphan-file",
                    path=f"{shown}/annotations/{orphan.name}",
                    message=f"no article seeds/articles/{stem}.txt to annotate",
                )
            )

    out = _Collected()
    for article_path in articles:
        article_shown = f"{shown}/articles/{article_path.name}"
        article, article_problems = read_article(article_path, article_shown)
        problems += article_problems
        if article is None:
            continue
        ann_path = annotations.get(article.source_id)
        if ann_path is None:
            problems.append(
                Problem(
                    code="missing-file",
                    path=article_shown,
                    message=f"no annotation {shown}/annotations/{article.source_id}.yaml; "
                    "draft one with `jacksonpd extract`",
                )
            )
            continue
        _annotate(article, ann_path, f"{shown}/annotations/{ann_path.name}", registry, out, problems)

    for path in sorted((root / "incidents").glob("*.yaml")):
        doc, doc_problems = read_yaml(path, f"{shown}/incidents/{path.name}")
        problems += doc_problems
        if doc is not None and doc.data is not None:
            parsed = _structure(doc, (), doc.data, _IncidentFile, problems)
            for i, incident in enumerate(parsed.incidents if parsed else ()):
                out.add(doc, ("incidents", i), incident)

    problems += out.duplicate_ids()
    dataset = Dataset(organizations=registry.organizations, people=registry.people, **out.records)
    if problems:
        raise JacksonpdError(problems, f"the seeds in {shown}/ have {len(problems)} problem(s)")
    return dataset


def _annotate(
    article: Article,
    path: Path,
    shown: str,
    registry: Registry,
    out: _Collected,
    problems: list[Problem],
) -> None:
    """Turn one article's annotation into records, appending them to ``out``."""
    doc, doc_problems = read_yaml(path, shown)
    problems += doc_problems
    if doc is None:
        return
    ann = _structure(doc, (), doc.data if doc.data is not None else {}, _Annotation, problems)
    if ann is None:
        return
    sid = article.source_id
    text = article.text
    people, orgs = registry.person_ids(), registry.organization_ids()

    def span(kind: str, index: int, note: _Span) -> tuple[int, int] | None:
        return _locate(text, note, doc, (kind, index), problems)

    def ref(kind: str, index: int, key: str, value: str | None, known: set[str], what: str) -> None:
        if value is not None and value not in known:
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

    out.add(
        doc,
        (),
        Source(
            source_id=sid,
            outlet=ann.source.outlet if ann.source.outlet is not None else article.outlet,
            url=ann.source.url,
            published_on=article.published_on,
            headline=article.headline,
            text=text,
            sha256=article.sha256,
            path=article.path,
        ),
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
    starts = [m.start() for m in re.finditer(re.escape(note.text), text)] if note.text else []
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


def _unknown(doc: Located, key: tuple[str | int, ...], value: str, what: str, known: set[str]) -> Problem:
    close = sorted(k for k in known if k.split("-")[0] == value.split("-")[0] or value in k)[:3]
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    return Problem(
        code="unknown-reference",
        path=doc.path,
        line=doc.line(key),
        field=str(key[-1]),
        found=f'"{value}"',
        expected=f"the id of a registered {what}{hint}",
    )


def _read_list(path: Path, shown: str, problems: list[Problem]) -> Located | None:
    if not path.exists():
        problems.append(Problem(code="missing-file", path=shown, message="the registry needs this file"))
        return None
    doc, doc_problems = read_yaml(path, shown)
    problems += doc_problems
    if doc is not None and not isinstance(doc.data, list):
        problems.append(
            Problem(
                code="type-error",
                path=shown,
                line=1,
                found=type(doc.data).__name__,
                expected="a list of entries",
            )
        )
        return None
    return doc


def _structure_items(
    doc: Located | None, key: tuple[str | int, ...], cls: type[T], problems: list[Problem]
) -> list[tuple[int, T]]:
    if doc is None:
        return []
    items = []
    for i, item in enumerate(doc.data):
        parsed = _structure(doc, (*key, i), item, cls, problems)
        if parsed is not None:
            items.append((i, parsed))
    return items


def _structure(
    doc: Located, key: tuple[str | int, ...], data: Any, cls: type[T], problems: list[Problem]
) -> T | None:
    try:
        return converter().structure(data, cls)
    except Exception as exc:
        _report(doc, key, exc, problems)
        return None


def _record(
    cls: Callable[..., T],
    doc: Located,
    key: tuple[str | int, ...],
    problems: list[Problem],
    **values: Any,
) -> T:
    """Build a record, reporting a validator's complaint at the annotation's line."""
    try:
        return cls(**values)
    except ValueError as exc:
        _report(doc, key, exc, problems)
        return None  # type: ignore[return-value]  # callers drop the Nones with the problem raised


def _report(doc: Located, key: tuple[str | int, ...], exc: BaseException, problems: list[Problem]) -> None:
    for sub, failure in iter_failures(exc):
        code, found, expected, message = describe_failure(failure)
        full = (*key, *sub)
        field = next((str(k) for k in reversed(full) if isinstance(k, str)), None)
        problems.append(
            Problem(
                code=code,
                path=doc.path,
                line=doc.line(full),
                field=field,
                found=found,
                expected=expected,
                message=message,
            )
        )


class _Collected:
    """Records read from annotations, by resource, with the file and line each came from."""

    def __init__(self) -> None:
        self.records: dict[str, list[Any]] = defaultdict(list)
        self.origins: dict[tuple[str, str], list[str]] = defaultdict(list)

    def add(self, doc: Located, key: tuple[str | int, ...], record: Any) -> None:
        """Keep ``record`` (skipping ``None``, a record that failed with its problem reported)."""
        if record is None:
            return
        self.records[record.resource].append(record)
        rid = getattr(record, attrs.fields(type(record))[0].name)
        self.origins[(record.resource, rid)].append(f"{doc.path}:{doc.line(key)}")

    def duplicate_ids(self) -> list[Problem]:
        """A problem at each record whose derived or given id another record already has."""
        problems = []
        for (resource, rid), places in sorted(self.origins.items()):
            for place in places[1:]:
                path, _, line = place.rpartition(":")
                problems.append(
                    Problem(
                        code="duplicate-id",
                        path=path,
                        line=int(line) if line.isdigit() else None,
                        field="id",
                        found=f'"{rid}" ({resource})',
                        expected=f"an id not already used at {places[0]}; "
                        "set a distinct id (or distinct words) on one of them",
                    )
                )
        return problems
