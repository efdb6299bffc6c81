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
from .text import Layout, lowered
from .words import NUMBER_WORDS, number_value

__all__ = ["FigureMention", "find_figures"]

_SCALE = r"(?:\s(?P<scale>million|billion|thousand))?"
_PATTERN = re.compile(
    rf"""
    (?P<money>\$\s?(?P<mnum>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)
      {_SCALE.replace("scale", "mscale")})
  | (?P<misprint>\b\d{{1,3}},\s\d{{3}}\b(?![,.]?\d))
  | (?P<digits>(?<![\w.$:])(?P<dnum>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\w.]\d)
      (?:\s?(?P<pct>%|percent\b|per\scent\b))?{_SCALE})
  | (?P<words>\b(?P<wnum>(?i:{NUMBER_WORDS}|a\sdozen))\b(?!-(?i:thirds|quarters)\b)(?:\s(?P<dozen>dozen)\b)?
      (?:\s(?P<wpct>percent\b))?)
  | (?P<half>\b(?:more|less|fewer)\sthan\shalf\b)
  | (?P<fraction>\b(?i:half|a\squarter|a\sthird|two-thirds|three-quarters)\b)
  | (?P<one>\b(?i:an?)(?=[\s-](?:second|minute|hour|day|week|month|year|decade)\b))
  | (?P<theone>\b[Ww]ithin\sthe\s(?P<theunit>minute|hour)\b)
    """,
    re.VERBOSE,
)
# In this order: "no more than" is at most before "more than" is over.
_QUALIFIERS = [
    (
        re.compile(
            r"\b(?:at\sleast|no\sfewer\sthan|no\sless\sthan|not\sless\sthan|a\sminimum\sof|no\searlier\sthan|no\ssooner\sthan|not\ssooner\sthan)\s$",
            re.I,
        ),
        Qualifier.AT_LEAST,
    ),
    (
        re.compile(
            r"\b(?:at\smost|up\sto|no\smore\sthan|not\smore\sthan|within(?:\sthe\s(?:next|first))?|as\s(?:long|many|much|high)\sas|(?:may|must|shall|can|could|"
            r"would|will|to)\snot\sexceed|no\slonger\sthan|not\slonger\sthan|a\smaximum\sof|"
            # ("no later than 72 hours after", "by no later than 30 days")
            r"no\slater\sthan|not\slater\sthan)\s$",
            re.I,
        ),
        Qualifier.AT_MOST,
    ),
    (
        re.compile(
            r"\b(?:over|more\sthan|upwards\sof|in\sexcess\sof|(?<!the\s)past|longer\sthan|just\sover)\s$",
            re.I,
        ),
        Qualifier.OVER,
    ),
    (
        re.compile(
            r"\b(?:about|around|approximately|roughly|some|an\sestimated|estimated|nearly\sor)\s$", re.I
        ),
        Qualifier.ABOUT,
    ),
    (
        re.compile(r"\b(?:under|nearly|almost|fewer\sthan|less\sthan|just\sunder|shorter\sthan)\s$", re.I),
        Qualifier.UNDER,
    ),
]
# The same, for the lowercased words before a number (see text.lowered: much faster).
_QUALIFIERS_LOWER = [(re.compile(rx.pattern), q) for rx, q in _QUALIFIERS]
# Any of them: one search, where most numbers have no qualifier, instead of one for each.
_ANY_QUALIFIER_LOWER = re.compile("|".join(f"(?:{rx.pattern})" for rx, _ in _QUALIFIERS_LOWER))
_QUALIFIERS_AFTER = [
    (re.compile(r"^\sor\s(?:more|longer|greater)\b", re.I), Qualifier.AT_LEAST),
    (re.compile(r"^\sor\s(?:less|fewer|shorter)\b", re.I), Qualifier.AT_MOST),
]
#: A duration's unit after its number: "72 hours", "72-hour", "10 business days", "10 more days".
_DURATION = re.compile(
    r"^(?:-|\s)(?:(?:more|business|working|full|additional|straight|consecutive|calendar|school)\s)?"
    r"(?P<unit>second|minute|hour|day|week|month|year|decade)(?P<plural>s)?\b(?!-old|\sold\b)",
    re.I,
)
# "cases that were more than a year old": the age of a thing ("that", "which"; a person is "who")
# after a qualifier is a duration; "a boy, 2 years old" stays an age.
_DURATION_OLD = re.compile(_DURATION.pattern.replace(r"(?!-old|\sold\b)", ""), re.I)
_THING_AGED_BEFORE = re.compile(
    r"\b(?:that|which)\s(?:are|were|is|was)\s(?:now\s)?(?:more\sthan|over|less\sthan|under|at\sleast)\s$"
)
# "14 officers, two fewer than a year ago": a count compared with a time, not a duration
# (and "twice as many as a year ago", "three times as much as two years ago")
_COUNT_COMPARED_BEFORE = re.compile(
    r"(?:(?:\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|dozen))\s(?:more|fewer|less)\sthan"
    r"|\bas\s(?:many|much)\sas)\s$",
    re.I,
)
_AGO_AFTER = re.compile(r"\sago\b")
# "over" before a duration means "during" unless a verb of waiting or lasting, or a comparison,
# comes before it, or "ago"/"later" after it ("waited over a year", "over three years ago"); a
# word of degree before it makes it a comparison too ("just over two months", "well over a year").
_OVER_DURING = re.compile(
    r"(?<!\bjust\s)(?<!\bwell\s)(?<!\bslightly\s)(?<!\bfar\s)(?<!\bway\s)(?<!\ba\slittle\s)"
    r"(?<!\bwaited\s)(?<!\btook\s)(?<!\blasted\s)(?<!\bspent\s)(?<!\bfor\s)(?<!\bin\s)(?<!\bafter\s)"
    r"(?<!\bof\s)(?<!\bbeen\s)(?<!\bwas\s)(?<!\bwere\s)(?<!\bis\s)(?<!\bare\s)(?<!^)\bover\s$"
)
_SINCE_AFTER = re.compile(r"^\s(?:ago|later|after|before|earlier|old|since)\b")
_CLOCK = re.compile(r"^\s?(?:a\.m\.|p\.m\.|am\b|pm\b|o['’]clock)", re.I)
_CLOCK_BEFORE = re.compile(r"\b(?:at|past|until|till|around|after|before|from)\s$", re.I)
_CLOCK_AFTER = re.compile(r"^(?:\s(?:and|or|at\snight|in\sthe|on|to|that|this|last|every)\b|[.,;]|\s*$)")
_VOTE_FIRST = re.compile(rf"^\s?(?:to|-|\u2013)\s?(?:\d+|(?i:{NUMBER_WORDS}))\b(?![-\w])")
_VOTE_BEFORE = re.compile(r"\b(?:voted|vote\sof|by\sa|by)\s$", re.I)
_VOTE_SECOND = re.compile(
    rf"\b(?:voted|vote\sof|by\sa|by)\s(?:\d+|(?i:{NUMBER_WORDS}))\s?(?:to|-|\u2013)\s?$", re.I
)
# A tally after a verb of voting and up to three words: "passed 4 to 3", "approved the contract
# 5 to 2" (not "approved 3 to 5 new hires", a range of a count)
_VOTING = r"\b(?:passed|approved|adopted|rejected|failed|defeated|voted)(?:\s[\w'’-]+){0,3}\s"
_TALLY_NUMBER = rf"(?:\d+|(?i:{NUMBER_WORDS}))"
_NO_COUNTED_AFTER = r"(?!\s(?:new\s|more\s|additional\s)?(?!this\b|was\b|has\b|is\b)[a-z]{2,}s\b)"
_VOTED_FIRST_AFTER = re.compile(rf"^\s?(?:to|-|\u2013)\s?{_TALLY_NUMBER}\b(?![-\w]){_NO_COUNTED_AFTER}")
_VOTED_FIRST_BEFORE = re.compile(rf"{_VOTING}$")
_VOTED_SECOND_BEFORE = re.compile(rf"{_VOTING}{_TALLY_NUMBER}\s?(?:to|-|\u2013)\s?$")
_VOTED_SECOND_AFTER = re.compile(rf"^(?![-\w]){_NO_COUNTED_AFTER}")
_TALLY_BEFORE_END = re.compile(r"\w\s?(?:to|-|\u2013)\s?$")


def _voted_tally(text: str, start: int, before: str, after: str) -> bool:
    """Whether the number is one side of a tally after a verb of voting ("passed 4 to 3")."""
    if _VOTED_FIRST_AFTER.match(after):
        return bool(_VOTED_FIRST_BEFORE.search(text, max(0, start - 60), start))
    if _TALLY_BEFORE_END.search(before) and _VOTED_SECOND_AFTER.match(after):
        return bool(_VOTED_SECOND_BEFORE.search(text, max(0, start - 72), start))
    return False


# A tally named by the noun after it, wherever it stands: "on a 4 to 1 vote", "a 6-3 decision"
_TALLY_NOUN = r"\s(?:vote|votes|decision|ruling|margin|tally|verdict)\b"
_TALLY_FIRST = re.compile(rf"^\s?(?:to|-|\u2013)\s?(?:\d+|(?i:{NUMBER_WORDS})){_TALLY_NOUN}")
_TALLY_SECOND_BEFORE = re.compile(rf"\b(?:\d+|(?i:{NUMBER_WORDS}))\s?(?:to|-|\u2013)\s?$")
_TALLY_SECOND_AFTER = re.compile(rf"^{_TALLY_NOUN}")
_LABEL_BEFORE = re.compile(
    r"(?:\bU\.S\.|§|\b(?:Section|Lodge|Highway|Interstate|Route|Ward|District|Precinct|Room|Unit|Article|Chapter|Title|"
    r"Rule|Bill|Box|Suite|Channel|Station|Fox|Act|Amendment|Part|Grade|Level|Floor|Gate|Exit|Tier|Phase|"
    r"Engine|Ladder|Apartment|Apt\.|[Bb]adge|[Bb]adge\snumber|[Pp]ages?|pp?\.))\s$"
)
_STREET_AFTER = re.compile(
    r"^\s(?:[NSEW]\.\s)?(?:(?:[A-Z][\w'’-]*|\d+(?:st|nd|rd|th))\s){1,3}(?:(?:Street|Avenue|Boulevard|Road|Drive|Lane|Parkway|Place|Court|Highway|Pike|Way|Circle|Trail|"
    r"Terrace|Plaza)\b|(?:St|Ave|Blvd|Rd|Dr|Ln|Pkwy|Hwy|Ct|Pl|Cir)\.)"
)
_GRID_AFTER = re.compile(
    r"^\s(?:North|South|East|West)\b(?!\s(?:Side|End|Carolina|Dakota|Africa|Korea|Asia|American|Americans)\b)"
)
_NAME_BEFORE = re.compile(r"(?:\b[a-z]+|\()\s(?:[A-Z][\w'’]*\s){1,3}$")
_MEDIA_AFTER = re.compile(r"^\s(?:News|Alive|Action|Investigates|Eyewitness|FM)\b")
_TITLE_AFTER = re.compile(r"^\s(?:[A-Z]\w*\s){0,3}(?:On|Your|The|Of|For|In|And|To|At|A|Is|Me|My|We)\b")
_CAPITAL_AFTER = re.compile(r"^\s[A-Z][a-z]")
# (a lowercase word before: not at the start of a sentence, a quote or a dateline)
_IN_SENTENCE = re.compile(r"[a-z]\s$")
_COUNTED_911 = re.compile(
    r"^\s(?!(?:calls|callers|dispatchers|operators|centers|lines|recordings|tapes|systems)\b)[a-z]+s\b"
)
_FRACTIONS = {"half": 0.5, "a quarter": 0.25, "a third": 0.333, "two-thirds": 0.667, "three-quarters": 0.75}
_MONTH_BEFORE = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s$")
_IDIOM_AFTER = re.compile(r"^\s(?:behind|sure|certain|committed|confident|on\sboard|right)\b", re.I)
_WHAT = re.compile(r"[\w'’-]+(?:\s+(?!(?:in|from|since|during|last|this|and|but|to|that|which|who|on|at|for|"
                   r"by|according|was|were|is|are|had|have|has|up|down|than|over|after|before|with|met|said|says|"
                   r"[a-z]+ed)\b)[\w'’-]+){0,4}")  # fmt: skip
#: The words a figure can begin with (besides digits and "$"); the pattern is tried only there.
_STARTS = frozenset(
    [
        "a",
        "an",
        "half",
        "more",
        "less",
        "fewer",
        "within",
        *(w for w in re.findall(r"[a-z]+", NUMBER_WORDS) if len(w) > 2),
    ]
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


_OF_THEM = re.compile(r"(?:of\s)?(?:them|those)\s(?P<rest>[a-z]+)")


def find_figures(text: str, layout: Layout) -> list[FigureMention]:
    """Every figure in ``text``, in order (periods are filled in by the caller)."""
    found: list[FigureMention] = []
    for match in layout.candidates(_PATTERN, _STARTS, digits=True):
        figure = _figure(text, match, layout)
        if figure is None:
            continue
        # "212 shootings…, 87 of them fatal": what the 87 count is said by the figure before it.
        them = _OF_THEM.match(figure.what)
        if them and (counted := _counted(text, found)) is not None:
            figure = attrs.evolve(figure, what=f"{them.group('rest')} {counted.unit}", unit=counted.unit)
        found.append(figure)
    return found


# "in the past three years", "over the last 10 months": the period a count is taken over
_PERIOD_BEFORE = re.compile(r"\b(?:past|last|previous|preceding|first)\s$")


def _counted(text: str, found: list[FigureMention]) -> FigureMention | None:
    """The figure "of them" counts a part of: the one before it, passing over the period the
    count is taken over ("93 people in the past three years, 41 of them": of the people)."""
    for figure in reversed(found[-2:]):
        if not (
            figure.unit in _DURATION_UNITS
            and _PERIOD_BEFORE.search(text, max(0, figure.start - 10), figure.start)
        ):
            return figure
    return None


_YEARS_OLD = re.compile(r"^\s?-?years?[-\s]old")


def _figure(text: str, match: re.Match[str], layout: Layout) -> FigureMention | None:
    """The figure ``match`` is, or None where the number counts nothing (a date's day, a year,
    an age, a clock time, a vote, a label, part of a name, a turn of speech)."""
    g = match.group
    start, end = match.span()
    before = text[max(0, start - 24) : start]
    after = text[end : end + 24]
    if g("theone"):  # "within the hour": at most one hour
        unit = g("theunit") + "s"
        return FigureMention(
            value=1.0,
            qualifier=Qualifier.AT_MOST,
            as_printed=g(0),
            what=unit,
            unit=unit,
            start=start,
            end=end,
        )
    if g("one") or g("fraction"):
        return _fraction_or_one(text, match, before)
    if g("half"):
        return _half(text, match)
    read = _number(match, before, after)
    if read is None:
        return None
    value, unit, misprint = read
    if (
        _YEARS_OLD.match(after)
        and _THING_AGED_BEFORE.search(before)
        and (aged := _DURATION_OLD.match(after)) is not None
    ):
        return _duration(text, match, value, aged, before, misprint)
    if _CLOCK.match(after) or _YEARS_OLD.match(after) or (not unit and _is_age(before, after)):
        return None
    if not unit and _not_a_count(g("digits") or "", value, before, after):
        return None
    if not unit and _voted_tally(text, start, before, after):
        return None
    if g("digits") and not unit and _named_in_parentheses(text, match.group(0), before):
        return None  # "Metro 12 will stream it" in an article datelined "(Metro 12)"
    if (duration := _DURATION.match(after)) is not None:
        return _duration(text, match, value, duration, before, misprint)
    if not unit and _TITLE_AFTER.match(after):
        return None  # "3 On Your Side": part of a name
    if (
        g("wnum")
        and not unit
        and g("wnum")[0].isupper()
        and _CAPITAL_AFTER.match(after)
        and _IN_SENTENCE.search(before)
    ):
        return None  # "a Five Points alley", "near Four Corners": a capitalised number inside a name
    if unit == "percent" and value == 100 and _IDIOM_AFTER.match(after):
        return None  # "I'm 100% behind them"
    qualifier = _qualifier(before, after)
    what = _what(text, end)
    if not unit and (elided := _ELIDED_UNIT.search(before)) is not None and _NO_NOUN_AFTER.match(after):
        unit = elided.group("unit").lower() + "s"  # "seven days, or 10": ten days
    if not unit and (listed := _LIST_UNIT.match(after)) is not None:
        unit = listed.group("unit").lower()  # "in 19, 33 and 61 days": 19 days too
    if (
        not unit
        and (_BARE_AFTER.match(after) or (before.endswith("for ") and _LIST_GOES_ON.match(after)))
        and _TOOK_BEFORE.search(before)
    ):
        unit = _unit_said_before(layout, start, before.endswith("for ") and not after.startswith(" more"))
    if not unit and _WITH_BEFORE.search(before) and _BARE_AFTER.match(after):
        unit = _unit_said_before(layout, start, True, _WITH_NUMBER)  # "one with less than two"
    if not unit:
        words = what.split()
        unit = next((w for w in reversed(words) if w.lower() not in _STOP_WORDS), "") if words else ""
        if unit.lower() in _DURATION_UNITS and not _RANGE_WHAT.match(what):
            unit = ""  # "the nine serve terms of two years": nine people, not nine years
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


# A duration's unit said once for two numbers: "seven days, or 10", "30 days or 45"; and a range
# whose first number takes the unit of its second ("six to nine months").
_ELIDED_UNIT = re.compile(
    r"\b(?:\d+|(?i:"
    + NUMBER_WORDS
    + r"))[-\s](?P<unit>second|minute|hour|day|week|month|year)s?,?\s(?:or|to)\s$"
)
# ... and a list of numbers that says it once, after the last ("in 19, 33 and 61 days")
_LIST_UNIT = re.compile(
    r"^(?:,\s\d+){1,4},?\s(?:and|or)\s\d+\s(?P<unit>(?i:second|minute|hour|day|week|month|year)s)\b"
)
# ... and a number that ends its clause after a verb or word of time taken, its unit said in
# the sentence or the one before: "the case would take a few months. It took 22.", "finished in
# five months; the file then sat for 17 more", "with the department for eight years, Lindqvist
# for three".
_BARE_AFTER = re.compile(r"^(?:\smore)?(?:[.,;)]|\s*$)")
# ... and one of a list, each with its "for": "for nine years, Delgado for four and Whitley for two"
_LIST_GOES_ON = re.compile(r"^\s(?:and|or)\s(?:[A-Z]|the\s)")
_TOOK_BEFORE = re.compile(r"\b(?:took|take|takes|lasted|lasts|spent|waited|served|for|another)\s$")
_UNIT_WORD = re.compile(r"\b(?P<unit>second|minute|hour|day|week|month|year)s?\b")
_FOR_NUMBER = re.compile(r"\bfor\s(?:about\s|nearly\s|almost\s|more\sthan\s)?[\w,.-]+\s$")


# ... and one of a pair, each with its "with": "one with nine years and one with less than two"
_WITH_BEFORE = re.compile(
    r"\bwith\s(?:(?:less|more|fewer)\sthan\s|about\s|nearly\s|almost\s|under\s|over\s)?$"
)
_WITH_NUMBER = re.compile(r"\bwith\s(?:about\s|nearly\s|almost\s|more\sthan\s)?[\w,.-]+\s$")


def _unit_said_before(layout: Layout, start: int, parallel: bool, lead: re.Pattern[str] = _FOR_NUMBER) -> str:
    """The duration's unit named last in the sentence of ``start`` or the one before it, in
    its paragraph (and in the 300 characters before ``start``); "" if none is. A ``parallel``
    number ("for three") takes only a unit said with a "for" too ("for eight years")."""
    s_start, _ = layout.sentence_at(start)
    p_start, _ = layout.paragraph_at(start)
    if s_start > p_start:  # the sentence before, if the paragraph has one
        s_start = layout.sentence_at(s_start - 1)[0]
    window = layout.text[max(s_start, p_start, start - 300) : start]
    # ("two fewer than a year ago, and is hiring for three more": "a year ago" is a time)
    units = [u for u in _UNIT_WORD.finditer(window) if not window.startswith(" ago", u.end())]
    if not units or (parallel and not lead.search(window, 0, units[-1].start())):
        return ""
    return units[-1].group("unit") + "s"


_NO_NOUN_AFTER = re.compile(r"^(?:[.,;:?!)\"”]|\s*$|\s(?:or|and|if|at)\b)")
_RANGE_WHAT = re.compile(r"(?:to|or|and|-)\s")
_DURATION_UNITS = frozenset(["seconds", "minutes", "hours", "days", "weeks", "months", "years", "decades"])
_LABEL_NUMBER_BEFORE = re.compile(r"(?:No\.|#|\d[-/]|\d[\w:]*-[A-Za-z]+-)\s?$")
_ORDINAL_AFTER = re.compile(r"^(?:st|nd|rd|th)\b|^[-/:]\d")


def _number(match: re.Match[str], before: str, after: str) -> tuple[float, str, bool] | None:
    """The value of a figure in digits, money, a misprint or words, its unit if the words give
    one ("dollars", "percent"), and whether it is misprinted; None if it is no figure."""
    g = match.group
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
        if _LABEL_NUMBER_BEFORE.search(before) or _ORDINAL_AFTER.match(after):
            return None  # "No. 5", ordinals, "10-4", "3/4", times, "1:14-cv-00872"
        if g("pct"):
            unit = "percent"
    else:
        words = g("wnum")
        if words.lower() == "zero" or (words.lower() == "one" and not _DURATION.match(after)):
            return None  # "one of", "no one": too often not a count
        parsed = number_value(words)
        if parsed is None:
            return None
        value = float(parsed) * (12 if g("dozen") else 1)  # "two dozen"
        if g("wpct"):
            unit = "percent"
    return value, unit, misprint


def _half(text: str, match: re.Match[str]) -> FigureMention:
    """ "more than half", "fewer than half": a share over or under one half."""
    end = match.end()
    start = match.start() + match.group(0).lower().rindex("half")
    qualifier = Qualifier.OVER if match.group("half").lower().startswith("more") else Qualifier.UNDER
    return FigureMention(
        value=0.5, qualifier=qualifier, as_printed="half", what=_what(text, end), unit="share",
        start=start, end=end,
    )  # fmt: skip


def _qualifier(before: str, after: str) -> Qualifier:
    found = _qualifier_before(before)
    if found is None:
        found = next((q for rx, q in _QUALIFIERS_AFTER if rx.match(after)), Qualifier.EXACT)
    return found


_BLOCK_AFTER = re.compile(r"^\sblock\b")
_CODE_AFTER = re.compile(r"^\s(?:U\.S\.C\.|C\.F\.R\.|U\.S\.\s\d)")
_CALL_LETTERS_BEFORE = re.compile(r"\b[A-Z]{3,5}\s$")
_PARENTHESIS_NAME_BEFORE = re.compile(r"\([A-Z][\w ]*\s$")
_ROUTE_BEFORE = re.compile(r"\b[A-Z]{1,2}-$")
_DASH_OR_PLURAL_AFTER = re.compile(r"^(?:-|\s[a-z]+s\b)")


def _qualifier_before(before: str) -> Qualifier | None:
    """The qualifier the words before a number end with ("more than", "about"), if any."""
    low = lowered(before)
    if low is None:
        return next((q for rx, q in _QUALIFIERS if rx.search(before)), None)
    if not _ANY_QUALIFIER_LOWER.search(low):
        return None
    found = next((q for rx, q in _QUALIFIERS_LOWER if rx.search(low)), None)
    if found is Qualifier.ABOUT and (hedge := _HEDGE_END.search(low)) is not None:
        # "up to about $17,000", "more than roughly 300": the first qualifier governs
        first = next((q for rx, q in _QUALIFIERS_LOWER if rx.search(low, 0, hedge.start())), None)
        if first is not None and first is not Qualifier.ABOUT:
            return first
    return found


_HEDGE_END = re.compile(r"(?<=\s)(?:about|around|approximately|roughly|some)\s$")


def _not_a_count(digits: str, value: float, before: str, after: str) -> bool:
    """Numbers that count nothing: clock times ("at 10:30", "at 8 and at 2"), vote tallies ("5
    to 2"), labels ("Lodge 3", "Highway 80"), street blocks and 911."""
    clock = digits.isdigit() and value <= 12 and _CLOCK_BEFORE.search(before) and _CLOCK_AFTER.match(after)
    vote = (_VOTE_BEFORE.search(before) and _VOTE_FIRST.match(after)) or _VOTE_SECOND.search(before)
    vote = (
        vote
        or _TALLY_FIRST.match(after)
        or (_TALLY_SECOND_AFTER.match(after) and _TALLY_SECOND_BEFORE.search(before))
    )
    label = (
        _LABEL_BEFORE.search(before)
        or _BLOCK_AFTER.match(after)
        or _CODE_AFTER.match(after)  # the title of a code: "42 U.S.C. § 1983"
        or _CALL_LETTERS_BEFORE.search(before)  # a station's call letters: "WJKX 12 News"
        or (_PARENTHESIS_NAME_BEFORE.search(before) and after.startswith(")"))  # "(Coast 13)"
        or _ROUTE_BEFORE.search(before)  # "I-30"
        or _STREET_AFTER.match(after)  # "2460 Government Boulevard"
        # a grid address: "near 1300 South and West Temple", "at 400 East"
        or (digits.isdigit() and value >= 100 and _GRID_AFTER.match(after))
        # inside a name: "obtained by Capitol 16", "told Green Country 12 that", "7 News"
        or (_NAME_BEFORE.search(before) and not _DASH_OR_PLURAL_AFTER.match(after))
        or _MEDIA_AFTER.match(after)
        or re.match(r"^[A-Z]\b", after)  # "Apartment 4B", "Unit 12A"
        or (before.endswith("(") and re.match(r"^\)\s?\d{3}-\d{4}\b", after))  # "(601) 555-0187"
    )
    # 911 (and 311) counts something only before a plural that is not a call ("911 officers"),
    # not in "called 911 twice" nor "911 calls"
    emergency = digits in ("911", "311") and not _COUNTED_911.match(after)  # and the city's line
    return bool(clock or vote or label or emergency or _CALIBER_AFTER.match(after))


# A gun's caliber or gauge, which counts nothing: "a 9mm handgun", "a 12-gauge shotgun", "a
# nine-millimeter pistol".
_CALIBER_AFTER = re.compile(r"^(?:mm\b|[-\s]?(?i:millimeter|caliber|calibre|gauge|mm)\b)")
_CAPITAL_WORD_BEFORE = re.compile(r"\b[A-Z][\w'’-]*\s$")


def _named_in_parentheses(text: str, digits: str, before: str) -> bool:
    """Whether a capitalised word and the number after it ("Metro 12") are a name the article
    gives in parentheses elsewhere, as a dateline gives a station's: "JACKSON (Metro 12) -"."""
    word = _CAPITAL_WORD_BEFORE.search(before)
    return word is not None and f"({word.group(0)}{digits})" in text


def _duration(
    text: str, match: re.Match[str], value: float, duration: re.Match[str], before: str, misprint: bool
) -> FigureMention | None:
    """A duration: its number and unit as printed ("72 hours", "72-hour"), with its qualifier."""
    start = match.start()
    end = match.end() + duration.end()
    after = text[end : end + 24]
    if _COUNT_COMPARED_BEFORE.search(before) and _AGO_AFTER.match(after):
        return None  # "two fewer than a year ago": the count is compared, "a year ago" is a time
    qualifier = _qualifier(before, after)
    if qualifier is Qualifier.OVER and _OVER_DURING.search(before) and not _SINCE_AFTER.match(after):
        qualifier = Qualifier.EXACT  # "built the database over 14 months": during, not more than
    return FigureMention(
        value=value,
        qualifier=qualifier,
        as_printed=text[start:end],
        what=duration.group("unit").lower() + "s",
        unit=duration.group("unit").lower() + "s",
        start=start,
        end=end,
        misprint=misprint,
    )


def _fraction_or_one(text: str, match: re.Match[str], before: str) -> FigureMention | None:
    """ "a year" or "an hour" after a qualifier ("more than a year", "less than a month"), and a
    qualified fraction ("nearly half", "almost a third"). Unqualified, neither is a figure."""
    qualifier = _qualifier_before(before)
    if qualifier is None and match.group("one"):
        # "a year or more": qualified by the words after its unit
        duration = _DURATION.match(text[match.end() : match.end() + 40])
        rest = text[match.end() + duration.end() : match.end() + duration.end() + 24] if duration else ""
        if duration is not None and any(rx.match(rest) for rx, _ in _QUALIFIERS_AFTER):
            return _duration(text, match, 1.0, duration, before, False)
    if qualifier is None:
        return None
    if match.group("one"):
        duration = _DURATION.match(text[match.end() : match.end() + 40])
        if duration is None and _THING_AGED_BEFORE.search(before):
            duration = _DURATION_OLD.match(text[match.end() : match.end() + 40])
        if duration is None:
            return None
        return _duration(text, match, 1.0, duration, before, False)
    words = match.group("fraction")
    return FigureMention(
        value=_FRACTIONS[words.lower()],
        qualifier=qualifier,
        as_printed=words,
        what=_what(text, match.end()),
        unit="share",
        start=match.start(),
        end=match.end(),
    )


def _scale(word: str | None) -> float:
    return {"thousand": 1e3, "million": 1e6, "billion": 1e9}.get(word or "", 1.0)


_YEAR_DIGITS = re.compile(r"(?:19|20)\d\d")
_COUNTED_AFTER_YEAR = re.compile(
    r"^\s(?:[a-z]+\s)?(?:people|officers|cases|calls|incidents|complaints|arrests)\b"
)


def _is_year(number: str, pct: str | None, after: str) -> bool:
    return bool(not pct and _YEAR_DIGITS.fullmatch(number) and not _COUNTED_AFTER_YEAR.match(after))


# (after a name's suffix too: "Ray Pugh Jr., 29, was")
_AGE_COMMA_BEFORE = re.compile(r"(?:\w|\b[JS]r\.),\s(?:now\s|then\s|age\s)?$")
# "from the age of 4", "at age 12", "children aged 10 to 15"
_AGE_OF_BEFORE = re.compile(r"\b(?:(?:the|an?)\sages?\sof|(?i:at)\sage|aged)\s$")
_NAME_COMMA_BEFORE = re.compile(r"[A-Z][\w'’-]+,\s$")


def _is_age(before: str, after: str) -> bool:
    """ "Darnell Ivy, 42, died", "The man, 44, faces", "Strong, now 27, works", "Ivy, then 19,
    was", "killed Dee Ivy, 24.", "Ivy was 22 when", "Her son, Dee Ivy, was 19 when", "Dee Ivy, who
    was 19 when", "since she was 6."."""
    return bool(
        _AGE_OF_BEFORE.search(before)
        or (_AGE_COMMA_BEFORE.search(before) and after.startswith(","))
        or (_NAME_COMMA_BEFORE.search(before) and after[:1] in (".", ";"))
        or (_PERSON_WAS.search(before) and _AGE_AFTER.match(after))
    )


# (and "she's 71," "before he's 80." "She is 68 and walks with a cane")
_PERSON_WAS = re.compile(
    r"(?:(?:\b(?:he|she|He|She|who)|[A-Z][\w'’-]+,?)\s(?:was|is|turned)|\b[HhSs]h?e['’]s)\s$"
)
_AGE_AFTER = re.compile(r"^(?:\s(?:when|at\sthe\stime)\b|\sand\s(?:still\s)?[a-z]+s\b|[.,;)]|\s*$)")


_SPACES_OF = re.compile(r"^\s*(?:of\s)?")


def _what(text: str, end: int) -> str:
    rest = text[end : end + 80]
    rest = _SPACES_OF.sub("", rest)
    match = _WHAT.match(rest)
    return match.group(0) if match else ""
