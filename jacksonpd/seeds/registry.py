"""The registry: the people and organizations articles name, with their ids and aliases
(``seeds/registry/people.yaml`` and ``organizations.yaml``)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import attrs

from ..errors import Problem
from ..models import Organization, OrganizationKind, Person
from .curated import _plausible_at, _read_list, _record, _structure_items, _unknown, _unparsed_ids
from .yamlio import Located

__all__ = ["Registry", "read_registry"]


@attrs.frozen(kw_only=True)
class _PersonEntry:
    id: str
    name: str
    title: str | None = None
    organization: str | None = None
    aliases: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class _OrganizationEntry:
    id: str
    name: str
    abbreviation: str | None = None
    kind: OrganizationKind
    aliases: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Registry:
    """People and organizations with their ids, and the aliases articles use for them."""

    people: tuple[Person, ...] = ()
    organizations: tuple[Organization, ...] = ()
    aliases: dict[str, str] = attrs.field(factory=dict)  # alias -> person or organization id
    #: Ids of entries that have problems of their own: known, so references to them are not noise.
    unparsed_people: frozenset[str] = frozenset()
    unparsed_organizations: frozenset[str] = frozenset()
    #: A registry file could not be read at all, so references cannot be checked this time.
    unchecked: bool = False

    # Looked up for every statement of every article: indexed once.
    known_people: frozenset[str] = attrs.field(init=False, eq=False, repr=False)
    known_organizations: frozenset[str] = attrs.field(init=False, eq=False, repr=False)
    _by_person_id: dict[str, Person] = attrs.field(init=False, eq=False, repr=False)

    @known_people.default
    def _known_people(self) -> frozenset[str]:
        return frozenset(p.person_id for p in self.people) | self.unparsed_people

    @known_organizations.default
    def _known_organizations(self) -> frozenset[str]:
        return frozenset(o.organization_id for o in self.organizations) | self.unparsed_organizations

    @_by_person_id.default
    def _index_people(self) -> dict[str, Person]:
        return {p.person_id: p for p in reversed(self.people)}  # the first of an id given twice

    def person_ids(self) -> set[str]:
        """Ids of every registered person."""
        return set(self.known_people)

    def organization_ids(self) -> set[str]:
        """Ids of every registered organization."""
        return set(self.known_organizations)

    def person(self, person_id: str) -> Person | None:
        """The registered person with this id, if any."""
        return self._by_person_id.get(person_id)


def read_registry(folder: Path, shown: str = "seeds/registry") -> tuple[Registry, list[Problem]]:
    """Read ``people.yaml`` and ``organizations.yaml`` from ``folder``, checking ids and aliases."""
    problems: list[Problem] = []
    orgs_doc = _read_list(folder / "organizations.yaml", f"{shown}/organizations.yaml", problems)
    people_doc = _read_list(folder / "people.yaml", f"{shown}/people.yaml", problems)
    org_entries = _structure_items(orgs_doc, (), _OrganizationEntry, problems)
    person_entries = _structure_items(people_doc, (), _PersonEntry, problems)
    unparsed_orgs = _unparsed_ids(orgs_doc, {i for i, _ in org_entries})
    unparsed_people = _unparsed_ids(people_doc, {i for i, _ in person_entries})
    claims = _Claims(problems)
    organizations = _organizations(org_entries, orgs_doc, claims, problems)
    org_ids = {o.id for _, o in org_entries} | unparsed_orgs
    people = _people(person_entries, people_doc, orgs_doc is not None, org_ids, claims, problems)
    registry = Registry(
        people=tuple(p for p in people if p is not None),
        organizations=tuple(o for o in organizations if o is not None),
        aliases={alias: owner[0] for alias, owner in claims.alias_owner.items()},
        unparsed_people=frozenset(unparsed_people),
        unparsed_organizations=frozenset(unparsed_orgs),
        unchecked=orgs_doc is None or people_doc is None,
    )
    return registry, problems


class _Claims:
    """The ids and aliases the registry's entries have claimed so far, each with where: an id
    given twice, or an alias of two entries, is reported where it is claimed again."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        self.alias_owner: dict[str, tuple[str, Located, int]] = {}
        self.seen: dict[str, tuple[Located, int]] = {}

    def claim(self, entry_id: str, names: Iterable[str], doc: Located, index: int) -> None:
        """Claim an entry's id, and its names (name, abbreviation, aliases) as aliases of it."""
        if entry_id in self.seen:
            first_doc, first_index = self.seen[entry_id]
            self.problems.append(
                Problem(
                    code="duplicate-id",
                    path=doc.path,
                    line=doc.line((index, "id")),
                    field="id",
                    found=f'"{entry_id}"',
                    message=f"already used at {first_doc.path}:{first_doc.line((first_index, 'id'))}",
                )
            )
        self.seen.setdefault(entry_id, (doc, index))
        for alias in names:
            owner = self.alias_owner.get(alias)
            if owner and owner[0] != entry_id:
                self.problems.append(
                    Problem(
                        code="duplicate-id",
                        path=doc.path,
                        line=doc.line((index, "aliases")),
                        field="aliases",
                        found=f'"{alias}"',
                        message=f'also an alias of "{owner[0]}" '
                        f"({owner[1].path}:{owner[1].line((owner[2], 'aliases'))}); "
                        "an alias must name one entry",
                    )
                )
            self.alias_owner.setdefault(alias, (entry_id, doc, index))


def _organizations(
    entries: list[tuple[int, _OrganizationEntry]],
    doc: Located | None,
    claims: _Claims,
    problems: list[Problem],
) -> list[Organization | None]:
    """The organizations' records (``None`` for one that could not be made), their ids and names
    claimed."""
    organizations: list[Organization | None] = []
    for index, org in entries:
        assert doc is not None  # entries exist only when the document was read
        names = [org.name, *([org.abbreviation] if org.abbreviation else []), *org.aliases]
        claims.claim(org.id, names, doc, index)
        organizations.append(
            _record(
                Organization,
                doc,
                (index,),
                problems,
                organization_id=org.id,
                name=org.name,
                abbreviation=org.abbreviation,
                kind=org.kind,
            )
        )
        problems += _plausible_at(doc, (index,), organizations[-1])
    return organizations


def _people(
    entries: list[tuple[int, _PersonEntry]],
    doc: Located | None,
    orgs_read: bool,
    org_ids: set[str],
    claims: _Claims,
    problems: list[Problem],
) -> list[Person | None]:
    """The people's records (``None`` for one that could not be made), their ids and names
    claimed; an organization that is not among ``org_ids`` is reported, if ``orgs_read``."""
    people: list[Person | None] = []
    for index, person in entries:
        assert doc is not None
        claims.claim(person.id, [person.name, *person.aliases], doc, index)
        if person.organization and person.organization not in org_ids and orgs_read:
            problems.append(
                _unknown(doc, (index, "organization"), person.organization, "organization", org_ids)
            )
        people.append(
            _record(
                Person,
                doc,
                (index,),
                problems,
                person_id=person.id,
                name=person.name,
                title=person.title,
                organization_id=person.organization,
            )
        )
        problems += _plausible_at(doc, (index,), people[-1])
    return people
