"""The days a date's words name, resolved against the article's date.

The calendar's words (months, weekdays, seasons, "yesterday") and, for a match of the date
pattern of :mod:`.dates`, the first day it covers, the last (for a range, a month, a season)
and how precise the words are. Where the words leave the year or the direction open, the tense
of their clause decides (``future``), as :mod:`.dates` reads it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from ..models import DatePrecision
from .words import number_value

__all__ = ["MONTHS", "RELATIVE_WORDS", "SEASONS", "WEEKDAYS", "resolve_date", "weekday_date"]

MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
SEASONS = {"spring": (3, 5), "summer": (6, 8), "fall": (9, 11), "autumn": (9, 11), "winter": (12, 2)}
_NEAR_AHEAD = dt.timedelta(days=60)
#: The days counted from the day of writing: "today" is 0, "yesterday" -1.
RELATIVE_WORDS = {
    "today": 0,
    "tonight": 0,
    "yesterday": -1,
    "tomorrow": 1,
    "last night": -1,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
}


def resolve_date(
    match: re.Match[str], today: dt.date, future: bool | None
) -> tuple[dt.date, dt.date | None, DatePrecision] | None:
    """The date the words of ``match`` name; ``future`` is the tense of their clause (None: the
    clause does not say, and a day without a year is the one nearest ``today``)."""
    g = match.group
    if g("mrange"):
        return _month_range(match, today)
    if g("numeric"):  # 2/14/2020, 2/14/20
        year = int(g("ny"))
        return _day(year + (2000 if year < 100 else 0), int(g("nm")), int(g("nd")))
    if g("mdy"):
        month = MONTHS[g("m1").lower().rstrip(".")]
        day = int(g("d1"))
        if g("y1"):
            return _day(int(g("y1")), month, day)
        candidates = [
            c for c in (_day(y, month, day) for y in (today.year - 1, today.year, today.year + 1)) if c
        ]
        if not candidates:
            return None
        if future is None:
            return min(candidates, key=lambda c: abs((c[0] - today).days))
        candidate = _day(today.year, month, day)
        year = today.year
        if candidate is None:
            return None
        if candidate[0] > today and not future and candidate[0] - today > _NEAR_AHEAD:
            # A day without its year is this year's when last year's would be nearly a year
            # back, whatever the verb: "will publish every response it received on Aug. 15"
            # in an Aug. 1 paper (a day that far back would be printed with its year).
            year -= 1
        elif candidate[0] < today - dt.timedelta(days=180) and future:
            year += 1
        return _day(year, month, day)
    if g("my"):
        return _month(int(g("y2")), MONTHS[g("m2").lower()])
    if g("wd"):
        return weekday_date(
            WEEKDAYS.index(g("wday").lower()), (g("wdrel") or "").lower(), today, bool(future)
        )
    if g("season"):
        return _season(g("sname").lower(), (g("srel") or "").lower(), today, bool(future))
    if g("rel"):
        return _relative(g("rrel").lower(), g("runit"), today)
    if g("ago"):
        return _ago(g("anum").lower(), g("aunit").lower(), g("adir").lower(), match, today)
    if g("word"):
        when = today + dt.timedelta(days=RELATIVE_WORDS[" ".join(g("wword").lower().split())])
        return when, None, DatePrecision.DAY
    if g("month"):
        month = MONTHS[g("m3").lower()]
        year = today.year
        if month > today.month and not future:
            year -= 1
        elif month < today.month and future:
            year += 1
        return _month(year, month)
    if g("year"):
        year = int(g("y3"))
        return dt.date(year, 1, 1), dt.date(year, 12, 31), DatePrecision.YEAR
    return None  # pragma: no cover - every alternative is handled above


def _month_range(match: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date, DatePrecision]:
    """ "between November and March", "from March to June 2018": one range, from the first day
    of the first month to the last day of the last; without a year, the range that ended last."""
    g = match.group
    first, last = MONTHS[g("r1").lower()], MONTHS[g("r2").lower()]
    if g("ry2"):
        end_year = int(g("ry2"))
    elif g("ry1"):
        end_year = int(g("ry1")) + (1 if last < first else 0)
    else:
        end_year = today.year if last <= today.month else today.year - 1
    start_year = int(g("ry1")) if g("ry1") else end_year - (1 if last < first else 0)
    end = _month(end_year, last)[1]
    return dt.date(start_year, first, 1), end, DatePrecision.MONTH


def _day(year: int, month: int, day: int) -> tuple[dt.date, None, DatePrecision] | None:
    try:
        return dt.date(year, month, day), None, DatePrecision.DAY
    except ValueError:
        return None  # "Feb. 30": not a date


def _month(year: int, month: int) -> tuple[dt.date, dt.date, DatePrecision]:
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, 1), dt.date(year, month, last), DatePrecision.MONTH


def weekday_date(weekday: int, rel: str, today: dt.date, future: bool) -> tuple[dt.date, None, DatePrecision]:
    back = (today.weekday() - weekday) % 7
    ahead = (weekday - today.weekday()) % 7
    if rel == "last":
        when = today - dt.timedelta(days=back or 7)
    elif rel == "next":
        when = today + dt.timedelta(days=ahead or 7)
    elif back == 0:
        when = today  # "Tuesday" in Tuesday's paper is that day
    elif rel == "this" or future:
        when = today + dt.timedelta(days=ahead)
    else:
        when = today - dt.timedelta(days=back)
    return when, None, DatePrecision.DAY


def _season(name: str, rel: str, today: dt.date, future: bool) -> tuple[dt.date, dt.date, DatePrecision]:
    first, last = SEASONS[name]

    def bounds(year: int) -> tuple[dt.date, dt.date]:
        end_year = year + 1 if last < first else year
        return dt.date(year, first, 1), dt.date(end_year, last, calendar.monthrange(end_year, last)[1])

    year = today.year if not (name == "winter" and today.month <= 2) else today.year - 1
    start, end = bounds(year)
    if rel == "last":
        while end >= today:
            year -= 1
            start, end = bounds(year)
    elif rel == "next":
        while start <= today:
            year += 1
            start, end = bounds(year)
    elif rel != "this" and future and end < today:
        start, end = bounds(year + 1)
    elif rel != "this" and not future and start > today:
        start, end = bounds(year - 1)
    return start, end, DatePrecision.SEASON


def _relative(rel: str, unit: str, today: dt.date) -> tuple[dt.date, dt.date | None, DatePrecision]:
    step = {"last": -1, "next": 1}.get(rel, 0)
    if unit == "week":
        return today + dt.timedelta(weeks=step), None, DatePrecision.APPROXIMATE
    if unit == "weekend":
        saturday = today + dt.timedelta(days=(5 - today.weekday()) % 7 + 7 * step)
        return saturday, saturday + dt.timedelta(days=1), DatePrecision.APPROXIMATE
    if unit == "month":
        month = today.month + step
        year = today.year + (month - 1) // 12
        return _month(year, (month - 1) % 12 + 1)
    year = today.year + step
    return dt.date(year, 1, 1), dt.date(year, 12, 31), DatePrecision.YEAR


_THIS_COMES = re.compile(r"(?:^|(?<=[.!?]\s)|(?<=\n))(?:This|That|It)\s(?:comes|came)\s$")


def _ago(
    number: str, unit: str, direction: str, match: re.Match[str], today: dt.date
) -> tuple[dt.date, None, DatePrecision] | None:
    count = number_value(number)
    if count is None:
        return None
    if direction in ("after", "before", "earlier"):
        # Only "this comes two weeks after X": X is that long before the article's date; "three
        # days earlier" is earlier than a day the story tells of, not than the article's.
        # "This comes two weeks after X", not "the answer came 118 days after the request"
        lead = _THIS_COMES.search(match.string, 0, match.start())
        if direction != "after" or lead is None:
            return None
    sign = 1 if direction == "from now" else -1
    days = {"day": 1, "week": 7, "month": 30, "year": 365}[unit.rstrip("s")] * int(count)
    precision = DatePrecision.DAY if unit.startswith("day") else DatePrecision.APPROXIMATE
    return today + dt.timedelta(days=sign * days), None, precision
