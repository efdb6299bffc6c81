"""`jacksonpd extract` on forms of news copy the `held-out-10` part of benchmarks/extraction/
showed after its first score, each rule with fresh cases of its own (other names, cities,
documents and outlets); none is keyed to that part's words.
"""

from __future__ import annotations

import datetime as dt

import pytest

from jacksonpd.extract import extract

THURSDAY = dt.date(2021, 3, 18)


def figures(text: str) -> list[tuple[str, float, str, str | None]]:
    """The figures of ``text``: as printed, value, qualifier and unit."""
    return [(f.as_printed, f.value, f.qualifier.value, f.unit) for f in extract(text, THURSDAY).figures]


# -- "within the hour": at most one hour ---------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Deputies had the driver in custody within the hour, the sheriff's office said.",
        "Within the hour, a second ambulance reached the Pearl apartment complex.",
    ],
)
def test_within_the_hour_is_at_most_one_hour(text: str) -> None:
    assert figures(text) == [(text[text.lower().index("within") :][:15], 1.0, "at_most", "hours")]


def test_the_hour_without_within_is_no_figure() -> None:
    """Guard: "the hour" alone counts nothing."""
    assert figures("The chief arrived at the top of the hour.") == []


# -- an age is no figure, "the age of 4" included ------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "His aunt took him in at the age of 9 and raised him in Meridian.",
        "She began boxing at age 12, her coach said.",
        "The program serves children aged 10 and older in Canton.",
    ],
)
def test_an_age_after_age_of_is_no_figure(text: str) -> None:
    assert figures(text) == []


def test_a_count_after_of_stays_a_figure() -> None:
    """Guard: "a total of 9" still counts."""
    assert figures("Officers filed a total of 9 complaints.") == [("9", 9.0, "exact", "complaints")]
