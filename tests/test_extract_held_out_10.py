"""`jacksonpd extract` on forms of news copy the `held-out-10` part of benchmarks/extraction/
showed after its first score, each rule with fresh cases of its own (other names, cities,
documents and outlets); none is keyed to that part's words.
"""

from __future__ import annotations

import datetime as dt

import pytest

from .drafts import days, figures
from .test_extract_kinds import quotes

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


# -- "the statement said" after "Their lawyer, NAME, said in a statement" -------------------------


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "The Okafor family has questioned the ruling. Their attorney, Denise R. Halvorsen, said in a "
            'statement that the family was "heartbroken."\n\n'
            '"Nobody has explained why the camera was off," the statement said.',
            "Denise R. Halvorsen",
        ),
        (
            "The union disagreed. Its president, Ignatius W. Pembroke-Salter, said in a statement on Friday "
            "that the suspension would be appealed.\n\n"
            '"Our officer followed his training," the statement said.',
            "Ignatius W. Pembroke-Salter",
        ),
    ],
)
def test_the_statement_of_a_subject_named_after_a_description(text: str, speaker: str) -> None:
    assert [s for _, s in quotes(text)][-1] == speaker


def test_the_statement_of_a_subject_opening_its_sentence_is_kept() -> None:
    """Guard: the subject opening its sentence stays the statement's speaker."""
    text = (
        'Mayor Lorna Baptiste said in a statement that the review "is overdue."\n\n'
        '"The people of Greenville deserve answers," the statement said.'
    )
    assert [s for _, s in quotes(text)][-1] == "Lorna Baptiste"


# -- the answer to a question reporters asked is the official's ----------------------------------


@pytest.mark.parametrize(
    "lead",
    [
        "Reporters also asked whether the deputy had been disciplined before.",
        "A reporter asked her why the footage took three weeks to release.",
        "One television crew asked if the deputy would return to patrol.",
    ],
)
def test_the_answer_after_a_question_is_the_official_s(lead: str) -> None:
    text = (
        "Sheriff Ramona Villasenor-Tate took questions after the briefing in Natchez.\n\n"
        f'{lead} "Not that I know of. He has a clean file," she said.'
    )
    assert quotes(text) == [("Not that I know of. He has a clean file", "Ramona Villasenor-Tate")]


def test_a_named_asker_who_then_speaks_keeps_her_words() -> None:
    """Guard: the asker named as the sentence's subject still says what follows."""
    text = (
        "Council member Odette Fairweather-Lyle questioned the chief for an hour.\n\n"
        'Fairweather-Lyle asked why the report was late. "We waited long enough," she said.'
    )
    assert quotes(text) == [("We waited long enough", "Odette Fairweather-Lyle")]


# -- "Her name is NAME.": a person introduced without a title or a "said" -------------------------


@pytest.mark.parametrize(
    ("intro", "pronoun", "who"),
    [
        (
            "Her name is Lucinda Abernathy-Moss. Her nephew was killed in a 2019 traffic stop.",
            "she",
            "Lucinda Abernathy-Moss",
        ),
        (
            "His name is Tobias Quarles. His daughter was arrested at a Biloxi protest.",
            "he",
            "Tobias Quarles",
        ),
    ],
)
def test_a_person_introduced_by_her_name_is(intro: str, pronoun: str, who: str) -> None:
    text = (
        "A parent waited four hours to speak at the Vicksburg council meeting.\n\n"
        f"{intro}\n\n"
        f'"I want the tape released," {pronoun} told the council.'
    )
    assert quotes(text) == [("I want the tape released", who)]


# -- a present progressive that schedules is to come ---------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Church members are planning a candlelight walk Tuesday at 6 p.m. outside the Gulfport station.",
        "The NAACP chapter is hosting a community forum Tuesday at the Laurel library.",
        "Students are organizing a march Tuesday from the Starkville campus.",
    ],
)
def test_a_scheduled_event_in_the_present_progressive_is_to_come(sentence: str) -> None:
    assert [d for _, d in days(sentence)] == [dt.date(2021, 3, 23)]


def test_what_was_being_planned_stays_past() -> None:
    """Guard: "were planning a …" is told as past."""
    assert [d for _, d in days("Organizers were planning a vigil Tuesday when the rain began.")] == [
        dt.date(2021, 3, 16)
    ]


# -- "every other Friday": a day that comes back is no day date ----------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "The brothers visit the Parchman prison every other Sunday.",
        "The board meets every second Tuesday at the Oxford courthouse.",
    ],
)
def test_a_recurring_weekday_is_no_day(sentence: str) -> None:
    assert days(sentence) == []


def test_a_weekday_after_other_words_stays_a_day() -> None:
    """Guard: "the other officers Tuesday" is still a day."""
    assert [d for _, d in days("The chief met the other officers Tuesday.")] == [dt.date(2021, 3, 16)]
