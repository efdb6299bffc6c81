"""Paragraphs, sentences and tense: the coordinates every extractor works in.

Every offset is a character offset into the article body, the same offsets the published
package uses, so what an extractor finds can be checked with ``body[start:end]``.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator
from typing import Any

import attrs

__all__ = ["ABBREVIATIONS", "Layout", "alternation", "has_verb", "is_future", "lowered", "tense"]

#: Words that end with a period without ending a sentence.
ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "rev",
        "gen",
        "gov",
        "sen",
        "rep",
        "lt",
        "sgt",
        "cpl",
        "maj",
        "pfc",
        "hon",
        "capt",
        "col",
        "cmdr",
        "det",
        "atty",
        "insp",
        "supt",
        "st",
        "ave",
        "blvd",
        "rd",
        "jr",
        "sr",
        "inc",
        "co",
        "corp",
        "no",
        "vs",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mt",
        "ft",
        "u.s",
        "a.m",
        "p.m",
    ]
)

# A paragraph: from a character that is not a newline, through every newline not followed by a
# blank line. Matched a line at a time (a character at a time is 5 times slower).
_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?![ \t]*\n)[^\n]*)*")
# A sentence ends at . ! or ? (and any closing quote marks) followed by space and a capital,
# a digit or an opening quote mark.
_BOUNDARY = re.compile(r"[.!?][\"”’']*\s+(?=[\"“‘(]?[A-Z0-9])")
_WORD = re.compile(r"[A-Za-z]+|\$?\d+")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")

_FUTURE = re.compile(
    r"\b(?:will|won't|shall|would|is (?:set|scheduled|expected|planned|to)|are (?:set|scheduled|"
    r"expected|planned|to)|scheduled|plans? to|planning to|going to|upcoming|next|takes? effect|"
    r"starting|begins|aims to|hopes to|plans\s(?:a|an)|is due|are due|expects?|expecting|"
    # a present progressive that schedules ("Residents are planning a march Saturday", "The
    # church is hosting a forum Monday"), but not "were planning a"
    r"(?<!\bwas\s)(?<!\bwere\s)planning\s(?:a|an)|(?:is|are)\s(?:holding|hosting|organizing)\s(?:a|an)|"
    # a present tense that schedules ("Lawmakers return Jan. 5", "The hearing starts Monday"), but
    # not "did not return calls"
    r"(?<!\bdid\s)(?<!\bnot\s)(?<!n't\s)(?<!\bto\s)(?:meets|meet|returns|return|reconvenes|convenes|resumes|starts|opens"
    # ("The council takes up the report Monday", "votes on it Tuesday", "hears arguments Friday")
    r"|takes\s(?:it\s|them\s|the\s[a-z]+\s)?up|votes|considers|hears))\b",
    re.IGNORECASE,
)
_PAST = re.compile(
    # "will be posted" is not past: a participle after "be" takes the tense of what is before it
    # ("in a closed session", "the revised policy": a participle after an article is no verb)
    r"\b(?<!\bbe\s)(?<!\bbeing\s)(?<!\ba\s)(?<!\ban\s)(?<!\bthe\s)"
    r"(?!(?:hundred|indeed|speed|need|seed|breed|feed|shed|bred)\b)[a-z]{2,}ed\b|"
    r"\b(?:was|were|had|did|said|told|met|began|came|went|gave|took|saw|spoke|wrote|left|won|ran|fell|"
    r"rose|knew|thought|became|spent|sat|stood|kept|got|felt|meant|caught|fought|sought|drove|wore|chose|"
    r"broke|stole|threw|grew|drew|flew|shook|struck|fled|slept|sold|swore|forgot)\b|"
    # participles too: "will be held", "will be paid" are to come
    r"\b(?<!\bbe\s)(?<!\bbeing\s)(?:held|found|made|shot|led|lost|sent|brought|bought|paid|heard)\b",
    re.IGNORECASE,
)
# The same patterns without re.IGNORECASE, for a lowercased sentence (see lowered). Every word
# they match begins with a lowercase letter: the look-ahead fails them at once at every other
# offset, a quarter of their time.
_FUTURE_LOWER = re.compile(f"(?=[a-z])(?:{_FUTURE.pattern})")
_PAST_LOWER = re.compile(f"(?=[a-z])(?:{_PAST.pattern})")


def lowered(words: str) -> str | None:
    """``words`` lowercased, for a lowercase pattern to match without re.IGNORECASE, which
    Python's re tries about three times slower on many alternatives; None where that would not
    match the same.

    The two ways agree on every character but three: U+0130, the capital I with a dot,
    lowercases to two characters, and U+0131 (the dotless i) and U+017F (the long s) match "i"
    and "s" only when case is ignored.
    """
    if "\u0130" in words or "\u0131" in words or "\u017f" in words:
        return None
    return words.lower()


def alternation(words: str) -> str:
    """The regex alternative ``(?:said|says|added|asked)`` of ``words`` ("said|says|added|asked")
    written as a tree of their shared beginnings, ``(?:sa(?:id|y(?:s)?)|a(?:dded|sked))``.
    Python's re tries every alternative of an alternation in turn, a letter each, so a tree of
    a few branches is tried faster.

    Each word is letters and escapes (``according\\sto``). The tree matches what the alternation
    matches, and the same words where several could match, as long as a word that begins
    another ("say", "says") comes after it: the tree tries the longer first.
    """
    tree: dict[str, dict[str, Any]] = {}
    for word in words.split("|"):
        node = tree
        for atom in re.findall(r"\\.|.", word):
            node = node.setdefault(atom, {})
        node[""] = {}  # a word ends here
    return f"(?:{_branches(tree)})"


def _branches(node: dict[str, Any]) -> str:
    branches = [atom + _branches(child) for atom, child in node.items() if atom]
    if not branches:
        return ""
    if len(branches) == 1 and "" not in node:
        return branches[0]
    return "(?:" + "|".join(branches) + ")" + ("?" if "" in node else "")


def _tense_patterns(sentence: str) -> tuple[str, re.Pattern[str], re.Pattern[str]]:
    """``sentence`` (lowercased where that is exact) and the future and past patterns for it."""
    low = lowered(sentence)
    return (sentence, _FUTURE, _PAST) if low is None else (low, _FUTURE_LOWER, _PAST_LOWER)


def has_verb(clause: str) -> bool:
    """Whether a clause has a word that marks its tense."""
    return bool(_tense_marks(clause))


def tense(sentence: str, at: int | None = None) -> bool | None:
    """Like :func:`is_future`, but None for a sentence with no word that marks its tense."""
    at = len(sentence) if at is None else at
    marks = _tense_marks(sentence)
    if not marks:
        return None
    before = [m for m in marks if m[0] <= at]
    if before:
        return max(before, key=lambda m: (m[0], m[1]))[1]
    return min(marks, key=lambda m: (m[0], not m[1]))[1]


# (A date's clause is read by has_verb and then, right after, by tense: the last few are kept.)
@functools.lru_cache(maxsize=4)
def _tense_marks(sentence: str) -> tuple[tuple[int, bool], ...]:
    """Where the words that mark a tense end in ``sentence``, and whether each is future."""
    sentence, future, past = _tense_patterns(sentence)
    marks = [(m.end(), True) for m in future.finditer(sentence)]
    marks += [(m.end(), False) for m in past.finditer(sentence)]
    return tuple(marks)


def is_future(sentence: str, at: int | None = None) -> bool:
    """Whether the words around offset ``at`` of ``sentence`` speak of what is still to come.

    The verb nearest before ``at`` decides ("the policy the council adopted on Thursday", "the
    council would take it up at its April 19 meeting"); with none before, the nearest after.
    A sentence with neither is read as past, as news mostly is.
    """
    return bool(tense(sentence, at))


def paragraphs_of(text: str) -> tuple[tuple[int, int], ...]:
    """The paragraphs of ``text`` (split at blank lines), as ``(start, end)`` offsets."""
    return tuple((m.start(), m.end()) for m in _PARAGRAPH.finditer(text))


@attrs.frozen
class Layout:
    """The paragraphs and sentences of an article body, as ``(start, end)`` offsets."""

    text: str
    paragraphs: tuple[tuple[int, int], ...]
    sentences: tuple[tuple[int, int], ...]
    _sentence_starts: tuple[int, ...]
    #: Every word's start and its lowercase form ("$" and digits start words too): extractors
    #: look up the words that can begin what they find and try their pattern only there,
    #: rather than at every offset of the text.
    words: tuple[tuple[int, str], ...] = ()
    _paragraph_starts: tuple[int, ...] = ()
    #: The starts of the words that are numbers ("$" and digits): tried by every pattern that
    #: begins with a number, so picked out once (None: not yet).
    _number_starts: tuple[int, ...] | None = None

    @classmethod
    def of(cls, text: str) -> Layout:
        """Split ``text`` into paragraphs (at blank lines) and sentences."""
        paragraphs = paragraphs_of(text)
        sentences: list[tuple[int, int]] = []
        for p_start, p_end in paragraphs:
            start = p_start
            for m in _BOUNDARY.finditer(text, p_start, p_end):
                if (
                    text[m.start()] == "."
                    and _is_abbreviation(text, p_start, m.start())
                    # "until Friday at 5 p.m. Whitfield-Obi said": the clock time ends its sentence
                    and not (text.endswith(".m", 0, m.start()) and _clock_ends(text, m.start()))
                ):
                    continue
                sentences.append((start, m.start() + 1 + _closing(text, m.start() + 1)))
                start = m.end()
            if start < p_end:
                sentences.append((start, p_end))
        # (lowercased all at once, a fifth faster: the words are letters and digits, which lowercase
        # one by one; with no word, the split gives one empty word, which zip leaves out)
        found = list(_WORD.finditer(text))
        lowercase = " ".join(map(re.Match.group, found)).lower().split(" ")
        words = tuple(zip(map(re.Match.start, found), lowercase, strict=False))
        return cls(
            text,
            paragraphs,
            tuple(sentences),
            tuple(s for s, _ in sentences),
            words,
            tuple(p for p, _ in paragraphs),
            _number_starts(words),
        )

    def candidates(
        self, pattern: re.Pattern[str], keys: frozenset[str], digits: bool = False
    ) -> Iterator[re.Match[str]]:
        """Matches of ``pattern`` anchored at the words in ``keys`` (or starting with a digit or
        "$", if ``digits``), without overlaps, in order: ``finditer`` at the places that can match."""
        # (the places picked out first, by a list comprehension and the numbers found once: a loop
        # over every word for each pattern took longer than trying the pattern)
        starts = [start for start, word in self.words if word in keys]
        if digits:
            numbers = _number_starts(self.words) if self._number_starts is None else self._number_starts
            starts = sorted(starts + list(numbers))
        end = -1
        for start in starts:
            if start < end:
                continue
            match = pattern.match(self.text, start)
            if match is not None and match.end() > start:
                end = match.end()
                yield match

    def sentence_at(self, offset: int) -> tuple[int, int]:
        """The sentence that holds ``offset``."""
        i = max(bisect.bisect_right(self._sentence_starts, offset) - 1, 0)
        return self.sentences[i]

    def paragraph_at(self, offset: int) -> tuple[int, int]:
        """The paragraph that holds ``offset``."""
        starts = self._paragraph_starts or tuple(p for p, _ in self.paragraphs)
        i = max(bisect.bisect_right(starts, offset) - 1, 0)
        return self.paragraphs[i]


def _number_starts(words: tuple[tuple[int, str], ...]) -> tuple[int, ...]:
    return tuple([start for start, word in words if word[0].isdigit() or word[0] == "$"])


def _is_abbreviation(text: str, floor: int, period: int) -> bool:
    # (searched for from the last space before the period: a word does not reach back over one)
    match = _WORD_BEFORE.search(text, max(floor, text.rfind(" ", floor, period)), period)
    if match is None:
        return False
    word = match.group(1)
    return (len(word) == 1 and word.isupper()) or word.lower().rstrip(".") in ABBREVIATIONS


def _clock_ends(text: str, period: int) -> bool:
    """Whether the period of "a.m." or "p.m." at ``period`` ends a sentence too."""
    return text[max(0, period - 4) : period] in (" a.m", " p.m") and bool(_CLOCK_ENDS.match(text, period + 1))


# A sentence after a clock time: a capitalised word that is not the time's day, month or zone
# ("at 5 p.m. Friday", "9 a.m. Sept. 10", "7 p.m. Central", "6 p.m. ET" go on).
_CLOCK_ENDS = re.compile(
    r"\s+[\"“]?(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Jan|Feb|March|April|May|June|"
    r"July|Aug|Sept|Oct|Nov|Dec|January|February|August|September|October|November|December|Today|"
    r"Tonight|Tomorrow|Yesterday|Eastern|Central|Mountain|Pacific|Standard|Daylight|Local|Time|"
    r"Christmas|New|Thanksgiving|Memorial|Labor|Halloween|Easter|Juneteenth|Independence|Veterans|"
    r"Election|Inauguration)\b)"
    r"(?:[A-Z][a-z])"
)


def _closing(text: str, offset: int) -> int:
    n = 0
    while offset + n < len(text) and text[offset + n] in "\"”’'":
        n += 1
    return n
