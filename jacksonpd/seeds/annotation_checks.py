"""What an annotated figure's and event's values must agree with: the words they were read from,
and the article's date.

The checks every kind of fact shares (known ids, dates not after the article) are
:mod:`.annotation`'s; a span's are :mod:`.spans`'.
"""

from __future__ import annotations

import math
import re

from ..check.plausible import printed_value
from ..convert import format_number
from ..errors import Problem
from ..models import DatePrecision, EventStatus
from .annotation_format import _EventNote, _FigureNote
from .article import Article
from .yamlio import Located

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def check_figure(f: _FigureNote, doc: Located, i: int, problems: list[Problem]) -> None:
    """A figure's period runs forwards, and its value is the number its words print."""
    if f.period_start and f.period_end and f.period_start > f.period_end:
        problems.append(
            Problem(
                code="date-out-of-range",
                path=doc.path,
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
                path=doc.path,
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
                path=doc.path,
                line=doc.line(("figures", i, "value")),
                field="value",
                found=format_number(f.value),
                expected=f'{format_number(printed)}, the number as printed ("{f.as_printed}")',
            )
        )


def check_event_date(e: _EventNote, article: Article, doc: Located, i: int) -> list[Problem]:
    """An event's date agrees with its words (their weekday, their precision), runs forwards, and
    lies on the side of the article's date its status says."""
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
