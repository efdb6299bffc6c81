"""Organizations: the registry's, and those an article names by their shape.

"X Police Department", "X County", "the Fraternal Order of Police Lodge 5" (and "… Capitol City
Lodge No. 7"), the acronyms newspapers use without spelling them out ("the FOP", "the ACLU"),
and those an article defines
("the Tennessee Bureau of Investigation (TBI)"). A registry form (a name, an
abbreviation, an alias) resolves to its organization's id; the rest keep their words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import attrs

from .name_words import CAP_WORD
from .registry_forms import RegistryIndex, find_forms
from .text import Layout

__all__ = ["KNOWN_ACRONYMS", "OrganizationMention", "find_organizations"]

_ORG_HEADS = (
    r"Police\sDepartment|Sheriff['’]s\s(?:Office|Department)|Bureau\sof\sInvestigation|Police\sBureau|Highway\sPatrol|"
    r"Department(?:\sof\s[A-Z][a-z]+(?:\s[A-Z][a-z]+)*)?|Office(?:\sof\s[A-Z][a-z]+(?:\s[A-Z][a-z]+)*)?|"
    r"Review\sBoard|Board(?:\sof\s[A-Z][a-z]+)?|City\sCouncil|Council|Commission|Committee|Agency|Task\sForce|"
    r"Fraternal\sOrder\sof\sPolice(?:\s(?:[A-Z][a-z]+\s){0,3}Lodge(?:\s(?:No\.\s?|\#)?\d+)?)?|"
    r"Police\sMonitor|Union|Association|Coalition|Alliance|University|"
    r"College|Academy|Court|Authority|Administration|County|Patrol|Guild|Federation|Foundation|Institute|"
    r"Associates|Consulting|Group|Center|Project|Network|Fund|League|Ministries|Initiative|Society|"
    r"City\sof\s[A-Z][a-z]+(?:\s[A-Z][a-z]+)?"
)
# "of" or "for" and the capitalised words after a head: "the Mississippi Association of Chiefs
# of Police", "the Lakeshore Alliance for Police Accountability" (not a day or a month: "the
# Council for Monday's vote").
_OF_TAIL = (
    r"(?:\s(?:of|for)\s(?:the\s)?(?!(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|January|February|March|"
    r"April|May|June|July|August|September|October|November|December)[A-Z][a-z]+"
    r"(?:\s(?:of\s|and\s)?[A-Z][a-z]+){0,3})?"
)
# (A name begins with a capital, "of", "for", "and" or "on": the look-ahead fails the pattern
# at once at every other offset, which halves its time.)
_ORG = re.compile(
    rf"(?P<name>(?=[A-Zofa])(?:(?:{CAP_WORD}|of|for|and|on)\s){{0,5}}?(?:{_ORG_HEADS}){_OF_TAIL})\b"
)
_KNOWN_ACRONYMS = {
    "FOP": "Fraternal Order of Police",
    "FBI": "Federal Bureau of Investigation",
    "DOJ": "Department of Justice",
    "ACLU": "American Civil Liberties Union",
    "NAACP": "National Association for the Advancement of Colored People",
}
#: The acronyms and the names they stand for (public, for "the bureau" after "the FBI").
KNOWN_ACRONYMS = _KNOWN_ACRONYMS
# Each acronym with its leading word boundary as a look-behind after its first letter
# ("F(?<!\wF)OP"): a pattern whose alternatives all begin with a letter is searched for by those
# letters, instead of being tried at every offset. ("the ACLU of Mississippi": a chapter keeps its
# state.)
_ACRONYM = re.compile(
    r"(?P<name>"
    + "|".join(rf"{a[0]}(?<!\w{a[0]}){a[1:]}" for a in _KNOWN_ACRONYMS)
    + r")\b(?P<of>\sof\s[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)?"
)


@attrs.frozen(kw_only=True)
class OrganizationMention:
    """An organization the article names."""

    name: str
    organization_id: str | None
    start: int
    end: int


def find_organizations(text: str, layout: Layout, index: RegistryIndex) -> Iterable[OrganizationMention]:
    """Every organization named: the registry's forms, then names by their shape, then the known
    acronyms; spans may overlap (the caller keeps the longest)."""
    reg = index.orgs
    if index.org_forms:
        lowered = {f.lower(): v for f, v in index.org_forms.items()}
        for start, end in find_forms(text, layout, tuple(index.org_forms), ignore_case=False):
            oid, name = lowered[text[start:end].lower()]
            yield OrganizationMention(name=name, organization_id=oid, start=start, end=end)
    shaped = list(_by_shape(text, reg))
    yield from shaped
    yield from _defined_acronyms(text, shaped)
    for m in _ACRONYM.finditer(text):
        key = m.group("name")
        found = reg.get(key.lower())
        of = m.group("of") or ""
        yield OrganizationMention(
            name=(found[1] if found else key) + of,
            organization_id=found[0] if found and not of else None,
            start=m.start(),
            end=m.end(),
        )


_LEADING_WORD = re.compile(r"^(?:The|A|An|In|On|At|By|For|And|Of|Since|From|According)\s")
_POSSESSOR = re.compile(r"^\S+['’]s\s")
_BARE_HEADS = ("Department", "Office", "Board", "Council", "County", "Court", "Task Force")


def _by_shape(text: str, reg: dict[str, tuple[str, str]]) -> Iterable[OrganizationMention]:
    """Names by their shape: "X Police Department", "X County", "Y Coalition"."""
    previous: OrganizationMention | None = None
    for m in _ORG.finditer(text):
        name = m.group("name")
        name = _LEADING_WORD.sub("", name)
        owned = _POSSESSOR.sub("", name)  # "Atlanta’s Citizen Review Board"
        name = name if owned in _BARE_HEADS else owned  # ("Sheriff's Office" is the whole name)
        if not name[:1].isupper() or name in _BARE_HEADS:
            continue
        start = m.end() - len(name)
        if previous is not None and previous.end + 1 == start and text[previous.end] == " ":
            # "Hinds County" and "Board of Supervisors" side by side: one organization
            start, name = previous.start, text[previous.start : m.end()]
        found = reg.get(name.lower())
        previous = OrganizationMention(
            name=found[1] if found else name,
            organization_id=found[0] if found else None,
            start=start,
            end=m.end(),
        )
        yield previous


_DEFINED = re.compile(r"\s\((?P<acronym>[A-Z]{2,6})\)")


def _defined_acronyms(text: str, named: list[OrganizationMention]) -> Iterable[OrganizationMention]:
    """ "the Tennessee Bureau of Investigation (TBI)": every "TBI" after it is that organization."""
    for org in named:
        defined = _DEFINED.match(text, org.end)
        if defined is None:
            continue
        acronym = defined.group("acronym")
        at = text.find(acronym, defined.end())
        while at != -1:
            end = at + len(acronym)
            if not (text[at - 1].isalnum() or (end < len(text) and text[end].isalnum())):
                yield attrs.evolve(org, start=at, end=end)
            at = text.find(acronym, end)
