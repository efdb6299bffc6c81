"""The fields and validators the record classes share: ids, spans and the evidence they imply.

Apart from ``models.py`` and ``incident_models.py`` so that both sets of records use one
definition of what an id looks like (:data:`ID_PATTERN`, also used by the readers that name a file
after an id) and one rule for a span's offsets.
"""

from __future__ import annotations

import re
from typing import Any

import attrs

from .enums import Evidence
from .errors import InvalidValue

__all__ = [
    "ID_PATTERN",
    "check_evidence",
    "check_slug",
    "check_span",
    "id_field",
    "optional_id_field",
]

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def check_slug(instance: Any, attribute: attrs.Attribute[Any], value: str | None) -> None:
    """Validate a readable, stable id: lowercase words joined by single hyphens."""
    if value is not None and not ID_PATTERN.match(value):
        raise InvalidValue(
            expected="an id of lowercase letters and digits joined by hyphens",
            got=value,
            field=attribute.name,
        )


def check_span(instance: Any, attribute: attrs.Attribute[Any], value: int | None) -> None:
    """Validate that ``end`` comes after ``start`` and both are offsets (or, for a citation, both
    are empty)."""
    start = instance.start
    if value is None or start is None:
        if value is not start:
            raise InvalidValue(
                expected="start and end both given or both empty", got=value, field=attribute.name
            )
        return
    if start < 0 or value <= start:
        raise InvalidValue(
            expected=f"an end after start ({start}), with start >= 0", got=value, field=attribute.name
        )


def check_evidence(instance: Any, attribute: attrs.Attribute[Any], value: Evidence) -> None:
    """Validate that a fact with a span says ``span``, and one without says ``citation``."""
    expected = Evidence.CITATION if getattr(instance, "start", None) is None else Evidence.SPAN
    if value is not expected:
        raise InvalidValue(
            expected=f"{expected.value} (a fact {'with' if expected is Evidence.SPAN else 'without'} a span)",
            got=value,
            field=attribute.name,
        )


def id_field() -> Any:
    """A required id field."""
    return attrs.field(validator=check_slug)


def optional_id_field() -> Any:
    """An optional id field (a reference that may be unknown)."""
    return attrs.field(default=None, validator=check_slug)
