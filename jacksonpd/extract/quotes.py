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
from collections.abc import Callable

import attrs

from .names import Names
from .text import ABBREVIATIONS, Layout, paragraphs_of

__all__ = ["QuoteMention", "QuoteWarning", "find_quotes", "quote_spans"]

_SAYS = (
    r"(?:said|says|added|adds|explained|explains|answered|answers|asked|asks|told|tells|wrote|writes|"
    r"noted|notes|stated|states|replied|replies|recalled|continued|insisted|argued|argues|warned|"
    r"acknowledged|reads|read|crackled|crackles|reports|reported|posted|declared|declares|announced|"
    r"testified|testifies|say|according\sto)"
)
_PHRASE_VERBS = rf"(?:{_SAYS}|called|calls|call|described|describes|labeled|termed|dubbed)"
_WHO = r"(?P<who>[^\"“”;:]{1,90}?)"
# '"…," said NAME, a long description, who …': the speaker is the words up to the first comma.
_AFTER_VERB_FIRST = re.compile(rf"^[,\s]*{_SAYS}\s+(?P<who>[^,\"“”;:]{{1,90}}?)\s*(?:,|$)")
_AFTER_WHO_FIRST = re.compile(rf"^[,\s]*{_WHO}\s+{_SAYS}\b")
# 'Called "a good first step" by Mayor Jo Tate': a short phrase, its speaker after "by".
_AFTER_BY = re.compile(r"^[,\s]*by\s(?P<who>[^,\"“”;:]{1,60}?)\s*(?:[,;:]|$)")
_OFFICE = re.compile(r"^(?P<who>.+?)['’]s\s(?:office|campaign|administration|staff)$")
_BEFORE_ACCORDING = re.compile(r"\b[Aa]ccording\sto\s(?P<who>[^,\"“”;:]{1,90}?)\s*[,:]\s*$")
_BEFORE_SAID = re.compile(rf"(?P<who>[^,.\"“”;:]{{1,90}}?)\s{_SAYS}(?:\s[^,:\"“”]{{0,60}}?)?\s*[,:]\s*$")
_BEFORE_PHRASE = re.compile(rf"(?P<who>[^,.\"“”;:]{{1,90}}?),?\s{_PHRASE_VERBS}\b(?!.*\b{_PHRASE_VERBS}\b)")
# The attribution that ends a paragraph whose quote was never closed ('“It doubled, director
# Lydia Okafor said.'): the quote ends at the comma before it.
_TRAILING_ATTRIBUTION = re.compile(rf",\s(?:[^,\"“”]{{1,80}}?\s{_SAYS}|{_SAYS}\s[^,\"“”]{{1,80}}?)\.?\s*$")
_DOCUMENT = re.compile(r"^(?:the|a|an)\s(?:written\s)?(?:statement|release|letter|email|post)$", re.I)
_ISSUER = re.compile(
    rf"(?P<who>[^,.\"“”;:]{{1,60}}?)\s{_SAYS}\s(?:\w+\s){{0,2}}in\sa\s(?:written\s|news\s)?(?:statement|release|letter)"
    rf"|\b[Ii]n\sa\s(?:written\s)?statement(?:\s\w+)?,\s(?P<who2>[^,.\"“”;:]{{1,60}}?)\s{_SAYS}"
)
# Things that are quoted without a person speaking: "the flyer reads", "the radio crackled".
_THINGS = (
    r"statement|release|letter|email|e-mail|post|flyer|sign|draft|agreement|decree|complaint|motion|"
    r"filing|lawsuit|suit|order|ruling|report|memo|notice|policy|ordinance|bill|radio|recording|"
    r"transcript|text|message|tweet|sheet|video|audio|card|banner|poster|contract|settlement|deal|law"
)
_THING = re.compile(
    rf"^(?:(?i:the|a|an|one|another|its|his|her|their)\s)?(?:[\w'’-]+\s){{0,3}}?(?P<thing>{_THINGS})\b"
)
_SENT = re.compile(
    rf"\b(?:sent|wrote|signed|posted|issued|filed|released|drafted|published|emailed|mailed)\s"
    rf"(?:the|a|an|its|his|her|their)\s(?:[\w-]+\s){{0,3}}?(?P<thing>{_THINGS})\b"
)
_POSSESSIVE_MARK = re.compile(r"['’]s\s")
_PART_OF = re.compile(r"^(?:part|some|one|parts|a\ssection|a\sline|a\spassage)\sof\s", re.I)
_RELATIVE = re.compile(r",\s(?:who|which|whose|whom)\s[^,\"“”]*,")
# A period that does not end a sentence ("Jr.", "Sgt.", "J."), hidden so that a speaker's words
# can run over it; one character for one, so offsets are kept.
_ABBREVIATION_DOT = re.compile(
    r"\b(?:Jr|Sr|Dr|Sgt|Lt|Capt|Col|Cpl|Maj|Rev|St|Gov|Sen|Rep|Mr|Mrs|Ms|Prof|Det|Cmdr|Gen|[A-Z])\."
)
_HIDDEN_DOT = "\u2024"
_PRONOUNS = frozenset(["he", "she"])
_PARAPHRASE = re.compile(rf"\s{_SAYS}\b")
_ADVERBS = re.compile(r"(?:\s(?:also|later|previously|then|again|has|have|had|once|repeatedly))+\s*$")
_NEGATED = re.compile(r"\b(?:never|not|n't|no\sone|nobody|would|could|will|should|might|may|must|to)\s*$")
_ANOTHER = re.compile(r"\s*(?:Another|Another\sone|The\sother|A\ssecond|A\sthird|The\snext)\b")
_BEFORE_THING_VERB = re.compile(r"\b(?:reads|read|says|said|states|stated)\b[^\"“”]*$")
_SUBJECT_LEAD = re.compile(r"\s*(?:But|And|Still|Yet|So)?\s*")  # before a sentence's subject
_CLAUSE_PART = re.compile(r"[^,;:\"“”]+")
_OPENING = "“"
_CLOSING = "”"
_STRAIGHT = '"'
_QUOTE_MARK = re.compile('["“”]')
_NAMED_OR_DETERMINED = re.compile(r"[A-Z]|(?:the|a|an)\s")
_BARE_ATTRIBUTION = re.compile(
    rf"[,\s]*(?:{_SAYS}\s+[^,]{{1,60}}|[^,]{{1,60}}?\s+{_SAYS}(?:\s+\w+){{0,3}})\s*"
)
_STOP = re.compile(r"[.!?](?=[\s\"”]|$)")
_LAST_WORD = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_THAT = re.compile(r"\b(?:that|and|but)\s")
_ACCORDING = re.compile(r"^[Aa]ccording\sto\s")
_DETERMINER = re.compile(r"(?i:the|a|an|one|another)\s")
_POSSESSIVE_S = re.compile(r"['’]s\b")
_UNNAMED = re.compile(r"(?:the|a|an|one|another)\s[a-z][\w\s'’-]*", re.I)
_TRAILING_CLAUSE = re.compile(r",\s\d{1,3},?\s*$|\s(?:who|which|whose)\s.*$")
_GROUP = re.compile(
    r"(?:some\s|many\s|other\s)?(?:critics|officials|residents|advocates|protesters|activists|neighbors|"
    r"witnesses|prosecutors|investigators|lawmakers|supporters|opponents|experts|organizers|parents|"
    r"students|families|members)"
)
_FORCE = re.compile(r"(?:[A-Z][\w.'’-]*\s){0,3}(?:police|deputies|officers|troopers)")
_AGENCY = re.compile(r"Police|Sheriff|Patrol|Department of Public Safety")
_CAPITALISED = re.compile(r"(?:[A-Z][\w.'’-]*\s?){1,4}")
_POSSESSOR = re.compile(r"(?:(?:[A-Z][\w.'’-]*\s){0,5}[A-Z][\w.'’-]*|the\s[a-z]+)$")
_MIN_WORDS_WITHOUT_SPEAKER = 3
_SHORT_PHRASE = 6  # words: a quoted phrase short enough to be 'called "…" by X'
_MAX_WORDS_INHERITING = 2  # "may" in 'change "may" to "shall"' is no one's quote


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
    open_at: int  # the opening mark (the paragraph's start for a quote that lost its opening mark)
    close_at: int  # the closing mark, or the paragraph's end for a quote that goes on or was never closed
    continues: bool
    group: int
    lost_open: bool = False  # no opening mark: the quote runs from the paragraph's start

    @property
    def start(self) -> int:
        """Where the quoted words can begin."""
        return self.open_at if self.lost_open else self.open_at + 1


def find_quotes(text: str, layout: Layout, names: Names) -> tuple[list[QuoteMention], list[QuoteWarning]]:
    """Every direct quote, in order, and warnings about unbalanced quote marks."""
    segments, warnings = _segments(text, layout.paragraphs)
    speakers = _Speakers(text, layout, names, segments)
    found: list[tuple[_Segment, QuoteMention]] = []
    for i, seg in enumerate(segments):
        start, end = _inner(text, seg.start, seg.close_at)
        if start >= end:
            continue  # empty marks: nothing was quoted
        speaker = _attribution(text, layout, names, segments, i, speakers)
        if speaker is None and found:
            prev_seg, prev = found[-1]
            paragraph = layout.paragraph_at(seg.start)
            prev_paragraph = layout.paragraph_at(prev_seg.start)
            same_paragraph = prev_paragraph == paragraph
            # A paragraph that is all quote, right after one whose quote had a speaker, goes on
            # with that speaker.
            follows = (
                seg.open_at == paragraph[0]
                and prev_paragraph[1] < paragraph[0]
                and not text[prev_paragraph[1] : paragraph[0]].strip()
                and _closes_paragraph(text, prev_seg, prev_paragraph)
            )
            short = len(text[start:end].split()) <= _MAX_WORDS_INHERITING
            if (same_paragraph or prev_seg.group == seg.group or (follows and not short)) and prev.speaker:
                speaker = (prev.speaker, prev.speaker_id)
        quote = QuoteMention(
            text=text[start:end],
            speaker=speaker[0] if speaker else None,
            speaker_id=speaker[1] if speaker else None,
            start=start,
            end=end,
            continues=seg.continues,
        )
        if speaker:
            speakers.spoke(start, speaker)
        found.append((seg, quote))
    # A quote over several paragraphs has one speaker, wherever the attribution is.
    by_group = {seg.group: q for seg, q in reversed(found) if q.speaker}
    quotes = [
        attrs.evolve(q, speaker=by_group[seg.group].speaker, speaker_id=by_group[seg.group].speaker_id)
        if q.speaker is None and seg.group in by_group
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
    spans = (_inner(text, seg.start, seg.close_at) for seg in segments)
    return [(start, end) for start, end in spans if start < end]


def _closes_paragraph(text: str, seg: _Segment, paragraph: tuple[int, int]) -> bool:
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


def _segments(
    text: str, paragraphs: tuple[tuple[int, int], ...]
) -> tuple[list[_Segment], list[QuoteWarning]]:
    segments: list[_Segment] = []
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
                    segments.append(_Segment(p_start, i, False, group, lost_open=True))
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
                segments.append(_Segment(open_at, i, False, group))
                open_at = None
            first = False
        carried = False
        if open_at is not None:
            next_start = paragraphs[n + 1][0] if n + 1 < len(paragraphs) else None
            if next_start is not None and text[next_start] in '"“':
                segments.append(_Segment(open_at, p_end, True, group))
                carried = True
            else:
                tail = _TRAILING_ATTRIBUTION.search(text, open_at, p_end)
                segments.append(_Segment(open_at, tail.start() if tail else p_end, False, group))
                warnings.append(_unclosed(open_at))
    return segments, warnings


def _no_opening(offset: int) -> QuoteWarning:
    return QuoteWarning(message="a closing quote mark with no opening mark", start=offset)


def _unclosed(offset: int) -> QuoteWarning:
    return QuoteWarning(
        message="an opening quote mark that is never closed in its paragraph; the quote is taken "
        "to the end of its paragraph, or to the attribution that ends it",
        start=offset,
    )


def _inner(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end


_Speaker = tuple[str, str | None]


class _Speakers:
    """Who has spoken so far, in the order of the text: the speakers of quotes and of reported
    speech ("Kemper said the department…"), to resolve "he said" and "she said"."""

    def __init__(self, text: str, layout: Layout, names: Names, segments: list[_Segment]) -> None:
        self.text, self.layout, self.names = text, layout, names
        self.events: list[tuple[int, _Speaker]] = []
        inside = [(seg.start, seg.close_at) for seg in segments]
        self._pending = [
            m.start() for m in _PARAPHRASE.finditer(text) if not any(a <= m.start() < b for a, b in inside)
        ]
        self._mentions = [p for p in names.people if not any(a <= p.start < b for a, b in inside)]
        self._genders: dict[str, str] | None = None

    def spoke(self, offset: int, speaker: _Speaker) -> None:
        """Record that ``speaker`` was quoted at ``offset`` (reported speech before it is resolved
        only when a pronoun needs it)."""
        self.events.append((offset, speaker))

    def pronoun(self, offset: int, word: str = "") -> _Speaker | None:
        """Who "he" or "she" at ``offset`` is: in its paragraph, whoever spoke last or was last
        the subject of a sentence ("McGowan was less sure."), else the person named first in it;
        else whoever spoke last, else the person named last. Someone the article shows to be of
        the other gender ("Councilwoman …", "… said she") is passed over."""
        self._catch_up(offset)
        fits = self._fits(word)
        paragraph = self.layout.paragraph_at(offset)
        chosen = self._in_paragraph(paragraph[0], offset, fits, first_named=True)
        if chosen is None:
            # Nothing before it in its paragraph: the paragraph before, where whoever spoke, or
            # else was last the subject, is who the article is still talking about.
            earlier = [p for p in self.layout.paragraphs if p[1] <= paragraph[0]]
            if earlier:
                chosen = self._in_paragraph(earlier[-1][0], earlier[-1][1], fits, first_named=False)
        if chosen is not None:
            return chosen
        spoke = sorted(((o, s) for o, s in self.events if o < offset and fits(s[0])), key=lambda e: e[0])
        if spoke:
            return spoke[-1][1]
        before = [p for p in self._mentions if p.start < offset and fits(p.name)]
        return (before[-1].name, before[-1].person_id) if before else None

    def _in_paragraph(
        self, start: int, end: int, fits: Callable[[str], bool], *, first_named: bool
    ) -> _Speaker | None:
        """Whoever spoke last between ``start`` and ``end``, or was last the subject of a
        sentence there; with ``first_named``, else the person named first there. Speakers come
        before subjects for a paragraph before the pronoun's own."""
        events = [(o, s) for o, s in self.events if start <= o < end and fits(s[0])]
        # "Tolliver's mother, Janice Tolliver," is about the mother: a possessor is not the subject
        named = [
            p
            for p in self._mentions
            if start <= p.start < end and fits(p.name) and not _POSSESSIVE_S.match(self.text, p.end)
        ]
        subjects = [
            (p.start, (p.name, p.person_id))
            for p in named
            if _SUBJECT_LEAD.fullmatch(self.text, self.layout.sentence_at(p.start)[0], p.start)
        ]
        if first_named:
            candidates = events + subjects
            if candidates:
                return max(candidates, key=lambda e: e[0])[1]
            return (named[0].name, named[0].person_id) if named else None
        if events:
            return max(events, key=lambda e: e[0])[1]
        return max(subjects, key=lambda e: e[0])[1] if subjects else None

    def _fits(self, word: str) -> Callable[[str], bool]:
        """Whether a person may be "he" (or "she"): unless the article shows the other gender."""
        want = {"he": "m", "she": "f"}.get(word)
        if want is None:
            return lambda name: True
        if self._genders is None:
            self._genders = _genders(self.text, self.names)
        genders = self._genders
        return lambda name: genders.get(name, want) == want

    def _catch_up(self, offset: int) -> None:
        """Resolve the reported speech before ``offset`` that is not resolved yet, in order."""
        while self._pending and self._pending[0] < offset:
            verb = self._pending.pop(0)
            s_start = max(self.layout.sentence_at(verb)[0], self.layout.paragraph_at(verb)[0])
            before = _RELATIVE.sub(lambda m: " " * len(m.group(0)), _hide_dots(self.text[s_start:verb]))
            parts = [(m.start(), m.group(0)) for m in _CLAUSE_PART.finditer(before) if m.group(0).strip()]
            if not parts:
                continue
            at, who = parts[-1]
            # "Smith also said" is Smith; "the city has never told her" is no one speaking
            who = _ADVERBS.sub("", who)
            if len(who.split()) > 8 or _NEGATED.search(who):
                continue
            found = _resolve(self.text, self.names, who, s_start + at, self)
            if found is not None and (found[1] is not None or _NAMED_OR_DETERMINED.match(found[0])):
                self.events.append((verb, found))


_FEMALE_TITLE = re.compile(
    r"\b(?:\w*woman|Mrs\.|Ms\.|mother|sister|daughter|widow|aunt|wife|grandmother|girlfriend|niece)\b", re.I
)
_MALE_TITLE = re.compile(
    r"\b(?:\w*man|Mr\.|father|brother|son|widower|uncle|husband|grandfather|boyfriend|nephew)\b", re.I
)
_SAID_PRONOUN = re.compile(rf"\s{_SAYS}\s(?:that\s)?(?P<pronoun>he|she)\b")


def _genders(text: str, names: Names) -> dict[str, str]:
    """The gender the article shows for a person, by their title ("Councilwoman", "his
    father") or by a pronoun right after they speak ("Okoye said she was"); none if it shows
    both or neither."""
    seen: dict[str, set[str]] = {}
    for p in names.people:
        shown = seen.setdefault(p.name, set())
        if p.title and _FEMALE_TITLE.search(p.title):
            shown.add("f")
        if p.title and _MALE_TITLE.search(p.title):
            shown.add("m")
        if (m := _SAID_PRONOUN.match(text, p.end)) is not None:
            shown.add("m" if m.group("pronoun") == "he" else "f")
    return {name: next(iter(shown)) for name, shown in seen.items() if len(shown) == 1}


def _hide_dots(words: str) -> str:
    return _ABBREVIATION_DOT.sub(lambda m: m.group(0)[:-1] + _HIDDEN_DOT, words)


def _attribution(
    text: str, layout: Layout, names: Names, segments: list[_Segment], i: int, speakers: _Speakers
) -> _Speaker | None:
    seg = segments[i]
    p_start, p_end = layout.paragraph_at(seg.start)
    if not seg.continues:
        limit = (
            segments[i + 1].open_at if i + 1 < len(segments) and segments[i + 1].open_at < p_end else p_end
        )
        after_start = seg.close_at + 1
        after = text[after_start : _clause_end(text, after_start, limit)]
        # After a quote that ends its sentence ('"…." She said no report was filed'), only a
        # bare attribution ('"…." he said.') belongs to it.
        ended = text[seg.close_at - 1] in ".!?" and not _BARE_ATTRIBUTION.fullmatch(after)
        short = len(text[seg.start : seg.close_at].split()) <= _SHORT_PHRASE
        for rx in (
            ()
            if ended
            else (_AFTER_VERB_FIRST, _AFTER_WHO_FIRST, _AFTER_BY)
            if short
            else (
                _AFTER_VERB_FIRST,
                _AFTER_WHO_FIRST,
            )
        ):
            if (m := rx.match(after)) and (
                found := _resolve(text, names, m.group("who"), after_start + m.start("who"), speakers)
            ):
                return found
    if seg.lost_open:
        return None
    floor = max(layout.sentence_at(seg.open_at)[0], p_start)
    if i > 0 and segments[i - 1].close_at >= floor:
        floor = segments[i - 1].close_at + 1
    # A relative clause between the speaker and the verb ("Jay Okoro, who wrote the policy,
    # called it") is blanked out, keeping the offsets.
    before = _RELATIVE.sub(lambda m: " " * len(m.group(0)), _hide_dots(text[floor : seg.open_at]))
    for rx in (_BEFORE_ACCORDING, _BEFORE_SAID, _BEFORE_PHRASE):
        if (m := rx.search(before)) and (
            found := _resolve(text, names, m.group("who"), floor + m.start("who"), speakers)
        ):
            return found
    # "Another, from a sergeant to his squad, reads:": another of the documents just quoted
    if _ANOTHER.match(before) and _BEFORE_THING_VERB.search(before) and speakers.events:
        last = max(speakers.events, key=lambda e: e[0])[1]
        if last[1] is None and last[0].startswith("the "):
            return last
    return None


def _clause_end(text: str, start: int, limit: int) -> int:
    for m in _STOP.finditer(text[start:limit]):
        word = _LAST_WORD.search(text[start : start + m.start()])
        if word and (len(word.group(1)) == 1 or word.group(1).lower().rstrip(".") in ABBREVIATIONS):
            continue
        return start + m.start()
    return limit


def _resolve(text: str, names: Names, who: str, offset: int, speakers: _Speakers) -> _Speaker | None:
    """Who ``who`` (the words of an attribution at ``offset``) is: (name, registry id)."""
    who = who.replace(_HIDDEN_DOT, ".")
    # "added that part of the agreement stated": the speaker follows the last "that".
    if (that := list(_THAT.finditer(who))) and len(who.split()) > 2:
        cut = that[-1].end()
        offset, who = offset + cut, who[cut:]
    # "a woman who lives nearby", "Smith, 45,": the speaker is the words before the clause or age
    if (clause := _TRAILING_CLAUSE.search(who)) is not None:
        who = who[: clause.start()]
    stripped = who.strip(" ,")
    offset += who.index(stripped) if stripped else 0
    end = offset + len(stripped)
    if not stripped or len(stripped.split()) > 12:
        return None
    stripped = _ACCORDING.sub("", stripped)
    if stripped.lower() in _PRONOUNS:
        return speakers.pronoun(offset, stripped.lower())
    if (office := _OFFICE.match(stripped)) is not None:
        # "Mayor Jo Tate's office said": the office speaks for its holder
        return _resolve(text, names, office.group("who"), offset, speakers)
    thing = _THING.match(_PART_OF.sub("", stripped))
    if thing is not None and _DETERMINER.match(stripped):
        # "a flyer on Old Canton Road reads": the flyer, not a person named Road
        return _issuer(text, names, speakers, thing.group("thing").lower(), stripped, offset)
    inside = [
        p
        for p in names.people
        if offset <= p.start and p.end <= end + 1 and not _POSSESSIVE_S.match(text, p.end)
    ]
    if inside:
        return inside[-1].name, inside[-1].person_id
    if (person := names.person(stripped, offset)) is not None:
        return person
    if (role := names.role(stripped, offset)) is not None:
        return role
    if thing is not None:
        return _issuer(text, names, speakers, thing.group("thing").lower(), stripped, offset)
    orgs = [o for o in names.organizations if offset <= o.start and o.end <= end]
    if orgs:
        return orgs[-1].name, orgs[-1].organization_id
    if (org := names.organization(stripped, offset)) is not None:
        return org
    if _FORCE.fullmatch(stripped) is not None:
        # "police said", "Jackson police said": the police department named last, if any
        agencies = [o for o in names.organizations if o.start < offset and _AGENCY.search(o.name)]
        return (agencies[-1].name, agencies[-1].organization_id) if agencies else (stripped, None)
    if _GROUP.fullmatch(stripped):
        return stripped, None  # "critics call it", "residents say": a group the article does not name
    if _UNNAMED.fullmatch(stripped) and len(stripped.split()) <= 4:
        return stripped, None  # "the dispatcher": a speaker the article does not name
    if _CAPITALISED.fullmatch(stripped):
        return stripped, None  # a name the article gives without a title
    return None


def _issuer(
    text: str, names: Names, speakers: _Speakers, thing: str, words: str, offset: int
) -> _Speaker | None:
    """The speaker of a document's words ("the post reads"): whoever the paragraph says issued
    it ("the department's post", "a statement" from someone who "said in a statement"), or the
    document itself ("the flyer") when the article names no one."""
    p_start = speakers.layout.paragraph_at(offset)[0]
    end = offset + len(words)
    # "a statement from the Pearl Police Department": the issuer is in the words themselves
    named = [o for o in names.organizations if offset <= o.start and o.end <= end]
    named_people = [p for p in names.people if offset <= p.start and p.end <= end]
    if named_people:
        return named_people[-1].name, named_people[-1].person_id
    if named:
        return named[-1].name, named[-1].organization_id
    for s_mark in reversed(list(_POSSESSIVE_MARK.finditer(text, p_start, end))):
        m = _POSSESSOR.search(text, max(p_start, s_mark.start() - 80), s_mark.start())
        if m is None:
            continue
        owner = m.group(0)
        found = names.organization(owner, m.start()) or names.person(owner, m.start())
        if found is None:
            inside = [p for p in names.people if m.start() <= p.start and p.end <= m.end()]
            found = (inside[-1].name, inside[-1].person_id) if inside else None
        if found is not None:
            return found
    # "Alicia Ferguson … sent the letter to City Hall … the letter states": its sender
    for m in reversed(list(_SENT.finditer(text, p_start, offset))):
        if m.group("thing").lower() != thing:
            continue
        s_start = speakers.layout.sentence_at(m.start())[0]
        senders = [p for p in names.people if s_start <= p.start and p.end <= m.start()]
        if senders:
            return senders[0].name, senders[0].person_id
        issuers = [o for o in names.organizations if s_start <= o.start and o.end <= m.start()]
        if issuers:
            return issuers[0].name, issuers[0].organization_id
    if _DOCUMENT.match(words):
        issuer = None
        for m in _ISSUER.finditer(text, 0, offset):
            issuer = (
                m.group("who") or m.group("who2"),
                m.start("who") if m.group("who") else m.start("who2"),
            )
        if issuer is not None:
            return _resolve(text, names, issuer[0], issuer[1], speakers)
    return f"the {thing}", None
