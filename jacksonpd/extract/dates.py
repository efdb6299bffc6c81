"""Dates as newspapers write them, resolved against the article's date.

Absolute dates ("July 1, 2017", "Sept. 28", "March 2018", "in 2016"), months ("a March
shooting"), weekdays ("Tuesday", "last Tuesday", "Monday night"), seasons ("this summer", "by
summer") and relative expressions ("yesterday", "last week", "next month", "two weeks ago",
"comes two weeks after"). Where the words leave the year or the direction open, the sentence's
tense decides: a weekday in a sentence about the future is the next one, in one about the past the
last one, and the article's own weekday is the article's date (newspaper style).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence

import attrs

from ..models import DatePrecision
from .date_context import as_said, distance, following, stems_of
from .date_mention import DateMention
from .date_resolve import MONTHS, SEASONS, WEEKDAYS, resolve_date
from .text import Layout, has_verb, tense
from .words import number_value

__all__ = ["DateMention", "find_dates"]

_MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?|"
    r"Sept(?:ember|\.)?|Sep\.|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_FULL_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
# any case: a sentence may open with it ("Two days ago, …")
_NUMBER = r"(?:\d+|(?i:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|several))"
_UNIT = r"(?:day|week|month|year)s?"

_PATTERN = re.compile(
    rf"""
    (?P<mrange>\b(?i:between|from)\s(?P<r1>{_FULL_MONTH})(?:\s(?P<ry1>(?:19|20)\d\d))?
      \s(?:and|to|through|until)\s(?P<r2>{_FULL_MONTH})\b(?:,?\s(?:of\s)?(?P<ry2>(?:19|20)\d\d)\b)?)
  | (?P<numeric>\b(?P<nm>1[0-2]|0?[1-9])/(?P<nd>3[01]|[12]\d|0?[1-9])/(?P<ny>(?:19|20)\d\d|\d\d)\b)
  | (?P<mdy>\b(?P<m1>{_MONTH})\s(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s(?P<y1>(?:19|20)\d\d)\b)?)
  | (?P<my>\b(?P<m2>{_FULL_MONTH})\s(?:of\s)?(?P<y2>(?:19|20)\d\d)\b)
  | (?P<wd>\b(?:(?P<wdrel>last|next|this|Last|Next|This)\s)?(?P<wday>{_WEEKDAY})
      (?:\s(?P<part>night|morning|afternoon|evening))?\b)
  | (?P<season>\b(?:(?P<srel>last|next|this|Last|Next|This)\s)?(?P<sname>spring|summer|fall|autumn|winter)\b)
  | (?P<rel>\b(?P<rrel>last|next|this|Last|Next|This|earlier\sthis|later\sthis)
      \s(?P<runit>week|weekend|month|year)\b)
  | (?P<ago>\b(?P<anum>{_NUMBER})\s(?P<aunit>{_UNIT})\s(?P<adir>ago|after|before|from\snow|earlier))
  | (?P<word>\b(?P<wword>[Tt]oday|[Tt]onight|[Yy]esterday|[Tt]omorrow|[Ll]ast\snight
      |[Tt]his\s(?:morning|afternoon|evening))\b(?:\s(?:morning|afternoon|evening|night)\b)?)
  | (?P<clock>\b(?:[1-9]|1[0-2])(?::[0-5]\d)?\s?(?:a\.m\.|p\.m\.|[AP]M\b|[AP]\.M\.))
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
# "on a Sunday night", "on a normal Tuesday", "on a football Saturday" (a kind of day that comes
# back): not a day the words fix.
_ANY_DAY = re.compile(
    # ("every other Friday", "every second Tuesday": a day that comes back, not one day)
    r"\b(?i:a|any|every|each|one)\s(?:(?:normal|typical|regular|usual|given|single|random|busy|quiet|other|"
    r"second|third|fourth|football|game|game-day|gameday|home-game|race|parade|school|work|market)\s)?$"
)
_NAME_BEFORE_TODAY = re.compile(r"[A-Z][\w'’-]*\s$")
#: The words a date can begin with; the pattern is tried only there.
_STARTS = frozenset(
    [*MONTHS, *WEEKDAYS, *SEASONS, "last", "next", "this", "earlier", "later", "today", "tonight",
     "between", "from", "yesterday", "tomorrow", "a", "an", "one", "two", "three", "four", "five",
     "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "several"]
)  # fmt: skip
_WEEKDAY_ALONE = re.compile(rf"(?:(?:last|next|this|Last|Next|This)\s)?{_WEEKDAY}")
# "the present", "now": the end of a period that runs to the article's date.
_TO_PRESENT = re.compile(r"\bto\s(?:the\spresent|now|date|today)\b|\bso\sfar\b", re.IGNORECASE)


def find_dates(
    text: str, layout: Layout, published_on: dt.date, quoted: Sequence[tuple[int, int]] = ()
) -> list[DateMention]:
    """Every date in ``text``, in order, resolved against ``published_on``; "today" inside one
    of the ``quoted`` spans is the day its words were said, where the article says which."""
    found: list[DateMention] = []
    relative: list[re.Match[str]] = []  # "nine months after …": dated if a date follows
    for match in layout.candidates(_PATTERN, _STARTS, digits=True):
        lead = text[max(0, match.start() - 12) : match.start()]
        if match.group("month") and not _MONTH_LEAD.search(lead):
            continue
        if match.group("year") and not _YEAR_LEAD.search(lead):
            continue
        if match.group("wd") and _ANY_DAY.search(text, max(0, match.start() - 20), match.start()):
            continue  # "on a Sunday night in August 2019": not a day the words fix
        if match.group("wword") == "Today" and _NAME_BEFORE_TODAY.search(lead):
            continue  # "told Mississippi Today", "USA Today", "NBC's Today": a name, not a day
        if match.group("clock"):
            # a day inside a quote dates no clock time outside it: it may be the day it was said
            inside = next((q for q in quoted if q[0] <= match.start() < q[1]), None)
            days = [d for d in found if inside or not any(q[0] <= d.start < q[1] for q in quoted)]
            clocked = _clock(text, layout, match, days, published_on)
            if clocked is not None:
                found.append(clocked)
            continue
        clause, at = _clause(text, layout, match.start(), match.end())
        # "until Dec. 16" is the Dec. 16 nearest the article, whatever the verb ("gave both sides
        # until Dec. 16"); "by summer" with no verb to say otherwise is to come.
        future = tense(clause, at)
        if _OPEN_LEAD.search(lead):
            future = None if match.group("mdy") else True if future is None else future
        elif match.group("wday") and not match.group("wdrel") and _FOR_LEAD.search(lead):
            # "has called a meeting for Wednesday": what a day is set for is to come, unless the
            # clause tells it as past ("was set for Friday but was postponed")
            future = future or not _WAS.search(clause)
        elif (
            match.group("wday")
            and not match.group("wdrel")
            and _IS_LEAD.search(text, max(0, match.start() - 24), match.start())
        ):
            future = True  # "The hearing is at 10 a.m. Thursday", "The funeral is Saturday": to come
        elif (
            future
            and match.group("wday")
            and not match.group("wdrel")
            and _PAST_EVENT_AFTER.match(text, match.end(), match.end() + 48)
        ):
            future = False  # "will show video from Saturday night's shooting": it has happened
        resolved = resolve_date(match, published_on, future)
        if resolved is None:
            if match.group("ago") and match.group("adir").lower() in ("after", "before"):
                relative.append(match)
            continue
        date, date_end, precision = resolved
        start, end = match.span()
        if (
            match.group("mdy")
            and not match.group("y1")
            and date < published_on
            and _SCHEDULED.search(text, max(0, start - 40), start)
        ):
            # "Lawmakers return Jan. 5." in a June paper: a day fixed for what is to come is
            # the next one, however far back this year's was.
            date = _next_year(date)
        elif match.group("mdy") and not match.group("y1") and not future:
            date = _year_of_the_day_before(layout, found, date, start, published_on)
        mention = DateMention(
            date_text=text[start:end],
            date=date,
            date_end=date_end,
            precision=precision,
            start=start,
            end=end,
            future=date > published_on or (date == published_on and bool(future)),
        )
        previous = found[-1] if found else None
        between = text[previous.end : start] if previous else ""
        if previous and previous.precision is DatePrecision.DAY and precision is DatePrecision.DAY:
            if re.fullmatch(r",\s", between) and _WEEKDAY_ALONE.fullmatch(previous.date_text):
                found[-1] = attrs.evolve(mention, date_text=text[previous.start : end], start=previous.start)
                continue  # "Saturday, July 29", "next Monday, Jan. 10": one day
            if date > previous.date and (
                _RANGE_TO.fullmatch(between)
                or (between == " and " and _BETWEEN.search(text, max(0, previous.start - 8), previous.start))
                or (
                    _RANGE_TO_AFTER_YEAR.fullmatch(between)
                    and _RANGE_FROM.search(text[max(0, previous.start - 8) : previous.start])
                )
            ):
                found[-1] = attrs.evolve(
                    previous, date_text=text[previous.start : end], end=end, date_end=date
                )
                continue  # "from Aug. 17 to Aug. 19", "between Dec. 20 and Dec. 22": one range
        found.append(mention)
    named = list(_holidays(text, layout, published_on))
    if named:  # "on July Fourth" is the day, not the month
        found = [d for d in found if not any(h.start <= d.start < h.end for h in named)]
        found = sorted([*found, *named], key=lambda d: d.start)
    found = _ordinal_days(text, found, published_on)
    found = following(text, found, published_on, quoted)
    found = _weekday_after_day(text, found, published_on)
    if quoted:
        found = as_said(text, layout, found, quoted, published_on)
    return sorted([*found, *_counted_from(text, relative, found)], key=lambda d: d.start)


# "before the 26th", "on the 3rd, at noon": a day of the month named last before it. (Only where
# no word follows that it could be the ordinal of: "the 14th Amendment", "the 2nd Precinct".)
_ORDINAL_DAY = re.compile(
    r"[Tt](?<!\w[Tt])he\s(?P<day>[1-9]|[12]\d|3[01])(?:st|nd|rd|th)\b"
    r"(?=[.,;:!?)\"”]|\s(?:at|and|or|to|through|until|when|before|after|in|with|for|but|so|because|if)\b|\s*$)"
)


def _ordinal_days(text: str, found: list[DateMention], published_on: dt.date) -> list[DateMention]:
    """``found`` with "the 26th" dated as the day of that number named before it ("July 26" …
    "before the 26th"), or else in the month of the date named last before it ("In May, … on the
    3rd")."""
    added = []
    for m in _ORDINAL_DAY.finditer(text):
        before = [
            d for d in found if d.end <= m.start() and d.precision in (DatePrecision.DAY, DatePrecision.MONTH)
        ]
        if not before or any(d.start < m.end() and m.start() < d.end for d in found):
            continue
        # a day given in full before with that number ("July 26" … "the 26th"), else the last month
        same = [d for d in before if d.precision is DatePrecision.DAY and d.date.day == int(m.group("day"))]
        month = (same or before)[-1].date
        try:
            day = month.replace(day=int(m.group("day")))
        except ValueError:
            continue  # "the 31st" of a month that has 30 days
        added.append(DateMention.of_day(text, m.start(), m.end(), day, future=day > published_on))
    return sorted([*found, *added], key=lambda d: d.start) if added else found


# "was named the following Monday", "the previous Friday": counted from the day named before
_WEEKDAY_AFTER_DAY = re.compile(r"\b[Tt]he\s(?P<way>following|next|previous|preceding|prior)\s\Z")


# (a clock time between a lead and its day: "is at 10 a.m. Thursday")
_CLOCK_LEAD = r"(?:(?:at\s)?(?:(?:[1-9]|1[0-2])(?::[0-5]\d)?\s?[ap]\.m\.|noon|midnight)\s)?"
# An order or a request for a day, told in the past: "told jurors to return at 9 a.m. Wednesday",
# "ordered him to appear Friday"
_ORDER_LEAD = re.compile(
    r"\b(?:told|ordered|asked|directed|instructed|summoned)\s(?:[\w'’-]+\s){1,3}?to\s[a-z]+\s"
    rf"(?:(?:back|again|in\scourt|for\s[a-z]+)\s)?{_CLOCK_LEAD}(?:on\s)?\Z"
)


_WEEK = dt.timedelta(days=7)


def _weekday_after_day(text: str, found: list[DateMention], published_on: dt.date) -> list[DateMention]:
    """``found`` with "the following Monday" dated the first Monday after the day named last
    before it ("the shooting happened Dec. 14 and the officer was named the following Monday"),
    and "the previous Friday" the last Friday before it."""
    out = list(found)
    for i, d in enumerate(found):
        if d.precision is not DatePrecision.DAY:
            continue
        weekday = _WEEKDAY_ALONE.fullmatch(d.date_text)
        if weekday is None:
            continue
        days: list[DateMention] | None = None
        if d.date_text[:5].lower() == "next " and text.endswith(("the ", "The "), 0, d.start):
            way = "next"  # "the next Monday": the date's own "next"
        elif (lead := _WEEKDAY_AFTER_DAY.search(text, max(0, d.start - 16), d.start)) is not None:
            way = lead.group("way")
        elif " to " in text[max(0, d.start - 80) : d.start] and _ORDER_LEAD.search(
            text, max(0, d.start - 80), d.start
        ):
            # "told jurors to return at 9 a.m. Wednesday": the first one after the telling, the
            # day named last before if it is of the article's week, else the article's day
            days = [b for b in found[:i] if b.precision is DatePrecision.DAY]
            told = days[-1].date if days and dt.timedelta(0) <= published_on - days[-1].date < _WEEK else None
            if told is None and d.future:
                continue
            days = [attrs.evolve(d, date=told or published_on)]
            way = "following"
        else:
            continue
        if days is None:
            days = [b for b in found[:i] if b.precision is DatePrecision.DAY]
        if not days:
            continue
        base = days[-1].date
        wanted = WEEKDAYS.index(d.date_text.split()[-1].lower())
        if way in ("following", "next"):
            day = base + dt.timedelta(days=(wanted - base.weekday()) % 7 or 7)
        else:
            day = base - dt.timedelta(days=(base.weekday() - wanted) % 7 or 7)
        out[i] = attrs.evolve(d, date=day, future=day > published_on)
    return out


def _counted_from(
    text: str, relative: list[re.Match[str]], found: list[DateMention]
) -> Iterator[DateMention]:
    """ "nine months after the March 3 shooting": that long after (or before) the date that
    follows; approximate, or a day for a count of days from a day."""
    for match in relative:
        base = next((d for d in found if d.start >= match.end()), None)
        if base is None or not _COUNTED_FROM.fullmatch(text, match.end(), base.start):
            continue
        count = number_value(match.group("anum"))
        if count is None:
            continue
        unit = match.group("aunit").lower().rstrip("s")
        days = {"day": 1, "week": 7, "month": 30, "year": 365}[unit] * int(count)
        sign = 1 if match.group("adir").lower() == "after" else -1
        day = unit == "day" and base.precision is DatePrecision.DAY
        when = base.date + dt.timedelta(days=sign * days)
        yield DateMention(
            date_text=match.group(0),
            date=when,
            date_end=None,
            precision=DatePrecision.DAY if day else DatePrecision.APPROXIMATE,
            start=match.start(),
            end=match.start() + len(match.group(0)),
            future=base.future,
        )


# A verb that fixes the day right after it for what is to come: "return Jan. 5", "will meet
# on Jan. 5", "is set for Jan. 5" (not "did not return calls", nor "it received on Aug. 15").
_SCHEDULED = re.compile(
    r"\b(?:(?:will|shall)\s(?:be\s)?[a-z]+|(?:is|are)\s(?:set|scheduled|expected|due|planned)"
    # "a trial, set for May 11,": a participle set off by commas, whatever the verb around it
    r"|(?<=,\s)(?:set|scheduled|slated)"
    r"|(?<!\bdid\s)(?<!\bnot\s)(?<!n't\s)(?<!\bto\s)"
    r"(?:returns?|meets?|reconvenes?|convenes?|resumes?|begins?|starts?|takes?\seffect))"
    r"\s(?:(?:on|for|again\son)\s)?$"
)


def _year_of_the_day_before(
    layout: Layout, found: list[DateMention], day: dt.date, start: int, published_on: dt.date
) -> dt.date:
    """A past day written without its year ("on Aug. 22") weeks before the article's date, just
    after a day of another year in the same or the paragraph before ("Aug. 23, 2013"), is in that
    year if it is within weeks of that day: the text is still telling of that time."""
    previous = found[-1] if found else None
    if previous is None or previous.precision is not DatePrecision.DAY or previous.date.year == day.year:
        return day
    if (published_on - day).days <= 30:
        return day
    paragraph = layout.paragraph_at(start)
    earlier = [p for p in layout.paragraphs if p[1] <= paragraph[0]]
    if previous.start < (earlier[-1][0] if earlier else paragraph[0]):
        return day
    try:
        then = day.replace(year=previous.date.year)
    except ValueError:  # Feb. 29
        return day
    # a day the clause tells as past stays past: not moved to a year after the article's date
    return then if abs((then - previous.date).days) <= 45 and then <= published_on else day


def _next_year(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # Feb. 29
        return day + dt.timedelta(days=365)


# The words between the two days of a range ("Aug. 17 to Aug. 19"); after a day with its year
# the style puts a comma ("from Jan. 1, 2017, to Sept. 30, 2019"), a range only after "from".
_RANGE_TO = re.compile(r"\s?(?:to|through|until|-|\u2013)\s?")
_RANGE_TO_AFTER_YEAR = re.compile(r",\s(?:to|through|until)\s")
_BETWEEN = re.compile(r"\b(?i:between)\s$")
_RANGE_FROM = re.compile(r"\b(?i:from|between)\s$")


_COUNTED_FROM = re.compile(r"\s(?:the|a|an|its|his|her|their)?\s?(?:[a-z]+\s)?")


# Before these words a date's year is the one nearest the article's date, whatever the verb's
# tense ("gave both sides until Dec. 16", "effective Oct. 15", "through May 19").
_OPEN_LEAD = re.compile(r"\b(?:until|till|through|effective|starting|beginning|due|by)\s$", re.I)


_SAID_AT = re.compile(
    r"\b(?:said|announced|posted|tweeted|confirmed)\s(?:(?:shortly|just)\s)?(?:at|after|before|around)\s"
    r"(?:(?:about|approximately|around)\s)?$"
)
_FOR_LEAD = re.compile(r"\bfor\s$")
# An event no one sets ahead, named by its weekday: "Saturday night's shooting", "Sunday's crash"
_PAST_EVENT_AFTER = re.compile(
    r"(?:\s(?:morning|afternoon|evening|night))?['’]s\s(?:(?:fatal|deadly|early|police|officer-involved)\s)?"
    r"(?:shooting|shootings|killing|crash|stabbing|death|fire|slaying|homicide|robbery|standoff|beating|attack)\b"
)
_IS_LEAD = re.compile(rf"\b(?:is|are)\s{_CLOCK_LEAD}(?:on\s)?$")
_WAS = re.compile(r"\b(?:was|were|had)\b", re.IGNORECASE)


_DATE_AFTER = re.compile(
    rf",?\s(?:on\s)?(?:{_WEEKDAY}|{_MONTH}\s\d|[Tt]oday|[Tt]omorrow|[Yy]esterday|[Tt]onight|last\snight"
    # "at 5 p.m. the day before", "at 9 a.m. the next day": the time of that day
    r"|the\s(?:(?:following|next|previous|prior)\s|(?:day|night|evening|morning|afternoon)\sbefore\b))"
)


# What may stand between a day and the clock time that is its ("Friday at 5 p.m.", "Friday by 3
# p.m.", "July 29, at approximately 2:15 a.m."), a possessive day's event ("Tuesday's meeting at
# 10 a.m.", "Monday's 6 p.m. vigil") too.
_CLOCK_OF_LAST = re.compile(
    r"(?:['’]s(?:\s[a-z]+){0,2})?,?\s(?:(?:at|by|before|after|until|from)\s)?"
    r"(?:(?:approximately|about|around|roughly|just\s(?:after|before))\s)?"
)


_UPDATED = re.compile(r"\b(?:UPDATE|UPDATED|Update|Updated)(?::|\sat)?\s$")


def _clock(
    text: str, layout: Layout, match: re.Match[str], found: list[DateMention], published_on: dt.date
) -> DateMention | None:
    """A clock time with no date word of its own ("and take comment at 5:30 p.m.") is on the day
    named last before it, in its paragraph or the one before; farther from any day, on the day
    of the clock time before it, or else of the lead. One just after a date ("tomorrow at 9
    a.m.", "July 29, at approximately 2:15 a.m.") is part of that date, not another one."""
    if _UPDATED.search(text, max(0, match.start() - 12), match.start()) and not _DATE_AFTER.match(
        text, match.end()
    ):
        # "UPDATE 2:15 PM:", "Updated at 4:10 p.m.": when the article itself was updated, its day
        return DateMention.of_day(text, match.start(), match.end(), published_on, future=False)
    if (stamp := _stamp_day(text, layout, match, found, published_on)) is not None:
        return stamp
    # (an update's time stamp is when the article was written, not the day of what it tells)
    days = [
        d
        for d in found
        if d.precision is DatePrecision.DAY
        and d.end <= match.start()
        and not _UPDATED.search(text, max(0, d.start - 12), d.start)
    ]
    if not days or _DATE_AFTER.match(text, match.end()):
        return None  # "at 12:30 a.m. Sunday": the time of the date after it
    last = days[-1]
    if _CLOCK_OF_LAST.fullmatch(text[last.end : match.start()]):
        return None
    sentence = layout.sentence_at(match.start())
    if _SAID_AT.search(text, max(0, match.start() - 40), match.start()) and not any(
        d.start >= sentence[0] for d in days
    ):
        # "A spokesperson said at 4:45 p.m. that …": a telling the sentence gives no day is the
        # article's news, on its day, whatever happened on the days named before
        return attrs.evolve(
            _on_day(match, last), date=published_on, future=bool(tense(*_clause(text, layout, *match.span())))
        )
    # What has happened by "this morning" or "this afternoon" of the article's day happened
    # before its end: an 8:15 p.m. told in the past was on an earlier day; and a time told in
    # the past ("The march began at 4 p.m.") is on no day still to come.
    hour = _hour(match.group(0))
    if any(d.future or not _fits(d.date_text, hour) for d in days):
        clause, at = _clause(text, layout, *match.span())
        told = tense(clause, at)
        if not told:
            # past only where no word of the clause speaks of what is to come ("will discuss …
            # in closed session … and take comment at 5:30 p.m." is not past for its "closed")
            past = told is False and tense(clause, 0) is False
            kept = [d for d in days if _fits(d.date_text, hour) and not (past and d.future)]
            if kept and len(kept) < len(days):  # with no other day, the one named stands
                days, last = kept, kept[-1]
    paragraph = layout.paragraph_at(match.start())
    earlier = [p for p in layout.paragraphs if p[1] <= paragraph[0]]
    floor = earlier[-1][0] if earlier else paragraph[0]
    if last.start < floor:
        # Far from any day: a time after a time is on its day, with no other day named between
        # ("the first call came at 8:02 p.m." … "An ambulance arrived at 8:21 p.m."); else the
        # day the lead says the story happened, for a time that is not still to come.
        if _CLOCK_TEXT.fullmatch(last.date_text):
            return _past_midnight(text, match, _on_day(match, last), last)
        lead = layout.paragraphs[0]
        first = next((d for d in days if d.start < lead[1] and not d.future), None)
        clause, at = _clause(text, layout, match.start(), match.end())
        return None if first is None or tense(clause, at) else _on_day(match, first)
    # The day of the same happening: "The chase began at 10:15 p.m." after "audio from a chase
    # Tuesday night" is Tuesday night, though "on Wednesday" came first.
    sentence = layout.sentence_at(match.start())
    stems = stems_of(text[sentence[0] : sentence[1]])
    near = [(distance(text, layout, d, stems), d) for d in days if d.start >= floor]
    near = [(gap, d) for gap, d in near if gap is not None]
    if near:
        last = min(near, key=lambda e: (e[0], -e[1].start))[1]
    elif last.start < paragraph[0]:
        # From the paragraph before, the day of the happening it names by its day ("released
        # video of the Feb. 16 shooting" then "It begins … shortly before 2 a.m." is Feb. 16);
        # else the day of its main clause, named first: "marched … last night, demanding the
        # name of the officer who shot him on Sunday" is last night.
        events = [d for d in days if d.start >= floor and _EVENT_AFTER.match(text, d.end)]
        last = events[-1] if events else next(d for d in days if d.start >= floor)
    return _past_midnight(text, match, _on_day(match, last), last)


# A clock time that opens a paragraph and is set off from it: "6:12 p.m.: The chambers are full",
# "7:15 p.m. — Comment is still going" (a page of live updates, a timeline)
_STAMP_AFTER = re.compile(r":\s|\s[\u2014\u2013]\s|\s-\s")


def _is_stamp(text: str, layout: Layout, start: int, end: int) -> bool:
    return layout.paragraph_at(start)[0] == start and _STAMP_AFTER.match(text, end) is not None


def _stamp_day(
    text: str, layout: Layout, match: re.Match[str], found: list[DateMention], published_on: dt.date
) -> DateMention | None:
    """The day of a clock time that stamps a paragraph ("6:12 p.m.: …"): the day of the stamp
    before it, whatever days the paragraphs between name; the first of a page whose lead tells
    of the page's own day ("taking comment tonight"), that day; None (the other rules) for a
    first stamp after a lead of another day (a timeline of the raid's morning)."""
    if not _is_stamp(text, layout, match.start(), match.end()):
        return None
    stamps = [
        d for d in found if _CLOCK_TEXT.fullmatch(d.date_text) and _is_stamp(text, layout, d.start, d.end)
    ]
    if stamps:
        return _past_midnight(text, match, _on_day(match, stamps[-1]), stamps[-1])
    lead = layout.paragraphs[0]
    if any(d.start < lead[1] and d.date == published_on for d in found):
        return DateMention.of_day(text, match.start(), match.end(), published_on, future=False)
    return None


# A day that names a happening: "the Feb. 16 shooting", "Sunday's crash", "the March 3 arrest".
_EVENT_AFTER = re.compile(
    r"(?:['’]s)?\s(?:(?:fatal|deadly|police|traffic|early-morning|late-night)\s)?"
    r"(?:shooting|arrest|crash|chase|stop|incident|killing|death|raid|encounter|fire|attack|struggle|"
    r"confrontation|stabbing|beating|pursuit)\b"
)
_THIS_PART = re.compile(r"[Tt]his\s(?P<part>morning|afternoon)")


def _hour(clock: str) -> int:
    """The hour, 0 to 23, of a clock time as printed ("8:15 p.m." is 20)."""
    hour = int(re.match(r"\d+", clock).group(0)) % 12  # type: ignore[union-attr]
    return hour + 12 if "p" in clock.lower() else hour


def _fits(date_text: str, hour: int) -> bool:
    """Whether a clock time at ``hour`` can have passed by the part of the article's day that
    ``date_text`` names, if it is "this morning" (before noon) or "this afternoon" (before 6 p.m.)."""
    part = _THIS_PART.fullmatch(date_text)
    if part is None:
        return True
    return hour < (12 if part.group("part") == "morning" else 18)


def _past_midnight(text: str, match: re.Match[str], clocked: DateMention, day: DateMention) -> DateMention:
    """ "called at 11:52 p.m. Saturday … died at 12:40 a.m.": an early-morning time told after a
    late-evening one of the same day is past midnight, on the next day; not after a "night",
    which runs past midnight ("Friday night … at 1:30 a.m.")."""
    if _hour(match.group(0)) >= 6 or "night" in day.date_text.lower():
        return clocked
    times = list(_CLOCK_TEXT.finditer(text, max(0, day.start - 15), match.start()))
    if not times or _hour(times[-1].group(0)) < 18:
        return clocked
    return attrs.evolve(clocked, date=clocked.date + dt.timedelta(days=1))


def _on_day(match: re.Match[str], day: DateMention) -> DateMention:
    """The clock time of ``match`` as a date: the day of ``day``."""
    return DateMention.of_day(match.string, match.start(), match.end(), day.date, future=day.future)


_CLOCK_TEXT = re.compile(r"(?:[1-9]|1[0-2])(?::[0-5]\d)?\s?(?:a\.m\.|p\.m\.|[AP]M\b|[AP]\.M\.)")
_INSERTED_SAID = re.compile(r",\s(?:[\w.'’-]+\s){1,4}(?:said|says|told\s[a-z]+|added|wrote),")
# (the look-ahead for a break's first character fails the pattern at once at every other offset)
_CLAUSE_BREAK = re.compile(r"(?=[,;:twab])(?:[,;:]|\b(?:that|when|after|before|but)\b)")


_PARTICIPLE_OPENING = re.compile(r"[A-Z][a-z]+ing\s")
_PARTICIPLE = re.compile(r"[a-z]+ing\s")
_COMMA = re.compile(r",\s")


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
    if left == s_start and _PARTICIPLE_OPENING.match(text, s_start) and not has_verb(clause):
        # "Sitting in a courthouse hallway on Thursday, waiting on a decision nobody would
        # explain, it did not feel like it": an opening participle takes the main clause's tense
        for comma in _COMMA.finditer(text, end, s_end):
            if not _PARTICIPLE.match(text, comma.end()):
                main = text[comma.end() : s_end]
                if has_verb(main):
                    return main, 0
                break
    if not has_verb(clause):
        # "By Friday, the chief said, names will be out": the inserted telling is not the tense
        sentence = _INSERTED_SAID.sub(lambda m: " " * len(m.group(0)), text[s_start:s_end])
        return sentence, start - s_start
    return clause, start - left


_FROM_OR_SINCE = re.compile(r"\b(?:from|since)\s$")


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
        if _FROM_OR_SINCE.search(before):
            if "since" in before or _TO_PRESENT.match(after.lstrip()):
                yield d.start, d.date, published_on
        elif d.precision in (DatePrecision.YEAR, DatePrecision.MONTH, DatePrecision.SEASON) and not d.future:
            # "this month", "this year": counted so far, up to the article's date
            yield d.start, d.date, min(d.last_day, published_on)


# Holidays are days: "on Christmas Eve", "over the Fourth of July", "since Labor Day". Not a
# holiday's weekend or season ("Memorial Day weekend", "Christmas shopping"), which is no one day.
_HOLIDAY = re.compile(
    r"(?P<name>Christmas\s(?:Eve|Day)|New\sYear['’]s\s(?:Eve|Day)|Fourth\sof\sJuly|July\sFourth"
    r"|Independence\sDay|Juneteenth|Halloween|Veterans\sDay|Thanksgiving(?:\sDay)?|Memorial\sDay|Labor\sDay"
    r"|Martin\sLuther\sKing\sJr\.\sDay|MLK\sDay|Christmas)\b"
    r"(?!['’]s|\s(?:weekend|week|season|holiday|holidays|break|shopping|tree|trees|party|parties|dinner|parade|lights)\b)"
)
_HOLIDAY_CUE = re.compile(
    r"Christmas|New\sYear|Fourth|Independence|Juneteenth|Halloween|Veterans|Thanksgiving|Memorial|Labor|MLK|King\sJr"
)
_HOLIDAY_STARTS = frozenset(
    ["christmas", "new", "fourth", "july", "independence", "juneteenth", "halloween", "veterans",
     "thanksgiving", "memorial", "labor", "martin", "mlk"]
)  # fmt: skip
# A holiday of one word ("Christmas", "Juneteenth") is a day only after a word that points at
# one ("on Christmas"), not as a name ("a Juneteenth celebration").
_HOLIDAY_LEAD = re.compile(r"\b(?:on|since|until|till|before|after|by|over|through|of)\s$", re.IGNORECASE)


_AROUND_HOLIDAY = re.compile(r"\b[Tt]he\s(?:day|night)\s(?P<side>after|before)\s$")


def _holiday_on(name: str, year: int) -> dt.date:
    """The day of the holiday ``name`` in ``year``."""
    key = " ".join(name.replace("’", "'").split())
    fixed = {
        "Christmas Eve": (12, 24), "Christmas Day": (12, 25), "Christmas": (12, 25),
        "New Year's Eve": (12, 31), "New Year's Day": (1, 1), "Fourth of July": (7, 4),
        "July Fourth": (7, 4), "Independence Day": (7, 4), "Juneteenth": (6, 19),
        "Halloween": (10, 31), "Veterans Day": (11, 11),
    }  # fmt: skip
    if key in fixed:
        return dt.date(year, *fixed[key])
    # (month, weekday, which): the 4th Thursday of November; -1 is the last
    month, weekday, which = {
        "Thanksgiving": (11, 3, 4), "Thanksgiving Day": (11, 3, 4), "Memorial Day": (5, 0, -1),
        "Labor Day": (9, 0, 1), "Martin Luther King Jr. Day": (1, 0, 3), "MLK Day": (1, 0, 3),
    }[key]  # fmt: skip
    days = [dt.date(year, month, d) for d in range(1, 32) if _valid(year, month, d)]
    matching = [d for d in days if d.weekday() == weekday]
    return matching[which] if which < 0 else matching[which - 1]


def _valid(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _holidays(text: str, layout: Layout, published_on: dt.date) -> Iterator[DateMention]:
    """The holidays named in ``text``, each on the day nearest the article's date in the
    direction the sentence's tense gives (the last one, unless it speaks of what is to come)."""
    if _HOLIDAY_CUE.search(text) is None:
        return  # most articles name none: spare the walk over their words
    for match in layout.candidates(_HOLIDAY, _HOLIDAY_STARTS):
        name = match.group("name")
        lead = text[max(0, match.start() - 12) : match.start()]
        if name in ("Christmas", "Thanksgiving", "Halloween", "Juneteenth") and not _HOLIDAY_LEAD.search(
            lead
        ):
            continue
        day = _holiday_on(name, published_on.year)
        if not lead.lower().endswith("this "):  # "this Christmas": the article's year's
            future = tense(*_clause(text, layout, match.start(), match.end()))
            if future and day < published_on:
                day = _holiday_on(name, published_on.year + 1)
            elif not future and day > published_on:
                day = _holiday_on(name, published_on.year - 1)
        start = match.start()
        around = _AROUND_HOLIDAY.search(text, max(0, start - 20), start)  # "the day after Christmas"
        if around is not None:
            start -= len(around.group(0))
            day += dt.timedelta(days=1 if around.group("side") == "after" else -1)
        yield DateMention.of_day(text, start, match.end(), day, future=day > published_on)
