"""The invariants across records that a Table Schema cannot state.

Each record with a span holds the source text at that span, the words it quotes are inside it,
and its dates are in order and not after its source's. :func:`check_dataset` is run by the
build on each article's records as they are read, and by ``jacksonpd validate`` on a package.
"""

from __future__ import annotations

from typing import Any

from ..dataset import Dataset
from ..errors import Problem
from ..models import Event, Figure, Mention, Policy, SourceKind, Statement, record_key
from .clip import clip

__all__ = ["check_dataset"]


def check_dataset(dataset: Dataset, base: str = "datapackage") -> list[Problem]:
    """The invariants across records: spans, the words inside them, and dates against sources."""
    problems: list[Problem] = []
    sources = {s.source_id: s for s in dataset.sources}
    for name, records in dataset.resources():
        for record in records:
            if not isinstance(record, Mention | Statement | Figure | Event | Policy):
                continue  # records without a span in a source
            where = f"{base}/data/{name}.csv"
            source = sources.get(record.source_id)
            if source is None:
                continue  # frictionless reported the foreign key
            if record.start is None or source.text is None:
                problems += _check_citation(record, where)
                continue
            if source.kind is SourceKind.CITED:
                problems.append(
                    Problem(
                        code="span-into-cited-source",
                        path=where,
                        field="start",
                        found=f"a span into {record.source_id}, a cited source",
                        expected="no span: a cited report's text is not reproduced",
                        message=f"record {_id(record)}",
                    )
                )
                continue
            at = source.text[record.start : record.end]
            if at != record.text and record.text is not None:
                problems.append(
                    Problem(
                        code="span-mismatch",
                        path=where,
                        field="text",
                        found=clip(record.text),
                        expected=f'the source text at {record.start}:{record.end}, "{clip(at, 40)}"',
                        message=f"record {_id(record)}",
                    )
                )
            problems += _check_dates(record, source.published_on, where)
    problems += _check_claims(dataset, base)
    return problems


def _check_claims(dataset: Dataset, base: str) -> list[Problem]:
    """Each claim is about a record the package holds."""
    if not dataset.claims:  # as for an article's records: no ids to gather
        return []
    ids = {name: {record_key(r)[0] for r in records} for name, records in dataset.resources()}
    return [
        Problem(
            code="unknown-reference",
            path=f"{base}/data/claims.csv",
            field="record_id",
            found=f'"{c.record_id}"',
            expected=f"the id of a record in {c.record_resource}",
            message=f"record {c.claim_id}",
        )
        for c in dataset.claims
        if c.record_id not in ids.get(c.record_resource, set())
    ]


def _check_citation(record: Any, where: str) -> list[Problem]:
    """A fact without a span is a citation: it quotes no words."""
    if record.text is not None:
        return [
            Problem(
                code="span-mismatch",
                path=where,
                field="text",
                found=clip(record.text),
                expected="no text without a span (start and end)",
                message=f"record {_id(record)}",
            )
        ]
    return []


def _check_dates(record: Any, published_on: Any, where: str) -> list[Problem]:
    problems = []

    def bad(field: str, found: Any, expected: str) -> None:
        problems.append(
            Problem(
                code="date-out-of-range",
                path=where,
                field=field,
                found=str(found),
                expected=expected,
                message=f"record {_id(record)}",
            )
        )

    def words_inside(field: str, words: str) -> None:
        if words not in record.text:
            problems.append(
                Problem(
                    code="span-mismatch",
                    path=where,
                    field=field,
                    found=f'"{words}"',
                    expected="words inside text",
                    message=f"record {_id(record)}",
                )
            )

    for field in ("said_on", "period_end", "announced_on"):
        value = getattr(record, field, None)
        if value is not None and value > published_on:
            bad(field, value, f"on or before the source's date {published_on}")
    if isinstance(record, Figure):
        if record.period_start and record.period_end and record.period_start > record.period_end:
            bad("period_start", record.period_start, f"on or before period_end {record.period_end}")
        words_inside("as_printed", record.as_printed)
    if isinstance(record, Event):
        if record.date_end is not None and record.date is not None and record.date_end < record.date:
            bad("date_end", record.date_end, f"on or after date {record.date}")
        if record.date_text is not None:
            words_inside("date_text", record.date_text)
    return problems


def _id(record: Any) -> str:
    return str(getattr(record, next(iter(type(record).__attrs_attrs__)).name))
