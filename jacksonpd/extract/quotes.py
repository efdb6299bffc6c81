"""Direct quotes and who said them.

Quote marks are paired within a paragraph, straight (``"``) or curly (``“ ”``). A quote that
runs over several paragraphs (each opened again, closed only at the end) gives one quote per
paragraph, all with the same speaker. An opening mark that is never closed is reported and
skipped, so it cannot swallow the rest of the article. The words inside the marks are the
quote; a comma that ends them belongs to the attribution and is left out.

The speaker is read from the attribution after the quote (``"…," said Chief Moore``, ``"…," he
said``, ``"…," the statement said``) or before it (``Chief Moore answered, "…"``, ``According to
X, "…"``, ``X called it "…"``); a quote without one continues the speaker of the quote before it
in the paragraph (``"…," said X. "…"``) or of the quote it continues. A quote that no rule
attributes takes, as a fallback, the nearest speaker of its paragraph, or of the paragraph it
goes on from, or else the person its sentence names.
"""

from __future__ import annotations

import re

import attrs

from .names import Names
from .quote_marks import QuoteWarning, Segment, closes_paragraph, inner_span, pair_marks
from .saying import SAYS
from .speakers import Speaker, Speakers, antecedent, blank_asides, hide_dots, is_role, resolve_speaker
from .text import ABBREVIATIONS, Layout, paragraphs_of

__all__ = ["QuoteMention", "QuoteWarning", "find_quotes", "quote_spans"]

# ("jail policy called for checks", "called on the city": a call for something quotes nobody)
_PHRASE_VERBS = (
    rf"(?:{SAYS}|(?:called|calls|call)(?!\s(?:for|on|off|up|back)\b)"
    r"|described|describes|labeled|termed|dubbed)"
)
_WHO = r"(?P<who>[^\"“”;:]{1,90}?)"
# '"…," said NAME, a long description, who …': the speaker is the words up to the first comma.
_AFTER_VERB_FIRST = re.compile(rf"^[,\s]*{SAYS}\s+(?P<who>[^,\"“”;:]{{1,90}}?)\s*(?:,|$)")
# ('"…," and a spokeswoman said' is the sentence's next clause, with its own subject: not this.)
_AFTER_WHO_FIRST = re.compile(rf"^(?![,\s]*(?:and|but)\s)[,\s]*{_WHO}\s+{SAYS}\b")
# '"Stop resisting," an officer can be heard saying on the video.'
_AFTER_HEARD = re.compile(
    r"^[,\s]*(?P<who>[^\"“”;:,]{1,60}?)\s(?:(?:can|could)\sbe|is|was)\sheard\s"
    r"(?:saying|shouting|yelling|screaming|telling)\b"
)
# 'Called "a good first step" by Mayor Jo Tate': a short phrase, its speaker after "by".
_AFTER_BY = re.compile(r"^[,\s]*by\s(?P<who>[^,\"“”;:]{1,60}?)\s*(?:[,;:]|$)")
_BEFORE_ACCORDING = re.compile(r"\b[Aa]ccording\sto\s(?P<who>[^,\"“”;:]{1,90}?)\s*[,:]\s*$")
_BEFORE_SAID = re.compile(rf"(?P<who>[^,.\"“”;:]{{1,90}}?)\s{SAYS}(?:\s[^,:\"“”]{{0,60}}?)?\s*[,:]\s*$")
# (a long subject is taken from a word's start, not cut inside a word)
_BEFORE_PHRASE = re.compile(
    rf"(?P<who>(?<![\w'’-])[^,.\"“”;:]{{1,120}}?),?\s{_PHRASE_VERBS}\b(?!.*\b{_PHRASE_VERBS}\b)"
)
# Words heard on a video or a recording: "shows an officer shouting "…"", "captures a second
# officer saying "…"", "an officer telling him, "…"".
_BEFORE_SPOKEN = re.compile(
    r"^(?:.*\s)?(?P<who>(?i:the|a|an)\s(?:[a-z][\w'’-]*\s){0,3}?[a-z][\w'’-]*)\s"
    r"(?:saying|shouting|yelling|screaming|telling|asking|ordering|warning|chanting)"
    r"(?:\s(?:him|her|them|us|me|the\s[a-z]+))?[,:]?\s*$"
)
# 'Officer Dale Pruitt can be heard shouting, "…"', 'the trooper is heard yelling:': the one heard
_BEFORE_HEARD = re.compile(
    r"(?P<who>(?<![\w'’-])[^,.\"“”;:]{1,60}?)\s(?:(?:can|could)\sbe|is|was)\sheard\s"
    r"(?:saying|shouting|yelling|screaming|telling\s\w+|ordering\s\w+)[,:]?\s*$"
)
_SPOKEN_TAIL = re.compile(r"ing(?:\s(?:him|her|them|us|me|the\s[a-z]+))?[,:]?\s*$")
# "Officer Ann Lutz's voice can be heard:", "his partner's voice is heard saying"
_VOICE = re.compile(
    r"(?P<who>(?:[A-Z][\w.'’-]*\s){0,3}[A-Z][\w.'’-]*?|(?:the|a|an|his|her)\s[a-z]+)['’]s\svoice\s"
    r"(?:(?:can|could)\sbe\s|is\s|was\s)?(?:heard|clear)(?:\s(?:saying|shouting|yelling|telling\s\w+))?[,:]?\s*$"
)
# ", saying she had been promised": a participle of saying, whose subject is the sentence's
_SAYING = re.compile(
    r",\s(?:saying|adding|noting|arguing|writing|explaining|insisting|complaining|calling\sit)\b[^\"“”,]*$"
)
_OWNED = re.compile(r"['’]s\b|(?<=s)['’](?=\s)")
# "officers ordered Ruiz to "…"", "a deputy told him to "…"": an order's words are its giver's
_ORDERED = re.compile(
    r"(?P<who>(?<![\w'’-])[^,.\"“”;:]{1,60}?)\s(?:ordered|commanded|instructed|told|directed|yelled\sat|shouted\sat)"
    r"\s(?:[\w'’-]+\s){1,3}?to\s*$"
)
_ANOTHER = re.compile(r"\s*(?:Another|Another\sone|The\sother|A\ssecond|A\sthird|The\snext)\b")
_BEFORE_THING_VERB = re.compile(r"\b(?:reads|read|says|said|states|stated)\b[^\"“”]*$")
# ('"…?" he asked when we reached him Monday.': a time or place phrase after the verb too)
_BARE_ATTRIBUTION = re.compile(
    rf"[,\s]*(?:{SAYS}\s+[^,]{{1,60}}|[^,]{{1,60}}?\s+{SAYS}"
    rf"(?:(?:\s+\w+){{0,3}}|\s+(?:when|as|while|in|at|during)\s[^,.\"“”]{{1,50}}))\s*"
)
# A speaker described before being named: "the family's lawyer", "a spokesman for the city".
_DESCRIBED = re.compile(r"(?:(?:the|a|an|his|her|their|its)\s|[A-Z][\w.'’-]*['’]s\s)[\w\s'’-]*[a-z]")
# Words in capitals, as signs and flyers print them ("SAY THEIR NAMES."), and what holds them.
_CAPITALS = re.compile(r"[^a-z]*[A-Z]{2}[^a-z]*")
_SIGN = re.compile(r"\b(?P<thing>sign|flyer|banner|poster|placard|billboard|T-shirt)s?\b", re.I)
# A title: capitalised words, the small words between them lowercase, with no sentence's end.
_TITLE = re.compile(r"[A-Z0-9][\w'’-]*(?:\s(?:[A-Z0-9][\w'’-]*|a|an|the|of|for|and|or|in|on|to|at|by))*")
# What stands before a title in quote marks: a possessive ('the station's "Morning Report"') or
# the kind of work it names ('the podcast "Blue Line Stories"', 'a report titled "…"').
_TITLE_BEFORE = re.compile(
    r"(?:[A-Za-z]['’]s|\b(?:show|program|programme|podcast|series|segment|documentary|film|book|column|"
    r"newsletter|titled|entitled|headlined))\s\Z"
)
_TITLE_END = re.compile(r"[.,!?]\Z")


def _is_title(words: str) -> bool:
    """Whether quoted ``words`` are a title: two to eight words, each capitalised but the small
    ones ("Morning Edition Iowa.", "Voices of the Delta")."""
    words = _TITLE_END.sub("", words)
    return 2 <= len(words.split()) <= 8 and bool(_TITLE.fullmatch(words))


_BARE_WHICH = re.compile(r"\s*which\s*")
_RELATIVE_LEAD = re.compile(r"\s*(?:which|who|whom|as)\s(?=\S)")
# ("Jerome St. Clair": "St." is part of a surname, not a sentence's end)
_FULL_NAME = re.compile(r"[A-Z][a-z]+(?:\sSt\.)?(?:\s[A-Z][\w'’-]+){1,2}")
_NAME_ENDS = re.compile(r"\s*(?:[,.;]|$)")
_STOP = re.compile(r"[.!?](?=[\s\"”]|$)")
_LAST_WORD = re.compile(r"([A-Za-z][A-Za-z.]*)$")
# '"…." The statement did not say when': a verb of saying denied is no attribution.
_NOT_SAID = re.compile(r"\b(?:not|n['’]t|never|declined\sto|refused\sto)\s*$")
# A description set off after a name: "a lawyer who …", or an office held with no article
# ("president of the Tacoma Police Guild", "chair of the board").
_A_DESCRIPTION = re.compile(
    r"\s*(?:(?:a|an)\s[a-z]|(?:vice\s|co-)?(?:president|chair|chairman|chairwoman|chairperson|director|"
    r"head|spokesman|spokeswoman|spokesperson|founder|leader|pastor|owner|secretary|treasurer|"
    r"commander|manager|coordinator|organizer)\s(?:of|for|at)\s)"
)
_COMMA_GAP = re.compile(r",\s*")
_ACCORDING_LEAD = re.compile(r"\s*[Aa]ccording\sto\s(?P<who>[^,\"“”;:]{1,90}?),\s")
_SUBJECT_AT = re.compile(r"\s*(?:(?:But|And|Still|Yet|So|The)\s)?")
_AS_PUT_IT = re.compile(r"\b[Aa]s\s(?P<who>[^,.;:\"“”]{2,60}?)\s(?:put|puts|phrased|phrases)\sit\b")
_NICKNAME = re.compile(r"[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*)?")
_CAPITAL_BEFORE_MARK = re.compile(r"(?<![\w'’-])[A-Z][\w.'’-]*\s\Z")
_CAPITAL_AFTER_MARK = re.compile(r"\s[A-Z][\w'’-]*[a-z]")
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


def find_quotes(text: str, layout: Layout, names: Names) -> tuple[list[QuoteMention], list[QuoteWarning]]:
    """Every direct quote, in order, and warnings about unbalanced quote marks."""
    segments, warnings = pair_marks(text, layout.paragraphs)
    speakers = Speakers(text, layout, names, segments)
    found: list[tuple[Segment, QuoteMention]] = []
    for i, seg in enumerate(segments):
        start, end = inner_span(text, seg.start, seg.close_at)
        if start >= end:
            continue  # empty marks: nothing was quoted
        if (
            _NICKNAME.fullmatch(text, start, end)
            and _CAPITAL_BEFORE_MARK.search(text, max(0, seg.open_at - 30), seg.open_at)
            and _CAPITAL_AFTER_MARK.match(text, seg.close_at + 1)
        ):
            continue  # 'Robert "Bobby" Lee': a nickname inside a name, not a quote
        if _TITLE_BEFORE.search(text, max(0, seg.open_at - 14), seg.open_at) and _is_title(text[start:end]):
            continue  # 'on Raccoon River Public Radio's "Morning Edition Iowa."': a title, not a quote
        speaker = _attribution(text, layout, names, segments, i, speakers)
        if speaker is None and _CAPITALS.fullmatch(text, start, end):
            speaker = _sign(text, layout, start)
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
                and closes_paragraph(text, prev_seg, prev_paragraph)
            )
            short = len(text[start:end].split()) <= _MAX_WORDS_INHERITING
            if follows and (asker := _questioner(text, layout, found, start, end)) is not None:
                speaker = asker  # a question after an answer: the one who asked before asks again
            elif (same_paragraph or prev_seg.group == seg.group or (follows and not short)) and prev.speaker:
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
    # Nobody's words: a short quote no one is said to have spoken, or a title ("Waiting for a Name")
    kept = [
        q
        for q in quotes
        if q.speaker or (len(q.text.split()) >= _MIN_WORDS_WITHOUT_SPEAKER and not _TITLE.fullmatch(q.text))
    ]
    # Words kept that no attribution claims: the nearest speaker of their paragraph, or of the
    # paragraph they go on from, rather than no one
    for n, q in enumerate(kept):
        if q.speaker is None and (
            near := _told_after(text, layout, names, speakers, q)
            or speakers.nearest(q.start)
            or _sentence_person(names, layout, q)
            or _sentence_organization(text, names, layout, q)
            or _sentence_document(text, layout, q)
        ):
            kept[n] = attrs.evolve(q, speaker=near[0], speaker_id=near[1])
    # and a quote that goes on over paragraphs is still one speaker's when its first paragraph
    # found one only so ('He says it is too weak.' before a quote of two paragraphs)
    if any(q.speaker is None for q in kept):
        group_of = {q.start: seg.group for seg, q in found}
        by_group = {group_of[q.start]: q for q in reversed(kept) if q.speaker}
        kept = [
            attrs.evolve(q, speaker=by_group[g].speaker, speaker_id=by_group[g].speaker_id)
            if q.speaker is None and (g := group_of[q.start]) in by_group
            else q
            for q in kept
        ]
    return kept, warnings


def quote_spans(text: str) -> list[tuple[int, int]]:
    """The span of the words inside every pair of quote marks, before any speaker is looked for.

    Every quote :func:`find_quotes` returns has one of these spans (it drops short quotes that
    nobody is said to have spoken), so a text whose spans are all accounted for has no quote
    that is not, and the costlier search for names and speakers can be skipped.
    """
    segments, _ = pair_marks(text, paragraphs_of(text))
    spans = (inner_span(text, seg.start, seg.close_at) for seg in segments)
    return [(start, end) for start, end in spans if start < end]


def _attribution(
    text: str, layout: Layout, names: Names, segments: list[Segment], i: int, speakers: Speakers
) -> Speaker | None:
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
        # 'NAME can be heard shouting, "…!" The patrol said …': the words are the one heard
        heard = max(p_start, seg.open_at - 90)
        ended = ended or (
            text.find(" heard ", heard, seg.open_at) != -1
            and _BEFORE_HEARD.search(text, heard, seg.open_at) is not None
        )
        short = len(text[seg.start : seg.close_at].split()) <= _SHORT_PHRASE
        for rx in (
            ()
            if ended
            else (_AFTER_VERB_FIRST, _AFTER_WHO_FIRST, _AFTER_BY, _AFTER_HEARD)
            if short
            else (
                _AFTER_VERB_FIRST,
                _AFTER_WHO_FIRST,
                _AFTER_HEARD,
            )
        ):
            if rx is _AFTER_HEARD and "heard" not in after:
                continue
            if (m := rx.match(after)) is None or _NOT_SAID.search(m.group("who")[-16:]):
                continue
            # 'said the family's lawyer, Harriet Boudreaux-Lane, who …': the name after it
            if (
                rx is _AFTER_VERB_FIRST
                and _DESCRIBED.fullmatch(m.group("who"))
                and after[m.end() - 1 : m.end()] == ","
                and (named := _named_at(text, names, after_start + m.end())) is not None
            ):
                return named
            if found := resolve_speaker(text, names, m.group("who"), after_start + m.start("who"), speakers):
                return found
    if seg.lost_open:
        return None
    floor = max(layout.sentence_at(seg.open_at)[0], p_start)
    if i > 0 and segments[i - 1].close_at >= floor:
        floor = segments[i - 1].close_at + 1
    # A relative clause between the speaker and the verb ("Jay Okoro, who wrote the policy,
    # called it") is blanked out, keeping the offsets.
    before = blank_asides(hide_dots(text[floor : seg.open_at]))
    # The first two end with a comma or a colon (and spaces): on other words, where they could
    # not match, they are not tried (each is tried at every offset of the words).
    ends_clause = before.rstrip()[-1:] in (",", ":")
    tried = (_BEFORE_ACCORDING, _BEFORE_SAID) if ends_clause else ()
    for rx in (*tried, _BEFORE_PHRASE, _BEFORE_HEARD, _BEFORE_SPOKEN):
        if rx is not _BEFORE_PHRASE and not _SPOKEN_TAIL.search(before):
            continue  # (the cheap test first: the words heard end the text before the quote)
        if rx is _BEFORE_HEARD and " heard " not in before:
            continue
        if (m := rx.search(before)) is None:
            continue
        # "…, which the coalition says gives the department": the speaker after "which"
        lead = _RELATIVE_LEAD.match(m.group("who"))
        at = m.start("who") + (lead.end() if lead else 0)
        if _BARE_WHICH.fullmatch(m.group("who")):
            # "the department's first statement, released July 16, which said": the statement's
            if (found := antecedent(text, names, floor, floor + m.start("who"), speakers)) is not None:
                return found
            continue
        # "Ana Ruiz, a lawyer who once represented officers, said": the person before the description
        if (
            (_A_DESCRIPTION.match(before, at) or is_role(m.group("who")[at - m.start("who") :].strip()))
            and (named := _named_before(text, names, floor + at)) is not None
            and not _LEAD_PHRASE.fullmatch(text, floor, floor + at)
        ):
            return named
        if found := resolve_speaker(text, names, before[at : m.end("who")], floor + at, speakers):
            return found
        # 'said in an email that about 180 reports are still "…"': a noun that is also a verb of
        # saying ("reports") is not the attribution, and the verb before it may be
        if rx is _BEFORE_PHRASE and (again := rx.search(before, 0, m.end("who"))) is not None:
            at = again.start("who")
            if found := resolve_speaker(text, names, before[at : again.end("who")], floor + at, speakers):
                return found
    # 'The department's position, as a spokesman put it, is that "…"': who put it so
    if (
        " it" in before  # (the cheap test first)
        and (put := _AS_PUT_IT.search(before)) is not None
        and (found := resolve_speaker(text, names, put.group("who"), floor + put.start("who"), speakers))
    ):
        return found
    # "On the tape, Reyes's voice can be heard: "…"": whose voice it is
    if (
        "voice" in before
        and (voice := _VOICE.search(before)) is not None
        and (found := resolve_speaker(text, names, voice.group("who"), floor + voice.start("who"), speakers))
    ):
        return found
    # "Another, from a sergeant to his squad, reads:": another of the documents just quoted
    if _ANOTHER.match(before) and _BEFORE_THING_VERB.search(before) and speakers.events:
        last = max(speakers.events, key=lambda e: e[0])[1]
        if last[1] is None and last[0].startswith("the "):
            return last
    # 'NAME resigned in May, saying she had been promised "full access"': the one who did so
    if ", " in before and (saying := _SAYING.search(before)) is not None:
        sayers = [
            p
            for p in names.people
            if floor <= p.start and p.end <= floor + saying.start() and not _OWNED.match(text, p.end)
        ]
        if sayers:
            return sayers[0].name, sayers[0].person_id
    # 'According to the video, deputies ordered Ruiz to "…"': whoever gave the order spoke it
    if (
        before.rstrip().endswith(" to")  # (the cheap test first)
        and (ordered := _ORDERED.search(before)) is not None
    ) and (
        found := resolve_speaker(text, names, ordered.group("who"), floor + ordered.start("who"), speakers)
    ):
        return found
    # 'According to a release from the Albany Police Department, the officer "feared …"': the
    # source the sentence opens with
    if (according := _ACCORDING_LEAD.match(before)) is not None and (
        found := resolve_speaker(
            text, names, according.group("who"), floor + according.start("who"), speakers
        )
    ):
        return found
    # 'Councilwoman Dana Pike was blunt: "…"', "Pike's answer:": the subject of the sentence the
    # colon ends
    if before.rstrip().endswith(":"):
        subjects = [(p.start, p.name, p.person_id) for p in names.people]
        subjects += [(o.start, o.name, o.organization_id) for o in names.organizations]
        opening = [
            (start, (name, nid))
            for start, name, nid in subjects
            if floor <= start < seg.open_at and _SUBJECT_AT.fullmatch(text, floor, start)
        ]
        if opening:
            return min(opening)[1]
    return None


# A paragraph that is a quote alone, after a dateline at most ('JACKSON (WLBT) - "…"').
_QUOTE_ALONE = re.compile(
    # ("COLUMBUS, Ohio —", "RALEIGH, N.C. —", "SANTA FE, N.M. (AP) —")
    r"(?:[A-Z][A-Z.'’ -]+(?:,\s[A-Z][A-Za-z.]+(?:\s[A-Z][a-z]+)?)?(?:\s\([^)]{1,40}\))?"
    r"\s[-\u2014\u2013]+\s)?[\"“]"
)
_QUOTE_ALONE_END = re.compile(r"[\"”]\s*\Z")
# The sentence after it that says whose words they were: "That is how Bettye Cranford describes
# the calls", "That's what the chief told the crowd", "Those were the words of …" is not one.
_TOLD_AFTER = re.compile(
    r"(?:That|This|Those|These|It)(?:\s(?:is|was|are|were)|['’]s)\s(?:how|what)\s"
    r"(?P<who>[^,;:\"“”]{1,80}?)\s(?:describes|described|remembers|remembered|recalls|recalled|puts|put|"
    r"explains|explained|says|said|told|tells|sums|summed|talks|talked|sees|saw)\b"
)


def _told_after(
    text: str, layout: Layout, names: Names, speakers: Speakers, q: QuoteMention
) -> Speaker | None:
    """The speaker of a paragraph that is a quote alone, as leads open, when the next paragraph
    opens by saying whose words they were ("That is how NAME describes …")."""
    paragraphs = layout.paragraphs
    p_start, p_end = layout.paragraph_at(q.start)
    if not (_QUOTE_ALONE.fullmatch(text, p_start, q.start) and _QUOTE_ALONE_END.match(text, q.end, p_end)):
        return None
    here = paragraphs.index((p_start, p_end))
    if here + 1 == len(paragraphs):
        return None
    next_start = paragraphs[here + 1][0]
    sentence_end = layout.sentence_at(next_start)[1]
    m = _TOLD_AFTER.match(text, next_start, sentence_end)
    if m is None:
        return _was_named(text, names, next_start, sentence_end)
    return resolve_speaker(text, names, m.group("who"), m.start("who"), speakers)


# "That was NAME, …", "That was the city's safety director, NAME, …", "Those were the words of
# NAME", "That was the message Monday from NAME": the lead's speaker, named by the next
# paragraph's first words
_THAT_WAS = re.compile(
    r"(?:That|Those)(?:\s(?:was|were)|['’]s)\s"
    # ("That was the message Tuesday from NAME", "Those were the words of NAME")
    r"(?:the\s(?:words?|message|plea|warning|reaction|response|view)\s(?:[\w.]+\s){0,3}?(?:of|from)\s)?"
    r"(?:(?P<described>(?:the|a|an|his|her|their|[A-Z][\w.'’-]*['’]s)\s[^,;:\"“”.]{1,80}?),\s)?"
)


def _was_named(text: str, names: Names, start: int, end: int) -> Speaker | None:
    """The person "That was NAME" or "That was DESCRIPTION, NAME," names at ``start``."""
    m = _THAT_WAS.match(text, start, end)
    if m is None:
        return None
    named = [p for p in names.people if p.start == m.end() or (p.title and p.end > m.end() >= p.start)]
    return (named[0].name, named[0].person_id) if named else None


def _questioner(
    text: str, layout: Layout, found: list[tuple[Segment, QuoteMention]], start: int, end: int
) -> Speaker | None:
    """Who asks an unattributed question that has a paragraph to itself, in an exchange: the one
    who asked the question two paragraphs before, when someone else answered between ('"Where
    were you standing?" Ortiz asked.' '"By the door," Lamb said.' '"And you saw nothing?"')."""
    if not text[start:end].rstrip(' "”').endswith("?") or len(found) < 2:
        return None
    answer, asked = found[-1][1], found[-2][1]
    here = layout.paragraphs.index(layout.paragraph_at(start))
    if (
        here < 2
        or layout.paragraph_at(answer.start) != layout.paragraphs[here - 1]
        or layout.paragraph_at(asked.start) != layout.paragraphs[here - 2]
        or not asked.text.endswith("?")
        or not asked.speaker
        or asked.speaker == answer.speaker
    ):
        return None
    return asked.speaker, asked.speaker_id


def _sign(text: str, layout: Layout, at: int) -> Speaker | None:
    """The sign, flyer or banner that words in capitals with no attribution are read from: the
    one named in their paragraph, else in the next, else in the one before ("hung it from an
    overpass: “SAY THEIR NAMES.”" … "The sign was about the two officers")."""
    paragraphs = layout.paragraphs
    here = paragraphs.index(layout.paragraph_at(at))
    before = list(_SIGN.finditer(text, paragraphs[here][0], at))
    if before:  # the one named last before the words
        return f"the {before[-1].group('thing').lower()}", None
    for n in (here, here + 1, here - 1):
        if 0 <= n < len(paragraphs) and (m := _SIGN.search(text, *paragraphs[n])) is not None:
            return f"the {m.group('thing').lower()}", None
    return None


def _named_at(text: str, names: Names, at: int) -> Speaker | None:
    """The person whose name begins at ``at`` (after spaces) and ends its phrase, if any: one
    the article names there, or a name given with nothing around it ("her cousin, Renata
    McBride.")."""
    while at < len(text) and text[at] == " ":
        at += 1
    for p in names.people:
        if p.start == at and _NAME_ENDS.match(text, p.end):
            return p.name, p.person_id
    m = _FULL_NAME.match(text, at)
    if (
        m is None
        or not _NAME_ENDS.match(text, m.end())
        or any(o.start <= at < o.end for o in names.organizations)
    ):
        return None
    return names.person(m.group(0), at)


def _sentence_person(names: Names, layout: Layout, quote: QuoteMention) -> Speaker | None:
    """The person named first in a quote's sentence before it ("Reached Tuesday, Lt. Gary Moss
    declined to comment beyond saying the matter "…""), if any."""
    s_start = max(layout.sentence_at(quote.start)[0], layout.paragraph_at(quote.start)[0])
    named = [p for p in names.people if s_start <= p.start and p.end < quote.start]
    return (named[0].name, named[0].person_id) if named else None


_OWNER_OPENS = re.compile(r"\s*(?:(?:But|And|Still|Yet|So)\s)?(?P<owner>[Tt]he\s[a-z]+)['’]s\s")


def _sentence_organization(text: str, names: Names, layout: Layout, quote: QuoteMention) -> Speaker | None:
    """The organization a quote's sentence opens with, or whose possession it opens with, when
    no one speaks there: 'The Wake County Medical Examiner's Office ruled the death a homicide,
    caused by "…"', 'The agency's written policy requires officers to act "…"'."""
    s_start = max(layout.sentence_at(quote.start)[0], layout.paragraph_at(quote.start)[0])
    opening = [
        o
        for o in names.organizations
        if s_start <= o.start < quote.start and _SUBJECT_AT.fullmatch(text, s_start, o.start)
    ]
    if opening:
        return opening[0].name, opening[0].organization_id
    if (owner := _OWNER_OPENS.match(text, s_start)) is not None and owner.end() < quote.start:
        return names.organization(owner.group("owner"), s_start)
    return None


# A phrase that opens the sentence and names someone as its object, not as the subject the
# description after the comma is of: "In a letter to District Attorney Ana Ruiz, the state's
# review board concluded …", "In an email to Chief Dunn, the union said …".
_LEAD_PHRASE = re.compile(
    r"\s*(?:(?:But|And)\s)?(?:In|On|Through|Via|With)\s(?:a|an|the|its|his|her|their)\s[^,.;:\"“”]{0,60}?"
    r"\s(?:to|for|with)\s(?:[A-Z][\w.'’-]*\s){0,7}[A-Z][\w.'’-]*,\s*"
)


# A sentence whose subject is a document: "The ordinance requires officers to …", "It allows …"
_DOCUMENT_OPENS = re.compile(
    r"\s*(?:(?:But|And)\s)?(?:(?P<it>It)|[Tt]he\s(?:[a-z][\w-]*\s){0,2}?(?P<thing>agreement|ordinance|policy|"
    r"contract|order|decree|law|bill|resolution|settlement|memo|memorandum))\s[a-z]+s\b"
)


_THE_DOCUMENT = re.compile(
    r"(?:^|(?<=[.!?]\s)|(?<=\n))[Tt]he\s(?:[a-z][\w-]*\s){0,2}?(?P<thing>agreement|ordinance|policy|contract|"
    r"order|decree|law|bill|resolution|settlement|memo|memorandum)\b"
)


def _sentence_document(text: str, layout: Layout, quote: QuoteMention) -> Speaker | None:
    """The document a quote's sentence has as its subject, when no one speaks there: 'The
    agreement … It allows either side to act "…"' is the agreement's words ("It" the document
    its paragraph named, at a sentence's start, before)."""
    s_start = max(layout.sentence_at(quote.start)[0], layout.paragraph_at(quote.start)[0])
    opens = _DOCUMENT_OPENS.match(text, s_start, quote.start)
    if opens is None:
        return None
    if opens.group("thing"):
        return f"the {opens.group('thing')}", None
    # "It": the document its paragraph named as a subject before ("The agreement, signed …")
    before = [m for m in _THE_DOCUMENT.finditer(text, layout.paragraph_at(quote.start)[0], s_start)]
    return (f"the {before[-1].group('thing')}", None) if before else None


def _named_before(text: str, names: Names, at: int) -> Speaker | None:
    """The person whose name ends, with a comma, just before ``at`` ("Ana Ruiz, a lawyer")."""
    for p in names.people:
        if p.end < at and _COMMA_GAP.fullmatch(text, p.end, at):
            return p.name, p.person_id
    return None


def _clause_end(text: str, start: int, limit: int) -> int:
    for m in _STOP.finditer(text[start:limit]):
        stop = start + m.start()
        # (from the last space before the stop: a word does not reach back over one)
        word = _LAST_WORD.search(text, max(start, text.rfind(" ", start, stop)), stop)
        if word and (len(word.group(1)) == 1 or word.group(1).lower().rstrip(".") in ABBREVIATIONS):
            continue
        return start + m.start()
    return limit
