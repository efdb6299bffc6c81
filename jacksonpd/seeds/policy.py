"""``seeds/policy.yaml``: the name-release rule each agency followed over each period, and the
arrangements that say who investigates whose shootings; the records they make, and what they
must hold (no contradicting rules, no overlapping arrangements).

Which rule was in force for an incident, and what it lets be published, is
:mod:`jacksonpd.release.policy`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import attrs

from ..models import (
    InvestigatingArrangement,
    InvestigationScope,
    ReleaseRule,
    ReleaseRuleKind,
)

__all__ = [
    "ArrangementEntry",
    "PolicyFile",
    "RuleEntry",
    "arrangements_from",
    "certain_period",
    "check_arrangements",
    "check_release_rules",
    "rules_from",
]


@attrs.frozen(kw_only=True)
class RuleEntry:
    """A release rule as written in ``seeds/policy.yaml``."""

    id: str
    agency: str
    policy: str | None = None
    kind: ReleaseRuleKind
    within_hours: int | None = None
    effective_from: dt.date | None = None
    effective_until: dt.date | None = None
    description: str
    source: str | None = None
    effective_from_earliest: dt.date | None = None
    effective_from_latest: dt.date | None = None
    effective_until_earliest: dt.date | None = None
    effective_until_latest: dt.date | None = None
    adopted_on: dt.date | None = None
    applies_from: dt.date | None = None
    note: str | None = None
    fatal_only: bool = False


@attrs.frozen(kw_only=True)
class ArrangementEntry:
    """An investigating arrangement as written in ``seeds/policy.yaml``."""

    id: str
    investigating_agency: str | None = None
    subject_agency: str | None = None
    state: str
    scope: InvestigationScope
    effective_from: dt.date | None = None
    effective_from_earliest: dt.date | None = None
    effective_from_latest: dt.date | None = None
    effective_until: dt.date | None = None
    effective_until_earliest: dt.date | None = None
    effective_until_latest: dt.date | None = None
    policy: str | None = None
    sources: tuple[str, ...] = ()
    description: str
    note: str | None = None


@attrs.frozen(kw_only=True)
class PolicyFile:
    """``seeds/policy.yaml``."""

    release_rules: tuple[RuleEntry, ...] = ()
    investigating_arrangements: tuple[ArrangementEntry, ...] = ()


def rules_from(entries: Iterable[RuleEntry]) -> list[ReleaseRule]:
    """Release rule records from their entries."""
    return [
        ReleaseRule(
            rule_id=r.id,
            agency_id=r.agency,
            policy_id=r.policy,
            kind=r.kind,
            within_hours=r.within_hours,
            effective_from=r.effective_from,
            effective_until=r.effective_until,
            description=r.description,
            source_id=r.source,
            effective_from_earliest=r.effective_from_earliest,
            effective_from_latest=r.effective_from_latest,
            effective_until_earliest=r.effective_until_earliest,
            effective_until_latest=r.effective_until_latest,
            adopted_on=r.adopted_on,
            applies_from=r.applies_from,
            note=r.note,
            fatal_only=r.fatal_only,
        )
        for r in entries
    ]


def arrangements_from(entries: Iterable[ArrangementEntry]) -> list[InvestigatingArrangement]:
    """Investigating arrangement records from their entries (the first source is the record's)."""
    return [
        InvestigatingArrangement(
            arrangement_id=a.id,
            investigating_agency_id=a.investigating_agency,
            subject_agency_id=a.subject_agency,
            state=a.state,
            scope=a.scope,
            effective_from=a.effective_from,
            effective_from_earliest=a.effective_from_earliest,
            effective_from_latest=a.effective_from_latest,
            effective_until=a.effective_until,
            effective_until_earliest=a.effective_until_earliest,
            effective_until_latest=a.effective_until_latest,
            policy_id=a.policy,
            source_id=a.sources[0] if a.sources else None,
            description=a.description,
            note=a.note,
        )
        for a in entries
    ]


def certain_period(
    record: ReleaseRule | InvestigatingArrangement,
) -> tuple[dt.date, dt.date]:
    """The days a rule or arrangement is certainly in force, both ends included: from its start
    (or the latest it can have started) to the day before its end (or the earliest it can have
    ended). An unknown start with no bound reaches back to the beginning; no end, to the future."""
    start = record.effective_from or record.effective_from_latest or dt.date.min
    # A release rule's end is its last day; an arrangement no longer holds on its end's day.
    last = dt.timedelta(days=0 if isinstance(record, ReleaseRule) else 1)
    if record.effective_until is not None:
        end = record.effective_until - last
    elif record.effective_until_earliest is not None:
        end = record.effective_until_earliest - last
    elif record.effective_until_latest is not None:
        end = start  # it ended, on an unknown day: certainly in force on its first day alone
    else:
        end = dt.date.max
    return start, end


#: Kinds of rules that do not contradict each other when both are in force for one agency.
_COMPATIBLE = {
    frozenset({ReleaseRuleKind.WITHHOLD, ReleaseRuleKind.RELEASE_ON_INDICTMENT}),
}


def check_release_rules(rules: Sequence[ReleaseRule]) -> list[tuple[int, str, str, str, str]]:
    """The rule conflicts: ``(index, field, found, expected, code)`` for each rule that ends before
    it starts, that gives ``release_within`` without hours or hours on another kind, or whose
    certain period overlaps another rule of the same agency of a contradicting kind."""
    found: list[tuple[int, str, str, str, str]] = []
    for i, r in enumerate(rules):
        start = r.effective_from or r.effective_from_earliest
        end = r.effective_until or r.effective_until_latest
        if start is not None and end is not None and end < start:
            found.append(
                (
                    i,
                    "effective_until",
                    end.isoformat(),
                    f"a date on or after its start {start}",
                    "rule-conflict",
                )
            )
        if r.kind is ReleaseRuleKind.RELEASE_WITHIN and r.within_hours is None:
            found.append(
                (i, "within_hours", "no hours", "the hours within which names are released", "rule-conflict")
            )
        if r.kind is not ReleaseRuleKind.RELEASE_WITHIN and r.within_hours is not None:
            found.append(
                (
                    i,
                    "within_hours",
                    f"{r.within_hours} hours on a {r.kind.value} rule",
                    "no hours (only release_within has them)",
                    "rule-conflict",
                )
            )
    for i, r in enumerate(rules):
        a0, a1 = certain_period(r)
        for other in rules[:i]:
            if other.agency_id != r.agency_id or (
                other.kind is r.kind and other.within_hours == r.within_hours
            ):
                continue
            if frozenset({r.kind, other.kind}) in _COMPATIBLE:
                continue
            b0, b1 = certain_period(other)
            if a0 <= b1 and b0 <= a1:
                found.append(
                    (
                        i,
                        "kind",
                        f"{r.kind.value} from {_day(a0)} to {_day(a1)}",
                        f"no overlap with {other.rule_id} ({other.kind.value}, {_day(b0)} to {_day(b1)}), "
                        "a contradicting rule of the same agency",
                        "rule-conflict",
                    )
                )
    return found


def check_arrangements(
    arrangements: Sequence[InvestigatingArrangement],
) -> list[tuple[int, str, str, str, str]]:
    """Arrangements for the same agency (and scope) whose certain periods overlap, and periods
    that end before they start, as :func:`check_release_rules` reports them."""
    found: list[tuple[int, str, str, str, str]] = []
    for i, a in enumerate(arrangements):
        start = a.effective_from or a.effective_from_earliest
        end = a.effective_until or a.effective_until_latest
        if start is not None and end is not None and end < start:
            found.append(
                (
                    i,
                    "effective_until",
                    end.isoformat(),
                    f"a date on or after its start {start}",
                    "arrangement-overlap",
                )
            )
        a0, a1 = certain_period(a)
        for other in arrangements[:i]:
            if (other.subject_agency_id, other.state, other.scope) != (a.subject_agency_id, a.state, a.scope):
                continue
            b0, b1 = certain_period(other)
            if a0 <= b1 and b0 <= a1:
                found.append(
                    (
                        i,
                        "effective_from",
                        f"{_day(a0)} to {_day(a1)}",
                        f"a period that does not overlap {other.arrangement_id} ({_day(b0)} to {_day(b1)}) "
                        "for the same agency",
                        "arrangement-overlap",
                    )
                )
    return found


def _day(day: dt.date) -> str:
    return "the beginning" if day == dt.date.min else "now" if day == dt.date.max else day.isoformat()
