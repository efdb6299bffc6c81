"""`jacksonpd extract` on forms of news copy the `held-out-13` part of benchmarks/extraction/
showed after its first score, each rule with fresh cases of its own (other names, cities and
bodies); none is keyed to that part's words.
"""

from __future__ import annotations

import datetime as dt

import pytest

from .drafts import days, figures

# -- an age after "she's", "he is" ... is no figure ------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        '"He\'s 64," his neighbor in Hattiesburg said of the retired deputy.',
        '"My father wants an answer before he\'s 80."',
        "Ruth Odom lives alone in Laurel. She is 77 and takes the bus to every hearing.",
        "He is 59 and still drives a cab in Greenville.",
    ],
)
def test_an_age_after_a_pronoun_and_is_is_no_figure(text: str) -> None:
    assert figures(text) == []


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        ("The Tupelo review is 68 days late.", "68 days"),
        ("There are 68 open cases in Biloxi.", "68"),
        ("She is one of 12 investigators in the Meridian office.", "12"),
    ],
)
def test_a_count_after_is_stays_a_figure(text: str, printed: str) -> None:
    """Guard: a count or a duration after "is" is still a figure."""
    assert [p for p, _, _, _ in figures(text)] == [printed]


# -- a page number is a label ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The clause is on page 112 of the Gulfport contract.",
        "See p. 9 of the Columbus audit.",
        "Page 30 of the Starkville report lists the stops.",
    ],
)
def test_a_page_number_is_no_figure(text: str) -> None:
    assert figures(text) == []


def test_a_count_of_pages_stays_a_figure() -> None:
    """Guard: a number of pages counts them."""
    assert [p for p, _, _, _ in figures("The Oxford report runs 112 pages.")] == ["112"]


# -- a tally after passed, approved, failed ... is no figure ------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The Vicksburg board approved the contract 5 to 2 on Monday.",
        "The Brandon board rejected the plan 2 to 5 after a long hearing.",
        "Aldermen passed the curfew 6 to 1 last spring in Natchez.",
        "The Clinton council passed it 4 to 3 in May.",
    ],
)
def test_a_tally_after_a_verb_of_voting_is_no_figure(text: str) -> None:
    assert figures(text) == []


def test_a_range_after_approved_stays_a_figure() -> None:
    """Guard: "approved 3 to 5 hires" is a range of a count, not a tally."""
    assert figures("The Tupelo council approved 3 to 5 new hires.") != []


# -- "up to about $N": the first qualifier governs -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("The Biloxi settlement could reach up to about $40,000 a family.", "at_most"),
        ("Meridian will hire no more than roughly 12 officers this year.", "at_most"),
        ("The Tupelo backlog holds more than about 300 reports.", "over"),
        ("At least some 50 residents came to the Natchez hearing.", "at_least"),
    ],
)
def test_the_first_of_two_qualifiers_governs(text: str, qualifier: str) -> None:
    assert [q for _, _, q, _ in figures(text)] == [qualifier]


def test_a_hedge_alone_is_about() -> None:
    """Guard: "about" with no qualifier before it is still about."""
    assert [q for _, _, q, _ in figures("About 40 people waited in Oxford.")] == ["about"]


# -- "twice as many as a year ago": a count compared with a time ---------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The Hattiesburg unit logged 90 complaints, twice as many as a year ago.",
        "Greenville paid out $2 million, three times as much as two years ago.",
        "The Oxford jail held 210 people, about as many as a year ago.",
    ],
)
def test_a_count_compared_with_a_time_ago_is_no_duration(text: str) -> None:
    assert [p for p, _, _, _ in figures(text) if "year" in p] == []


# -- "one with nine years ... and one with less than two": the unit said with the first "with" ---


@pytest.mark.parametrize(
    ("text", "printed", "qualifier"),
    [
        (
            "Two Tupelo deputies fired, one with 12 years on the force and one with less than three,"
            " are on leave.",
            "three",
            "under",
        ),
        (
            "The Meridian unit has two detectives, one with six years in homicide and one with about four.",
            "four",
            "about",
        ),
    ],
)
def test_a_parallel_number_after_with_takes_the_unit(text: str, printed: str, qualifier: str) -> None:
    assert (printed, qualifier, "years") in [(p, q, u) for p, _, q, u in figures(text)]


def test_a_bare_count_after_with_takes_no_unit_said_without_with() -> None:
    """Guard: "with about 20" after "for 10 years" counts people, not years."""
    text = "The Greenwood chief has served for 10 years. On Monday he met with about 20."
    assert [u for p, _, _, u in figures(text) if "20" in p] != ["years"]


# -- "Saturday night's shooting": an event that cannot be set ahead is past ----------------------


@pytest.mark.parametrize(
    ("text", "day"),
    [
        (
            "Biloxi police will release the names this afternoon from Tuesday's shooting on Pass Road.",
            dt.date(2021, 3, 16),
        ),
        (
            "The Greenville coroner will speak today about Sunday night's crash on Highway 82.",
            dt.date(2021, 3, 14),
        ),
    ],
)
def test_a_weekday_of_a_shooting_or_crash_is_past(text: str, day: dt.date) -> None:
    assert [d for t, d in days(text) if "day" in t and t != "today"] == [day]


def test_a_weekday_of_a_meeting_to_come_stays_ahead() -> None:
    """Guard: a meeting can be set ahead: "will attend Monday's meeting" is next Monday."""
    assert days("The Oxford mayor will attend Monday's meeting.") == [("Monday", dt.date(2021, 3, 22))]
