"""People and organizations: who the article names, with the titles it gives them.

A person is recognised by what newspapers put around a name: a title before it ("Jackson Police
Chief Anthony Moore", "Jackson resident Lee Bernard", "spokeswoman Renee Carter"), a verb of
saying beside it ("said Lee Bernard"), or the registry. Organizations come from the registry
(names, abbreviations, aliases) and from their shape ("X Police Department", "X County", "the
FOP"; :mod:`.organizations`). Short forms resolve to the full name given earlier ("Moore" ->
"Anthony Moore"). The words these patterns are made of are in :mod:`.name_words`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, TypeVar

import attrs

from .name_words import CAP_WORD, MODIFIERS, NOT_NAMES, NOT_PERSON_WORDS, TITLE_WORDS
from .organizations import KNOWN_ACRONYMS, OrganizationMention, find_organizations
from .registry_forms import RegistryIndex, find_forms, indexed
from .text import Layout, alternation, lowered

if TYPE_CHECKING:
    from ..seeds.registry import Registry

__all__ = ["PARTICLES", "Names", "OrganizationMention", "PersonMention", "find_names", "surname_of"]

# A name: "Moore", "McAllister", "DeShawn", "LeBlanc", "O'Bannon", "Gaines-Whitaker", "Shaw-DuBois",
# "St.", "J.", "Hernández-Rigby" (accented letters too). An inner capital after one to three
# letters is part of the name (tried first, or "Mc" would do); an apostrophe continues a name
# only before a capital, so "Ray's" is "Ray" and a possessive.
_NAME_TOKEN = (
    r"(?:St\.|(?:[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]{0,2}[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+|[A-ZÀ-ÖØ-Þ]['’][A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+|[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+)"
    r"(?:-[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]{0,2}[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+|-[A-ZÀ-ÖØ-Þ]?[a-zß-öø-ÿ]+|['’][A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+)*|[A-ZÀ-ÖØ-Þ]\.)"
)
_SUFFIX = r"(?:,?\s(?:Jr\.|Sr\.|III|II|IV))?"
_NAME_TOKEN_RE = re.compile(_NAME_TOKEN)
_NAME_BEFORE = re.compile(rf"(?<![\w'’-])(?P<name>(?:{_NAME_TOKEN}\s){{1,2}})$")
# The lowercase particles inside a surname: "Tomás de la Cruz", "Pieter van der Berg", "Khalid
# bin Tariq".
_LOWER_PARTICLE = r"(?:de|del|la|van|von|der|den|du|da|di|dos|le|bin|ibn)"
# (a word is one of them by a set lookup: the regex's fullmatch took longer)
_LOWER_PARTICLES = frozenset(_LOWER_PARTICLE[3:-1].split("|"))
# A lowercase particle joined to a surname's capital: "Yusuf el-Amin", "Marco d'Alessio". Only a
# word after the first takes one (a name does not begin with it), and the surname alone is found
# as the rest of its name's surnames are.
_JOINED_PARTICLE = r"(?:(?:al|el|ad|ibn|bin|abu)-|d['’](?=[A-ZÀ-ÖØ-Þ]))"
_SURNAME_TOKEN = rf"(?:{_JOINED_PARTICLE}?{_NAME_TOKEN})"
_SURNAME_TOKEN_RE = re.compile(_SURNAME_TOKEN)
_NAME = rf"{_NAME_TOKEN}(?:\s(?!(?:Jr|Sr)\.)(?:{_LOWER_PARTICLE}\s){{0,2}}{_SURNAME_TOKEN}){{0,3}}{_SUFFIX}"
# The title word and the name after it; the words before the title word that belong to the
# title ("Jackson Police" in "Jackson Police Chief Anthony Moore") are taken afterwards, from a
# short window, which is much faster than one pattern trying them at every offset.
# ("said Review Panel co-chair Dr. NAME", "vice chair Rev. NAME": an abbreviated title after the
# title word is the title's too, or the title word's name would be its "Dr" alone)
_TITLE_ABBREVIATION = "|".join(
    w[0].upper() + w[1:] for w in TITLE_WORDS.split("|") if w.endswith("\\.") and "\\s" not in w
)
_TITLED = re.compile(
    rf"(?<![\w.])(?P<word>(?i:{TITLE_WORDS}))(?!\w)\s(?P<name>(?:(?:{_TITLE_ABBREVIATION})\s){{0,2}}{_NAME})"
)
_TITLE_STARTS = frozenset(w.replace("\\.", "") for w in TITLE_WORDS.split("|"))
_TITLE_LEAD = re.compile(rf"(?:(?:{CAP_WORD}|(?i:{MODIFIERS}))\s){{0,4}}$")
_SAYS_WORDS = (
    r"said|says|added|adds|explained|explains|answered|asked|asks|told|tells|wrote|writes|noted|"
    r"stated|replied|recalled|continued|testified|argued|insisted|acknowledged|conceded|warned"
)
_SAYS = alternation(_SAYS_WORDS)
# (a name may end with its suffix's period: "said Ray Pugh Jr., who")
_SAID_NAME = re.compile(rf"\b{_SAYS}\s(?P<name>{_NAME})(?!\w)")
_NAME_SAID = re.compile(rf"(?P<name>{_NAME})\s{_SAYS}\b")
_APPOSITIVE = re.compile(rf"(?P<name>{_NAME}),\s(?:an?|the)\s(?P<title>[a-z][\w\s'’-]{{2,40}}?),")
# "Her name is Carolyn Ruiz.": a person the article introduces so, with no title and no "said"
_NAME_IS = re.compile(rf"\b(?:[Hh]er|[Hh]is|[Mm]y)\sname\sis\s(?P<name>{_NAME})(?!\w)")

_PRONOUNS = {"he", "she", "him", "her"}
_ROLE = re.compile(
    r"(?:[Tt]he\s)?(?:(?:former|interim|acting|police|county|city|new|university|lieutenant)\s)*(?P<role>[a-z]+)",
    re.I,
)
_M = TypeVar("_M", "PersonMention", "OrganizationMention")


@attrs.frozen(kw_only=True)
class PersonMention:
    """A person the article names; ``start``/``end`` span the title and the name."""

    name: str
    title: str | None
    person_id: str | None
    start: int
    end: int


@attrs.frozen
class Names:
    """The people and organizations of one article, and how to resolve a short form."""

    text: str
    people: list[PersonMention]
    organizations: list[OrganizationMention]
    registry_people: dict[str, tuple[str, str]]  # alias or name (lowercase) -> (id, full name)
    registry_orgs: dict[str, tuple[str, str]]

    def person(self, words: str, offset: int) -> tuple[str, str | None] | None:
        """Resolve ``words`` (a name, a short form, a pronoun) at ``offset`` to (name, id)."""
        words = words.strip()
        if words.lower() in _PRONOUNS:
            before = [p for p in self.people if p.start < offset]
            return (before[-1].name, before[-1].person_id) if before else None
        key = words.lower()
        if key in self.registry_people:
            pid, name = self.registry_people[key]
            return name, pid
        tokens = words.split()
        surname = tokens[-1]
        # A given name and a surname ("his aunt, Delia Marsh") name the one so called, not an
        # earlier relative who shares the surname ("Owen Marsh", "Owen Marsh-Lyle")
        given = tokens[0] if _given_and_surname(tokens) else None
        namesake = False
        for p in sorted(self.people, key=lambda p: p.start):
            if p.name == words or p.name.split()[-1] == surname:
                if given is None or p.name.split()[0] == given:
                    return p.name, p.person_id
                namesake = True
        if namesake:
            return words, None
        # A full name given without a title ("The man's mother, Gloria Tate, said"): the first
        # capitalised words the article puts before the same surname.
        # "the Alliance" is the organization whose name ends so, not a person "Justice Alliance"
        if any(o.name.split()[-1] == surname or _head_of(o.name) == surname for o in self.organizations):
            return None
        if _NAME_TOKEN_RE.fullmatch(surname) and surname not in NOT_PERSON_WORDS:
            at = self.text.find(surname)
            while at != -1:
                end = at + len(surname)
                if end == len(self.text) or not self.text[end].isalnum():
                    m = _NAME_BEFORE.search(self.text, max(0, at - 60), at)
                    full = _trim_name(m.group("name") + surname) if m else None
                    if full and len(full[0].split()) > 1:
                        if given is not None and full[0].split()[0] != given:
                            return words, None
                        return full[0], None
                at = self.text.find(surname, end)
        return None

    def role(self, words: str, offset: int) -> tuple[str, str | None] | None:
        """Resolve "the chief", "the former chief", "the provost" to the person named last before
        ``offset`` whose title has that word; None if the article named no one so."""
        m = _ROLE.fullmatch(words.strip())
        if m is None or not _is_title_word(m.group("role")):
            return None
        role = m.group("role").lower()
        before = [p for p in self.people if p.start < offset and p.title and role in _title_words(p.title)]
        return (before[-1].name, before[-1].person_id) if before else None

    def organization(self, words: str, offset: int) -> tuple[str, str | None] | None:
        """Resolve ``words`` ("the FOP", "the county", "a department spokesman") to (name, id)."""
        words = re.sub(r"^(?:the|a|an)\s", "", words.strip(), flags=re.I)
        key = words.lower()
        if key in self.registry_orgs:
            oid, name = self.registry_orgs[key]
            return name, oid
        if _is_acronym(words):
            # "the GBI" after "the Georgia Bureau of Investigation": the name it stands for
            for o in self.organizations:
                if _initials(o.name) == words and o.name != words:
                    return o.name, o.organization_id
        for o in self.organizations:
            if o.name.lower() == key:
                return o.name, o.organization_id
        head = key.split()[-1] if key else ""
        before = [o for o in self.organizations if o.start < offset]
        for o in reversed(before):  # "the county" is the last county named before it
            # ("the bureau" after "the FBI": a word of the name the acronym stands for)
            if head and (head in o.name.lower().split() or head in _ACRONYM_WORDS.get(o.name, ())):
                return o.name, o.organization_id
        # "the union" is the police union named last before it ("the Portland Police Association")
        kinds = _KINDS.get(head, frozenset())
        for o in reversed(before) if kinds else ():
            if not kinds.isdisjoint(o.name.split()):
                return o.name, o.organization_id
        # "the attorney general's public integrity division": a part of the organization named
        # before whose name has the owner's words ("the Mississippi Attorney General's Office")
        unit = _UNIT_OWNER.match(key)
        owner = f" {unit.group('owner')}" if unit else ""
        for o in reversed(before) if owner else ():
            if owner in f" {o.name.lower()}":
                return o.name, o.organization_id
        return None


def _is_acronym(words: str) -> bool:
    return 2 <= len(words) <= 6 and words.isupper() and words.isalpha()


def _initials(name: str) -> str:
    """The capitals an acronym takes from a name: "GBI" of "Georgia Bureau of Investigation"."""
    return "".join(w[0] for w in name.split() if w[0].isupper())


# The abbreviated titles, spelled out, so that "the governor" is "Gov. Ann Pruitt".
_ABBREVIATED_TITLES = {
    "gov.": "governor",
    "sen.": "senator",
    "rep.": "representative",
    "lt.": "lieutenant",
    "sgt.": "sergeant",
    "capt.": "captain",
    "col.": "colonel",
    "maj.": "major",
    "det.": "detective",
    "cmdr.": "commander",
    "cpl.": "corporal",
    "supt.": "superintendent",
    "prof.": "professor",
}


def _title_words(title: str) -> list[str]:
    """The words of a title, lowercase, its abbreviations spelled out ("Gov." is "governor")."""
    return [_ABBREVIATED_TITLES.get(w, w) for w in title.lower().split()]


def find_names(text: str, registry: Registry | None, layout: Layout | None = None) -> Names:
    """Every person and organization the article names, in order."""
    index = indexed(registry)
    layout = layout or Layout.of(text)
    found = _full_org_names(_dedupe(find_organizations(text, layout, index)))
    organizations = _dateline_city(text, _acronyms_of(text, _inverted_names(found)))
    people = _outside(
        text, _nicknamed(text, _dedupe(_people(text, layout, index)), index.people), organizations
    )
    people = _dedupe([*people, *_bare_names(text, layout, people, organizations, index.people)])
    people = _dedupe([*people, *_surnames(text, layout, people)])
    return Names(text, _full_names(people), organizations, index.people, index.orgs)


def _outside(
    text: str, people: list[PersonMention], organizations: list[OrganizationMention]
) -> list[PersonMention]:
    """The people whose name is not inside a longer organization's name: "The Fort Wayne Police
    Department said" names no one called "Fort Wayne", nor "the 9-member Eastside Review Task
    Force" a "member" called "Eastside Review Task"."""
    if not organizations:
        return people
    spans = [(o.start, o.end) for o in organizations]
    return [
        p
        for p in people
        # ("Professor Ann Ode of Tulane University" is hers: the name must go on into the organization's)
        if not (
            _NAME_GOES_ON.match(text, p.end)
            and any(start <= _name_start(text, p) and p.end < end for start, end in spans)
        )
    ]


_NAME_GOES_ON = re.compile(r"(?:['’]s)?\s[A-Z]")  # "Fort Worth Police", "District Attorney's Office"


def _name_start(text: str, p: PersonMention) -> int:
    """Where the name of ``p`` begins, after its title (its span's start if the name is not the
    words found, as for a registry name)."""
    at = p.end - len(p.name)
    return at if at >= p.start and text.startswith(p.name, at) else p.start


# ("Nicholas van der Berg", "Nicholas Van der Berg": lowercase particles inside the surname)
_BARE = re.compile(
    rf"(?<![\w.'’-])(?P<name>{_NAME_TOKEN}(?:\s(?!(?:Jr|Sr)\.)(?:{_LOWER_PARTICLE}\s){{0,2}}{_SURNAME_TOKEN}){{1,2}}"
    # ("Hollis Pryor Jr., his lawyer": the suffix is the name's)
    r"(?:\s(?:Jr|Sr)\.|,?\s(?:III|II|IV)(?![\w-]))?)"
    # ("Alicia Drummond's nephew": a possessive ends the name)
    r"(?![\w-]|['’](?!s\b))"
)
# What may stand before and after a name given without a title: the start of a sentence, a comma,
# "and", "by", "shot"...; then a comma, a possessive or a lowercase word ("Dorothy Strong keeps").
_BARE_BEFORE = re.compile(
    r"(?:^|[.!?]\s+|\n|[,;\u2014\u2013]\s|\b(?:and|by|shot|named|(?i:when|after|before|while|until|since|because|if))\s)$"
)
_BARE_BEFORE_COMMA = re.compile(r"\b(?:of|with|for|to)\s$")  # "the family of Terrance Hill, who"
_BARE_AFTER = re.compile(r"^(?:,|['’]s\b|\s[a-z]|\s*$)")
_LOWER_BEFORE = re.compile(r"[a-z]\s$")
# Where a bare name may begin: a capital with no letter, digit or .'’- before it. (The
# look-behinds come after the capital, so that the search skips from capital to capital; the
# look-ahead passes over a capital whose word is not followed by a capital or a particle, where
# no name of two words begins.)
_BARE_START = re.compile(
    rf"[A-Z](?<![^\W_].)(?<![.'’-].)(?=\S*\s(?:[A-ZÀ-ÖØ-Þ]|{_LOWER_PARTICLE}\s|{_JOINED_PARTICLE}[A-ZÀ-ÖØ-Þ]))"
)
_WHO_AFTER = re.compile(r",\s(?:who|whose)\s")
# Words of a name that end with a period and are no initial: "St. Clair", "Ray Pugh Jr."
_NOT_INITIALS = ("St.", "Jr.", "Sr.")
_SENTENCE_ON = re.compile(r"\s[A-Z\"“]")
#: The words before a surname that are part of it ("Van Buren", "St. Germain", "De La Cruz").
PARTICLES = frozenset(["Van", "Von", "De", "Del", "Della", "Da", "Di", "Du", "La", "Le", "St."])


def _bare_names(
    text: str,
    layout: Layout,
    people: list[PersonMention],
    organizations: list[OrganizationMention],
    reg: dict[str, tuple[str, str]],
) -> Iterator[PersonMention]:
    """Full names the article gives without a title or a verb of saying beside them ("Dorothy
    Strong keeps the bracelet", "Two members, Dana Whitfield and Roy Kemper, voted")."""
    taken = [(p.start, p.end) for p in people] + [(o.start, o.end) for o in organizations]
    end = -1
    for capital in _BARE_START.finditer(text):
        start = capital.start()
        if start < end:
            continue
        m = _BARE.match(text, start)
        if m is None:
            continue
        tokens = m.group("name").split()
        if tokens[0] in NOT_NAMES:
            continue  # "When Gloria Tate filed": the name may start at the next word
        end = m.end()
        if (
            _is_title_word(tokens[0])
            or any(t in NOT_PERSON_WORDS or t in NOT_NAMES for t in tokens)
            or any(t.endswith(".") and t not in _NOT_INITIALS for t in tokens[1:])
            or tokens[-1] == "St."
            or not (
                _BARE_BEFORE.search(text[max(0, m.start() - 8) : m.start()])
                or (
                    _BARE_BEFORE_COMMA.search(text[max(0, m.start() - 8) : m.start()])
                    and text[m.end() : m.end() + 1] == ","
                )
                # "Tull's colleague Bernard Okafor-Reese, who", "was Earnestine Howze, whose"
                or (
                    _LOWER_BEFORE.search(text, max(0, m.start() - 2), m.start())
                    and _WHO_AFTER.match(text, m.end())
                )
                # "an officer kicking Darnell Whitcomb while" … "Whitcomb, 41, is seeking": a name
                # after a lowercase word, whose surname the article goes on to use alone
                or (
                    _LOWER_BEFORE.search(text, max(0, m.start() - 2), m.start())
                    and _used_alone(text, tokens[-1], m.end())
                )
            )
            or _surname_alone(m.group("name"))  # "Van Buren", "De la Cruz": a surname alone
            # (a suffix's period may end the sentence too: "shot Ray Pugh Jr. The")
            or not (
                _BARE_AFTER.match(text[m.end() : m.end() + 3])
                or (tokens[-1] in _NOT_INITIALS[1:] and _SENTENCE_ON.match(text, m.end()))
            )
            or any(a < m.end() and m.start() < b for a, b in taken)
        ):
            continue
        yield _person(m.group("name"), None, m.start(), m.end(), reg)


def _used_alone(text: str, surname: str, after: int) -> bool:
    """Whether ``surname`` comes again after ``after`` as a word of its own, with no capitalised
    word just before or after it ("Whitcomb, 41, is", "said Whitcomb")."""
    if len(surname) < 3 or surname in NOT_PERSON_WORDS or surname in NOT_NAMES:
        return False
    at = text.find(surname, after)
    while at != -1:
        end = at + len(surname)
        if (
            not (text[at - 1].isalnum() or text[at - 1] in "'’-")
            and not (end < len(text) and (text[end].isalnum() or text[end] in "-"))
            and not _CAPITAL_AFTER.match(text, end)
            and not _capital_before(text, at)
        ):
            return True
        at = text.find(surname, end)
    return False


_APOSTROPHE_CAPITAL = re.compile(r"['’][A-Z]")
# a capitalised word just before, in the same sentence ("Old Canton Road"; not "the Capitol." or
# a paragraph's end)
_CAPITAL_BEFORE = re.compile(r"[A-Z][\w.'’-]*(?<![a-z]{3}\.)[ \t]\Z")
# ("But Pike said": a word that opens a sentence is not part of a run of names)
_OPENERS = frozenset(
    [
        "But",
        "And",
        "Still",
        "Yet",
        "So",
        "Then",
        "Now",
        "Later",
        "Instead",
        "Meanwhile",
        "Even",
        "Only",
        "Asked",
        "When",
        "If",
        "As",
        "After",
        "Before",
        "While",
        "Since",
        "Because",
        "Although",
        "Though",
        "Until",
        "Once",
    ]
)


def _capital_before(text: str, at: int) -> bool:
    """Whether a capitalised word that does not open a sentence ends just before ``at``."""
    m = _CAPITAL_BEFORE.search(text, max(0, at - 20), at)
    return m is not None and m.group(0).rstrip() not in _OPENERS


_CAPITAL_AFTER = re.compile(r"\s[A-Z]")


def _surnames(text: str, layout: Layout, people: list[PersonMention]) -> Iterator[PersonMention]:
    """A surname used alone ("Baker says", "Gaines-Whitaker disagreed") is the person of that
    surname named last before it, or, if none was, the first named after it."""
    full = sorted((p for p in people if len(p.name.split()) > 1), key=lambda p: p.start)
    by_surname: dict[str, list[PersonMention]] = {}
    for p in full:
        surname = surname_of(p.name)
        if _SURNAME_TOKEN_RE.fullmatch(surname.split()[-1]) and not surname.endswith("."):
            by_surname.setdefault(surname, []).append(p)
    taken = [(p.start, p.end) for p in people]
    if not by_surname:
        return
    # Each surname is found with str.find: an article has a few, and a pattern made of them
    # would be compiled anew for every article.
    hits: list[tuple[int, int, str]] = []
    for surname in sorted(by_surname, key=len, reverse=True):
        # "de la Cruz" is "De la Cruz" at the start of a sentence
        forms = {surname, surname[0].upper() + surname[1:]}
        for form in forms:
            start = text.find(form)
            while start != -1:
                end = start + len(form)
                if not (start and (text[start - 1].isalnum() or text[start - 1] in "'’-")) and not (
                    end < len(text)
                    and (text[end].isalnum() or text[end] in "-_" or _APOSTROPHE_CAPITAL.match(text, end))
                ):
                    hits.append((start, end, surname))
                start = text.find(form, end)
    dead: set[str] | None = None
    for start, end, found in sorted(hits):
        if (
            any(a <= start < b for a, b in taken)
            or _capital_before(text, start)
            or _CAPITAL_AFTER.match(text, end)
        ):
            continue  # inside a run of capitalised words ("Old Canton Road"): not a surname alone
        named = by_surname[found]
        before = [p for p in named if p.start < start]
        p = before[-1] if before else named[0]
        if len({n.name for n in named}) > 1:  # relatives who share a surname
            if dead is None:
                dead = _dead(text, full)
            if p.name in dead:
                p = _living_namesake(text, before, dead, start, end) or p
        yield PersonMention(name=p.name, title=None, person_id=p.person_id, start=start, end=end)


# Someone the article says was killed or died: "Damon Cranford, who died Saturday", "Rodney
# Fairchild, 34, was killed", "the death of Ona Beale".
_DIED_AFTER = re.compile(
    r"(?:,\s\d{1,3})?,?\s(?:who\s)?(?:died|had\sdied|was\s(?:fatally\s)?(?:shot|killed|pronounced\sdead))\b"
)
_DIED_BEFORE = re.compile(r"\b(?:death|killing|funeral)\sof\s\Z")
_SAYS_AFTER = re.compile(rf"\s{_SAYS}\b")
_SAYS_BEFORE = re.compile(rf"\b{_SAYS}\s\Z")


def _dead(text: str, full: list[PersonMention]) -> set[str]:
    """The people (full names) the article says were shot, killed or died where it names them."""
    return {
        p.name
        for p in full
        if _DIED_AFTER.match(text, p.end) or _DIED_BEFORE.search(text, max(0, p.start - 24), p.start)
    }


def _living_namesake(
    text: str, before: list[PersonMention], dead: set[str], start: int, end: int
) -> PersonMention | None:
    """For a surname alone that speaks ("Cranford told", "said Greer") where relatives share it,
    the one named last before it who is not said to have been killed or to have died: the dead
    do not give interviews, the family does."""
    if not (_SAYS_AFTER.match(text, end) or _SAYS_BEFORE.search(text, max(0, start - 16), start)):
        return None
    living = [p for p in before if p.name not in dead]
    return living[-1] if living else None


def _given_and_surname(tokens: list[str]) -> bool:
    """Whether ``tokens`` are a given name and a surname ("Delia Marsh"), no title, article or
    possessive among them ("The Marsh Group", "Mr. Marsh", "Chief Marsh's office")."""
    return 1 < len(tokens) < 4 and all(
        _NAME_TOKEN_RE.fullmatch(t)
        and "." not in t
        and t not in NOT_NAMES
        and t not in NOT_PERSON_WORDS
        and not _is_title_word(t)
        for t in tokens
    )


_SUFFIX_AT_END = re.compile(r",?\s(?:Jr\.|Sr\.|III|II|IV)$")


def surname_of(name: str) -> str:
    """The surname of a full name, with the particles that belong to it ("Curtis Van Buren" is
    "Van Buren") and without a suffix ("Jr.")."""
    tokens = _SUFFIX_AT_END.sub("", name).split()
    n = len(tokens) - 1
    while n > 1 and (tokens[n - 1] in PARTICLES or tokens[n - 1] in _LOWER_PARTICLES):
        n -= 1
    return " ".join(tokens[n:])


# What a story calls an organization after naming it, when the name has another head word.
# "the union", "the lodge", "the guild": the police union named last before it, whichever of
# these words its name uses ("the Fraternal Order of Police", "the Police Benevolent Association")
_UNIONS = frozenset(["Union", "Association", "Guild", "Lodge", "Brotherhood", "Federation", "Order"])
_KINDS = {word: _UNIONS for word in ("union", "lodge", "guild", "brotherhood")}
# The words of the names the known acronyms stand for: "bureau" for "FBI".
_ACRONYM_WORDS = {a: frozenset(n.lower().split()) - {"of", "for", "the"} for a, n in KNOWN_ACRONYMS.items()}
_UNIT_OWNER = re.compile(
    r"(?P<owner>[a-z][\w-]*(?:\s[a-z][\w-]*){0,2})['’]s\s(?:[a-z][\w-]*\s){0,3}"
    r"(?:division|unit|bureau|section|office|team|staff)$"
)
_HEAD_TAIL = re.compile(r"\s(?:of|for)\s.*$")


@functools.lru_cache(maxsize=512)
def _head_of(name: str) -> str:
    """The last word of an organization's name before its "of" or "for" tail: "Alliance" for
    "the Lakeshore Alliance for Police Accountability", "Union" for "Teamsters Union"."""
    return _HEAD_TAIL.sub("", name).rsplit(" ", 1)[-1]


def _full_org_names(organizations: list[OrganizationMention]) -> list[OrganizationMention]:
    """An organization named by its last word alone ("the Alliance") is the one whose full name
    ends so ("the Coastal Georgia Justice Alliance"), or whose name's head is that word before
    its "of" or "for" ("the Alliance for Safe Streets"): the one named nearest before, or else
    the first after."""
    out = []
    for o in organizations:
        if o.organization_id is None and len(o.name.split()) == 1:
            longer = [f for f in organizations if _head_of(f.name) == o.name and f.name != o.name]
            if not longer and _is_acronym(o.name):
                # "the FOP" after "the Fraternal Order of Police": the name it stands for
                longer = [f for f in organizations if _initials(f.name) == o.name and f.name != o.name]
            if (chosen := _nearest_before(longer, o.start)) is not None:
                o = attrs.evolve(o, name=chosen.name, organization_id=chosen.organization_id)
        out.append(o)
    return out


# "the Justice Department" for "the Department of Justice", "the Attorney General's Office" for
# "the Office of the Attorney General": a name with its head word last
_INVERTED = re.compile(r"(?P<what>(?:[A-Z][\w'’-]*\s){1,3}?)(?P<head>Department|Office|Bureau|Division)")
_POSSESSIVE_END = re.compile(r"['’]s$")


def _inverted_names(organizations: list[OrganizationMention]) -> list[OrganizationMention]:
    """An organization named with its head word last ("the Corrections Department") is the one
    named with the head word first ("the Kansas Department of Corrections"): the one named nearest
    before, or else the first after."""
    out = []
    for o in organizations:
        if o.organization_id is None and (m := _INVERTED.fullmatch(o.name)) is not None:
            what = _POSSESSIVE_END.sub("", m.group("what").strip())
            ends = (f"{m.group('head')} of {what}", f"{m.group('head')} of the {what}")
            longer = [f for f in organizations if f.name.endswith(ends)]
            if (chosen := _nearest_before(longer, o.start)) is not None:
                o = attrs.evolve(o, name=chosen.name, organization_id=chosen.organization_id)
        out.append(o)
    return out


# (the look-behind after the first capital, so that the search skips from capital to capital)
_ACRONYM_AT = re.compile(r"[A-Z](?<![\w.&-].)[A-Z]{2,5}(?![\w&-]|\.\w)")


def _acronyms_of(text: str, organizations: list[OrganizationMention]) -> list[OrganizationMention]:
    """An acronym the article uses alone ("HPD does not name officers") names the organization
    whose capitals it is ("the Honolulu Police Department", named in full before or after), so
    that "the department" after it is that one."""
    by_initials: dict[str, OrganizationMention] = {}
    for o in organizations:
        if len(o.name.split()) > 2 and 3 <= len(initials := _initials(o.name)) <= 6:
            by_initials.setdefault(initials, o)
    if not by_initials:
        return organizations
    spans = [(o.start, o.end) for o in organizations]
    added = [
        OrganizationMention(
            name=full.name, organization_id=full.organization_id, start=m.start(), end=m.end()
        )
        for m in _ACRONYM_AT.finditer(text)
        if (full := by_initials.get(m.group())) is not None and not any(a <= m.start() < b for a, b in spans)
    ]
    return sorted([*organizations, *added], key=lambda o: o.start) if added else organizations


# "SHREVEPORT, La. — ", "CLEVELAND (AP) — ": the city an article is datelined in
_DATELINE_CITY = re.compile(
    r"\s*(?P<city>[A-Z][A-Z.'’ -]*[A-Z.])(?:,\s[A-Z][A-Za-z.]*(?:\s[A-Z][A-Za-z.]*)?)?"
    r"(?:\s\([^)]{1,40}\))?\s[\u2014\u2013]"
)


def _dateline_city(text: str, organizations: list[OrganizationMention]) -> list[OrganizationMention]:
    """ "the city" of an article datelined in another city ("SHREVEPORT, La. —") is that city's
    government, not the city the registry calls "the city"."""
    m = _DATELINE_CITY.match(text)
    if m is None:
        return organizations
    city = f"City of {m.group('city').title()}"
    return [
        attrs.evolve(o, name=city, organization_id=None)
        if text[o.start : o.end].lower() == "the city" and o.name.startswith("City of ") and o.name != city
        else o
        for o in organizations
    ]


def _nearest_before(mentions: list[_M], start: int) -> _M | None:
    """Of the fuller mentions a short one may stand for, the one named last before ``start``,
    or else the first named after it."""
    before = [m for m in mentions if m.start < start]
    return before[-1] if before else mentions[0] if mentions else None


def _surname_alone(name: str) -> bool:
    """Whether ``name`` is a surname with its particles and no given name ("Van Allen",
    "St. Clair", "de la Cruz")."""
    tokens = name.split()
    return len(tokens) > 1 and all(t in PARTICLES or t in _LOWER_PARTICLES for t in tokens[:-1])


def _full_names(people: list[PersonMention]) -> list[PersonMention]:
    """A surname given with a title ("said Mayor Quarles-Bynum") is the person of that surname
    named in full: the one named last before it, or else the first named after it."""
    full = [p for p in people if len(p.name.split()) > 1 and not _surname_alone(p.name)]
    out = []
    for p in people:
        if p.person_id is None and (len(p.name.split()) == 1 or _surname_alone(p.name)):
            same = [f for f in full if surname_of(f.name).lower() == p.name.lower()]  # "Van den" too
            if (chosen := _nearest_before(same, p.start)) is not None:
                p = attrs.evolve(p, name=chosen.name, person_id=chosen.person_id)
        out.append(p)
    return out


def _people(text: str, layout: Layout, index: RegistryIndex) -> Iterable[PersonMention]:
    reg = index.people
    for m in layout.candidates(_TITLED, _TITLE_STARTS):
        trimmed = _trim_name(m.group("name"))
        if trimmed is None:
            continue
        name, skipped = trimmed
        name_start = m.start("name") + skipped
        window = text[max(0, m.start() - 60) : m.start()]
        window = window[max(window.rfind(c) for c in '.!?;:,"“”') + 1 :]  # not across a sentence
        lead = _TITLE_LEAD.search(window)
        title = _trim_title((lead.group(0) if lead else "") + text[m.start("word") : name_start])
        yield _person(
            name,
            title or None,
            name_start - len(title) - 1 if title else name_start,
            name_start + len(name),
            reg,
        )
    for rx in (_SAID_NAME, _NAME_SAID, _APPOSITIVE, *((_NAME_IS,) if " name is " in text else ())):
        for m in _anchored(rx, text):
            trimmed = _trim_name(m.group("name"))
            if trimmed is None:
                continue
            name, skipped = trimmed
            if (len(name.split()) < 2 and name.lower() not in reg) or any(
                t in NOT_PERSON_WORDS for t in name.split()
            ):
                continue
            name_start = m.start("name") + skipped
            given = m.group("title") if "title" in rx.groupindex else None
            yield _person(name, given, name_start, name_start + len(name), reg)
    if reg:
        for start, end in find_forms(text, layout, index.people_forms, ignore_case=True):
            if text[start].isupper():
                yield _person(text[start:end], None, start, end, reg)


# 'Michael "Mick" Tarrant', 'Jamal “J.T.” Thornton-Bey': a nickname in quote marks between a
# given name and a surname. Found from the opening mark (few in an article), the given name then
# read back from it.
_NICKNAME_MARK = re.compile(
    rf"[\"“](?=[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*)?[\"”]\s{_NAME_TOKEN}(?:\s{_NAME_TOKEN})?)"
)
_NICKNAME_REST = re.compile(
    rf"[\"“][A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*)?[\"”]\s(?P<rest>{_NAME_TOKEN}(?:\s{_NAME_TOKEN})?)"
)
_GIVEN_BEFORE_MARK = re.compile(rf"(?<![\w.'’-])(?P<given>{_NAME_TOKEN})\s\Z")


def _nicknamed(
    text: str, people: list[PersonMention], reg: dict[str, tuple[str, str]]
) -> list[PersonMention]:
    """The people named with a nickname in quote marks ('Robert "Bobby" Lee Fontaine'), their
    name with the nickname as printed: a mention that ends at the given name is taken on to the
    surname, and a name given with no title is added."""
    if '"' not in text and "“" not in text:
        return people
    out = people
    for mark in _NICKNAME_MARK.finditer(text):
        given = _GIVEN_BEFORE_MARK.search(text, max(0, mark.start() - 30), mark.start())
        rest = _NICKNAME_REST.match(text, mark.start())
        if given is None or rest is None:
            continue
        tokens = [given.group("given"), *rest.group("rest").split()]
        while len(tokens) > 2 and (tokens[-1] in NOT_NAMES or tokens[-1] in NOT_PERSON_WORDS):
            tokens.pop()  # 'Michael "Mick" Tarrant Said' is no name of four words
        if any(t in NOT_NAMES or t in NOT_PERSON_WORDS or _is_title_word(t) for t in tokens):
            continue
        end = rest.start("rest") + len(" ".join(tokens[1:]))
        name = text[given.start() : end]
        at = given.start()
        kept = [p for p in out if not (p.start < end and at < p.end)]
        ending = [p for p in out if p.end == given.end() and p.start <= at]  # "Sgt. Robert"
        title = ending[0].title if ending else None
        start = ending[0].start if ending else at
        out = sorted([*kept, _person(name, title, start, end, reg)], key=lambda p: p.start)
    return out


# "NAME said" and "NAME, a title," are tried only where their verb or their comma is, and from a
# few words before it: a pattern that begins with a name would be tried at every offset.
_ANCHORS = {
    "name_said": re.compile(rf"\s{_SAYS}\b"),
    "appositive": re.compile(r",\s(?:an?|the)\s"),
}


def _anchored(rx: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """The matches of ``rx`` in ``text``, as ``finditer`` gives them, found from their anchors."""
    anchor = (
        _ANCHORS["name_said"] if rx is _NAME_SAID else _ANCHORS["appositive"] if rx is _APPOSITIVE else None
    )
    if anchor is None:
        yield from rx.finditer(text)
        return
    end = -1
    for a in anchor.finditer(text):
        for start in _name_starts(text, max(0, a.start() - 90), a.start()):
            if start < end:
                continue
            m = rx.match(text, start)
            if m is not None and m.start("name") == start and m.end("name") <= a.start() + 1:
                end = m.end()
                yield m
                break


def _name_starts(text: str, floor: int, at: int) -> Iterator[int]:
    """Offsets between ``floor`` and ``at`` where a capitalised word begins, first to last."""
    for m in _CAPITAL_START.finditer(text, floor, at):
        yield m.start()


# (the look-behind after the capital, so that the search skips from capital to capital)
_CAPITAL_START = re.compile(r"[A-Z](?<![\w'’.-].)")


def _person(
    name: str, title: str | None, start: int, end: int, reg: dict[str, tuple[str, str]]
) -> PersonMention:
    found = reg.get(name.lower())  # full names are keys too
    return PersonMention(
        name=found[1] if found else name,
        title=title,
        person_id=found[0] if found else None,
        start=start,
        end=end,
    )


_TITLE_TOKEN = re.compile(rf"(?i:{TITLE_WORDS})")
_TITLE_TOKEN_LOWER = re.compile(TITLE_WORDS)
# The title words as written, for a word without a space ("chief\\sof\\spolice" needs one): a set
# lookup, faster than the pattern's fullmatch.
_TITLE_WORDS_WITHOUT_SPACE = [w for w in TITLE_WORDS.split("|") if "\\s" not in w]
_TITLE_WORD_SET = frozenset(w.replace("\\.", ".") for w in _TITLE_WORDS_WITHOUT_SPACE)


def _is_title_word(word: str) -> bool:
    """Whether ``word`` is a title word ("Chief", "sgt."), any case."""
    low = lowered(word)
    if low is None:
        return bool(_TITLE_TOKEN.fullmatch(word))
    if not _SPACE.search(low):
        return low in _TITLE_WORD_SET
    return bool(_TITLE_TOKEN_LOWER.fullmatch(low))


_SPACE = re.compile(r"\s")


# The word that ends a title of two ("Attorney General", "Inspector General", "Surgeon General").
_TITLE_TAILS = frozenset(["General"])


def _trim_name(name: str) -> tuple[str, int] | None:
    """The name without the title words or sentence words around it, and how many characters
    were dropped from its front; None if nothing name-like is left."""
    tokens = name.split(" ")
    skipped = 0
    while tokens and (
        tokens[0].rstrip(",") in NOT_NAMES or _is_title_word(tokens[0]) or tokens[0] in _TITLE_TAILS
    ):
        skipped += len(tokens.pop(0)) + 1
    # A long title of capitalised words ("Student Body Senator Mara Quist", "Student
    # Government Senator"): the title runs up to and including its last title word.
    last = max((i for i, t in enumerate(tokens[:-1]) if t[:1].isupper() and _is_title_word(t)), default=-1)
    for _ in range(last + 1):
        skipped += len(tokens.pop(0)) + 1
    while tokens and tokens[-1].rstrip(",.") in NOT_NAMES:
        tokens.pop()
    if not tokens or all(t.endswith(".") and len(t) <= 2 for t in tokens):
        return None
    if len(tokens) == 1 and _is_title_word(tokens[0] + "."):
        return None  # "Lt. Gov. Ray Dunn": the second title's word, its period left out
    return " ".join(tokens), skipped


def _trim_title(title: str) -> str:
    words = title.split()
    while words and words[0].lower() in ("the", "a", "of", "and", "asked", "by", "said", "says"):
        words.pop(0)
    # Keep from the first capitalised word or title word on: "Community organizer", "Jackson resident".
    return " ".join(words)


def _dedupe(items: Iterable[_M]) -> list[_M]:
    """One mention per span: the longest wins where spans overlap."""
    chosen: list[_M] = []
    for item in sorted(items, key=lambda i: (i.start, -(i.end - i.start))):
        if chosen and item.start < chosen[-1].end:
            continue
        chosen.append(item)
    return chosen
