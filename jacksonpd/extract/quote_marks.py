"""Quote marks paired within a paragraph, into the spans a quote can take.

Straight (``"``) or curly (``“ ”``) marks; a straight mark opens or closes by the characters
beside it. A quote that runs over several paragraphs (each opened again, closed only at the end)
is a group of segments; an opening mark never closed, or a closing one never opened, is warned
about, and a quote is taken so that it cannot swallow the rest of the article.
"""

from __future__ import annotations

import re

import attrs

from .saying import SAYS

__all__ = ["TRAILING_ATTRIBUTION", "QuoteWarning", "Segment", "closes_paragraph", "inner_span", "pair_marks"]

# The attribution that ends a paragraph whose quote was never closed ('“It doubled, director
# Lydia Okafor said.'; '“… tonight, Van der Berg told the board.'): the quote ends at the comma
# before it. Words after the verb ("the board") only after a name or a pronoun.
TRAILING_ATTRIBUTION = re.compile(
    rf",\s(?:[^,\"“”]{{1,80}}?\s{SAYS}|{SAYS}\s[^,\"“”]{{1,80}}?"
    rf"|(?:[A-Z][\w'’.-]*(?:\s[\w'’.-]+){{0,3}}|he|she|they)\s{SAYS}(?:\s[\w'’-]+){{1,4}})\.?\s*$"
)
_OPENING = "“"
_CLOSING = "”"
_STRAIGHT = '"'
_QUOTE_MARK = re.compile('["“”]')


@attrs.frozen(kw_only=True)
class QuoteWarning:
    """Something about the quote marks a curator should look at."""

    message: str
    start: int


@attrs.frozen
class Segment:
    """Where one pair of quote marks (or a paragraph of a quote that goes on) encloses words."""

    open_at: int  # the opening mark (the paragraph's start for a quote that lost its opening mark)
    close_at: int  # the closing mark, or the paragraph's end for a quote that goes on or was never closed
    continues: bool
    group: int
    lost_open: bool = False  # no opening mark: the quote runs from the paragraph's start

    @property
    def start(self) -> int:
        """Where the quoted words can begin."""
        return self.open_at if self.lost_open else self.open_at + 1


def closes_paragraph(text: str, seg: Segment, paragraph: tuple[int, int]) -> bool:
    """Whether nothing but an attribution follows ``seg`` in its paragraph (no other quote)."""
    return _QUOTE_MARK.search(text, seg.close_at + 1, paragraph[1]) is None


def _opens(text: str, i: int, p_start: int, p_end: int, open_at: int | None) -> bool:
    """Whether the straight mark at ``i`` opens a quote: by the characters beside it where they
    tell (a space before and a letter after opens; a letter or a comma before and a space after
    closes), otherwise by alternation."""
    before = text[i - 1] if i > p_start else " "
    after = text[i + 1] if i + 1 < p_end else " "
    if (before.isspace() or before in "([{\u2014\u2013-") and not after.isspace():
        return True
    if not before.isspace() and (after.isspace() or after in ",.;:!?)]\u2014\u2013-"):
        return False
    return open_at is None


def pair_marks(
    text: str, paragraphs: tuple[tuple[int, int], ...]
) -> tuple[list[Segment], list[QuoteWarning]]:
    """The segments of ``text``'s quotes in order, paragraph by paragraph, and a warning for
    each mark left unpaired; a quote that goes on in the next paragraph keeps its group."""
    segments: list[Segment] = []
    warnings: list[QuoteWarning] = []
    group = 0
    carried = False  # the previous paragraph's quote goes on in this one
    for n, (p_start, p_end) in enumerate(paragraphs):
        open_at: int | None = None
        first = True
        for mark in _QUOTE_MARK.finditer(text, p_start, p_end):  # the marks, not every character
            i, ch = mark.start(), mark.group()
            is_open = _opens(text, i, p_start, p_end, open_at) if ch == _STRAIGHT else ch == _OPENING
            if is_open:
                if open_at is not None:
                    warnings.append(_unclosed(open_at))
                open_at = i
                if not (carried and i == p_start):
                    group += 1
                carried = False
            elif open_at is None:
                if first and not carried and i > p_start and text[i - 1] in ",.!?\u2014\u2013-":
                    # The paragraph lost its opening mark but closes ',"' before an attribution.
                    group += 1
                    segments.append(Segment(p_start, i, False, group, lost_open=True))
                    warnings.append(
                        QuoteWarning(
                            message="a closing quote mark with no opening mark; the quote is taken "
                            "from the start of its paragraph",
                            start=i,
                        )
                    )
                else:
                    warnings.append(
                        QuoteWarning(message="a closing quote mark with no opening mark", start=i)
                    )
            else:
                segments.append(Segment(open_at, i, False, group))
                open_at = None
            first = False
        carried = False
        if open_at is not None:
            next_start = paragraphs[n + 1][0] if n + 1 < len(paragraphs) else None
            if next_start is not None and text[next_start] in '"“':
                segments.append(Segment(open_at, p_end, True, group))
                carried = True
            else:
                tail = TRAILING_ATTRIBUTION.search(text, open_at, p_end)
                segments.append(Segment(open_at, tail.start() if tail else p_end, False, group))
                warnings.append(_unclosed(open_at))
    return segments, warnings


def _unclosed(offset: int) -> QuoteWarning:
    return QuoteWarning(
        message="an opening quote mark that is never closed in its paragraph; the quote is taken "
        "to the end of its paragraph, or to the attribution that ends it",
        start=offset,
    )


def inner_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The quoted words between ``start`` and ``end``: without the spaces around them, nor the
    comma that ends them (it belongs to the attribution)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end
