"""The typed contents of a data package, and :func:`load` to read a published one."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import attrs

from .convert import converter, iter_failures
from .errors import JacksonpdError, Problem
from .models import (
    RECORD_TYPES,
    Claim,
    Correction,
    Event,
    Figure,
    Incident,
    IncidentOfficer,
    InvestigatingArrangement,
    Mention,
    Officer,
    Organization,
    Person,
    Policy,
    Record,
    ReleaseRule,
    Source,
    Statement,
    record_key,
)

__all__ = ["Dataset", "load", "published_path"]


def _ordered(records: Any) -> tuple[Any, ...]:
    """Records in a stable order: by their primary key, whatever order they were read in."""
    return tuple(sorted(records, key=record_key))


@attrs.frozen(kw_only=True)
class Dataset:
    """Every record of the package, one tuple per resource, each sorted by id."""

    sources: tuple[Source, ...] = attrs.field(default=(), converter=_ordered)
    organizations: tuple[Organization, ...] = attrs.field(default=(), converter=_ordered)
    people: tuple[Person, ...] = attrs.field(default=(), converter=_ordered)
    mentions: tuple[Mention, ...] = attrs.field(default=(), converter=_ordered)
    statements: tuple[Statement, ...] = attrs.field(default=(), converter=_ordered)
    figures: tuple[Figure, ...] = attrs.field(default=(), converter=_ordered)
    events: tuple[Event, ...] = attrs.field(default=(), converter=_ordered)
    policies: tuple[Policy, ...] = attrs.field(default=(), converter=_ordered)
    release_rules: tuple[ReleaseRule, ...] = attrs.field(default=(), converter=_ordered)
    investigating_arrangements: tuple[InvestigatingArrangement, ...] = attrs.field(
        default=(), converter=_ordered
    )
    incidents: tuple[Incident, ...] = attrs.field(default=(), converter=_ordered)
    officers: tuple[Officer, ...] = attrs.field(default=(), converter=_ordered)
    incident_officers: tuple[IncidentOfficer, ...] = attrs.field(default=(), converter=_ordered)
    claims: tuple[Claim, ...] = attrs.field(default=(), converter=_ordered)
    corrections: tuple[Correction, ...] = attrs.field(default=(), converter=_ordered)
    #: The date officers' names are published as of (see :func:`jacksonpd.build`).
    as_of: dt.date | None = attrs.field(default=None, eq=False)

    def resources(self) -> Iterator[tuple[str, tuple[Record, ...]]]:
        """Yield ``(resource name, records)`` in publication order."""
        for cls in RECORD_TYPES:
            yield cls.resource, getattr(self, cls.resource)

    def source(self, source_id: str) -> Source:
        """The source with this id (``KeyError`` if there is none)."""
        for s in self.sources:
            if s.source_id == source_id:
                return s
        raise KeyError(source_id)


def published_path() -> Path:
    """Where the package published with this version of jacksonpd is.

    In a wheel it ships inside the package as ``jacksonpd/_published``; in a source checkout
    it is the repository's ``datapackage/``.
    """
    shipped = resources.files("jacksonpd") / "_published" / "datapackage.json"
    if shipped.is_file():
        return Path(str(shipped))
    return Path(__file__).resolve().parent.parent / "datapackage" / "datapackage.json"


def load(path: str | Path | None = None) -> Dataset:
    """Read a published data package into typed records.

    With no ``path``, read the package published with the installed version of jacksonpd.
    ``path`` may name ``datapackage.json`` or the folder that holds it.

    Example::

        >>> import jacksonpd
        >>> pkg = jacksonpd.load()
        >>> pkg.statements[0].kind
    """
    descriptor_path = published_path() if path is None else Path(path)
    if descriptor_path.is_dir():
        descriptor_path = descriptor_path / "datapackage.json"
    try:
        descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problem = Problem(code="missing-file", path=str(descriptor_path), message="no data package here")
        raise JacksonpdError([problem], "cannot load the data package") from None
    by_name = {r["name"]: r for r in descriptor.get("resources", [])}
    problems: list[Problem] = []
    tables: dict[str, Any] = {}
    for cls in RECORD_TYPES:
        resource = by_name.get(cls.resource)
        if resource is None:
            problems.append(
                Problem(
                    code="missing-file",
                    path=str(descriptor_path),
                    field=cls.resource,
                    message="the package has no such resource",
                )
            )
            continue
        csv_path = descriptor_path.parent / resource["path"]
        tables[cls.resource] = list(_read_records(csv_path, cls, problems))
    if problems:
        raise JacksonpdError(problems, "cannot load the data package")
    as_of = descriptor.get("as_of")
    return Dataset(**tables, as_of=dt.date.fromisoformat(as_of) if as_of else None)


def _read_records(path: Path, cls: type[Record], problems: list[Problem]) -> Iterator[Record]:
    conv = converter()
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        for row in reader:
            values = {k: v for k, v in row.items() if v != ""}
            try:
                yield conv.structure(values, cls)
            except Exception as exc:
                for key, failure in iter_failures(exc):
                    problems.append(
                        Problem(
                            code="type-error",
                            path=str(path),
                            line=reader.line_num,
                            field=str(key[-1]) if key else None,
                            message=str(failure),
                        )
                    )
