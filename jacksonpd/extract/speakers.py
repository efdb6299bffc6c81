"""Who said it: the words of an attribution resolved to a person, an organization or a thing.

:func:`resolve_speaker` reads "Chief Moore", "he", "the department's post", "police",
"a woman who lives nearby"; :class:`Speakers` remembers who has spoken so far (quoted or
reported, "Kemper said the department…") so that "he said" is the right person.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from .name_words import FEMALE_GIVEN, MALE_GIVEN, NOT_NAMES, NOT_PERSON_WORDS
from .names import Names, PersonMention
from .quote_marks import Segment
from .saying import SAYS
from .text import Layout

__all__ = ["Speaker", "Speakers", "antecedent", "blank_asides", "hide_dots", "is_role", "resolve_speaker"]

_OFFICE = re.compile(r"^(?P<who>.+?)['’]s\s(?:office|campaign|administration|staff)$")
_DOCUMENT = re.compile(r"^(?:the|a|an)\s(?:written\s)?(?:statement|release|letter|email|post)$", re.I)
# "X said in a statement", "In a statement, X said", "In a letter delivered this morning, the
# coalition asked": who issued the statement or the letter that is quoted later.
_ISSUER = re.compile(
    rf"(?P<who>[^,.\"“”;:]{{1,60}}?)\s{SAYS}\s(?:\w+\s){{0,2}}in\sa\s(?:written\s|news\s)?(?:statement|release|letter)"
    rf"|\b[Ii]n\sa\s(?:written\s)?(?:statement(?:\s\w+)?|(?:letter|email|release)(?:\s[^,.\"“”;:]{{1,60}})?),"
    rf"\s(?P<who2>[^,.\"“”;:]{{1,60}}?)\s{SAYS}"
)
# What every match of _ISSUER has, found much faster than _ISSUER is tried at every offset.
_IN_A = re.compile(r"[Ii]n\sa\s(?:written\s|news\s)?(?:statement|release|letter)")
# Things that are quoted without a person speaking: "the flyer reads", "the radio crackled".
_THINGS = (
    r"statement|release|letter|email|e-mail|post|flyer|sign|draft|agreement|decree|complaint|motion|"
    r"filing|lawsuit|suit|order|ruling|report|memo|notice|policy|ordinance|bill|radio|recording|"
    r"transcript|text|message|tweet|sheet|video|audio|card|banner|poster|contract|settlement|deal|law|"
    r"opinion|response|findings|study|petition|affidavit|deposition|resolution|summary|audit"
)
_THING_SPEAKER = re.compile(rf"the\s(?:{_THINGS})")
_THING = re.compile(
    rf"^(?:(?i:the|a|an|one|another|its|his|her|their)\s)?(?:[\w'’-]+\s){{0,3}}?(?P<thing>{_THINGS})\b"
)
_SENT = re.compile(
    rf"\b(?:sent|wrote|signed|posted|issued|filed|released|drafted|published|emailed|mailed|shared|"
    rf"put\s(?:up|out))\s(?:in\s)?"  # "wrote in the opinion"
    rf"(?:the|a|an|its|his|her|their)\s(?:[\w-]+\s){{0,3}}?(?P<thing>{_THINGS})\b"
)
_DESCRIBED_BY = re.compile(r"(?:an?|the)\s[a-z][\w\s'’-]{0,40}?,\s")
_LOWER_ORG = re.compile(r"(?:the|its)\s[a-z]+\b(?!['’-])")
# (not a determiner: "the" is a word of "the Court for the Northern District" too)
_MODIFIER = re.compile(r"\b(?!(?:the|its|his|her|their|and|for)\b)[a-z]{3,}\b(?!['’])")
_OWNER_PRONOUN = re.compile(r"(?i:his|her)(?=\s)")
_PRONOUN_WROTE = re.compile(
    rf"\b(?:{_THINGS})\s(?:that\s|which\s)?(?P<pronoun>he|she)\s(?:had\s|later\s)?"
    r"(?:filed|wrote|signed|sent|issued|posted|drafted|submitted|released|published|shared|typed)\b"
)
# "an audit it released in June", "the report they filed", "A lawsuit his mother, Evelyn Van
# Horn, filed Friday": the document of whoever stands between it and the verb (of the sentence's
# subject, for "it" and "they")
_THING_ISSUED = re.compile(
    rf"\b(?P<thing>{_THINGS})\s(?:that\s|which\s)?(?P<who>(?:it|they)|(?:[\w'’.-]+,?\s){{0,3}}?"
    rf"[A-Z][\w'’.-]+(?:\s[A-Z][\w'’.-]+){{0,3}},?)\s(?:had\s|later\s)?"
    r"(?:filed|wrote|signed|sent|issued|posted|drafted|submitted|released|published|shared|commissioned)\b"
)
# The same document by its other name: "the suit says" of "a lawsuit … filed"
_SAME_THING = {"suit": "lawsuit", "e-mail": "email"}
_OWNED = re.compile(r"['’]s\s(?:[a-z][\w-]*\s){0,2}")


def _thing_issued(
    text: str, names: Names, speakers: Speakers, thing: str, p_start: int, offset: int
) -> Speaker | None:
    """The issuer of "the audit" that the paragraph or the one before says was issued by who
    stands between the document and the verb ("an audit it released", "A lawsuit his mother,
    Evelyn Van Horn, filed")."""
    thing = _SAME_THING.get(thing, thing)
    for m in reversed(list(_THING_ISSUED.finditer(text, _paragraph_before(speakers, p_start), offset))):
        if _SAME_THING.get(m.group("thing").lower(), m.group("thing").lower()) != thing:
            continue
        if m.group("who") in ("it", "they"):
            lo, hi = speakers.layout.sentence_at(m.start())[0], m.start()
        else:
            lo, hi = m.start("who"), m.end("who")
        found = [
            *(
                (o.start, (o.name, o.organization_id))
                for o in names.organizations
                if lo <= o.start < hi and not _owns_organization(text, names, o.end)
            ),
            *((p.start, (p.name, p.person_id)) for p in names.people if lo <= p.start < hi),
        ]
        if found:
            return min(found, key=lambda f: f[0])[1]
        # "The lawsuit Rhonda Mack filed": a full name the name rules did not take for a person
        who = m.group("who").rstrip(", ")
        if _TWO_NAMES.fullmatch(who) and not any(
            w in NOT_NAMES or w in NOT_PERSON_WORDS for w in who.split()
        ):
            return names.person(who, m.start("who")) or (who, None)
    return None


_TWO_NAMES = re.compile(r"[A-Z][a-z][\w'’-]*(?:\s[A-Z][\w'’.-]+){1,2}")
_NOUN_THEN_PRONOUN = re.compile(r"(?:[\w'’-]+\s){0,4}(?P<noun>[\w'’-]+)\s(?P<pro>he|she)")
# ("…," which she said; "and she called": the pronoun's own clause, not a noun's relative one)
_JOINERS = frozenset(
    ["which", "who", "whom", "that", "what", "and", "but", "as", "when", "where", "so", "if"]
)
_SUITS = frozenset(["suit", "lawsuit", "complaint"])
_SUED = re.compile(r"\b(?:sued|(?:filed|brought)\s(?:a\s|the\s)?(?:[\w-]+\s){0,2}?(?:lawsuit|suit))\b")


def _who_sued(text: str, names: Names, speakers: Speakers, p_start: int, offset: int) -> Speaker | None:
    """Whoever the paragraph or the one before says sued (or filed a suit): the sentence's
    first person or organization before the verb."""
    for m in reversed(list(_SUED.finditer(text, _paragraph_before(speakers, p_start), offset))):
        s_start = speakers.layout.sentence_at(m.start())[0]
        found = [
            *(
                (o.start, (o.name, o.organization_id))
                for o in names.organizations
                if s_start <= o.start < m.start() and not _owns_organization(text, names, o.end)
            ),
            *((p.start, (p.name, p.person_id)) for p in names.people if s_start <= p.start < m.start()),
        ]
        if found:
            return min(found, key=lambda f: f[0])[1]
    return None


def _owns_organization(text: str, names: Names, at: int) -> bool:
    """Whether a possessive at ``at`` owns an organization named right after it ("the city's
    new Office of Police Oversight"), and so not a document after that."""
    owned = _OWNED.match(text, at)
    return owned is not None and any(o.start == owned.end() for o in names.organizations)


_RELATIVE_THAT = re.compile(r"\bthat\b")
_THING_WORD = re.compile(rf"\b(?P<thing>{_THINGS})\b")
_POSSESSIVE_MARK = re.compile(r"['’]s\s")
_PART_OF = re.compile(r"^(?:part|some|one|parts|a\ssection|a\sline|a\spassage)\sof\s", re.I)
#: A relative clause (", who wrote the policy,"), blanked out between a speaker and the verb.
RELATIVE = re.compile(r",\s(?:who|which|whose|whom)\s[^,\"“”]*,")
# A phrase set off between a speaker and the verb (", in a written response,", ", through a
# spokesman,"), blanked out like a relative clause.
_INSERTED = re.compile(
    r",\s(?:(?:in|through|via|during|at|on|by|with|after|before|for|like|as|speaking|asked)\s[^,\"“”]{1,60}"
    # (a participle's phrase: "posted to its website Sunday", "filed in Maricopa County Superior
    # Court"; one that says whom a document is by or from is left for its issuer)
    r"|(?:[a-z]+ed|held|written|hung|taped|put|sent|shown|seen|torn)\s"
    r"(?:(?:[^,\"“”A-Z]|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b){1,60}"
    r"|(?:in|at|on|to|with|into|before|under)\s(?![^,\"“”]{0,60}\s(?:by|from|behalf)\s)[^,\"“”]{1,60})),"
    rf"(?=\s+(?:also\s|later\s)?(?:{SAYS}|called|calls|described|describes)\b)"
)
# An age set off before the verb ("… on behalf of Devonte Marks, 26, says"), blanked out too.
_AGE_ASIDE = re.compile(rf",\s\d{{1,3}},(?=\s+{SAYS}\b)")
# A period that does not end a sentence ("Jr.", "Sgt.", "J."), hidden so that a speaker's words
# can run over it; one character for one, so offsets are kept.
_ABBREVIATION_DOT = re.compile(
    r"(?=[A-Z])\b(?:Jr|Sr|Dr|Sgt|Lt|Capt|Col|Cpl|Maj|Rev|St|Gov|Sen|Rep|Mr|Mrs|Ms|Prof|Det|Cmdr|Gen|[A-Z])\."
)
_HIDDEN_DOT = "\u2024"
_PRONOUNS = frozenset(["he", "she"])
_PARAPHRASE = re.compile(rf"\s{SAYS}\b")
_QUESTION_ASKED = re.compile(r"\sasked\s(?:[a-z]+\s){0,2}?(?:whether|if|why|how|what|when|where|who)\b")
_ADVERBS = re.compile(r"(?:\s(?:also|later|previously|then|again|has|have|had|once|repeatedly))+\s*$")
_NEGATED = re.compile(r"\b(?:never|not|n't|no\sone|nobody|would|could|will|should|might|may|must|to)\s*$")
# "as the verdict was read", "she was told": a verb of saying in the passive names no speaker
_PASSIVE = re.compile(r"\b(?:was|were|been|being)\s*$")
_SUBJECT_LEAD = re.compile(r"\s*(?:But|And|Still|Yet|So)?\s*")  # before a sentence's subject
_CLAUSE_PART = re.compile(r"[^,;:\"“”]+")
_NAMED_OR_DETERMINED = re.compile(r"[A-Z]|(?:the|a|an)\s")
_THAT = re.compile(r"\b(?:that|and|but)\s")
# "knew only what a release from X told them": the speaker after "what", unless "what" is inside
# a relative clause ("Residents who saw what happened said": the residents)
_WHAT = re.compile(r"\bwhat\s")
_WHO_BEFORE = re.compile(r"\b(?:who|which|whose)\b")
_ACCORDING = re.compile(r"^[Aa]ccording\sto\s")
_DETERMINER = re.compile(r"(?i:the|a|an|one|another)\s")
_POSSESSIVE_S = re.compile(r"['’]s\b|(?<=s)['’](?=\s)")  # ("Ross' lawyer" too)
_DESCRIPTION = re.compile(r"(?:a|an)\s[a-z][\w\s'’-]*")
_UNNAMED = re.compile(r"(?:the|a|an|one|another)\s[a-z][\w\s'’-]*", re.I)
# "a spokeswoman for the district attorney", "an aide to the mayor": someone described by whom
# they work for, which an article may never name
_ROLE_FOR = re.compile(
    r"(?i:the|a|an)\s(?:[a-z][\w'’-]*\s)?[a-z][\w'’-]*\s(?:for|of|to|with|from)\s(?:the\s)?[a-z]"
)
_TRAILING_CLAUSE = re.compile(r",\s\d{1,3},?\s*$|\s(?:who|which|whose)\s.*$")
# A role set off after a name, with no article or with one, and the place it is held: "pastor of
# Mount Zion Fellowship", "a lawyer for the family", "director of Birmingham Urban Ministries".
_ROLE_OF = re.compile(
    r"(?:(?:a|an|the)\s)?(?:[a-z][\w'’-]*\s){0,3}?[a-z][\w'’-]*\s(?:of|for|at|with)\s[^,\"“”;:]+"
)
# ... or a description that opens with an article and ends on a lowercase word: "the victim's
# cousin", "the Hinds County district attorney", "the city's first-term mayor".
_SET_OFF = re.compile(rf"(?:(?:the|a|an)\s(?:[\w'’.-]+\s)*[a-z][\w'’-]*|{_ROLE_OF.pattern})")
_TRAILING_ROLE = re.compile(rf"(?<=[a-z]),\s(?={_SET_OFF.pattern},?\s*$)")
_GROUP = re.compile(
    r"(?:some\s|many\s|other\s)?(?:critics|officials|residents|advocates|protesters|activists|neighbors|"
    r"witnesses|prosecutors|investigators|lawmakers|supporters|opponents|experts|organizers|parents|"
    r"students|families|members)"
)
_FORCE = re.compile(r"(?:[A-Z][\w.'’-]*\s){0,3}(?:police|deputies|officers|troopers)")
_AGENCY = re.compile(r"Police|Sheriff|Patrol|Department of Public Safety")
_CAPITALISED = re.compile(r"(?:[A-Z][\w.'’-]*\s?){1,4}")
_POSSESSOR = re.compile(r"(?:(?:[A-Z][\w.'’-]*\s){0,5}[A-Z][\w.'’-]*|(?<![A-Za-z])[Tt]he\s[a-z]+)$")

#: Who spoke: a name (or "the flyer") and its registry id, if it has one.
Speaker = tuple[str, str | None]


class Speakers:
    """Who has spoken so far, in the order of the text: the speakers of quotes and of reported
    speech ("Kemper said the department…"), to resolve "he said" and "she said"."""

    def __init__(self, text: str, layout: Layout, names: Names, segments: list[Segment]) -> None:
        self.text, self.layout, self.names = text, layout, names
        self.events: list[tuple[int, Speaker]] = []
        inside = [(seg.start, seg.close_at) for seg in segments]
        self._pending = [
            m.start() for m in _PARAPHRASE.finditer(text) if not any(a <= m.start() < b for a, b in inside)
        ]
        self._mentions = [p for p in names.people if not any(a <= p.start < b for a, b in inside)]
        self._genders: dict[str, str] | None = None
        self._learned: dict[str, str] = {}

    def spoke(self, offset: int, speaker: Speaker) -> None:
        """Record that ``speaker`` was quoted at ``offset`` (reported speech before it is resolved
        only when a pronoun needs it)."""
        self.events.append((offset, speaker))

    def pronoun(self, offset: int, word: str = "") -> Speaker | None:
        """Who "he" or "she" at ``offset`` is: in its paragraph, whoever spoke last or was last
        the subject of a sentence ("McGowan was less sure."), else the person named first in it;
        else whoever spoke last, else the person named last. Someone the article shows to be of
        the other gender ("Councilwoman …", "… said she") is passed over."""
        self._catch_up(offset)
        fits = self._fits(word)
        paragraph = self.layout.paragraph_at(offset)
        chosen = self._in_paragraph(paragraph[0], self._asked_floor(offset), fits, first_named=True)
        if chosen is None:
            # Nothing before it in its paragraph: the paragraph before, where whoever spoke, or
            # else was last the subject, is who the article is still talking about.
            earlier = [p for p in self.layout.paragraphs if p[1] <= paragraph[0]]
            if earlier:
                chosen = self._in_paragraph(earlier[-1][0], earlier[-1][1], fits, first_named=False)
        if chosen is None:
            spoke = sorted(((o, s) for o, s in self.events if o < offset and fits(s[0])), key=lambda e: e[0])
            before = [p for p in self._mentions if p.start < offset and fits(p.name)]
            chosen = spoke[-1][1] if spoke else (before[-1].name, before[-1].person_id) if before else None
        if chosen is not None and word in _PRONOUNS:
            # "'I got it,' he said": the article now shows that speaker's gender
            self._learned.setdefault(chosen[0], "m" if word == "he" else "f")
        return chosen

    def _asked_floor(self, offset: int) -> int:
        """Where the pronoun at ``offset`` may look back to in its own sentence: not into a
        question put to it ("Asked whether Nesbitt broke policy, he said"), which names whom the
        question is about, not who answers."""
        s_start = self.layout.sentence_at(offset)[0]
        return s_start if _ASKED.match(self.text, s_start, offset) else offset

    def nearest(self, offset: int) -> Speaker | None:
        """The fallback for words no attribution claims: whoever spoke or was said to speak
        nearest ``offset`` in its paragraph ("X said Y … "…""), else, for words that open their
        paragraph, whoever spoke last in the paragraph before (a paragraph that goes on)."""
        p_start, p_end = self.layout.paragraph_at(offset)
        self._catch_up(p_end)
        here = [(abs(o - offset), s) for o, s in self.events if p_start <= o < p_end and o != offset]
        if here:
            return min(here, key=lambda e: e[0])[1]
        earlier = [p for p in self.layout.paragraphs if p[1] <= p_start]
        if earlier and not self.text[p_start:offset].strip(' "“'):
            before = [(o, s) for o, s in self.events if earlier[-1][0] <= o < earlier[-1][1]]
            if before:
                return max(before, key=lambda e: e[0])[1]
        return None

    def _in_paragraph(
        self, start: int, end: int, fits: Callable[[str], bool], *, first_named: bool
    ) -> Speaker | None:
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
            if named:
                return named[0].name, named[0].person_id
            # "Featherstone's son did not want to talk. She said …": with no one else named, the
            # possessor, whose gender the pronoun checks
            return _owner(self._mentions, start, end, fits)
        if events:
            return max(events, key=lambda e: e[0])[1]
        if subjects:
            return max(subjects, key=lambda e: e[0])[1]
        # "Hollis's neighbor, Tony Reed, watched it." then '"…," he said': the one named last there
        if named:
            return named[-1].name, named[-1].person_id
        # "Alicia Drummond's nephew was shot. She has seen the video.": with no one else named
        # there, the possessor, whose gender the pronoun checks
        return _owner(self._mentions, start, end, fits)

    def _fits(self, word: str) -> Callable[[str], bool]:
        """Whether a speaker may be "he" (or "she"): a person, unless the article shows the
        other gender; not an organization ("the department said") nor a document."""
        want = {"he": "m", "she": "f"}.get(word)
        if want is None:
            return lambda name: True
        if self._genders is None:
            self._genders = _genders(self.text, self.names)
        genders = self._genders
        learned = self._learned
        organizations = {o.name for o in self.names.organizations}
        return lambda name: (
            genders.get(name, learned.get(name, _described_gender(name) or want)) == want
            and name not in organizations
            and name not in _FIRST_PERSON  # a columnist's "I asked NAME": "he" is not the "I"
            and not _THING_SPEAKER.fullmatch(name)
        )

    def _catch_up(self, offset: int) -> None:
        """Resolve the reported speech before ``offset`` that is not resolved yet, in order."""
        while self._pending and self._pending[0] < offset:
            verb = self._pending.pop(0)
            if _QUESTION_ASKED.match(self.text, verb):
                # "Reporters asked whether …": a question, not words of the asker's that "she
                # said" after it answers
                continue
            s_start = max(self.layout.sentence_at(verb)[0], self.layout.paragraph_at(verb)[0])
            before = blank_asides(hide_dots(self.text[s_start:verb]))
            parts = [(m.start(), m.group(0)) for m in _CLAUSE_PART.finditer(before) if m.group(0).strip()]
            if not parts:
                continue
            at, who = parts[-1]
            if _PARAPHRASE.search(who):
                # "NAME said Tuesday that the family had asked": a verb inside what someone is said
                # to have said is not another speaker
                continue
            if len(parts) > 1 and is_role(who.strip()):
                # "Lina Carver, a nurse, testified": the person named before the description
                named_at = parts[-2][0] + s_start
                if any(named_at <= p.start < s_start + at for p in self.names.people):
                    at, who = parts[-2]
            # "Smith also said" is Smith; "the city has never told her" is no one speaking
            who = _ADVERBS.sub("", who)
            if len(who.split()) > 8 or _NEGATED.search(who) or _PASSIVE.search(who):
                continue
            found = resolve_speaker(self.text, self.names, who, s_start + at, self)
            if found is not None and (found[1] is not None or _NAMED_OR_DETERMINED.match(found[0])):
                self.events.append((verb, found))


def _owner(
    mentions: list[PersonMention], start: int, end: int, fits: Callable[[str], bool]
) -> Speaker | None:
    """The person named last between ``start`` and ``end`` who may be the pronoun (there, only
    possessors are left: "Featherstone's son", "Alicia Drummond's nephew")."""
    owners = [p for p in mentions if start <= p.start < end and fits(p.name)]
    return (owners[-1].name, owners[-1].person_id) if owners else None


def _described_gender(name: str) -> str | None:
    """The gender a speaker the article does not name is described by: "a spokesman" is "he",
    "his aunt" is "she"."""
    if not (name[:1].islower() or name.startswith(("A ", "An ", "The "))):
        return None  # (a name: its gender is the given name's)
    if _FEMALE_TITLE.search(name):
        return "f"
    return "m" if _MALE_TITLE.search(name) else None


_FIRST_PERSON = frozenset(["I", "We", "we", "me", "us"])
# A person called by their age alone: "the 71-year-old", "the 34-year-old".
_AGED = re.compile(r"[Tt]he\s\d{1,3}-year-old")
# "Asked whether …, he said", "When asked about …, she said": a question that opens the sentence
_ASKED = re.compile(r"[\s\"“]*(?:When\s|Later\s)?(?i:asked)\s[^.\"“”]*,\s*$")
_FEMALE_TITLE = re.compile(
    r"\b(?:\w*woman|Mrs\.|Ms\.|mother|sister|daughter|widow|aunt|wife|grandmother|girlfriend|niece)\b", re.I
)
_MALE_TITLE = re.compile(
    r"\b(?:\w*(?<!wo)man|Mr\.|father|brother|son|widower|uncle|husband|grandfather|boyfriend|nephew)\b", re.I
)
_SAID_PRONOUN = re.compile(rf"\s{SAYS}\s(?:that\s)?(?P<pronoun>he|she)\b")


def _genders(text: str, names: Names) -> dict[str, str]:
    """The gender the article shows for a person, by their title ("Councilwoman", "his
    father") or by a pronoun right after they speak ("Okoye said she was"), else by a given name
    taken for one gender; none if it shows both or neither."""
    seen: dict[str, set[str]] = {}
    for p in names.people:
        shown = seen.setdefault(p.name, set())
        if p.title and _FEMALE_TITLE.search(p.title):
            shown.add("f")
        if p.title and _MALE_TITLE.search(p.title):
            shown.add("m")
        if (m := _SAID_PRONOUN.match(text, p.end)) is not None:
            shown.add("m" if m.group("pronoun") == "he" else "f")
    for name, shown in seen.items():
        # else a given name readers take for one gender ("Karen Dale", "Tony Reed")
        given = name.split()[0]
        if not shown and len(name.split()) > 1:
            shown.update("f" if given in FEMALE_GIVEN else "m" if given in MALE_GIVEN else "")
    return {name: next(iter(shown)) for name, shown in seen.items() if len(shown) == 1}


def is_role(words: str) -> bool:
    """Whether ``words``, set off after a name, describe the person rather than name anyone:
    "a nurse", "pastor of Mount Zion Fellowship", "a lawyer for the family", "the victim's
    cousin", "the Hinds County district attorney"."""
    return bool(_DESCRIPTION.fullmatch(words) or _SET_OFF.fullmatch(words))


def blank_asides(words: str) -> str:
    """``words`` with the relative clauses and set-off phrases between a speaker and a verb of
    saying blanked out, one space for a character, so that offsets are kept: "Jay Okoro, who
    wrote the policy, called it", "The association, in a written response, said"."""
    if "," not in words:
        return words
    words = RELATIVE.sub(lambda m: " " * len(m.group(0)), words)
    words = _AGE_ASIDE.sub(lambda m: " " * len(m.group(0)), words)
    return _INSERTED.sub(lambda m: " " * len(m.group(0)), words)


def hide_dots(words: str) -> str:
    """``words`` with the periods of abbreviations hidden, one character for one."""
    return _ABBREVIATION_DOT.sub(lambda m: m.group(0)[:-1] + _HIDDEN_DOT, words)


def resolve_speaker(text: str, names: Names, who: str, offset: int, speakers: Speakers) -> Speaker | None:
    """Who ``who`` (the words of an attribution at ``offset``) is: (name, registry id)."""
    who = who.replace(_HIDDEN_DOT, ".")
    # "added that part of the agreement stated": the speaker follows the last "that"; but in "A
    # post on a page that says it speaks for officers called", "carried a post that called", the
    # "that" begins a relative clause, and the speaker is the document before it.
    if "that" in who and (relative := list(_RELATIVE_THAT.finditer(who))) and len(who.split()) > 2:
        head = who[: relative[-1].start()]
        if (doc := _THING_WORD.search(head)) is not None and not _PARAPHRASE.search(head):
            # ("The affidavit that he signed": the relative clause says whose it is)
            words = who.strip() if _PRONOUN_WROTE.search(who) else head.strip()
            return _issuer(text, names, speakers, doc.group("thing").lower(), words, offset)
    if (that := list(_THAT.finditer(who))) and len(who.split()) > 2:
        cut = that[-1].end()
        offset, who = offset + cut, who[cut:]
    if (
        "what " in who
        and (what := list(_WHAT.finditer(who)))
        and not _WHO_BEFORE.search(who, 0, what[-1].start())
    ):
        cut = what[-1].end()
        offset, who = offset + cut, who[cut:]
    # "a woman who lives nearby", "Smith, 45,": the speaker is the words before the clause or age
    if (clause := _TRAILING_CLAUSE.search(who)) is not None:
        who = who[: clause.start()]
    # "Ada Lyle, pastor of Greater Hope Church": the name, not the church
    if (set_off := _TRAILING_ROLE.search(who)) is not None:
        who = who[: set_off.start()]
    # ("CLEVELAND (AP) — The monitor said": the dateline is not part of the speaker)
    stripped = _DATELINE.sub("", who.strip(" ,"))
    offset += who.index(stripped) if stripped else 0
    end = offset + len(stripped)
    if not stripped:
        return None
    if len(stripped.split()) > 12:
        # "A Tulsa police officer accused of … in a holding cell testified": a long description,
        # the person if the article names them after it
        lead = _LONG_LEAD.match(stripped)
        return _named_later(text, names, speakers, lead.group("np"), end) if lead else None
    stripped = _ACCORDING.sub("", stripped)
    if (lead := _TIME_LEAD.match(stripped)) is not None and lead.end() < len(stripped):
        # "Seconds later the dispatcher says": the time the words came is not their speaker
        offset, stripped = offset + lead.end(), stripped[lead.end() :]
    if stripped.lower() in _PRONOUNS:
        return speakers.pronoun(offset, stripped.lower())
    if (pro := _NOUN_THEN_PRONOUN.fullmatch(stripped)) is not None and pro.group(
        "noun"
    ).lower() not in _JOINERS:
        # "a policy she called "…"", "the plan he described as": the pronoun speaks, not the thing
        return speakers.pronoun(offset + pro.start("pro"), pro.group("pro"))
    if stripped in _IT:
        return _it(text, names, speakers, offset)
    if _ONE_OF.fullmatch(stripped) and (things := _plural_things(text, speakers, offset)):
        return f"the {things}", None  # "people held signs. One read:": one of the signs
    if (office := _OFFICE.match(stripped)) is not None:
        # "Mayor Jo Tate's office said": the office speaks for its holder
        return _office_holder(text, names, office.group("who"), stripped, offset, speakers)
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
    if stripped.lower() in _WEARERS and (wearer := _camera_wearer(text, names, offset)) is not None:
        return wearer
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
        if agencies:
            return agencies[-1].name, agencies[-1].organization_id
        # "Metro police wrote" after "Metro Nashville Police": the fuller name the article gives
        first = stripped.split()[0]
        if first[:1].isupper() and (full := _fuller_force(first).search(text)) is not None:
            return full.group(0), None
        return stripped, None
    if _GROUP.fullmatch(stripped):
        return stripped, None  # "critics call it", "residents say": a group the article does not name
    if _AGED.fullmatch(stripped):
        # "Ruth Ames raised him. "…," the 71-year-old said": the one the text is about, as "she"
        return speakers.pronoun(offset)
    if _UNNAMED.fullmatch(stripped) and (
        len(stripped.split()) <= 4 or (len(stripped.split()) <= 7 and _ROLE_FOR.match(stripped))
    ):
        # "the dispatcher": a speaker the article does not name, unless it names them after
        if (subject := _DESCRIBED_SUBJECT.match(stripped + " ")) is not None and (
            named := _named_as(text, names, subject.group("noun"), offset)
        ) is not None:
            return named  # "the group said" after "the group Arkansas Stop Watch"
        return _named_later(text, names, speakers, stripped, end) or (stripped, None)
    if (lead := _DESCRIPTION_LEAD.search(stripped)) is not None:
        # "The independent monitor overseeing the decree said", "two weeks after a veteran
        # narcotics detective wrote": the person, if the article names them after
        return _named_later(text, names, speakers, lead.group("np"), end)
    if _CAPITALISED.fullmatch(stripped):
        return stripped, None  # a name the article gives without a title
    return None


# "the officer" heard on "NAME's body camera" named in the paragraph or the one before: its wearer
_WEARERS = frozenset(["the officer", "the deputy", "the trooper"])
_CAMERA_OF = re.compile(
    r"['’]s\s(?:body[-\s]?cam(?:era)?|body-worn\scamera|dash(?:board)?[-\s]?cam(?:era)?)\b"
)


def _camera_wearer(text: str, names: Names, offset: int) -> Speaker | None:
    """Whose body or dashboard camera the text just before ``offset`` names, if anyone's."""
    floor = max(0, offset - 600)
    cameras = list(_CAMERA_OF.finditer(text, floor, offset))
    if not cameras:
        return None
    at = cameras[-1].start()
    wearers = [p for p in names.people if p.end == at]
    return (wearers[0].name, wearers[0].person_id) if wearers else None


def _office_holder(
    text: str, names: Names, holder: str, office: str, offset: int, speakers: Speakers
) -> Speaker | None:
    """Who speaks for "the mayor's office": the mayor, if the article names one; else the office
    itself, as the article gives it, rather than "the mayor" it never named."""
    found = resolve_speaker(text, names, holder, offset, speakers)
    if found is not None and found[1] is None and found[0].lower() == holder.strip().lower():
        return office, None
    return found


def antecedent(text: str, names: Names, start: int, at: int, speakers: Speakers) -> Speaker | None:
    """Who "which" at ``at`` stands for, in "… the department's first statement on the shooting,
    released July 16, which said": the document named last between ``start`` and ``at``, with
    its issuer, or else the organization named just before the comma."""
    orgs = [o for o in names.organizations if start <= o.start and _COMMA_BEFORE.fullmatch(text, o.end, at)]
    if orgs:
        return orgs[-1].name, orgs[-1].organization_id
    docs = list(_THING_WORD.finditer(text, start, at))
    if docs:
        doc = docs[-1]
        determiners = list(_DETERMINER_BEFORE.finditer(text, max(start, doc.start() - 60), doc.start()))
        if determiners:
            lead = determiners[-1].start()
            words = text[lead:at].rstrip(" ,")
            return _issuer(text, names, speakers, doc.group("thing").lower(), words, lead)
    return None


_DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an|its|his|her|their)\s")
_COMMA_BEFORE = re.compile(r",\s*")


# A description that opens an attribution, before a participle's or a preposition's phrase.
_DESCRIPTION_LEAD = re.compile(
    r"(?P<np>(?i:the|a|an)\s(?:[a-z][\w'’-]*\s){0,3}?(?P<head>[a-z][\w'’-]*))"
    r"(?:\s(?:[a-z]+ing|of|for|with|from|in|at|on|who|whose)\b|$)"
)
# ... and one that opens a long attribution, a place's name before it ("A Cleveland police
# officer accused of beating …")
_LONG_LEAD = re.compile(
    r"(?:[\u2014\u2013]\s)?(?P<np>(?i:the|a|an)\s(?:[A-Z][\w'’-]*\s){0,2}(?:[a-z][\w'’-]*\s){0,3}?"
    r"(?P<head>[a-z][\w'’-]*))\s(?:[a-z]+ing|[a-z]+ed|of|for|with|from|in|at|on|who|whose)\b"
)
# "TOLEDO (Lake Wire) — ", at the start of an article's first sentence
_DATELINE = re.compile(r"^[A-Z][A-Z.,'’ -]+(?:\s\([^)]{1,40}\))?\s[\u2014\u2013]\s")
# "a second officer", "another deputy": someone other than the one named so
_OTHER = re.compile(r"\b(?:second|third|other|another|fellow|one)\b", re.I)


def _named_as(text: str, names: Names, noun: str, before: int) -> Speaker | None:
    """The name the article gave, before ``before``, to what it now calls "the group", "the
    firm", "the nonprofit": "organizes with the group Arkansas Stop Watch", "Harwell Lane
    Consulting, an outside firm"."""
    found = None
    for rx in (
        rf"\b(?:the|a|an)\s(?:[a-z][\w'’-]*\s){{0,2}}{noun},?\s(?P<name>[A-Z][\w'’-]*(?:\s(?:of\s|for\s)?[A-Z][\w'’-]*){{0,5}})",
        rf"(?P<name>[A-Z][\w'’-]*(?:\s(?:of\s|for\s)?[A-Z][\w'’-]*){{0,5}}),\s(?:an?|the)\s(?:[a-z][\w'’-]*\s){{0,3}}{noun}\b",
    ):
        for m in re.finditer(rx, text[:before]):
            if found is None or m.start() > found.start():
                found = m
    if found is None:
        return None
    orgs = [o for o in names.organizations if o.start == found.start("name")]
    if orgs:
        return orgs[0].name, orgs[0].organization_id
    return found.group("name"), None


_DESCRIBED_SUBJECT = re.compile(
    r"\s*[Tt]he\s(?P<noun>group|firm|nonprofit|coalition|organization|union|company)\s"
)


def _fuller_force(first: str) -> re.Pattern[str]:
    """ "Metro Nashville Police", "Metro Nashville Police Department" for "Metro police"."""
    return re.compile(
        rf"\b{re.escape(first)}(?:\s[A-Z][\w'’-]*){{1,3}}\sPolice\b(?:\s(?:Department|Bureau|Service)\b)?"
    )


# How an article names someone it described before: "The detective, Sgt. …", "identified the
# officer who fired as …", "The officer, identified in the lawsuit as …"; the description's word
# is checked after a match, so that no pattern is made for each word.
_NAMED_FOR = (
    re.compile(r"\b[Tt]he\s(?:[a-z][\w'’-]*\s){0,2}(?P<head>[a-z]+),\s"),
    re.compile(
        r"\bidentified\s(?:the|that|this)\s(?P<words>(?:[a-z][\w'’-]*\s){0,2}[a-z]+)\b[^.;\"“”]{0,60}?\bas\s"
    ),
    re.compile(
        r"\b[Tt]he\s(?:[a-z][\w'’-]*\s){0,2}(?P<head>[a-z]+),?\s(?:identified|named)\s[^.;\"“”]{0,60}?\bas\s"
    ),
)


def _named_later(text: str, names: Names, speakers: Speakers, description: str, end: int) -> Speaker | None:
    """The person an unnamed description ("a veteran narcotics detective", "an officer") is, when
    the article names them after it, as reporters do: "The detective, Sgt. Anthony LeBlanc,",
    "identified the officer who fired as Officer Brandon Keels", or a paragraph that opens with a
    name whose description repeats the word ("Hassan Ferreira-Holt, who has led the monitoring
    team,")."""
    if _OTHER.search(description):
        return None
    head = description.split()[-1].lower()
    if len(head) < 4 or not head.isalpha():
        return None
    window = text[end : end + 1200]
    if head[:6] not in window and head[:6] not in window.lower():
        return None  # the word must come again (as a title too) for the article to name whom it describes
    for rx in _NAMED_FOR if head in window else ():
        for m in rx.finditer(window):
            if (m.group("head") if "head" in rx.groupindex else head) != head or head not in m.group(0):
                continue
            at = end + m.end()
            named = [p for p in names.people if at <= p.start <= at + 12]
            if named:
                return named[0].name, named[0].person_id
    # the next paragraph opens with a name not given before, and its sentence repeats the word
    paragraphs = speakers.layout.paragraphs
    here = paragraphs.index(speakers.layout.paragraph_at(end))
    if here + 1 < len(paragraphs):
        p_start, _ = paragraphs[here + 1]
        s_end = speakers.layout.sentence_at(p_start)[1]
        repeats = head[:6] in text[p_start:s_end].lower()
        opening = (
            [p for p in names.people if p.start == p_start and _COMMA_BEFORE.match(text, p.end)]
            if repeats
            else []
        )
        if opening and not any(p.name == opening[0].name and p.start < end for p in names.people):
            return opening[0].name, opening[0].person_id
    return None


# A time that opens a sentence with no comma after it: "Seconds later", "A minute after that",
# "Two hours later", "Then".
_TIME_LEAD = re.compile(
    r"(?:(?:(?:[Aa]n?|[Oo]ne|[Tt]wo|[Tt]hree|[Ff]ew|[Ss]everal|\d+)\s)?(?:[Ss]econds?|[Mm]inutes?|[Mm]oments?|"
    r"[Hh]ours?|[Dd]ays?|[Ww]eeks?)\s(?:later|earlier|afterwards?|after\sthat)"
    r"|Then|Later|Afterwards?|Moments\safter|Soon\safter|At\sone\spoint)\s"
)
_IT = frozenset(["it", "It"])
_THE_NOUN = re.compile(r"\b[Tt]he\s[a-z]+\b(?!['’-])")  # "The bureau", "the union"
# A document named as where something was said, not who said it: "In a news release, it said".
_WHERE_SAID = re.compile(r"\b(?:[Ii]n|[Oo]n|[Tt]hrough|[Vv]ia)\s(?:the|a|an|its)\s(?:[\w-]+\s){0,3}$")


def _it(text: str, names: Names, speakers: Speakers, offset: int) -> Speaker | None:
    """Who "it" at ``offset`` is: the organization or the document (a sign, a post, a report, with
    its issuer if the article names one) named last in its sentence or the sentence before ("The
    agency will say little. In a news release, it said …", "Someone taped a sign to the door. It
    reads: …"); a document named as where the words were said ("In a news release") is not who
    said them."""
    s_start = speakers.layout.sentence_at(offset)[0]
    floor = speakers.layout.sentence_at(max(0, s_start - 1))[0] if s_start else 0
    found: list[tuple[int, Speaker]] = [
        (o.start, (o.name, o.organization_id)) for o in names.organizations if floor <= o.start < offset
    ]
    for m in _THE_NOUN.finditer(text, floor, offset):
        if (org := names.organization(m.group(0), m.start())) is not None:
            found.append((m.start(), org))
    things = [
        m
        for m in _THING_WORD.finditer(text, floor, offset)
        if not _WHERE_SAID.search(text, max(floor, m.start() - 40), m.start())
    ]
    if things and not any(start > things[-1].start() for start, _ in found):
        # the document, or whoever the article says issued it ("The county's flyer … It reads")
        thing = things[-1]
        return _issuer(text, names, speakers, thing.group("thing").lower(), thing.group(0), thing.start())
    return max(found, key=lambda f: f[0])[1] if found else None


_ONE_OF = re.compile(r"(?:One|one|Another|another)(?:\sof\s(?:them|those))?")
_PLURAL_THING = re.compile(rf"\b(?P<thing>{_THINGS})s\b")


def _plural_things(text: str, speakers: Speakers, offset: int) -> str | None:
    """The things "One read" is one of: the last plural document or sign named in the paragraph
    before ``offset`` ("held signs", "three letters"), if any."""
    p_start = speakers.layout.paragraph_at(offset)[0]
    found = list(_PLURAL_THING.finditer(text, p_start, offset))
    return found[-1].group("thing") if found else None


def _issuer(
    text: str, names: Names, speakers: Speakers, thing: str, words: str, offset: int
) -> Speaker | None:
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
    # "Her lawsuit claims", "His letter says": the document of whoever the pronoun is
    if (own := _OWNER_PRONOUN.match(words)) is not None:
        pronoun = "he" if own.group(0).lower() == "his" else "she"
        if (found := speakers.pronoun(offset, pronoun)) is not None:
            return found
    # "The report he filed after the arrest says": the document of whoever the pronoun is
    if (wrote := _PRONOUN_WROTE.search(words)) is not None and (
        found := speakers.pronoun(offset, wrote.group("pronoun"))
    ) is not None:
        return found
    # "A guild statement", "the union's letter" aside: a word before the document that is the
    # last word of an organization named before it
    for word in _MODIFIER.findall(words[: words.lower().rfind(thing)]):
        if (org := names.organization(word, offset)) is not None and word.lower() in org[0].lower().split():
            return org
    for s_mark in reversed(list(_POSSESSIVE_MARK.finditer(text, p_start, end))):
        if any(o.start <= s_mark.start() < o.end for o in names.organizations):
            continue  # ("The District Attorney's Office ruled": a mark inside a name owns nothing)
        if _owns_organization(text, names, s_mark.start()):
            continue  # ("The city's new Office of Police Oversight": the city owns the office, not the audit)
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
    # "Alicia Ferguson … sent the letter to City Hall … the letter states": its sender, in the
    # paragraph or the one before ("The board released its audit Monday." then "The audit says")
    for m in reversed(list(_SENT.finditer(text, _paragraph_before(speakers, p_start), offset))):
        # ("The group posted its own summary on Facebook … the post says": what was posted is a post)
        if m.group("thing").lower() != thing and not (thing == "post" and m.group(0).startswith("posted")):
            continue
        s_start = speakers.layout.sentence_at(m.start())[0]
        senders = [p for p in names.people if s_start <= p.start and p.end <= m.start()]
        if senders:
            return senders[0].name, senders[0].person_id
        issuers = [o for o in names.organizations if s_start <= o.start and o.end <= m.start()]
        if issuers:
            return issuers[0].name, issuers[0].organization_id
        if (subject := _DESCRIBED_SUBJECT.match(text, s_start, m.start())) is not None and (
            group := _named_as(text, names, subject.group("noun"), s_start)
        ) is not None:
            return group  # "The group posted": the group the article named before
    # "… for an audit it released in June." then "according to the audit": the sentence's
    # subject; "A lawsuit his mother, Evelyn Van Horn, filed" then "the suit says": hers
    if (found := _thing_issued(text, names, speakers, thing, p_start, end)) is not None:
        return found
    # "His daughter, NAME, sued the county …" then "The suit said": the suit of whoever sued
    if thing in _SUITS and (found := _who_sued(text, names, speakers, p_start, offset)) is not None:
        return found
    if (by := _issued_by(names, speakers, thing, p_start, end)) is not None:
        return by
    if (wrote_in := _subject_in_a(text, names, speakers, thing, p_start, offset)) is not None:
        return wrote_in
    if _DOCUMENT.match(words) and _IN_A.search(text, 0, offset):  # (none without "in a statement")
        issuer = None
        for m in _ISSUER.finditer(text, 0, offset):
            issuer = (
                m.group("who") or m.group("who2"),
                m.start("who") if m.group("who") else m.start("who2"),
            )
        if issuer is not None:
            return resolve_speaker(text, names, issuer[0], issuer[1], speakers)
    return f"the {thing}", None


# "… ruled the shooting justified in a 22-page report", "… said in its first statement": where a
# sentence's subject put its words (not "was named in the report")
# (The look-behinds come after "in", so that the search skips from "i" to "i".)
_IN_THING = re.compile(
    rf"i(?<!\wi)n(?<!named\sin)(?<!cited\sin)(?<!quoted\sin)(?<!mentioned\sin)(?<!listed\sin)"
    rf"(?<!identified\sin)\s(?:a|an|its|his|her|their)\s(?:[\w-]+\s){{0,3}}?(?P<thing>{_THINGS})\b"
)
_SUBJECT_OPENS = re.compile(r"\s*(?:(?:But|And|The|Then)\s)?")


def _subject_in_a(
    text: str, names: Names, speakers: Speakers, thing: str, p_start: int, offset: int
) -> Speaker | None:
    """The issuer of "the report" that a sentence of the paragraph or the one before says its
    subject wrote: "The Clark County District Attorney's Office ruled the shooting justified in a
    22-page report." then '"…," the report concludes.'"""
    for m in reversed(list(_IN_THING.finditer(text, _paragraph_before(speakers, p_start), offset))):
        if m.group("thing").lower() != thing:
            continue
        s_start = speakers.layout.sentence_at(m.start())[0]
        subjects: list[tuple[int, Speaker]] = [
            *((o.start, (o.name, o.organization_id)) for o in names.organizations),
            *((p.start, (p.name, p.person_id)) for p in names.people),
        ]
        opening = [
            (start, who)
            for start, who in subjects
            if s_start <= start < m.start() and _SUBJECT_OPENS.fullmatch(text, s_start, start)
        ]
        if opening:
            return min(opening, key=lambda f: f[0])[1]
        # "Their attorney, Sheila Ortiz, said in a statement": the subject, after its description
        described = _DESCRIBED_SUBJECT_SAID.fullmatch(text, s_start, m.start())
        if described is not None:
            return resolve_speaker(text, names, described.group("name"), described.start("name"), speakers)
    return None


_DESCRIBED_SUBJECT_SAID = re.compile(
    rf"\s*(?:(?:But|And|Then)\s)?(?:Their|His|Her|Its|Our|The)\s(?:[\w'’-]+\s){{0,2}}?[a-z][\w'’-]*,\s"
    rf"(?P<name>[A-Z][^,\"“”;:]{{1,50}}?),\s{SAYS}\s(?:\w+\s){{0,2}}"
)


def _paragraph_before(speakers: Speakers, p_start: int) -> int:
    """The start of the paragraph before the one that starts at ``p_start`` (or ``p_start``)."""
    earlier = [p for p in speakers.layout.paragraphs if p[1] <= p_start]
    return earlier[-1][0] if earlier else p_start


@functools.lru_cache(maxsize=64)
def _by_pattern(thing: str) -> re.Pattern[str]:
    """ "report … by ", "letter from ", "lawsuit, filed … on behalf of ", for one document word."""
    return re.compile(rf"\b{thing}\b[^.;\"“”]{{0,80}}?\b(?:by|from|on\sbehalf\sof)\s")


def _issued_by(names: Names, speakers: Speakers, thing: str, p_start: int, offset: int) -> Speaker | None:
    """ "a letter sent to the mayor last Friday by the Northside Merchants Association … the
    letter states", "The lawsuit, filed on behalf of Devonte Marks": whoever the paragraph, or
    else the article before it, says the document is by or from."""
    text = speakers.text
    by = _by_pattern(thing)
    # the paragraph first, then the article before it ("The report was written by …" two
    # paragraphs before "the report says")
    # ... and else the paragraph after ("The report was written by an outside firm, …" after
    # the paragraph that quotes it)
    paragraphs = speakers.layout.paragraphs
    here = paragraphs.index(speakers.layout.paragraph_at(offset))
    after_end = paragraphs[here + 1][1] if here + 1 < len(paragraphs) else len(text)
    for m in [
        *reversed(list(by.finditer(text, p_start, offset))),
        *reversed(list(by.finditer(text, 0, p_start))),
        *by.finditer(text, offset, after_end),
    ]:
        at = m.end()
        if (lowered := _LOWER_ORG.match(text, at)) is not None and (
            org := names.organization(lowered.group(0), at)
        ) is not None:
            return org  # "a letter from the association"
        if (described := _DESCRIBED_BY.match(text, at)) is not None:
            at = described.end()  # "by an outside firm, Harwell Lane Consulting"
        found: list[tuple[int, Speaker]] = [
            *(
                (o.start, (o.name, o.organization_id))
                for o in names.organizations
                if at <= o.start <= at + 12
            ),
            *((p.start, (p.name, p.person_id)) for p in names.people if at <= p.start <= at + 12),
        ]
        if found:
            return min(found, key=lambda f: f[0])[1]
    return None
