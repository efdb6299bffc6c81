"""People and organizations: who the article names, with the titles it gives them.

A person is recognised by what newspapers put around a name: a title before it ("Jackson Police
Chief Anthony Moore", "Jackson resident Lee Bernard", "spokeswoman Renee Carter"), a verb of
saying beside it ("said Lee Bernard"), or the registry. Organizations come from the registry
(names, abbreviations, aliases) and from their shape ("X Police Department", "X County", "the
FOP"). Short forms resolve to the full name given earlier ("Moore" -> "Anthony Moore").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, TypeVar

import attrs

from .text import Layout

if TYPE_CHECKING:
    from ..seeds.registry import Registry

__all__ = ["Names", "OrganizationMention", "PersonMention", "find_names"]

_TITLE_WORDS = (
    "chief\\sof\\spolice|chief|mayor|sheriff|commissioner|member|president|superintendent|monitor|administrator|organizer|"
    "resident|spokeswoman|spokesman|spokesperson|attorney|supervisor|director|deputy|officer|sergeant|"
    "sgt\\.|lieutenant|lt\\.|col\\.|colonel|maj\\.|major|cmdr\\.|captain|capt\\.|detective|judge|governor|gov\\.|senator|sen\\.|representative|"
    "rep\\.|councilman|councilwoman|councilor|professor|prof\\.|dr\\.|rev\\.|pastor|chairman|chairwoman|"
    "chair|activist|lawyer|coordinator|manager|investigator|trooper|agent|advocate|leader|executive|"
    "coroner|prosecutor|inspector|commander|marshal|constable|secretary|treasurer|clerk|minister|bishop|"
    "student|teacher|witness|neighbor|owner|analyst|researcher|economist|founder|mother|father|sister|"
    "brother|son|daughter|aunt|uncle|cousin|widow|chancellor|provost|alderman|alderwoman|corporal|cpl\\.|"
    "counsel|dispatcher|supervisors|councilmember"
)
_MODIFIERS = (
    "body|union|police|community|city|county|state|assistant|deputy|district|interim|acting|former|"
    "executive|senior|general|public|information|metro|council|school|board|department|fire|civil|"
    "rights|local|longtime|retired|chief|the|of|a"
)
# A name: "Moore", "McAllister", "DeShawn", "LeBlanc", "O'Bannon", "Gaines-Whitaker", "J.". An
# inner capital after one to three letters is part of the name (tried first, or "Mc" would do);
# an apostrophe continues a name only before a capital, so "Ray's" is "Ray" and a possessive.
_NAME_TOKEN = (
    r"(?:(?:[A-Z][a-z]{0,2}[A-Z][a-z]+|[A-Z]['’][A-Z][a-z]+|[A-Z][a-z]+)"
    r"(?:-[A-Z]?[a-z]+|['’][A-Z][a-z]+|-[A-Z][a-z]{0,2}[A-Z][a-z]+)*|[A-Z]\.)"
)
_SUFFIX = r"(?:,?\s(?:Jr\.|Sr\.|III|II|IV))?"
_NAME_TOKEN_RE = re.compile(_NAME_TOKEN)
_NAME_BEFORE = re.compile(rf"(?<![\w'’-])(?P<name>(?:{_NAME_TOKEN}\s){{1,2}})$")
_NAME = rf"{_NAME_TOKEN}(?:\s(?!(?:Jr|Sr)\.){_NAME_TOKEN}){{0,3}}{_SUFFIX}"
_CAP_WORD = r"[A-Z][A-Za-z'’.-]*"
# The title word and the name after it; the words before the title word that belong to the
# title ("Jackson Police" in "Jackson Police Chief Anthony Moore") are taken afterwards, from a
# short window, which is much faster than one pattern trying them at every offset.
_TITLED = re.compile(rf"(?<![\w.])(?P<word>(?i:{_TITLE_WORDS}))(?!\w)\s(?P<name>{_NAME})")
_TITLE_STARTS = frozenset(w.replace("\\.", "") for w in _TITLE_WORDS.split("|"))
_TITLE_LEAD = re.compile(rf"(?:(?:{_CAP_WORD}|(?i:{_MODIFIERS}))\s){{0,4}}$")
_SAYS = (
    r"(?:said|says|added|adds|explained|explains|answered|asked|asks|told|tells|wrote|writes|noted|"
    r"stated|replied|recalled|continued)"
)
_SAID_NAME = re.compile(rf"\b{_SAYS}\s(?P<name>{_NAME})\b")
_NAME_SAID = re.compile(rf"(?P<name>{_NAME})\s{_SAYS}\b")
_APPOSITIVE = re.compile(rf"(?P<name>{_NAME}),\s(?:an?|the)\s(?P<title>[a-z][\w\s'’-]{{2,40}}?),")
_NOT_NAMES = frozenset(
    [
        "The",
        "A",
        "An",
        "In",
        "On",
        "At",
        "As",
        "And",
        "But",
        "Or",
        "If",
        "When",
        "While",
        "After",
        "Before",
        "Since",
        "From",
        "For",
        "With",
        "Without",
        "By",
        "To",
        "Of",
        "He",
        "She",
        "They",
        "It",
        "We",
        "I",
        "You",
        "His",
        "Her",
        "Their",
        "Its",
        "Our",
        "This",
        "That",
        "These",
        "Those",
        "There",
        "Here",
        "Asked",
        "According",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Police",
        "Department",
        "County",
        "City",
        "Council",
        "State",
        "Board",
        "Office",
        "University",
        "Mayor",
        "Chief",
        "Sheriff",
        "Officer",
        "Officers",
        "Court",
        "Jackson",
        "Also",
        "Then",
        "Still",
    ]
)

_ORG_HEADS = (
    r"Police\sDepartment|Sheriff['’]s\s(?:Office|Department)|Bureau\sof\sInvestigation|Highway\sPatrol|"
    r"Department(?:\sof\s[A-Z][a-z]+(?:\s[A-Z][a-z]+)*)?|Office(?:\sof\s[A-Z][a-z]+(?:\s[A-Z][a-z]+)*)?|"
    r"Review\sBoard|Board(?:\sof\s[A-Z][a-z]+)?|City\sCouncil|Council|Commission|Committee|Agency|"
    r"Fraternal\sOrder\sof\sPolice(?:\sLodge\s\d+)?|Police\sMonitor|Union|Association|Coalition|Alliance|University|"
    r"College|Academy|Court|Authority|Administration|County|Patrol"
)
_ORG = re.compile(rf"(?P<name>(?:(?:{_CAP_WORD}|of|for|and|on)\s){{0,5}}?(?:{_ORG_HEADS}))\b")
_KNOWN_ACRONYMS = {
    "FOP": "Fraternal Order of Police",
    "FBI": "Federal Bureau of Investigation",
    "DOJ": "Department of Justice",
    "ACLU": "American Civil Liberties Union",
    "NAACP": "National Association for the Advancement of Colored People",
}
_ACRONYM = re.compile(r"\b(?P<name>" + "|".join(_KNOWN_ACRONYMS) + r")\b")
_PRONOUNS = {"he", "she", "him", "her"}
_ROLE = re.compile(
    r"(?:[Tt]he\s)?(?:(?:former|interim|acting|police|county|city|new|university)\s)*(?P<role>[a-z]+)", re.I
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


@attrs.frozen(kw_only=True)
class OrganizationMention:
    """An organization the article names."""

    name: str
    organization_id: str | None
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
        surname = words.split()[-1]
        for p in sorted(self.people, key=lambda p: p.start):
            if p.name == words or p.name.split()[-1] == surname:
                return p.name, p.person_id
        # A full name given without a title ("The man's mother, Gloria Tate, said"): the first
        # capitalised words the article puts before the same surname.
        if _NAME_TOKEN_RE.fullmatch(surname) and surname not in _NOT_PERSON_WORDS:
            at = self.text.find(surname)
            while at != -1:
                end = at + len(surname)
                if end == len(self.text) or not self.text[end].isalnum():
                    m = _NAME_BEFORE.search(self.text, max(0, at - 60), at)
                    full = _trim_name(m.group("name") + surname) if m else None
                    if full and len(full[0].split()) > 1:
                        return full[0], None
                at = self.text.find(surname, end)
        return None

    def role(self, words: str, offset: int) -> tuple[str, str | None] | None:
        """Resolve "the chief", "the former chief", "the provost" to the person named last before
        ``offset`` whose title has that word; None if the article named no one so."""
        m = _ROLE.fullmatch(words.strip())
        if m is None or not _TITLE_TOKEN.fullmatch(m.group("role")):
            return None
        role = m.group("role").lower()
        before = [p for p in self.people if p.start < offset and p.title and role in p.title.lower().split()]
        return (before[-1].name, before[-1].person_id) if before else None

    def organization(self, words: str, offset: int) -> tuple[str, str | None] | None:
        """Resolve ``words`` ("the FOP", "the county", "a department spokesman") to (name, id)."""
        words = re.sub(r"^(?:the|a|an)\s", "", words.strip(), flags=re.I)
        key = words.lower()
        if key in self.registry_orgs:
            oid, name = self.registry_orgs[key]
            return name, oid
        for o in self.organizations:
            if o.name.lower() == key:
                return o.name, o.organization_id
        head = key.split()[-1] if key else ""
        before = [o for o in self.organizations if o.start < offset]
        for o in reversed(before):  # "the county" is the last county named before it
            if head and head in o.name.lower().split():
                return o.name, o.organization_id
        return None


def find_names(text: str, registry: Registry | None, layout: Layout | None = None) -> Names:
    """Every person and organization the article names, in order."""
    index = _indexed(registry)
    layout = layout or Layout.of(text)
    organizations = _dedupe(_organizations(text, layout, index))
    people = _dedupe(_people(text, layout, index))
    people = _dedupe([*people, *_bare_names(text, layout, people, organizations, index.people)])
    people = _dedupe([*people, *_surnames(text, layout, people)])
    return Names(text, people, organizations, index.people, index.orgs)


# Words that end a run of capitalised words that is a place, an outlet or an organization,
# not a person ("Bailey Avenue", "Smith Park", "Magnolia Record").
_NOT_PERSON_WORDS = frozenset(
    [
        "Avenue",
        "Road",
        "Street",
        "Drive",
        "Boulevard",
        "Lane",
        "Park",
        "Church",
        "Hall",
        "Center",
        "Centre",
        "Library",
        "Highway",
        "Hospital",
        "Station",
        "Court",
        "County",
        "City",
        "Department",
        "Office",
        "Bureau",
        "Board",
        "Council",
        "Association",
        "Coalition",
        "Project",
        "Record",
        "News",
        "Weekly",
        "Courier",
        "Ledger",
        "Herald",
        "Journal",
        "Gazette",
        "Messenger",
        "Times",
        "Post",
        "Tribune",
        "Press",
        "University",
        "College",
        "School",
        "State",
        "Police",
        "Union",
        "Lodge",
        "Order",
        "Foundation",
        "Grant",
        "Committee",
        "Senate",
        "House",
        "Justice",
        "Depot",
        "Garage",
        "Store",
        "Mall",
        "Square",
        "Plaza",
        "Bridge",
        "Parish",
        "Ward",
        "District",
        "Square",
        "Agency",
        "Commission",
        "Authority",
        "Administration",
        "Patrol",
        "Service",
        "Services",
        "Fund",
        "Institute",
        "Group",
        "Partners",
        "Company",
        "Bank",
        "Capitol",
        "Facebook",
        "Twitter",
        "Mississippi",
        "Louisiana",
        "Alabama",
        "Arkansas",
        "Tennessee",
        "America",
        "American",
    ]
)
_BARE = re.compile(rf"(?<![\w.'’-])(?P<name>{_NAME_TOKEN}(?:\s{_NAME_TOKEN}){{1,2}})(?![\w'’-])")
# What may stand before and after a name given without a title: the start of a sentence, a comma,
# "and", "by", "shot"...; then a comma, a possessive or a lowercase word ("Dorothy Strong keeps").
_BARE_BEFORE = re.compile(r"(?:^|[.!?]\s+|\n|[,;]\s|\b(?:and|by|shot|named)\s)$")
_BARE_BEFORE_COMMA = re.compile(r"\b(?:of|with|for|to)\s$")  # "the family of Terrance Hill, who"
_BARE_AFTER = re.compile(r"^(?:,|['’]s\b|\s[a-z]|\s*$)")


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
    for start, _ in layout.words:
        if (
            start < end
            or not text[start].isupper()
            or (start and (text[start - 1].isalnum() or text[start - 1] in ".'’-"))
        ):
            continue
        m = _BARE.match(text, start)
        if m is None:
            continue
        end = m.end()
        tokens = m.group("name").split()
        if (
            tokens[0] in _NOT_NAMES
            or _TITLE_TOKEN.fullmatch(tokens[0])
            or any(t in _NOT_PERSON_WORDS or t in _NOT_NAMES for t in tokens)
            or any(t.endswith(".") for t in tokens[1:])
            or not (
                _BARE_BEFORE.search(text[max(0, m.start() - 8) : m.start()])
                or (
                    _BARE_BEFORE_COMMA.search(text[max(0, m.start() - 8) : m.start()])
                    and text[m.end() : m.end() + 1] == ","
                )
            )
            or not _BARE_AFTER.match(text[m.end() : m.end() + 3])
            or any(a < m.end() and m.start() < b for a, b in taken)
        ):
            continue
        yield _person(m.group("name"), None, m.start(), m.end(), reg)


_APOSTROPHE_CAPITAL = re.compile(r"['’][A-Z]")
_CAPITAL_BEFORE = re.compile(r"[A-Z][\w.'’-]*\s$")
_CAPITAL_AFTER = re.compile(r"\s[A-Z]")


def _surnames(text: str, layout: Layout, people: list[PersonMention]) -> Iterator[PersonMention]:
    """A surname used alone ("Baker says", "Gaines-Whitaker disagreed") is the person of that
    surname named last before it, or, if none was, the first named after it."""
    full = sorted((p for p in people if len(p.name.split()) > 1), key=lambda p: p.start)
    by_surname: dict[str, list[PersonMention]] = {}
    for p in full:
        surname = re.sub(r",?\s(?:Jr\.|Sr\.|III|II|IV)$", "", p.name).split()[-1]
        if _NAME_TOKEN_RE.fullmatch(surname) and not surname.endswith("."):
            by_surname.setdefault(surname, []).append(p)
    taken = [(p.start, p.end) for p in people]
    if not by_surname:
        return
    # Each surname is found with str.find: an article has a few, and a pattern made of them
    # would be compiled anew for every article.
    hits: list[tuple[int, int, str]] = []
    for surname in sorted(by_surname, key=len, reverse=True):
        start = text.find(surname)
        while start != -1:
            end = start + len(surname)
            if not (start and (text[start - 1].isalnum() or text[start - 1] in "'’-")) and not (
                end < len(text)
                and (text[end].isalnum() or text[end] in "-_" or _APOSTROPHE_CAPITAL.match(text, end))
            ):
                hits.append((start, end, surname))
            start = text.find(surname, end)
    for start, end, found in sorted(hits):
        if (
            any(a <= start < b for a, b in taken)
            or _CAPITAL_BEFORE.search(text, max(0, start - 20), start)
            or _CAPITAL_AFTER.match(text, end)
        ):
            continue  # inside a run of capitalised words ("Old Canton Road"): not a surname alone
        named = by_surname[found]
        before = [p for p in named if p.start < start]
        p = before[-1] if before else named[0]
        yield PersonMention(name=p.name, title=None, person_id=p.person_id, start=start, end=end)


@attrs.frozen
class _Index:
    """A registry's names in the shapes the extractor looks them up by."""

    people: dict[str, tuple[str, str]]  # any form, lowercase -> (id, full name)
    orgs: dict[str, tuple[str, str]]
    people_forms: tuple[str, ...]
    org_forms: dict[str, tuple[str, str]]  # a form as written -> (id, full name)


_INDEXES: dict[int, tuple[Registry | None, _Index]] = {}


def _indexed(registry: Registry | None) -> _Index:
    """The index of ``registry``, built once per registry object (a build extracts thousands of
    articles with one registry)."""
    cached = _INDEXES.get(id(registry))
    if cached is not None and cached[0] is registry:
        return cached[1]
    people, orgs = _registry_index(registry)
    forms = {f: (oid, name) for f, oid, name in _forms(registry)}
    index = _Index(people, orgs, tuple(sorted(people)), forms)
    if len(_INDEXES) > 8:
        _INDEXES.clear()
    _INDEXES[id(registry)] = (registry, index)
    return index


def _people(text: str, layout: Layout, index: _Index) -> Iterable[PersonMention]:
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
    for rx in (_SAID_NAME, _NAME_SAID, _APPOSITIVE):
        for m in _anchored(rx, text):
            trimmed = _trim_name(m.group("name"))
            if trimmed is None:
                continue
            name, skipped = trimmed
            if (len(name.split()) < 2 and name.lower() not in reg) or any(
                t in _NOT_PERSON_WORDS for t in name.split()
            ):
                continue
            name_start = m.start("name") + skipped
            given = m.group("title") if "title" in rx.groupindex else None
            yield _person(name, given, name_start, name_start + len(name), reg)
    if reg:
        for start, end in _find_forms(text, layout, index.people_forms, ignore_case=True):
            if text[start].isupper():
                yield _person(text[start:end], None, start, end, reg)


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


_CAPITAL_START = re.compile(r"(?<![\w'’.-])[A-Z]")


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


_TITLE_TOKEN = re.compile(rf"(?i:{_TITLE_WORDS})")


def _trim_name(name: str) -> tuple[str, int] | None:
    """The name without the title words or sentence words around it, and how many characters
    were dropped from its front; None if nothing name-like is left."""
    tokens = name.split(" ")
    skipped = 0
    while tokens and (tokens[0].rstrip(",") in _NOT_NAMES or _TITLE_TOKEN.fullmatch(tokens[0])):
        skipped += len(tokens.pop(0)) + 1
    while tokens and tokens[-1].rstrip(",.") in _NOT_NAMES:
        tokens.pop()
    if not tokens or all(t.endswith(".") and len(t) <= 2 for t in tokens):
        return None
    return " ".join(tokens), skipped


def _trim_title(title: str) -> str:
    words = title.split()
    while words and words[0].lower() in ("the", "a", "of", "and", "asked", "by", "said", "says"):
        words.pop(0)
    # Keep from the first capitalised word or title word on: "Community organizer", "Jackson resident".
    return " ".join(words)


def _organizations(text: str, layout: Layout, index: _Index) -> Iterable[OrganizationMention]:
    reg = index.orgs
    if index.org_forms:
        lowered = {f.lower(): v for f, v in index.org_forms.items()}
        for start, end in _find_forms(text, layout, tuple(index.org_forms), ignore_case=False):
            oid, name = lowered[text[start:end].lower()]
            yield OrganizationMention(name=name, organization_id=oid, start=start, end=end)
    for m in _ORG.finditer(text):
        name = m.group("name")
        name = re.sub(r"^(?:The|A|An|In|On|At|By|For|And|Of|Since|From|According)\s", "", name)
        name = re.sub(r"^\S+['’]s\s", "", name)  # "Atlanta’s Citizen Review Board"
        if not name[:1].isupper() or name in ("Department", "Office", "Board", "Council", "County", "Court"):
            continue
        start = m.end() - len(name)
        found = reg.get(name.lower())
        yield OrganizationMention(
            name=found[1] if found else name,
            organization_id=found[0] if found else None,
            start=start,
            end=m.end(),
        )
    for m in _ACRONYM.finditer(text):
        key = m.group("name")
        found = reg.get(key.lower())
        yield OrganizationMention(
            name=found[1] if found else key,
            organization_id=found[0] if found else None,
            start=m.start(),
            end=m.end(),
        )


@functools.lru_cache(maxsize=64)
def _forms_by_first_word(forms: tuple[str, ...]) -> dict[str, list[str]]:
    """Registry forms by their first word (lowercase), longest first: looked up at each word
    of the text, which stays fast however large the registry grows (one regex alternative per
    form would be tried at every offset)."""
    index: dict[str, list[str]] = {}
    for form in sorted(forms, key=lambda f: (-len(f), f)):
        words = Layout.of(form).words
        if words:
            index.setdefault(words[0][1], []).append(form)
    return index


def _find_forms(
    text: str, layout: Layout, forms: tuple[str, ...], *, ignore_case: bool
) -> Iterator[tuple[int, int]]:
    """Where registry forms occur as whole words, without overlaps, longest form first.

    With ``ignore_case`` any case matches; otherwise a form matches as written, and a form in
    lowercase ("the city") also with its first letter capitalised, but not "the City Council".
    """
    index = _forms_by_first_word(forms)
    lowered = text.lower()
    last_end = -1
    for start, word in layout.words:
        if start < last_end or word not in index or (start and text[start - 1].isalnum()):
            continue
        for form in index[word]:
            end = start + len(form)
            if (end < len(text) and text[end].isalnum()) or lowered[start:end] != form.lower():
                continue
            written = text[start:end]
            if ignore_case or written == form or (form.islower() and written == form[0].upper() + form[1:]):
                last_end = end
                yield start, end
                break


def _dedupe(items: Iterable[_M]) -> list[_M]:
    """One mention per span: the longest wins where spans overlap."""
    chosen: list[_M] = []
    for item in sorted(items, key=lambda i: (i.start, -(i.end - i.start))):
        if chosen and item.start < chosen[-1].end:
            continue
        chosen.append(item)
    return chosen


def _registry_index(
    registry: Registry | None,
) -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]]]:
    """Each registry name, abbreviation and alias, lowercase, mapped to (id, full name)."""
    people: dict[str, tuple[str, str]] = {}
    orgs: dict[str, tuple[str, str]] = {}
    if registry is None:
        return people, orgs
    org_names = {o.organization_id: o.name for o in registry.organizations}
    for p in registry.people:
        people[p.name.lower()] = (p.person_id, p.name)
    for o in registry.organizations:
        orgs[o.name.lower()] = (o.organization_id, o.name)
    for alias, target in registry.aliases.items():
        person = registry.person(target)
        if person is not None:
            people[alias.lower()] = (target, person.name)
        elif target in org_names:
            orgs[alias.lower()] = (target, org_names[target])
    return people, orgs


def _forms(registry: Registry | None) -> list[tuple[str, str, str]]:
    """Organization names, abbreviations and aliases as written: (form, id, full name)."""
    if registry is None:
        return []
    org_names = {o.organization_id: o.name for o in registry.organizations}
    forms = {(o.name, o.organization_id, o.name) for o in registry.organizations}
    forms |= {(a, t, org_names[t]) for a, t in registry.aliases.items() if t in org_names}
    return sorted(forms)
