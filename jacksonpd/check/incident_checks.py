"""What the incidents of an incident file must hold: their references (sources, agencies,
policies) known, officers' names only where released, and the release policy applied.

How the build reads every incident file (over the cores, through the cache, in batches) is
:mod:`jacksonpd.collect.incident_files`; the file formats are :mod:`jacksonpd.seeds.incidents`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Set

import attrs

from ..errors import Problem
from ..models import (
    ID_PATTERN,
    Incident,
    IncidentOfficer,
    InvestigatingArrangement,
    Officer,
    ReleaseRule,
)
from ..release.policy import apply_release_policy, name_is_public
from ..seeds.article import slugify
from ..seeds.curated import _unknown
from ..seeds.incidents import CuratedIncident, CuratedOfficer, IncidentFile
from ..seeds.registry import Registry
from ..seeds.yamlio import Located

#: The private overlay: incident files with officers' names that are not public yet. Git does not
#: track it and no distribution includes it; the build reads it and copies nothing of it.
PRIVATE = "private"


#: A batch of a file's incidents, each with the lines of its values (keyed within the incident:
#: ``()`` is its own line, ``("officers", 0, "name")`` an officer's name's).
_Batch = tuple[tuple[CuratedIncident, dict[tuple[str | int, ...], int]], ...]


def _released(
    doc: Located,
    batch: _Batch,
    begin: int,
    parsed: IncidentFile,
    rules: list[ReleaseRule],
    when: dt.date,
    problems: list[Problem],
    arrangements: list[InvestigatingArrangement],
) -> tuple[list[Incident], list[Officer], list[IncidentOfficer]]:
    """:func:`apply_release_policy` over a batch; an incident whose records cannot be made is
    reported (without its values: they may hold a withheld name) and left out."""
    try:
        return apply_release_policy(
            [(curated, parsed.data_source) for curated, _ in batch], rules, when, arrangements
        )
    except ValueError:
        pass
    incidents: list[Incident] = []
    officers: list[Officer] = []
    links: list[IncidentOfficer] = []
    for n, (curated, lines) in enumerate(batch):
        try:
            made = apply_release_policy([(curated, parsed.data_source)], rules, when, arrangements)
        except ValueError as exc:
            field = getattr(exc, "field", None)
            problems.append(
                Problem(
                    code="value-error",
                    path=doc.path,
                    line=lines.get((), None) or doc.line(("incidents", begin + n)),
                    field=field,
                    expected=getattr(exc, "expected", None),
                    message="(the value is not shown: it may be an officer's name)",
                )
            )
            continue
        incidents += made[0]
        officers += made[1]
        links += made[2]
    return incidents, officers, links


#: The words of a name that, standing alone, would still name the officer (initials do not).
_NAME_WORD = re.compile(r"[^\W\d_]{3,}")


def _officer_problems(
    doc: Located,
    key: tuple[str | int, ...],
    incident: CuratedIncident,
    today: dt.date,
    when: dt.date,
    *,
    private: bool,
) -> list[Problem]:
    """Where an officer's name that is not public could escape: a name not public today in a
    committed file (outside the private overlay), an officer id that is not a valid id or is made
    of the name, and the name typed into another field that is published. No message quotes a
    value: any of them may be the name."""
    problems = []
    for n, officer in enumerate(incident.officers):
        okey = (*key, "officers", n)
        if officer.name is not None and not private and not name_is_public(officer, today):
            problems.append(
                _unquoted(
                    doc,
                    okey,
                    "name",
                    "private-name",
                    f"only names public by today ({today}) in a committed file",
                    f"move this incident to {PRIVATE}/incidents/ in the seeds folder, which git ignores "
                    "and no distribution includes",
                )
            )
        if officer.id is not None and not ID_PATTERN.match(officer.id):
            problems.append(
                _unquoted(
                    doc, okey, "id", "type-error", "an id of lowercase letters, digits and single hyphens"
                )
            )
        if officer.name is not None and not name_is_public(officer, when):
            problems += _withheld_name_problems(doc, key, n, officer, incident)
    return problems


def _unquoted(
    doc: Located,
    okey: tuple[str | int, ...],
    field: str,
    code: str,
    expected: str,
    message: str | None = None,
) -> Problem:
    """A problem with an officer's ``field`` (``okey`` is the officer's key) that does not quote
    the value: it may be the officer's name."""
    return Problem(
        code=code,
        path=doc.path,
        line=doc.line((*okey, field)),
        field=field,
        found="a value not shown here (it may be an officer's name)",
        expected=expected,
        message=message,
    )


def _withheld_name_problems(
    doc: Located,
    key: tuple[str | int, ...],
    n: int,
    officer: CuratedOfficer,
    incident: CuratedIncident,
) -> list[Problem]:
    """Where the withheld name of the incident's ``n``-th officer would be published anyway: in
    the officer's id (made of its words), or typed into another field that is published."""
    assert officer.name is not None
    problems = []
    okey = (*key, "officers", n)
    words = [w.lower() for w in _NAME_WORD.findall(officer.name)]
    whole = " ".join(officer.name.lower().split())
    if officer.id is not None and (
        slugify(officer.name) in officer.id or any(w in officer.id.split("-") for w in words)
    ):
        problems.append(
            _unquoted(
                doc,
                okey,
                "id",
                "withheld-name",
                "an id that is not made of the officer's name (or leave it out)",
                "an id is published even while the name is withheld",
            )
        )
    fields = [("rank", officer.rank), ("name_released_by", officer.name_released_by)]
    fields += [(k, getattr(incident, k)) for k in ("note", "address", "armed_with", "subject_name")]
    for field, value in fields:
        lowered = " ".join(str(value).lower().split()) if value is not None else ""
        tokens = set(_NAME_WORD.findall(lowered))
        if value is not None and (whole in lowered or (words and words[-1] in tokens)):
            at = field if field in ("rank", "name_released_by") else None
            problems.append(
                Problem(
                    code="withheld-name",
                    path=doc.path,
                    line=doc.line((*okey, field)) if at else doc.line((*key, field)),
                    field=field,
                    found="a value not shown here: it holds the name of an officer that is withheld",
                    expected="no officer's name before it is public",
                    message=f"officer {n + 1} of this incident",
                )
            )
    return problems


def _incident_problems(
    doc: Located,
    key: tuple[str | int, ...],
    incident: CuratedIncident,
    known: set[str],
    sources: Set[str],
    registry: Registry,
    today: dt.date,
) -> list[Problem]:
    """An incident's references to organizations and sources that are not there, and release
    dates out of range."""
    problems = []
    for ref_key, value, known_ids, what in (
        ("agency", incident.agency, known, "organization"),
        ("investigating_agency", incident.investigating_agency, known, "organization"),
        ("source", incident.source, sources, "source"),
    ):
        if value is not None and value not in known_ids and not registry.unchecked:
            problems.append(_unknown(doc, (*key, ref_key), value, what, known_ids))
    for n, officer in enumerate(incident.officers):
        okey = (*key, "officers", n)
        for ref_key, value in (("agency", officer.agency), ("name_released_by", officer.name_released_by)):
            if value is not None and value not in known and not registry.unchecked:
                unknown = _unknown(doc, (*okey, ref_key), value, "organization", known)
                # An officer's values may be a withheld name: never repeat them, nor hint at them.
                expected = f"the id of a registered {'agency' if ref_key == 'agency' else 'organization'}"
                problems.append(attrs.evolve(unknown, found=None, expected=expected))
        for date_key in ("name_released_on", "name_public_on"):
            released = getattr(officer, date_key)
            if released is not None and (released > today or released < incident.occurred_on):
                problems.append(
                    Problem(
                        code="date-out-of-range",
                        path=doc.path,
                        line=doc.line((*okey, date_key)),
                        field=date_key,
                        found=released.isoformat(),
                        expected=f"a date from the incident ({incident.occurred_on}) to today",
                    )
                )
    return problems
