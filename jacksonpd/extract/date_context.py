"""Dates whose day comes from the words around them, not from the article's date alone.

"today", "tonight" or "Monday" inside a quote are counted from the day the words were said:
the day its attribution gives, else the day of the news conference or interview the text just
before describes ("On Friday afternoon, the chief told reporters …" then '"You will have the
names today"'), else the day of what the quote speaks of. "The following evening" is the day
after the day named before it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

import attrs

from ..models import DatePrecision
from .date_mention import DateMention
from .date_resolve import RELATIVE_WORDS, WEEKDAYS, weekday_date
from .text import Layout, tense

__all__ = ["as_said", "distance", "following", "stems_of"]

# (The word boundary is a look-behind after the first letter, so that the search skips from "t"
# to "t" instead of trying every offset.)
# "the following evening (at 6 p.m.)", "the next day"; and, the day before the day named last
# before them, "the day before", "the previous day", "the night before" (not "the day before the
# vote", which counts from the vote). One pattern, so the text is scanned once.
_FOLLOWING = re.compile(
    r"[Tt](?<!\w[Tt])he\s(?:(?P<next>(?:following|next)\s(?:day|morning|afternoon|evening|night)\b"
    r"(?:,?\s(?:at\s)?(?:(?:about|approximately|around)\s)?(?:[1-9]|1[0-2])(?::[0-5]\d)?\s?(?:a\.m\.|p\.m\.))?)"
    r"|(?P<same>same\s(?:day|morning|afternoon|evening|night)\b)"
    r"|(?:previous|prior)\s(?:day|morning|afternoon|evening|night)\b"
    r"|(?:day|night|evening|morning|afternoon)\sbefore\b(?!\s(?!(?:and|but|or|at|when|while)\b)[\w$]))"
)
_CLOCK_BEFORE = re.compile(r"\b(?:[1-9]|1[0-2])(?::[0-5]\d)?\s?(?:a\.m\.|p\.m\.)\s$")
_WEEKDAY_WORDS = re.compile(
    rf"(?:(?P<rel>last|next|this)\s)?(?P<day>{'|'.join(WEEKDAYS)})(?:\s(?:night|morning|afternoon|evening))?",
    re.IGNORECASE,
)
# A sentence that tells of words being said: where a quote after it was said, and when.
_SPEECH = re.compile(
    r"\b(?:said|says|told|tells|spoke|speaking|stood|announced|testified|news\sconference|"
    r"press\sconference|briefing|podium|reporters|interview|"
    # a gathering where people speak: "At a community meeting last night, his sister urged …"
    r"urged|pleaded|meeting|hearing|rally|vigil|forum|gathered|marched|protest|protesters|crowd)\b"
)

_THE_OCCASION = re.compile(
    r"\b(?:at|during|after|as|before)\sthe\s(?:news\sconference|press\sconference|briefing|hearing|meeting|vigil|rally"
    r"|forum|town\shall)\b"
    r"|\btold\sthe\s(?:board|council|committee|commission|jury|panel|court|crowd|forum)\b"
    # "The forum ran for nearly two hours.": the occasion the story has been telling of
    r"|\b[Tt]he\s(?:forum|meeting|hearing|vigil|rally|briefing|news\sconference|town\shall)\s"
    r"(?:ran|lasted|went|ended|broke\sup|wrapped\sup|closed)\b"
)
_OCCASION = re.compile(r"\b(?:news\sconference|press\sconference|briefing|told\sreporters)\b")


def following(
    text: str, found: list[DateMention], published_on: dt.date, quoted: Sequence[tuple[int, int]] = ()
) -> list[DateMention]:
    """``found`` with "the following evening (at 6 p.m.)" and "the next day" dated the day after
    the day named last before them, and "the day before" or "the previous day" the day before it;
    a clock time inside such words, or just before them ("5 p.m. the day before"), is part of them.
    A day inside one of the ``quoted`` spans dates none of them outside it."""
    out = list(found)
    for m in _FOLLOWING.finditer(text):
        step = 1 if m.group("next") else 0 if m.group("same") else -1  # ("5 p.m. the same day")
        clock = _CLOCK_BEFORE.search(text, max(0, m.start() - 12), m.start())
        start = clock.start() if clock else m.start()
        if m.group("same") and not clock and any(q[0] <= start < q[1] for q in quoted):
            # "released the same day" is the day named before it in its paragraph; in a quote,
            # "the same night" alone names no day of its own ("5 p.m. the same day" does)
            continue
        # a day inside a quote is counted from its telling: it dates no "next day" outside it
        inside = next((q for q in quoted if q[0] <= start < q[1]), None)
        days = [
            d
            for d in found
            if d.precision is DatePrecision.DAY
            and d.end <= start
            and (inside or not any(q[0] <= d.start < q[1] for q in quoted))
        ]
        if not days or _named_since(found, days[-1], start):
            continue
        if m.group("same") and not clock and "\n" in text[days[-1].end : start]:
            continue  # (alone, only after a day of its own paragraph)
        day = days[-1].date + dt.timedelta(days=step)
        out = [d for d in out if not start <= d.start < m.end()]
        out.append(DateMention.of_day(text, start, m.end(), day, future=day > published_on))
    for m in _THAT_PART.finditer(text):
        # "That afternoon, the grand jury declined": the day named last before, in its paragraph
        # or the one before, outside quotes
        if any(q[0] <= m.start() < q[1] for q in quoted) or not _SENTENCE_START.search(
            text, max(0, m.start() - 3), m.start()
        ):
            continue
        days = [
            d
            for d in found
            if d.precision is DatePrecision.DAY
            and d.end <= m.start()
            and not any(q[0] <= d.start < q[1] for q in quoted)
        ]
        if (
            not days
            or text.count("\n\n", days[-1].end, m.start()) > 1
            or _named_since(found, days[-1], m.start())
        ):
            continue
        day = days[-1].date
        out.append(DateMention.of_day(text, m.start(), m.end(), day, future=day > published_on))
    return sorted(out, key=lambda d: d.start)


# "That afternoon," "That night" opening a sentence
_THAT_PART = re.compile(r"T(?<!\wT)hat\s(?:morning|afternoon|evening|night)\b(?!['’])")
_SENTENCE_START = re.compile(r"(?:^|[.!?][\"”]?\s|\n)\Z")


def _named_since(found: list[DateMention], day: DateMention, start: int) -> bool:
    """Whether a month or a year other than ``day``'s is named after it and before ``start``
    ("stopped in April … the next morning", after "July 26"): the day counted from is then
    one the article does not give."""
    return any(
        day.end <= d.start and d.end <= start and not d.date <= day.date <= d.last_day
        for d in found
        if d.precision is not DatePrecision.DAY
    )


def as_said(
    text: str,
    layout: Layout,
    found: list[DateMention],
    quoted: Sequence[tuple[int, int]],
    published_on: dt.date,
) -> list[DateMention]:
    """``found`` with "today", "tonight", "yesterday" and weekdays inside a quote counted from
    the day its words were said, where the article says which; otherwise from the article's."""
    out = list(found)
    for i, d in enumerate(found):
        words = " ".join(d.date_text.lower().split())
        span = next((q for q in quoted if q[0] <= d.start < q[1]), None)
        weekday = _WEEKDAY_WORDS.fullmatch(words)
        if span is None or (words not in RELATIVE_WORDS and weekday is None):
            continue
        said = _said_on(text, layout, found, quoted, span, d)
        if said is None or said == published_on:
            continue
        if weekday is not None:
            future = d.date > published_on or (d.date == published_on and d.future)
            if not future and weekday.group("rel") is None:
                # said on an earlier day in words that do not speak of the past ("Thursday we
                # march", "And Friday."): to come after the telling, as speech mostly is
                s_start, s_end = layout.sentence_at(d.start)
                s_start, s_end = max(s_start, span[0]), min(s_end, span[1])
                future = tense(text[s_start:s_end], d.start - s_start) is None
            day = weekday_date(
                WEEKDAYS.index(weekday.group("day")), weekday.group("rel") or "", said, future
            )[0]
        else:
            day = said + dt.timedelta(days=RELATIVE_WORDS[words])
        out[i] = attrs.evolve(d, date=day, future=day > published_on)
    return out


def _said_on(
    text: str,
    layout: Layout,
    found: list[DateMention],
    quoted: Sequence[tuple[int, int]],
    span: tuple[int, int],
    d: DateMention,
) -> dt.date | None:
    """The day the quote at ``span`` was said: a day its sentence gives ('"…today," she said
    Monday'); else the day of the telling the text just before describes (its paragraph, or the
    paragraph before); else the day of what the quote speaks of ("The city agreed Monday …"
    before '"… today it agreed to prove it," said …'). None where the article does not say."""
    others = [
        o
        for o in found
        if o.precision is DatePrecision.DAY
        and RELATIVE_WORDS.get(" ".join(o.date_text.lower().split()), 1) != 0
        and not any(q[0] <= o.start < q[1] for q in quoted)
    ]
    s_start = layout.sentence_at(span[0])[0]
    s_end = layout.sentence_at(max(span[0], span[1] - 1))[1]
    said = [o for o in others if s_start <= o.start < s_end]
    if said:
        return said[0].date
    paragraph = layout.paragraph_at(span[0])
    earlier = [p for p in layout.paragraphs if p[1] <= paragraph[0]]
    floor = earlier[-1][0] if earlier else paragraph[0]
    told = [
        o
        for o in others
        if floor <= o.start
        and o.end <= span[0]
        and not o.future
        and _SPEECH.search(text, *layout.sentence_at(o.start))
    ]
    if told:
        return told[-1].date
    # "said at the news conference", "told the board": an occasion told of before, whose day is
    # the day of the lead's news ("asked … last night", "on Tuesday night, the board …")
    before = layout.sentence_at(max(paragraph[0], s_start - 1))[0]
    if _THE_OCCASION.search(text, max(before, paragraph[0]), s_end) or (
        # (or the paragraph before, for a quote that opens its paragraph's telling)
        floor < paragraph[0] and _THE_OCCASION.search(text, floor, paragraph[0])
    ):
        lead = layout.paragraphs[0]
        first = next((o for o in others if o.start < lead[1] and not o.future), None)
        if first is not None and first.end <= span[0]:
            return first.date
    # "…," he told reporters at a news conference. "Starting today, …": an occasion of telling
    # the text gives no day is the article's news, not the day of what the quote speaks of
    if _OCCASION.search(text, max(before, paragraph[0]), s_end):
        return None
    stems = stems_of(text[max(span[0], d.start - 60) : min(span[1], d.end + 60)]) - _DATE_STEMS
    near = [(distance(text, layout, o, stems), o) for o in others if o.end <= span[0] and not o.future]
    ranked = sorted(((gap, o) for gap, o in near if gap is not None), key=lambda e: (e[0], -e[1].start))
    return ranked[0][1].date if ranked else None


_DATE_STEMS = frozenset(
    ["today", "tonig", "yeste", "tomor", "morni", "after", "eveni", "night", *(w[:5] for w in WEEKDAYS)]
)
_CONTENT_WORD = re.compile(r"[a-z]{4,}")
_FUNCTION_WORDS = frozenset([
    "that", "this", "with", "from", "were", "have", "been", "will", "would", "could", "their",
    "there", "they", "them", "then", "than", "when", "what", "which", "about", "after", "before",
    "said", "says", "into", "over", "under", "while", "where", "also", "only", "just", "more",
    "most", "some", "began", "begins", "happened", "started", "ended", "came", "come", "took"
])  # fmt: skip


def distance(text: str, layout: Layout, d: DateMention, stems: set[str]) -> int | None:
    """How far from ``d``, in its sentence and within 50 characters, a word with one of
    ``stems`` is (what happened on that day); None if there is none."""
    s_start, s_end = layout.sentence_at(d.start)
    floor, ceiling = max(s_start, d.start - 50), min(s_end, d.end + 30)
    gaps = [
        min(abs(m.start() - d.start), abs(m.start() - d.end))
        for m in _CONTENT_WORD.finditer(text.lower(), floor, ceiling)
        if m.group(0)[:5] in stems and m.group(0) not in _FUNCTION_WORDS
    ]
    return min(gaps) if gaps else None


def stems_of(words: str) -> set[str]:
    """The first five letters of the content words of ``words``: "march" matches "marched"."""
    return {w[:5] for w in _CONTENT_WORD.findall(words.lower()) if w not in _FUNCTION_WORDS}
