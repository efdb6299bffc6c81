"""Read ``seeds/cited.yaml``: the reports we cite but do not reproduce, and the facts they report.

A cited source has an outlet, a date, a headline and an address, and no text: its words are not
ours to redistribute. The facts from it (events, policies) carry no span; they are written in the
curator's words and say so (``evidence: citation``). Each fact lists every source that reports it,
and each becomes a :class:`~jacksonpd.models.Claim`; a claim on one field of a record (an incident's
date as one report gives it) says whether the record follows it, and why. The file's layout is
:mod:`.cited_format`'s.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Problem
from ..models import Claim, Event, EventStatus, Evidence, Policy, Source, SourceKind
from .article import slugify
from .cited_format import CitedEvent, CitedFile, CitedPolicy, CitedSource, ClaimEntry, _Cited
from .curated import _record, _structure, _unknown
from .yamlio import Located, read_yaml

if TYPE_CHECKING:
    from ..collect.collected import _Collected
    from ..publish.rows import RowStore
    from .registry import Registry

__all__ = ["CitedFile", "claims_about_nothing", "read_cited"]

FILE = "cited.yaml"


def read_cited(root: Path, shown: str, registry: Registry, out: _Collected, problems: list[Problem]) -> None:
    """Add the cited sources, their facts and the claims of ``seeds/cited.yaml`` to ``out``.

    Every source a fact or claim names must be a source of the package (held or cited), and a
    fact reported as past must not cite a source published before it.
    """
    path = root / FILE
    if not path.exists():
        return
    doc, doc_problems = read_yaml(path, f"{shown}/{FILE}")
    problems += doc_problems
    if doc is None:
        out.incomplete = True
        return
    parsed = _structure(doc, (), doc.data if doc.data is not None else {}, CitedFile, problems)
    if parsed is None:
        out.incomplete = True
        return
    cited = _add_sources(doc, parsed.sources, out, problems)
    facts = _Facts(doc, cited, registry, out, problems)
    _add_events(facts, parsed.events)
    _add_policies(facts, parsed.policies)
    _add_claims(facts, parsed.claims)


def _add_sources(
    doc: Located, sources: tuple[CitedSource, ...], out: _Collected, problems: list[Problem]
) -> dict[str, dt.date]:
    """A record for each cited source, refusing any that carries its report's text; the date of
    each source the facts may cite."""
    cited: dict[str, dt.date] = {}
    for i, s in enumerate(sources):
        key: tuple[str | int, ...] = ("sources", i)
        if s.text is not None:
            problems.append(
                Problem(
                    code="cited-source-text",
                    path=doc.path,
                    line=doc.line((*key, "text")),
                    field="text",
                    found="the report's text",
                    expected="no text for a cited source: outlet, date, headline and address only "
                    "(put an article whose text we may publish in articles/)",
                )
            )
            cited[s.id] = s.published_on  # known, so the facts citing it are not reported too
            continue
        source = _record(
            Source,
            doc,
            key,
            problems,
            source_id=s.id,
            outlet=s.outlet,
            url=s.url,
            published_on=s.published_on,
            headline=s.headline,
            kind=SourceKind.CITED,
            note=s.note,
        )
        if source is not None:
            cited[s.id] = s.published_on
            out.add(doc, key, source)
    return cited


class _Facts:
    """The cited file's facts being made records: the sources they may cite (held or cited, with
    their dates), and the checks every fact shares."""

    __slots__ = ("cited", "dates", "doc", "orgs", "out", "problems", "registry")

    def __init__(
        self,
        doc: Located,
        cited: dict[str, dt.date],
        registry: Registry,
        out: _Collected,
        problems: list[Problem],
    ) -> None:
        self.doc = doc
        self.cited = cited
        self.dates = out.source_dates(cited)
        self.registry = registry
        self.orgs = registry.known_organizations
        self.out = out
        self.problems = problems

    def known_organization(self, kind: str, i: int, organization: str | None) -> None:
        """A problem if ``organization`` is not the id of a registered organization."""
        if organization is not None and organization not in self.orgs and not self.registry.unchecked:
            self.problems.append(
                _unknown(self.doc, (kind, i, "organization"), organization, "organization", self.orgs)
            )

    def check(self, kind: str, i: int, fact: _Cited, reported: dt.date | None) -> bool:
        """Report the fact's span and bad sources; whether it can become a record."""
        doc, problems, dates = self.doc, self.problems, self.dates
        ok = True
        for name in ("text", "start", "end"):
            if getattr(fact, name) is not None:
                ok = False
                into = next((s for s in fact.sources if s in self.cited), None)
                problems.append(
                    Problem(
                        code="span-into-cited-source",
                        path=doc.path,
                        line=doc.line((kind, i, name)),
                        field=name,
                        found=f'a span into "{into}", a cited source' if into else "a span",
                        expected="no span: a fact from a cited report is in the curator's words "
                        "(a span is read from the annotation of an article we hold)",
                    )
                )
                break
        if not fact.sources:
            ok = False
            problems.append(
                Problem(
                    code="missing-field",
                    path=doc.path,
                    line=doc.line((kind, i)),
                    field="sources",
                    found="no sources",
                    expected="the id of every source that reports the fact",
                )
            )
        for n, source in enumerate(fact.sources):
            if source not in dates:
                ok = False
                if not self.out.incomplete:  # else an article could not be read: its source is missing
                    problems.append(_unknown(doc, (kind, i, "sources", n), source, "source", set(dates)))
            elif reported is not None and dates[source] < reported:
                ok = False
                problems.append(
                    Problem(
                        code="source-before-event",
                        path=doc.path,
                        line=doc.line((kind, i, "sources", n)),
                        field="sources",
                        found=f'"{source}", published {dates[source]}',
                        expected=f"a source published on or after the event it reports as past ({reported})",
                    )
                )
        return ok

    def add_claims(self, kind: str, i: int, record_id: str, sources: tuple[str, ...]) -> None:
        """A claim for each source that reports the fact ``record_id``."""
        doc = self.doc
        for n, source in enumerate(sources):
            self.out.add(
                doc,
                (kind, i, "sources", n),
                _record(
                    Claim,
                    doc,
                    (kind, i),
                    self.problems,
                    claim_id=f"{record_id}-{source}",
                    record_resource=kind,
                    record_id=record_id,
                    source_id=source,
                ),
            )


def _add_events(facts: _Facts, events: tuple[CitedEvent, ...]) -> None:
    """A record for each cited event whose sources hold, within its date bounds, and its claims."""
    doc, problems = facts.doc, facts.problems
    for i, e in enumerate(events):
        facts.known_organization("events", i, e.organization)
        past = e.date or e.date_earliest if e.status is EventStatus.OCCURRED else None
        if not facts.check("events", i, e, past):
            continue
        event = _record(
            Event,
            doc,
            ("events", i),
            problems,
            event_id=e.id,
            source_id=e.sources[0],
            organization_id=e.organization,
            kind=e.kind,
            status=e.status,
            title=e.title,
            date=e.date,
            date_end=e.date_end,
            date_precision=e.date_precision,
            note=e.note,
            evidence=Evidence.CITATION,
            date_earliest=e.date_earliest,
            date_latest=e.date_latest,
        )
        if event is not None:
            problems += _check_bounds(doc, ("events", i), event)
            facts.out.add(doc, ("events", i), event)
            facts.add_claims("events", i, e.id, e.sources)


def _add_policies(facts: _Facts, policies: tuple[CitedPolicy, ...]) -> None:
    """A record for each cited policy whose sources hold, and its claims."""
    doc, problems = facts.doc, facts.problems
    for i, p in enumerate(policies):
        facts.known_organization("policies", i, p.organization)
        if not facts.check("policies", i, p, None):
            continue
        policy = _record(
            Policy,
            doc,
            ("policies", i),
            problems,
            policy_id=p.id,
            source_id=p.sources[0],
            organization_id=p.organization,
            title=p.title,
            kind=p.kind,
            status=p.status,
            announced_on=p.announced_on,
            description=p.description,
            evidence=Evidence.CITATION,
        )
        if policy is not None:
            facts.out.add(doc, ("policies", i), policy)
            facts.add_claims("policies", i, p.id, p.sources)


def _add_claims(facts: _Facts, claims: tuple[ClaimEntry, ...]) -> None:
    """A record for each claim on one field of a record, from a source the package has."""
    doc, problems, dates = facts.doc, facts.problems, facts.dates
    for i, c in enumerate(claims):
        key = ("claims", i)
        if c.source not in dates:
            if not facts.out.incomplete:
                problems.append(_unknown(doc, (*key, "source"), c.source, "source", set(dates)))
            continue
        facts.out.add(
            doc,
            (*key, "record"),  # where a claim about no record is reported
            _record(
                Claim,
                doc,
                key,
                problems,
                claim_id=f"{c.record}-{slugify(c.field)}-{c.source}",
                record_resource=c.resource,
                record_id=c.record,
                field=c.field,
                value=c.value,
                source_id=c.source,
                followed=c.followed,
                note=c.note,
            ),
        )


def _check_bounds(doc: Located, key: tuple[str | int, ...], e: Event) -> list[Problem]:
    """An event's date must lie within its bounds, and a date or a bound must be given."""
    problems = []
    if e.date is None and e.date_earliest is None and e.date_latest is None:
        problems.append(
            Problem(
                code="missing-field",
                path=doc.path,
                line=doc.line(key),
                field="date",
                found="no date and no bounds",
                expected="a date, or the bounds the sources give (date_earliest, date_latest)",
            )
        )
    low, high = e.date_earliest, e.date_latest
    for name, value in (("date", e.date), ("date_latest", high)):
        if value is not None and low is not None and value < low:
            problems.append(
                Problem(
                    code="date-out-of-range",
                    path=doc.path,
                    line=doc.line((*key, name)),
                    field=name,
                    found=value.isoformat(),
                    expected=f"a date on or after date_earliest {low}",
                )
            )
    if e.date is not None and high is not None and e.date > high:
        problems.append(
            Problem(
                code="date-out-of-range",
                path=doc.path,
                line=doc.line((*key, "date")),
                field="date",
                found=e.date.isoformat(),
                expected=f"a date on or before date_latest {high}",
            )
        )
    return problems


def claims_about_nothing(
    records: Mapping[str, list[Any]] | None,
    places: Mapping[str, list[str]],
    store: RowStore | None,
    where: Callable[[str], str] = str,
) -> list[Problem]:
    """A problem at each claim whose record is not among the records read: from ``records`` (with
    their ``places``) or, for a build, from its finished ``store``; ``where`` gives a place its
    line, where that was left to be found (see :class:`~jacksonpd.seeds.yamlio.PlaceLines`)."""
    from ..models import record_key
    from ..publish.rows import PLACE

    found: list[tuple[str, str, str]] = []  # (place, resource, record id)
    if store is not None:
        conn = sqlite3.connect(f"file:{store.path}?mode=ro", uri=True)
        try:
            claims = conn.execute(f"select record_resource, record_id, [{PLACE}] from claims").fetchall()
            for resource, record_id, place in claims:
                key = store.schemas.tables[resource]["primaryKey"][0]
                row = conn.execute(f"select 1 from [{resource}] where [{key}] = ? limit 1", (record_id,))
                if row.fetchone() is None:
                    found.append((place, resource, record_id))
        finally:
            conn.close()
    elif records is not None:
        ids = {name: {record_key(r)[0] for r in rs} for name, rs in records.items()}
        for claim, place in zip(records.get("claims", []), places.get("claims", []), strict=True):
            if claim.record_id not in ids.get(claim.record_resource, set()):
                found.append((place, claim.record_resource, claim.record_id))
    problems = []
    for place, resource, record_id in found:
        path, _, line = where(place).rpartition(":")
        problems.append(
            Problem(
                code="unknown-reference",
                path=path,
                line=int(line) if line.isdigit() else None,
                field="record",
                found=f'"{record_id}"',
                expected=f"the id of a record in {resource}",
            )
        )
    return problems
