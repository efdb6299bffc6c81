"""`jacksonpd extract` on the kinds the third held-out part missed, with fresh cases of each.

A speaker named after a description of them, or across a phrase set off by commas; words in
capitals from a sign; a range of days with their years; the year of a day the wrong verb stands
beside; a clock time far from its day; "today" inside a quote; and 911, which counts nothing.
"""

from __future__ import annotations

import datetime as dt

import pytest

from jacksonpd.extract import Extraction, extract
from jacksonpd.models import DatePrecision

TUESDAY = dt.date(2019, 6, 25)


def found(text: str, on: dt.date = TUESDAY) -> Extraction:
    """What the extractor finds in ``text``, with every span checked against the text."""
    result = extract(text, on)
    for q in result.quotes:
        assert text[q.start : q.end] == q.text
    for f in result.figures:
        assert text[f.start : f.end] == f.as_printed
    for d in result.dates:
        assert text[d.start : d.end] == d.date_text
    return result


def quotes(text: str) -> list[tuple[str, str | None]]:
    """The quotes of ``text`` with their speakers."""
    return [(q.text, q.speaker) for q in found(text).quotes]


def days(text: str, on: dt.date = TUESDAY) -> list[tuple[str, dt.date]]:
    """The day dates of ``text``."""
    return [(d.date_text, d.date) for d in found(text, on).dates if d.precision is DatePrecision.DAY]


# -- figures ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["She called 911 twice.", "Neighbors dialed 911 at once.", "The 911 calls were released."]
)
def test_911_counts_nothing(text: str) -> None:
    """911 is the number called, not a count."""
    assert found(text).figures == ()


def test_911_before_what_it_counts_is_a_figure() -> None:
    """Before a plural that is not a call, 911 counts it."""
    assert [f.value for f in found("The state certified 911 officers last year.").figures] == [911]
