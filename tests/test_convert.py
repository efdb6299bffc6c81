"""The converter: strict structuring from YAML and CSV values, with errors that carry a path."""

from __future__ import annotations

import datetime as dt

import pytest

from jacksonpd.convert import converter, describe_failure, format_number, iter_failures
from jacksonpd.models import Figure, Qualifier, Statement

GOOD: dict[str, object] = {
    "statement_id": "a-b",
    "source_id": "a",
    "kind": "quote",
    "text": "t",
    "start": "0",
    "end": "1",
}


def failures(data: dict[str, object], cls: type = Statement) -> list[tuple[tuple[str | int, ...], str]]:
    """The (path, code) of every failure structuring ``data``."""
    with pytest.raises(Exception) as info:  # noqa: PT011 - the group's members are what we check
        converter().structure(data, cls)
    return [(path, describe_failure(exc)[0]) for path, exc in iter_failures(info.value)]


def test_structures_csv_strings() -> None:
    """CSV cells (all strings) become typed values."""
    s = converter().structure({**GOOD, "said_on": "2018-03-20"}, Statement)
    assert (s.start, s.end, s.said_on) == (0, 1, dt.date(2018, 3, 20))


def test_every_failure_is_reported_with_its_path() -> None:
    """All bad fields are reported in one go, each at its own path."""
    bad = {**GOOD, "kind": "quot", "start": "x", "said_on": "2018-02-30", "speaker": "typo"}
    del bad["text"]
    assert sorted(failures(bad)) == [
        (("kind",), "type-error"),
        (("said_on",), "type-error"),
        (("speaker",), "unknown-key"),
        (("start",), "type-error"),
        (("text",), "missing-field"),
    ]


@pytest.mark.parametrize("value", [True, "1.5", "3,147", None])
def test_integers_are_strict(value: object) -> None:
    """No silent coercion: booleans, decimals and printed numbers are not whole numbers."""
    assert failures({**GOOD, "start": value}) == [(("start",), "type-error")]


def test_text_is_not_coerced() -> None:
    """A number where text belongs is an error, not ``"123"``."""
    assert failures({**GOOD, "text": 123}) == [(("text",), "type-error")]


def test_enum_error_lists_the_choices() -> None:
    """A value outside an enum says which values are allowed."""
    with pytest.raises(Exception) as info:  # noqa: PT011
        converter().structure({**GOOD, "kind": "rumour"}, Statement)
    [(_, exc)] = list(iter_failures(info.value))
    assert describe_failure(exc)[2] == "one of quote, paraphrase, written_statement"


def test_unstructure_round_trip() -> None:
    """A record survives unstructure then structure unchanged."""
    f = Figure(
        figure_id="a-b",
        source_id="a",
        metric="calls",
        value=1300.0,
        qualifier=Qualifier.OVER,
        unit="calls",
        as_printed="1,300",
        text="over 1,300 calls",
        start=0,
        end=16,
        period_start=dt.date(2017, 7, 1),
    )
    assert converter().structure(converter().unstructure(f), Figure) == f


@pytest.mark.parametrize(("value", "printed"), [(1300.0, "1300"), (2.5, "2.5"), (-3.0, "-3")])
def test_format_number(value: float, printed: str) -> None:
    """Whole numbers print without a decimal point."""
    assert format_number(value) == printed
