"""Figures: the numbers an article cites, what they count, and how exactly it says them.

Numbers in digits with thousands separators ("1,300"), the misprint "3, 147" (read as 3147 and
flagged), decimals, numbers in words ("Twenty-three", "nine", "half"), money ("$1.2 million"),
percentages ("72%", "12 percent"), with their qualifier ("over", "more than", "nearly", "an
estimated"). Not figures: the parts of dates, years, ages, durations ("72 hours", "a seven-year
veteran"), numbers that are part of a name ("3 On Your Side") and "100%" as a turn of speech.
"""

from __future__ import annotations

import datetime as dt
import re

import attrs

from ..models import Qualifier
from .text import Layout
from .words import NUMBER_WORDS, number_value

__all__ = ["FigureMention", "find_figures"]

_SCALE = r"(?:\s(?P<scale>million|billion|thousand))?"
_PATTERN = re.compile(
    rf"""
    (?P<money>\$\s?(?P<mnum>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)
      {_SCALE.replace("scale", "mscale")})
  | (?P<misprint>\b\d{{1,3}},\s\d{{3}}\b(?![,.]?\d))
  | (?P<digits>(?<![\w.$])(?P<dnum>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\w.]\d)
      (?:\s?(?P<pct>%|percent\b|per\scent\b))?{_SCALE})
  | (?P<words>\b(?P<wnum>(?i:{NUMBER_WORDS}|a\sdozen))\b(?:\s(?P<wpct>percent\b))?)
  | (?P<half>\b(?:more|less|fewer)\sthan\shalf\b)
    """,
    re.VERBOSE,
)
_QUALIFIERS = [
    (re.compile(r"\b(?:over|more\sthan|upwards\sof|in\sexcess\sof)\s$", re.I), Qualifier.OVER),
    (re.compile(r"\b(?:at\sleast|no\sfewer\sthan|no\sless\sthan)\s$", re.I), Qualifier.AT_LEAST),
    (
        re.compile(
            r"\b(?:about|around|approximately|roughly|some|an\sestimated|estimated|nearly\sor)\s$", re.I
        ),
        Qualifier.ABOUT,
    ),
    (re.compile(r"\b(?:at\smost|up\sto|no\smore\sthan)\s$", re.I), Qualifier.AT_MOST),
    (re.compile(r"\b(?:under|nearly|almost|fewer\sthan|less\sthan|just\sunder)\s$", re.I), Qualifier.UNDER),
]
_TIME_UNIT = re.compile(
    r"^(?:-|\s)(?:year|month|week|day|hour|minute|second)s?\b|^-year-old|^\s(?:a\.m\.|p\.m\.|o'clock)", re.I
)
_MONTH_BEFORE = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s$")
_IDIOM_AFTER = re.compile(r"^\s(?:behind|sure|certain|committed|confident|on\sboard|right)\b", re.I)
_WHAT = re.compile(r"[\w'’-]+(?:\s+(?!(?:in|from|since|during|last|this|and|but|to|that|which|who|on|at|for|"
                   r"by|according|was|were|is|are|had|have|has|up|down|than|over|after|before|with|met|said|says|"
                   r"[a-z]+ed)\b)[\w'’-]+){0,4}")  # fmt: skip
#: The words a figure can begin with (besides digits and "$"); the pattern is tried only there.
_STARTS = frozenset(
    ["a", "more", "less", "fewer", *(w for w in re.findall(r"[a-z]+", NUMBER_WORDS) if len(w) > 2)]
)
_STOP_WORDS = {"of", "the", "a", "an", "them", "those", "all", "more", "people"}


@attrs.frozen(kw_only=True)
class FigureMention:
    """A number the article cites."""

    value: float
    qualifier: Qualifier
    as_printed: str
    what: str
    unit: str
    start: int
    end: int
    misprint: bool = False
    period_start: dt.date | None = None
    period_end: dt.date | None = None


def find_figures(text: str, layout: Layout) -> list[FigureMention]:
    """Every figure in ``text``, in order (periods are filled in by the caller)."""
    found = []
    for match in layout.candidates(_PATTERN, _STARTS, digits=True):
        figure = _figure(text, match)
        if figure is not None:
            found.append(figure)
    return found


def _figure(text: str, match: re.Match[str]) -> FigureMention | None:
    g = match.group
    start, end = match.span()
    before = text[max(0, start - 24) : start]
    after = text[end : end + 24]
    misprint = False
    unit = ""
    if g("money"):
        value = float(g("mnum").replace(",", ""))
        value *= _scale(g("mscale"))
        unit = "dollars"
    elif g("misprint"):
        if _MONTH_BEFORE.search(before):
            return None  # "March 3, 147 officers": a date, then a number
        value = float(g("misprint").replace(", ", "").replace(",", ""))
        misprint = True
    elif g("digits"):
        number = g("dnum")
        value = float(number.replace(",", "")) * _scale(g("scale"))
        if _MONTH_BEFORE.search(before) or _is_year(number, g("pct"), after):
            return None
        if re.search(r"(?:No\.|#|\d[-/])\s?$", before) or re.match(r"^(?:st|nd|rd|th)\b|^[-/:]\d", after):
            return None  # "No. 5", ordinals, "10-4", "3/4", times
        if g("pct"):
            unit = "percent"
    elif g("words"):
        words = g("wnum")
        if words.lower() in ("one", "zero"):
            return None  # "one of", "no one": too often not a count
        parsed = number_value(words)
        if parsed is None:
            return None
        value = parsed
        if g("wpct"):
            unit = "percent"
    else:
        value = 0.5
        start = match.start() + match.group(0).lower().rindex("half")
        qualifier = Qualifier.OVER if g("half").lower().startswith("more") else Qualifier.UNDER
        return FigureMention(
            value=value, qualifier=qualifier, as_printed="half", what=_what(text, end), unit="share",
            start=start, end=end,
        )  # fmt: skip
    if _TIME_UNIT.match(after) or re.match(r"^\s?-?year-old", after) or _is_age(before, after):
        return None
    if re.match(r"^\s(?:[A-Z][a-z]+\s){1,3}", after) and not re.match(
        r"^\s(?:[A-Z][a-z]+)\s(?:[a-z])", after
    ):
        return None  # "3 On Your Side": part of a name
    if unit == "percent" and value == 100 and _IDIOM_AFTER.match(after):
        return None  # "I'm 100% behind them"
    qualifier = next((q for rx, q in _QUALIFIERS if rx.search(before)), Qualifier.EXACT)
    what = _what(text, end)
    if not unit:
        words = what.split()
        unit = next((w for w in reversed(words) if w.lower() not in _STOP_WORDS), "") if words else ""
        unit = unit or "count"
    return FigureMention(
        value=value,
        qualifier=qualifier,
        as_printed=match.group(0),
        what=what,
        unit=unit,
        start=start,
        end=end,
        misprint=misprint,
    )


def _scale(word: str | None) -> float:
    return {"thousand": 1e3, "million": 1e6, "billion": 1e9}.get(word or "", 1.0)


def _is_year(number: str, pct: str | None, after: str) -> bool:
    return bool(
        not pct
        and re.fullmatch(r"(?:19|20)\d\d", number)
        and not re.match(
            r"^\s(?:[a-z]+\s)?(?:people|officers|cases|calls|incidents|complaints|arrests)\b", after
        )
    )


def _is_age(before: str, after: str) -> bool:
    return bool(re.search(r"[A-Z][a-z]+,\s$", before) and re.match(r"^,", after))


def _what(text: str, end: int) -> str:
    rest = text[end : end + 80]
    rest = re.sub(r"^\s*(?:of\s)?", "", rest)
    match = _WHAT.match(rest)
    return match.group(0) if match else ""
