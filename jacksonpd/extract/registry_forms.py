"""The registry in the shapes the extractor looks names up by, and where its forms occur.

A build extracts thousands of articles with one registry, so its index is built once per
registry object; its forms (people's names and organizations' names, abbreviations and
aliases) are found word by word (:func:`find_forms`), which stays fast however large the
registry grows.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import TYPE_CHECKING

import attrs

from .text import Layout

if TYPE_CHECKING:
    from ..seeds.registry import Registry

__all__ = ["RegistryIndex", "find_forms", "indexed"]


@attrs.frozen
class RegistryIndex:
    """A registry's names in the shapes the extractor looks them up by."""

    people: dict[str, tuple[str, str]]  # any form, lowercase -> (id, full name)
    orgs: dict[str, tuple[str, str]]
    people_forms: tuple[str, ...]
    org_forms: dict[str, tuple[str, str]]  # a form as written -> (id, full name)


_INDEXES: dict[int, tuple[Registry | None, RegistryIndex]] = {}


def indexed(registry: Registry | None) -> RegistryIndex:
    """The index of ``registry``, built once per registry object (a build extracts thousands of
    articles with one registry)."""
    cached = _INDEXES.get(id(registry))
    if cached is not None and cached[0] is registry:
        return cached[1]
    people, orgs = _registry_index(registry)
    forms = {f: (oid, name) for f, oid, name in _forms(registry)}
    index = RegistryIndex(people, orgs, tuple(sorted(people)), forms)
    if len(_INDEXES) > 8:
        _INDEXES.clear()
    _INDEXES[id(registry)] = (registry, index)
    return index


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


def find_forms(
    text: str, layout: Layout, forms: tuple[str, ...], *, ignore_case: bool
) -> Iterator[tuple[int, int]]:
    """Where registry forms occur as whole words, without overlaps, longest form first.

    With ``ignore_case`` any case matches; otherwise a form matches as written, and a form in
    lowercase ("the city") also with its first letter capitalised, but not "the City Council".
    """
    index = _forms_by_first_word(forms)
    lowered = text.lower()
    last_end = -1
    # (the words that begin a form picked out first, by a list comprehension: much faster)
    for start, word in [(start, word) for start, word in layout.words if word in index]:
        if start < last_end or (start and text[start - 1].isalnum()):
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
