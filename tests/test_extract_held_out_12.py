"""`jacksonpd extract` on forms of news copy the `held-out-12` part of benchmarks/extraction/
showed after its first score, each rule with fresh cases of its own (other names, cities,
relatives and outlets); none is keyed to that part's words.
"""

from __future__ import annotations

import datetime as dt

import pytest

from .drafts import days, figures
from .test_extract_kinds import quotes

# -- a relative named in an apposition is the speaker, not the namesake named before -------------


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Deputies shot Marcus Hollins-Reed, 19, in Meridian on Monday.\n\n"
            '"We saw it first," said his aunt, Loretta Hollins. "It still hurts."',
            "Loretta Hollins",
        ),
        (
            "Officers arrested Terrell Banks, 31, outside a Greenwood motel.\n\n"
            '"He called me from the jail," said his mother, Odessa Banks. "He was scared."',
            "Odessa Banks",
        ),
        (
            "Troopers stopped Caleb Dunmore near Tupelo on Friday night.\n\n"
            '"They never told us why," said Dunmore\'s cousin, Renee Dunmore.',
            "Renee Dunmore",
        ),
    ],
)
def test_a_relative_named_in_an_apposition_speaks(text: str, speaker: str) -> None:
    assert {s for _, s in quotes(text)} == {speaker}


def test_the_namesake_by_surname_alone_stays() -> None:
    """Guard: a surname alone after the full name is still that person."""
    text = 'Officers arrested Terrell Banks, 31, in Greenwood.\n\n"I did nothing," Banks said.'
    assert quotes(text) == [("I did nothing", "Terrell Banks")]


def test_a_relative_set_off_before_said_stays() -> None:
    """Guard: "his sister, NAME, said" gave the sister before."""
    text = 'Police shot Andre Pruitt in Laurel.\n\n"He was unarmed," his sister, Keisha Pruitt, said.'
    assert quotes(text) == [("He was unarmed", "Keisha Pruitt")]


# -- a verb of saying in the passive ("as the verdict was read") names no speaker -----------------


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "The family of Dequan R. Tillis, 27, sued Greenville in 2020.\n\n"
            "Tillis's sister, Ophelia Tillis-Grant, wept as the ruling was read.\n\n"
            '"Four years," she said afterward.',
            "Ophelia Tillis-Grant",
        ),
        (
            "Officers shot Kendrick L. Soto, 22, in Columbus last year.\n\n"
            "Soto's mother, Marisela Soto-Reyes, stood as the ruling was read aloud.\n\n"
            '"We can breathe again," she said.',
            "Marisela Soto-Reyes",
        ),
    ],
)
def test_a_passive_verb_of_saying_has_no_speaker(text: str, speaker: str) -> None:
    assert {s for _, s in quotes(text)} == {speaker}


# -- a word of degree before "over" makes it a comparison, not "during" ---------------------------


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        ("A Gulfport review that lasted just over three weeks found no fault.", "three weeks"),
        ("The audit of the Biloxi evidence room dragged on well over a year.", "a year"),
        ("The inquiry into the Starkville stop ran slightly over six months.", "six months"),
    ],
)
def test_a_degree_word_before_over_keeps_it_over(text: str, printed: str) -> None:
    assert [(p, q) for p, _, q, _ in figures(text)] == [(printed, "over")]


def test_over_a_duration_alone_is_still_during() -> None:
    """Guard: "built over 14 months" is during those months."""
    assert [q for _, _, q, _ in figures("The city built the Canton database over 14 months.")] == ["exact"]


# -- "that were more than a year old": a thing's age after a qualifier is a duration -------------


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        ("The Natchez detectives closed complaints that were more than a year old.", "a year"),
        ("Warrants which are over two years old will be reviewed in Oxford.", "two years"),
    ],
)
def test_the_age_of_a_thing_is_a_duration(text: str, printed: str) -> None:
    assert [(p, q) for p, _, q, _ in figures(text)] == [(printed, "over")]


@pytest.mark.parametrize(
    "text",
    [
        "A boy who was less than a year old was hurt in the Laurel crash.",
        "The girl, 2 years old, was unhurt, Hattiesburg police said.",
    ],
)
def test_the_age_of_a_person_stays_no_figure(text: str) -> None:
    """Guard: ages of people are not figures."""
    assert figures(text) == []


# -- "N fewer than a year ago": a count compared with a time; "a year ago" lends no unit ----------


def test_a_count_compared_with_a_year_ago_is_no_duration() -> None:
    text = (
        "The Columbus force has 40 patrol officers, six fewer than a year ago, and is recruiting"
        " for four more."
    )
    assert [(p, q, u) for p, _, q, u in figures(text)] == [
        ("40", "exact", "officers"),
        ("six", "exact", "fewer"),
        ("four", "exact", "count"),
    ]


def test_more_than_a_year_ago_alone_stays_over() -> None:
    """Guard: without a count before it, "more than a year ago" is over one year."""
    assert [(p, q) for p, _, q, _ in figures("The Brandon stop happened more than a year ago.")] == [
        ("a year", "over")
    ]


# -- a present tense that schedules: "The hearing starts Monday" is the Monday to come ------------


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("The Meridian budget hearing starts Monday at 6 p.m.", dt.date(2021, 3, 22)),
        ("Early voting opens Saturday at the Madison County courthouse.", dt.date(2021, 3, 20)),
    ],
)
def test_a_scheduling_present_is_future(text: str, day: dt.date) -> None:
    assert [d for _, d in days(text)] == [day]


def test_a_past_start_stays_past() -> None:
    """Guard: "started Monday" is the Monday before (the article is of Thursday, March 18, 2021)."""
    assert [d for _, d in days("The Meridian budget hearing started Monday.")] == [dt.date(2021, 3, 15)]
