"""`jacksonpd extract` on what long articles make hard, with fresh cases of each kind.

Speakers: names with accented letters, a surname that opens a paragraph, a name after "When"
or a dateline's dash, "she said" that passes over a man the article has shown to be one, and a
possessor who is the only person a paragraph names ("Okafor's daughter … She said").

Figures: a station's name ("told Delta 9", "8 News"), "I-20", a street address and ages without
two commas ("was 19 when", "NAME, 31.") count nothing; counts beside them still do.
Days: "the following evening", "today" or a weekday inside a quote whose day an earlier sentence
gives, "told jurors to expect … Friday", a clock time outside a quote near a date word inside
one, and "a normal Tuesday", which is no day.
"""

from __future__ import annotations

import datetime as dt

import pytest

from .test_extract_kinds import TUESDAY, found, quotes
from .test_extract_kinds_2 import days

# TUESDAY is 2019-06-25.
MONDAY, FRIDAY, THURSDAY = dt.date(2019, 6, 24), dt.date(2019, 6, 21), dt.date(2019, 6, 20)


# -- days ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "The board met on Thursday, June 20, and voted the following morning at 8:30 a.m.",
            [("Thursday, June 20", THURSDAY), ("the following morning at 8:30 a.m.", FRIDAY)],
        ),
        (
            "Crews cleared the road on June 20. It reopened the next day.",
            [("June 20", THURSDAY), ("the next day", FRIDAY)],
        ),
        (
            "The family will see the video on Monday and the public the following evening.",
            [("Monday", dt.date(2019, 7, 1)), ("the following evening", dt.date(2019, 7, 2))],
        ),
    ],
)
def test_the_following_evening_is_the_day_after(text: str, want: list[tuple[str, dt.date]]) -> None:
    """ "the following morning (at 8:30 a.m.)" is one date, the day after the day before it."""
    assert days(text) == want


def test_a_following_day_with_no_day_before_is_not_dated() -> None:
    """With no day named before it, "the following day" is not guessed."""
    assert days("The mayor answered the following day.") == []


def test_today_in_a_quote_is_the_day_of_the_telling_the_paragraph_before_describes() -> None:
    """ "On Friday … told reporters" then a paragraph that opens with the quote: "today" is Friday,
    and "Monday" in the same quote is the Monday after that Friday, not after the article's day."""
    text = (
        "On Friday, the sheriff told reporters in Canton that the audit was finished.\n\n"
        '"You will see it today, or Monday at the latest," Sheriff Ames Corliss said.'
    )
    assert days(text) == [("Friday", FRIDAY), ("today", FRIDAY), ("Monday", MONDAY)]


def test_today_in_a_quote_after_a_news_conference_last_night() -> None:
    """A news conference "last night", then the speaker's words: "Tonight" is last night."""
    text = (
        "The group's lawyer, Dana Obi, spoke at a news conference in Laurel last night.\n\n"
        '"Tonight we ask the county for the tapes," Obi said.'
    )
    assert days(text) == [("last night", MONDAY), ("Tonight", MONDAY)]


def test_today_in_a_quote_with_nothing_said_before_is_the_articles_day() -> None:
    """No day for the telling anywhere before: "today" is the article's day."""
    assert days('"We filed today," said Lena Marsh, a lawyer for the family.') == [("today", TUESDAY)]


def test_a_clock_time_takes_no_day_from_a_quote() -> None:
    """ "By 5 p.m." after a quote dated by the paragraph before is that day, not the article's."""
    text = (
        "On Monday morning, the chief spoke at a podium downtown.\n\n"
        '"We will release the report today," Chief Ola Brandt said.\n\n'
        "By 5 p.m., nothing had been released."
    )
    assert days(text) == [("Monday morning", MONDAY), ("today", MONDAY), ("5 p.m.", MONDAY)]


@pytest.mark.parametrize(
    "text",
    [
        "The judge told jurors to expect a verdict on Friday.",
        "Prosecutors expect to rest their case Friday.",
    ],
)
def test_expecting_something_on_a_weekday_is_to_come(text: str) -> None:
    """ "told jurors to expect … on Friday": the Friday to come, though "told" is past."""
    assert days(text) == [("Friday", dt.date(2019, 6, 28))]


@pytest.mark.parametrize(
    "text",
    ["They want officers who listen on a normal Tuesday.", "It could happen on any given Sunday."],
)
def test_a_weekday_that_is_no_day(text: str) -> None:
    """ "a normal Tuesday", "any given Sunday": no day the words fix."""
    assert days(text) == []


# -- speakers --------------------------------------------------------------------------------------


def test_a_name_with_accented_letters_is_whole() -> None:
    """ "Ibáñez-Soto" said alone is the councilwoman named in full before."""
    text = (
        'Councilwoman Inés Ibáñez-Soto spoke first.\n\n"It is not ready," Ibáñez-Soto said. "Not this year."'
    )
    assert {s for _, s in quotes(text)} == {"Inés Ibáñez-Soto"}


def test_a_surname_opening_a_paragraph_is_its_subject() -> None:
    """A paragraph that opens with a surname after one that ends "at the State Capitol.":
    "she said" there is that person, not the woman quoted before."""
    text = (
        "Nadia Roux and Perla Akande met at the Capitol.\n\n"
        '"We came for answers," Roux said at the State Capitol.\n\n'
        'Akande shook her head. "We came for names," she said.'
    )
    assert quotes(text) == [("We came for answers", "Nadia Roux"), ("We came for names", "Perla Akande")]


@pytest.mark.parametrize(
    "lead",
    ["BILOXI, Miss. — When Trudy Vance-Ochoa sought", "After Trudy Vance-Ochoa sought"],
)
def test_a_name_after_when_or_a_datelines_dash(lead: str) -> None:
    """ "— When NAME sought …": the name is found, and "she said" after it is her."""
    text = f'{lead} for the tapes, she was told to wait.\n\n"I am still asking," she said.'
    assert quotes(text) == [("I am still asking", "Trudy Vance-Ochoa")]


def test_she_passes_over_a_man_shown_by_he_said() -> None:
    """ "he said" shows Whitby is a man; a later "she said" is the woman named before him."""
    text = (
        "Lina Carver, a nurse, testified first.\n\n"
        'Amos Whitby testified next. "I heard the shots," he said.\n\n'
        '"I ran to the window," she said.'
    )
    assert quotes(text)[-1] == ("I ran to the window", "Lina Carver")


def test_a_possessor_is_she_when_the_paragraph_names_no_one_else() -> None:
    """ "Okafor's daughter … She said …" then "she said": Okafor, not the lawyer quoted before."""
    text = (
        'Ruth Okafor spoke at the hearing. "They never called," Okafor said.\n\n'
        'The family\'s lawyer, Dana Ruiz, spoke next. "We will sue," she said.\n\n'
        "Okafor's daughter, 9, was not there. She said the girl still asks about him.\n\n"
        '"She misses him," she said.'
    )
    assert quotes(text)[-1] == ("She misses him", "Ruth Okafor")


def test_a_councilwoman_is_not_he() -> None:
    """ "Councilwoman" shows a woman (not a man, though the word ends in "man"): "He said" after
    her question is the chief she asked."""
    text = (
        "Councilwoman Rhea Boone asked Chief Tom Lyle about the delay. He said the report was late.\n\n"
        '"It will be out soon," he said.'
    )
    assert quotes(text) == [("It will be out soon", "Tom Lyle")]


def test_an_acronym_the_article_defines_is_the_organization() -> None:
    """ "the Georgia Bureau of Investigation (GBI)" then "The GBI said": the full name."""
    text = (
        "The Georgia Bureau of Investigation (GBI) took over the case on Friday.\n\n"
        'The GBI said in a statement that agents "are still interviewing witnesses."'
    )
    assert quotes(text) == [("are still interviewing witnesses.", "Georgia Bureau of Investigation")]


def test_a_document_is_spoken_by_whoever_the_paragraph_says_it_is_by() -> None:
    """ "A letter delivered … by the X Alliance … the letter reads": the alliance speaks."""
    text = (
        "A letter delivered to the sheriff on Monday by the Lamar Avenue Business Alliance asked"
        ' for more patrols. "Our customers are afraid to park," the letter reads.'
    )
    assert quotes(text) == [("Our customers are afraid to park", "Lamar Avenue Business Alliance")]


def test_a_document_by_no_one_named_stays_the_document() -> None:
    """ "signed by dozens of residents": no one named, so the letter itself speaks."""
    text = 'A letter signed by dozens of residents was read aloud. "Fix the lights," the letter reads.'
    assert quotes(text) == [("Fix the lights", "the letter")]


def test_a_surname_with_lowercase_particles() -> None:
    """ "Tomás de la Cruz" is one name; "De la Cruz" opening a sentence is the same person."""
    text = (
        "The audit reached Alderman Tomás de la Cruz in March.\n\n"
        'De la Cruz was not impressed. "Who signed off on this?" he asked.'
    )
    assert quotes(text) == [("Who signed off on this?", "Tomás de la Cruz")]


def test_a_question_then_he_asked_when() -> None:
    """'"…?" he asked when we called him': the attribution, though a phrase follows the verb."""
    text = 'Chief Rolf Amsel answered the phone. "Why would we hide it?" he asked when we called him.'
    assert quotes(text) == [("Why would we hide it?", "Rolf Amsel")]


# -- figures ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The footage was first aired by Delta 9.",
        "Her brother told Gulf Coast 24 that he was unarmed.",
        "A neighbor told 8 News she heard the shots.",
        "The crash closed I-20 near the Pearl River.",
        "Reporters waited outside 1510 Mill Street for the chief.",
        "Keisha Dorsey-Pratt was 19 when an officer shot her.",
        "He has lived on the block since he was 9.",
        "The chase ended in the death of Tyrell Banks-Moody, 31.",
    ],
)
def test_names_addresses_and_ages_are_not_figures(text: str) -> None:
    """A number in a station's or a road's name, an address or an age counts nothing."""
    assert found(text).figures == ()


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Hinds County 14 deputies were on the scene.", 14),
        ("The city's count was 31.", 31),
        ("A Jackson 12-member panel will review it.", 12),
    ],
)
def test_counts_beside_capitalised_words_are_still_figures(text: str, value: int) -> None:
    """A count after a capitalised word, before what it counts, is still a figure."""
    assert [f.value for f in found(text).figures] == [value]
