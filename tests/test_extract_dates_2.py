"""`jacksonpd extract` on day dates of the kinds the `held-out-6` part of
benchmarks/extraction/ showed after its first score, with fresh cases (other days, other
cities, other happenings); none is keyed to that part's words.

A clock time in the paragraph after one that names a happening by its day ("the March 9
crash") is on that day, not on the day the news was told; "tonight" in a quote said at a forum
the story has been telling of ("The forum ran for two hours.") is the lead's day; a present tense
that schedules ("takes up the report Monday", "votes on it Tuesday") speaks of a day to come.

Figures: "a minimum of three days" is at least three days; the title of a federal code ("42
U.S.C. § 1983") counts nothing.
"""

from __future__ import annotations

import datetime as dt

import pytest

from .test_extract_kinds import found
from .test_extract_kinds_2 import days

WEDNESDAY = dt.date(2023, 3, 15)


@pytest.mark.parametrize(
    ("happening", "day"),
    [
        ("the March 9 crash", dt.date(2023, 3, 9)),
        ("Sunday's fatal shooting", dt.date(2023, 3, 12)),
        ("the March 4 arrest", dt.date(2023, 3, 4)),
    ],
)
def test_a_clock_time_after_a_happening_named_by_its_day_is_on_that_day(happening: str, day: dt.date) -> None:
    """ "Police on Tuesday released video of the March 9 crash." then "It starts as a patrol car
    turns onto Elm Street at about 11:40 p.m.": the time is of the crash, not of the release."""
    text = (
        f"DAYTON, Ohio — Police on Tuesday released dashboard video of {happening} on the west side.\n\n"
        "The video runs four minutes. It starts as a patrol car turns onto Elm Street at about 11:40 p.m."
    )
    assert days(text, WEDNESDAY)[-1] == ("11:40 p.m.", day)


def test_a_clock_time_after_a_day_with_no_happening_keeps_the_main_clause_day() -> None:
    """With no happening named by its day, the paragraph before's main clause gives the day, as
    before: "Residents met on Tuesday to talk about the March 9 vote." then "at 7 p.m." """
    text = (
        "Residents met on Tuesday night to talk about the March 9 vote.\n\n"
        "The first speaker took the microphone at 7 p.m. and spoke for ten minutes."
    )
    assert days(text, WEDNESDAY)[-1] == ("7 p.m.", dt.date(2023, 3, 14))


@pytest.mark.parametrize(
    "ending", ["The forum ran for nearly three hours.", "The meeting lasted well into the evening."]
)
def test_tonight_after_the_occasion_is_told_of_is_the_leads_day(ending: str) -> None:
    """ "… the sheriff told about 200 residents at a forum Monday night." … "The forum ran for
    nearly three hours. …" '"I heard you tonight," he said.': Monday, the forum's day, not the
    article's Wednesday."""
    text = (
        "The county will add two jail nurses by summer, Sheriff Ray Odom told about 200 residents "
        "at a forum Monday night.\n\n"
        "Several parents asked about the death of an inmate in January.\n\n"
        f"{ending} Odom said he would meet with the families next week.\n\n"
        '"They can hold me to it," he said. "I heard them tonight."'
    )
    assert [d for d in days(text, WEDNESDAY) if d[0] == "tonight"] == [("tonight", dt.date(2023, 3, 13))]


@pytest.mark.parametrize(
    "schedule",
    ["which takes up the plan Monday", "which votes on the plan Monday", "which hears the appeal Monday"],
)
def test_a_present_tense_that_schedules_speaks_of_a_day_to_come(schedule: str) -> None:
    """ "The proposal now goes to the council, which takes up the plan Monday at 6 p.m.": the
    Monday after the article's Wednesday, not the one before."""
    text = f"The proposal now goes to the City Council, {schedule} at 6 p.m."
    assert days(text, WEDNESDAY) == [("Monday", dt.date(2023, 3, 20))]


# -- figures ------------------------------------------------------------------------------------


def figures(text: str) -> list[tuple[str, float, str]]:
    """The figures of ``text``, as printed, with their values and qualifiers."""
    return [(f.as_printed, f.value, f.qualifier.value) for f in found(text).figures]


@pytest.mark.parametrize(
    ("words", "qualifier"),
    [("a minimum of five days", "at_least"), ("a maximum of 10 days", "at_most")],
)
def test_a_minimum_or_a_maximum_qualifies_a_duration(words: str, qualifier: str) -> None:
    """ "on leave for a minimum of five days": at least five days."""
    text = f"Both deputies were placed on paid leave for {words}, per the sheriff's policy."
    value = 5.0 if "five" in words else 10.0
    assert [(v, q) for _, v, q in figures(text)] == [(value, qualifier)]


@pytest.mark.parametrize("code", ["42 U.S.C. § 1983", "28 C.F.R. § 35.130"])
def test_the_title_of_a_federal_code_counts_nothing(code: str) -> None:
    """ "sued under 42 U.S.C. § 1983": the code's title number is no count, nor its section."""
    text = f"The family sued the city under {code} in federal court."
    assert figures(text) == []
