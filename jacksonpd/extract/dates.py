"""Dates as newspapers write them, resolved against the article's date.

Absolute dates ("July 1, 2017", "Sept. 28", "March 2018", "in 2016"), months ("a March
shooting"), weekdays ("Tuesday", "last Tuesday", "Monday night"), seasons ("this summer", "by
summer") and relative expressions ("yesterday", "last week", "next month", "two weeks ago",
"comes two weeks after"). Where the words leave the year or the direction open, the sentence's
tense decides: a weekday in a sentence about the future is the next one, in one about the past the
last one, and the article's own weekday is the article's date (newspaper style).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator

import attrs

from ..models import DatePrecision
from .text import Layout, has_verb, is_future
from .words import number_value

__all__ = ["DateMention", "find_dates"]

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

_MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?|"
    r"Sept(?:ember|\.)?|Sep\.|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_FULL_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUMBER = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|several)"
_UNIT = r"(?:day|week|month|year)s?"
_RELATIVE_WORDS = {
    "today": 0,
    "tonight": 0,
    "yesterday": -1,
    "tomorrow": 1,
}

_PATTERN = re.compile(
    rf"""
    (?P<mdy>\b(?P<m1>{_MONTH})\s(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s(?P<y1>(?:19|20)\d\d)\b)?)
  | (?P<my>\b(?P<m2>{_FULL_MONTH})\s(?P<y2>(?:19|20)\d\d)\b)
  | (?P<wd>\b(?:(?P<wdrel>last|next|this|Last|Next|This)\s)?(?P<wday>{_WEEKDAY})
      (?:\s(?P<part>night|morning|afternoon|evening))?\b)
  | (?P<season>\b(?:(?P<srel>last|next|this|Last|Next|This)\s)?(?P<sname>spring|summer|fall|autumn|winter)\b)
  | (?P<rel>\b(?P<rrel>last|next|this|Last|Next|This|earlier\sthis|later\sthis)
      \s(?P<runit>week|weekend|month|year)\b)
  | (?P<ago>\b(?P<anum>{_NUMBER})\s(?P<aunit>{_UNIT})\s(?P<adir>ago|after|before|from\snow|earlier))
  | (?P<word>\b(?P<wword>[Tt]oday|[Tt]onight|[Yy]esterday|[Tt]omorrow)\b)
  | (?P<month>(?P<m3>{_FULL_MONTH})\b(?!\s\d))
  | (?P<year>(?P<y3>(?:19|20)\d\d)\b(?!\d))
    """,
    re.VERBOSE,
)
# A bare month or year is a date only after one of these ("in 2016", "a March shooting").
_MONTH_LEAD = re.compile(
    r"\b(?:in|since|last|next|this|early|late|mid|until|by|of|a|an|the|before|after|during|from|through)\s$",
    re.IGNORECASE,
)
_YEAR_LEAD = re.compile(
    r"\b(?:in|since|from|to|of|a|an|the|by|until|through|between|and|during|before|after)\s$", re.IGNORECASE
)
#: The words a date can begin with; the pattern is tried only there.
_STARTS = frozenset(
    [*MONTHS, *WEEKDAYS, *SEASONS, "last", "next", "this", "earlier", "later", "today", "tonight",
     "yesterday", "tomorrow", "a", "an", "one", "two", "three", "four", "five", "six", "seven", "eight",
     "nine", "ten", "eleven", "twelve", "several"]
)  # fmt: skip
# "the present", "now": the end of a period that runs to the article's date.
_TO_PRESENT = re.compile(r"\bto\s(?:the\spresent|now|date|today)\b|\bso\sfar\b", re.IGNORECASE)


@attrs.frozen(kw_only=True)
class DateMention:
    """A date the article gives, resolved: ``date`` is the first day of what the words cover."""

    date_text: str
    date: dt.date
    date_end: dt.date | None
    precision: DatePrecision
    start: int
    end: int
    future: bool

    @property
    def last_day(self) -> dt.date:
        """The last day the words cover (the month's last day for a month, and so on)."""
        return self.date_end or self.date


def find_dates(text: str, layout: Layout, published_on: dt.date) -> list[DateMention]:
    """Every date in ``text``, in order, resolved against ``published_on``."""
    found = []
    for match in layout.candidates(_PATTERN, _STARTS, digits=True):
        lead = text[max(0, match.start() - 10) : match.start()]
        if match.group("month") and not _MONTH_LEAD.search(lead):
            continue
        if match.group("year") and not _YEAR_LEAD.search(lead):
            continue
        clause, at = _clause(text, layout, match.start(), match.end())
        future = is_future(clause, at)
        resolved = _resolve(match, published_on, future)
        if resolved is None:
            continue
        date, date_end, precision = resolved
        start, end = match.span()
        found.append(
            DateMention(
                date_text=text[start:end],
                date=date,
                date_end=date_end,
                precision=precision,
                start=start,
                end=end,
                future=date > published_on or (date == published_on and future),
            )
        )
    return found


_CLAUSE_BREAK = re.compile(r"[,;:]|\bthat\b|\bwhen\b|\bafter\b|\bbefore\b|\bbut\b")


def _clause(text: str, layout: Layout, start: int, end: int) -> tuple[str, int]:
    """The clause around a date, whose verb gives its tense ("said Tuesday that it will" is past),
    and the date's offset in it. A clause without a verb ("Tuesday, over 50 leaders met") is
    widened to the sentence."""
    s_start, s_end = layout.sentence_at(start)
    left = s_start
    for m in _CLAUSE_BREAK.finditer(text, s_start, start):
        left = m.end()
    right = _CLAUSE_BREAK.search(text, end, s_end)
    clause = text[left : right.start() if right else s_end]
    if not has_verb(clause):
        return text[s_start:s_end], start - s_start
    return clause, start - left


def periods(
    text: str, dates: list[DateMention], published_on: dt.date
) -> Iterator[tuple[int, dt.date, dt.date]]:
    """The periods the sentences state, as ``(offset, first day, last day)``.

    "From July 1, 2017 to the present" and "since January" run to the article's date; "in 2019"
    and "last month" cover the whole year or month.
    """
    for d in dates:
        before = text[max(0, d.start - 8) : d.start].lower()
        after = text[d.end : d.end + 20]
        if re.search(r"\b(?:from|since)\s$", before):
            if "since" in before or _TO_PRESENT.match(after.lstrip()):
                yield d.start, d.date, published_on
        elif d.precision in (DatePrecision.YEAR, DatePrecision.MONTH, DatePrecision.SEASON) and not d.future:
            yield d.start, d.date, d.last_day


def _resolve(
    match: re.Match[str], today: dt.date, future: bool
) -> tuple[dt.date, dt.date | None, DatePrecision] | None:
    g = match.group
    if g("mdy"):
        month = MONTHS[g("m1").lower().rstrip(".")]
        day = int(g("d1"))
        if g("y1"):
            return _day(int(g("y1")), month, day)
        year = today.year
        candidate = _day(year, month, day)
        if candidate is None:
            return None
        if candidate[0] > today and not future:
            year -= 1
        elif candidate[0] < today - dt.timedelta(days=180) and future:
            year += 1
        return _day(year, month, day)
    if g("my"):
        return _month(int(g("y2")), MONTHS[g("m2").lower()])
    if g("wd"):
        return _weekday(WEEKDAYS.index(g("wday").lower()), (g("wdrel") or "").lower(), today, future)
    if g("season"):
        return _season(g("sname").lower(), (g("srel") or "").lower(), today, future)
    if g("rel"):
        return _relative(g("rrel").lower(), g("runit"), today)
    if g("ago"):
        return _ago(g("anum").lower(), g("aunit").lower(), g("adir").lower(), match, today)
    if g("word"):
        when = today + dt.timedelta(days=_RELATIVE_WORDS[g("wword").lower()])
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


def _day(year: int, month: int, day: int) -> tuple[dt.date, None, DatePrecision] | None:
    try:
        return dt.date(year, month, day), None, DatePrecision.DAY
    except ValueError:
        return None  # "Feb. 30": not a date


def _month(year: int, month: int) -> tuple[dt.date, dt.date, DatePrecision]:
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, 1), dt.date(year, month, last), DatePrecision.MONTH


def _weekday(weekday: int, rel: str, today: dt.date, future: bool) -> tuple[dt.date, None, DatePrecision]:
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


def _ago(
    number: str, unit: str, direction: str, match: re.Match[str], today: dt.date
) -> tuple[dt.date, None, DatePrecision] | None:
    count = number_value(number)
    if count is None:
        return None
    if direction in ("after", "before"):
        # Only "this comes two weeks after X": X is that long before the article's date.
        lead = match.string[max(0, match.start() - 20) : match.start()].lower()
        if direction != "after" or not re.search(r"\b(?:comes|came)\s$", lead):
            return None
    sign = 1 if direction == "from now" else -1
    days = {"day": 1, "week": 7, "month": 30, "year": 365}[unit.rstrip("s")] * int(count)
    precision = DatePrecision.DAY if unit.startswith("day") else DatePrecision.APPROXIMATE
    return today + dt.timedelta(days=sign * days), None, precision
