"""Records: frozen, keyword-only, and refusing ids and spans that break the rules."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from jacksonpd.errors import InvalidValue
from jacksonpd.models import RECORD_TYPES, Statement, StatementKind


def statement(**changes: object) -> Statement:
    """A valid statement, with ``changes`` applied."""
    values: dict[str, object] = {
        "statement_id": "2018-03-19-x-they-can-call-me",
        "source_id": "2018-03-19-x",
        "speaker_id": "anthony-moore",
        "kind": StatementKind.QUOTE,
        "text": "they can call me.",
        "start": 10,
        "end": 27,
        "said_on": dt.date(2018, 3, 19),
    }
    values.update(changes)
    return Statement(**values)  # type: ignore[arg-type]


def test_records_are_frozen() -> None:
    """Assigning to a record's field raises: records are values."""
    s = statement()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        s.text = "changed"  # type: ignore[misc]


def test_records_are_keyword_only() -> None:
    """Positional construction is refused, so a reordered schema cannot silently shift values."""
    with pytest.raises(TypeError):
        Statement("a", "b")  # type: ignore[call-arg]


@pytest.mark.parametrize("bad", ["Anthony-Moore", "anthony moore", "anthony--moore", "-x", "x-", ""])
def test_id_must_be_a_slug(bad: str) -> None:
    """Ids are lowercase words joined by single hyphens; anything else names the field."""
    with pytest.raises(InvalidValue) as info:
        statement(speaker_id=bad)
    assert info.value.field == "speaker_id"
    assert info.value.got == bad


@pytest.mark.parametrize(("start", "end"), [(5, 5), (6, 5), (-1, 3)])
def test_span_must_be_forward(start: int, end: int) -> None:
    """A span ends after it starts, and starts at or after 0."""
    with pytest.raises(InvalidValue) as info:
        statement(start=start, end=end)
    assert info.value.field == "end"


def test_every_record_type_names_its_resource() -> None:
    """Each record class knows its resource name, and the names are the published contract."""
    assert [cls.resource for cls in RECORD_TYPES] == [
        "sources",
        "organizations",
        "people",
        "mentions",
        "statements",
        "figures",
        "events",
        "policies",
        "release_rules",
        "investigating_arrangements",
        "incidents",
        "officers",
        "incident_officers",
        "claims",
        "corrections",
    ]
