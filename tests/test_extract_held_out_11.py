"""`jacksonpd extract` on forms of news copy the `held-out-11` part of benchmarks/extraction/
showed after its first score, each rule with fresh cases of its own (other names, cities,
documents and outlets); none is keyed to that part's words.
"""

from __future__ import annotations

import pytest

from .drafts import days, figures
from .test_extract_kinds import quotes

# -- "no sooner than": at least -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        ("The footage will be made public no sooner than 30 days after the review.", "30 days"),
        ("Hearings may begin no sooner than six weeks after a charge is filed in Hattiesburg.", "six weeks"),
    ],
)
def test_no_sooner_than_is_at_least(text: str, printed: str) -> None:
    assert [(p, q) for p, _, q, _ in figures(text)] == [(printed, "at_least")]


# -- a tally before "vote" or "decision" is no figure --------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The Vicksburg aldermen approved the contract on a 3 to 2 vote Tuesday.",
        "In a 6-3 decision, the board upheld the firing of the sergeant.",
        "The measure failed on a five to four vote of the Natchez council.",
    ],
)
def test_a_tally_before_vote_is_no_figure(text: str) -> None:
    assert figures(text) == []


def test_a_count_to_a_count_without_a_vote_stays() -> None:
    """Guard: "from 3 to 5 officers" is a range that counts officers, not a tally."""
    assert figures("The squad grew from 3 to 5 officers in Clinton.") != []


# -- a long title of capitalised words before a name ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('"We were never asked," said Student Government Senator Mara Oduya-Lind.', "Mara Oduya-Lind"),
        (
            '"It is a fair start," said Graduate Student Association Senator Dwayne Achebe-Ross.',
            "Dwayne Achebe-Ross",
        ),
    ],
)
def test_a_long_title_runs_to_its_last_title_word(text: str, speaker: str) -> None:
    assert [s for _, s in quotes(text)] == [speaker]


def test_a_title_word_as_a_surname_stays() -> None:
    """Guard: a title word at the end is the surname ("Mara Judge")."""
    assert [s for _, s in quotes('"It is done," said Councilwoman Mara Judge.')] == ["Mara Judge"]


# -- "the lodge", "the guild", "the bureau": the organization of that kind named before -----------


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            'The Fraternal Order of Police in Meridian objected. Online, the lodge called it "reckless."',
            "Fraternal Order of Police",
        ),
        (
            'The Police Benevolent Association filed suit in Mobile. "We will win," the guild said.',
            "Police Benevolent Association",
        ),
        ('The FBI took over the Selma case. "We are reviewing it," the bureau said.', "FBI"),
    ],
)
def test_a_generic_head_noun_is_the_organization_named_before(text: str, speaker: str) -> None:
    assert [s for _, s in quotes(text)] == [speaker]


def test_a_union_named_by_its_own_word_stays() -> None:
    """Guard: "the union" after "the Teamsters Union" is still that union."""
    text = 'The Teamsters Union in Laurel voted no. "Not this year," the union said.'
    assert [s for _, s in quotes(text)] == ["Teamsters Union"]


# -- "In a letter to NAME, the X concluded": the subject speaks, not the one written to ----------


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            'In a letter to Mayor Jo Pettaway, the state auditor\'s office concluded the fund "was misused."',
            "the state auditor's office",
        ),
        (
            "The Alabama Attorney General's Office closed the Selma case.\n\n"
            "In a memo to Sheriff Dale Crump, the attorney general's civil rights unit concluded that the "
            'deputy "acted within policy."',
            "Alabama Attorney General's Office",
        ),
    ],
)
def test_the_subject_after_an_opening_letter_to_someone_speaks(text: str, speaker: str) -> None:
    assert [s for _, s in quotes(text)] == [speaker]


def test_a_name_and_its_description_still_speak() -> None:
    """Guard: "NAME, a lawyer for the family, said" is still that person."""
    assert [
        s for _, s in quotes('Ana Ruiz, a lawyer for the family, said the video "shows everything."')
    ] == ["Ana Ruiz"]


# -- "a football Saturday": a kind of day, not a day date ----------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "On a game Friday in Starkville, the department works twelve-hour shifts.",
        "Traffic on a school Monday backs up past the Ridgeland stadium.",
    ],
)
def test_a_kind_of_day_is_no_day_date(text: str) -> None:
    assert days(text) == []


def test_a_weekday_after_on_stays_a_day() -> None:
    """Guard: "on Saturday" is still the Saturday before."""
    assert days("The Starkville game was on Saturday.") != []


# -- the words of a document its sentence has as subject, when no one speaks them ----------------


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "The agreement, signed in April, replaces one from 2012. It lets either agency call "
            'the other "for any march expected to draw more than 2,000 people."',
            "the agreement",
        ),
        (
            'The new ordinance requires Laurel officers to file a report "within a day of any use of force."',
            "the ordinance",
        ),
    ],
)
def test_a_document_as_subject_has_the_words(text: str, speaker: str) -> None:
    assert [s for _, s in quotes(text)] == [speaker]


def test_it_with_no_document_before_speaks_nothing() -> None:
    """Guard: "It seems …" with no document named before gives no speaker."""
    text = 'The chief left. It seems the city wants "a fresh start for the whole department now."'
    assert [s for _, s in quotes(text)] == [None]
