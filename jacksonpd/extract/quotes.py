"""Direct quotes and who said them.

Quote marks are paired within a paragraph, straight (``"``) or curly (``“ ”``). A quote that
runs over several paragraphs (each opened again, closed only at the end) gives one quote per
paragraph, all with the same speaker. An opening mark that is never closed is reported and
skipped, so it cannot swallow the rest of the article. The words inside the marks are the
quote; a comma that ends them belongs to the attribution and is left out.

The speaker is read from the attribution after the quote (``"…," said Chief Moore``, ``"…," he
said``, ``"…," the statement said``) or before it (``Chief Moore answered, "…"``, ``According to
X, "…"``, ``X called it "…"``); a quote without one continues the speaker of the quote before it
in the paragraph (``"…," said X. "…"``) or of the quote it continues.
"""

from __future__ import annotations

import re

import attrs

from .names import Names
from .text import ABBREVIATIONS, Layout, paragraphs_of

__all__ = ["QuoteMention", "QuoteWarning", "find_quotes", "quote_spans"]

_SAYS = (
    r"(?:said|says|added|adds|explained|explains|answered|answers|asked|asks|told|tells|wrote|writes|"
    r"noted|notes|stated|states|replied|replies|recalled|continued|insisted|argued|argues|warned|"
    r"acknowledged|according\sto)"
)
_PHRASE_VERBS = rf"(?:{_SAYS}|called|calls|described|describes|labeled|termed|dubbed)"
_WHO = r"(?P<who>[^\"“”;:]{1,90}?)"
_AFTER_VERB_FIRST = re.compile(rf"^[,\s]*{_SAYS}\s+{_WHO}\s*$")
_AFTER_WHO_FIRST = re.compile(rf"^[,\s]*{_WHO}\s+{_SAYS}\b")
_BEFORE_ACCORDING = re.compile(r"\b[Aa]ccording\sto\s(?P<who>[^,\"“”;:]{1,90}?)\s*[,:]\s*$")
_BEFORE_SAID = re.compile(rf"(?P<who>[^,.\"“”;:]{{1,90}}?)\s{_SAYS}(?:\s[^,:\"“”]{{0,60}}?)?\s*[,:]\s*$")
_BEFORE_PHRASE = re.compile(rf"(?P<who>[^,.\"“”;:]{{1,90}}?)\s{_PHRASE_VERBS}\b(?!.*\b{_PHRASE_VERBS}\b)")
_DOCUMENT = re.compile(r"^(?:the|a|an)\s(?:written\s)?(?:statement|release|letter|email|post)$", re.I)
_ISSUER = re.compile(
    rf"(?P<who>[^,.\"“”;:]{{1,60}}?)\s{_SAYS}\s(?:\w+\s){{0,2}}in\sa\s(?:written\s|news\s)?(?:statement|release|letter)"
    rf"|\b[Ii]n\sa\s(?:written\s)?statement(?:\s\w+)?,\s(?P<who2>[^,.\"“”;:]{{1,60}}?)\s{_SAYS}"
)
_RELATIVE = re.compile(r",\s(?:who|which|whose|whom)\s[^,\"“”]*,")
_OPENING = "“"
_CLOSING = "”"
_STRAIGHT = '"'
_QUOTE_MARK = re.compile('["“”]')
_MIN_WORDS_WITHOUT_SPEAKER = 3


@attrs.frozen(kw_only=True)
class QuoteMention:
    """Words inside quote marks, with their speaker when the article says who."""

    text: str
    speaker: str | None
    speaker_id: str | None
    start: int
    end: int
    continues: bool = False  # the quote goes on in the next paragraph


@attrs.frozen(kw_only=True)
class QuoteWarning:
    """Something about the quote marks a curator should look at."""

    message: str
    start: int


@attrs.frozen
class _Segment:
    open_at: int  # the opening mark
    close_at: int  # the closing mark, or the paragraph's end for a quote that goes on
    continues: bool
    group: int


def find_quotes(text: str, layout: Layout, names: Names) -> tuple[list[QuoteMention], list[QuoteWarning]]:
    """Every direct quote, in order, and warnings about unbalanced quote marks."""
    segments, warnings = _segments(text, layout.paragraphs)
    found: list[tuple[_Segment, QuoteMention]] = []
    for i, seg in enumerate(segments):
        start, end = _inner(text, seg.open_at + 1, seg.close_at)
        if start >= end:
            continue  # empty marks: nothing was quoted
        speaker = _attribution(text, layout, names, segments, i)
        if speaker is None and found:
            prev_seg, prev = found[-1]
            same_paragraph = layout.paragraph_at(prev_seg.open_at) == layout.paragraph_at(seg.open_at)
            if (same_paragraph or prev_seg.group == seg.group) and prev.speaker:
                speaker = (prev.speaker, prev.speaker_id)
        quote = QuoteMention(
            text=text[start:end],
            speaker=speaker[0] if speaker else None,
            speaker_id=speaker[1] if speaker else None,
            start=start,
            end=end,
            continues=seg.continues,
        )
        found.append((seg, quote))
    # A quote over several paragraphs has one speaker, wherever the attribution is.
    speakers = {seg.group: q for seg, q in reversed(found) if q.speaker}
    quotes = [
        attrs.evolve(q, speaker=speakers[seg.group].speaker, speaker_id=speakers[seg.group].speaker_id)
        if q.speaker is None and seg.group in speakers
        else q
        for seg, q in found
    ]
    kept = [q for q in quotes if q.speaker or len(q.text.split()) >= _MIN_WORDS_WITHOUT_SPEAKER]
    return kept, warnings


def quote_spans(text: str) -> list[tuple[int, int]]:
    """The span of the words inside every pair of quote marks, before any speaker is looked for.

    Every quote :func:`find_quotes` returns has one of these spans (it drops short quotes that
    nobody is said to have spoken), so a text whose spans are all accounted for has no quote
    that is not, and the costlier search for names and speakers can be skipped.
    """
    segments, _ = _segments(text, paragraphs_of(text))
    spans = (_inner(text, seg.open_at + 1, seg.close_at) for seg in segments)
    return [(start, end) for start, end in spans if start < end]


def _segments(
    text: str, paragraphs: tuple[tuple[int, int], ...]
) -> tuple[list[_Segment], list[QuoteWarning]]:
    segments: list[_Segment] = []
    warnings: list[QuoteWarning] = []
    group = 0
    carried = False  # the previous paragraph's quote goes on in this one
    for n, (p_start, p_end) in enumerate(paragraphs):
        open_at: int | None = None
        for mark in _QUOTE_MARK.finditer(text, p_start, p_end):  # the marks, not every character
            i, ch = mark.start(), mark.group()
            is_open = open_at is None if ch == _STRAIGHT else ch == _OPENING
            if is_open:
                if open_at is not None:
                    warnings.append(_unclosed(open_at))
                open_at = i
                if not (carried and i == p_start):
                    group += 1
                carried = False
            elif open_at is None:
                warnings.append(QuoteWarning(message="a closing quote mark with no opening mark", start=i))
            else:
                segments.append(_Segment(open_at, i, False, group))
                open_at = None
        carried = False
        if open_at is not None:
            next_start = paragraphs[n + 1][0] if n + 1 < len(paragraphs) else None
            if next_start is not None and text[next_start] in '"“':
                segments.append(_Segment(open_at, p_end, True, group))
                carried = True
            else:
                warnings.append(_unclosed(open_at))
    return segments, warnings


def _unclosed(offset: int) -> QuoteWarning:
    return QuoteWarning(
        message="an opening quote mark that is never closed in its paragraph; the quote is left out",
        start=offset,
    )


def _inner(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end


def _attribution(
    text: str, layout: Layout, names: Names, segments: list[_Segment], i: int
) -> tuple[str, str | None] | None:
    seg = segments[i]
    p_start, p_end = layout.paragraph_at(seg.open_at)
    if not seg.continues:
        limit = (
            segments[i + 1].open_at if i + 1 < len(segments) and segments[i + 1].open_at < p_end else p_end
        )
        after_start = seg.close_at + 1
        after = text[after_start : _clause_end(text, after_start, limit)]
        for rx in (_AFTER_VERB_FIRST, _AFTER_WHO_FIRST):
            if (m := rx.match(after)) and (
                found := _resolve(text, names, m.group("who"), after_start + m.start("who"))
            ):
                return found
    floor = max(layout.sentence_at(seg.open_at)[0], p_start)
    if i > 0 and segments[i - 1].close_at >= floor:
        floor = segments[i - 1].close_at + 1
    # A relative clause between the speaker and the verb ("Jay Okoro, who wrote the policy,
    # called it") is blanked out, keeping the offsets.
    before = _RELATIVE.sub(lambda m: " " * len(m.group(0)), text[floor : seg.open_at])
    for rx in (_BEFORE_ACCORDING, _BEFORE_SAID, _BEFORE_PHRASE):
        if (m := rx.search(before)) and (
            found := _resolve(text, names, m.group("who"), floor + m.start("who"))
        ):
            return found
    return None


def _clause_end(text: str, start: int, limit: int) -> int:
    for m in re.finditer(r"[.!?](?=[\s\"”]|$)", text[start:limit]):
        word = re.search(r"([A-Za-z][A-Za-z.]*)$", text[start : start + m.start()])
        if word and (len(word.group(1)) == 1 or word.group(1).lower().rstrip(".") in ABBREVIATIONS):
            continue
        return start + m.start()
    return limit


def _resolve(text: str, names: Names, who: str, offset: int) -> tuple[str, str | None] | None:
    """Who ``who`` (the words of an attribution at ``offset``) is: (name, registry id)."""
    stripped = who.strip(" ,")
    offset += who.index(stripped) if stripped else 0
    end = offset + len(stripped)
    if not stripped or len(stripped.split()) > 12:
        return None
    stripped = re.sub(r"^[Aa]ccording\sto\s", "", stripped)
    inside = [p for p in names.people if offset <= p.start and p.end <= end + 1]
    if inside:
        return inside[-1].name, inside[-1].person_id
    if (person := names.person(stripped, offset)) is not None:
        return person
    if _DOCUMENT.match(stripped):
        issuer = None
        for m in _ISSUER.finditer(text, 0, offset):
            issuer = (
                m.group("who") or m.group("who2"),
                m.start("who") if m.group("who") else m.start("who2"),
            )
        if issuer is not None:
            return _resolve(text, names, issuer[0], issuer[1])
        return None
    orgs = [o for o in names.organizations if offset <= o.start and o.end <= end]
    if orgs:
        return orgs[-1].name, orgs[-1].organization_id
    if (org := names.organization(stripped, offset)) is not None:
        return org
    if re.fullmatch(r"(?:the|a|an)\s[a-z][\w\s'’-]*", stripped, re.I) and len(stripped.split()) <= 4:
        return stripped, None  # "the report": a speaker that is not a person
    if re.fullmatch(r"(?:[A-Z][\w.'’-]*\s?){1,4}", stripped):
        return stripped, None  # a name the article gives without a title
    return None
