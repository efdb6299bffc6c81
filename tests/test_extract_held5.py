"""`jacksonpd extract` on what the fifth held-out part showed, with fresh cases of each kind.

Speakers: a surname with "St." ("Renee St. Amand"), a two-word title that ends in "General", and
a surname with its particle used alone ("Van Horn said") after the full name; a name with
lowercase particles given with no title ("Det. Elena van den Broek"); "the opinion reads" after
"NAME wrote in the opinion" is NAME's; a quote that lost its closing mark before "NAME told the
board." ends at the attribution; "One read:" after "held signs" is a sign; a filing "by the
Omaha Police Officers Guild" speaks for the guild; "the Alliance" is the alliance named in full,
not a person; "The department's statement, released Friday, says" is the department's; words
shouted on a video, told in the present ("Pruitt yells on the video"), are the shouter's;
'"…," and a spokeswoman, NAME, said' after "X said that … "…"" is X's quote.

Figures: a number in words with two scales ("Four hundred thousand dollars"); ages after "then"
or after a name and a comma ("Her brother, Lamar Pitts, was 17 when"), a house number before a
highway or a pike, and a station the dateline names ("(Delta 7)") count nothing.
"""

from __future__ import annotations

import datetime as dt

import pytest

from .test_extract_kinds import found, quotes
from .test_extract_kinds_2 import days

MONDAY = dt.date(2019, 6, 24)  # the day before TUESDAY, the date of the articles here


def figures(text: str) -> list[tuple[str, float]]:
    """The figures of ``text``, as printed, with their values."""
    return [(f.as_printed, f.value) for f in found(text).figures]


# -- speakers --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            '"Nobody called us back," said the tenant organizer, Renee St. Amand, who lives on the block.',
            [("Nobody called us back", "Renee St. Amand")],
        ),
        (
            'Renee St. Amand has led the tenants since 2015. "Nobody called us back," St. Amand said.',
            [("Nobody called us back", "Renee St. Amand")],
        ),
        (
            "Clerk Omar Van Horn read the ordinance aloud. Van Horn said the vote was "
            '"the last step before the fall."',
            [("the last step before the fall.", "Omar Van Horn")],
        ),
    ],
)
def test_a_surname_with_st_or_a_particle_is_the_whole_name(text: str, want: list[tuple[str, str]]) -> None:
    """ "St." inside a name does not end it, and "St. Amand" or "Van Horn" alone is the person
    the article named in full with that surname."""
    assert quotes(text) == want


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('Attorney General Nadia Berrios-Kent said the ruling "settles the question."', "Nadia Berrios-Kent"),
        ('"We found no fraud," said Inspector General Walt Oduya.', "Walt Oduya"),
    ],
)
def test_general_ends_a_title_and_is_not_a_name(text: str, speaker: str) -> None:
    """ "Attorney General" and "Inspector General" are titles: the name starts after "General"."""
    assert [s for _, s in quotes(text)] == [speaker]


def test_a_lost_closing_mark_before_an_attribution_with_an_object() -> None:
    """The quote runs to the comma before "Van den Broek told the panel.", and she said it."""
    text = (
        "Det. Elena van den Broek, a nine-year veteran, sat alone at the table.\n\n"
        '"I had one second to choose, Van den Broek told the panel.\n\n'
        "The panel voted later."
    )
    assert quotes(text) == [("I had one second to choose", "Elena van den Broek")]


def test_a_lost_closing_mark_before_words_that_are_not_an_attribution() -> None:
    """ ", and we told them everything." is the quote's own words, not an attribution."""
    text = '"We knew it then, and we told them everything, said the sheriff.\n\nNo one else spoke.'
    text2 = (
        'Sheriff Roy Palmquist spoke first.\n\n"We knew it then, and we told them everything.\n\n'
        "No one else spoke."
    )
    assert [q for q, _ in quotes(text)] == ["We knew it then, and we told them everything"]
    assert [q for q, _ in quotes(text2)] == ["We knew it then, and we told them everything."]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('A dozen students carried banners to the hearing. One read: "WHO WATCHES THEM?"', "the banner"),
        (
            'Neighbors mailed letters to the chief. Another said, "We are afraid to walk at night."',
            "the letter",
        ),
    ],
)
def test_one_of_the_signs_named_before_it_speaks_as_the_sign(text: str, speaker: str) -> None:
    """ "One read" or "Another said" after a plural sign or document is one of them."""
    assert [s for _, s in quotes(text)] == [speaker]


@pytest.mark.parametrize("verb", ["yells", "shouts", "screams"])
def test_words_shouted_on_a_video_in_the_present_are_the_shouters(verb: str) -> None:
    """A video told in the present tense: "NAME yells on the video" is an attribution."""
    text = (
        "Deputy Carla Pruitt walked up to the car with her light on.\n\n"
        f'"Hands where I can see them!" Pruitt {verb} on the video. The driver froze.'
    )
    assert quotes(text) == [("Hands where I can see them!", "Carla Pruitt")]


def test_a_clause_after_the_quote_with_its_own_subject_is_not_its_attribution() -> None:
    """The sheriff said the words; the spokesman who "said" in the next clause did not."""
    text = (
        'Sheriff Wendell Oyelaran said in March that deputies would wear cameras "as soon as the money '
        'comes through," but a spokesman, Lt. Gary Fenwick, said Friday that no money has been set aside.'
    )
    assert quotes(text) == [("as soon as the money comes through", "Wendell Oyelaran")]


def test_a_guild_is_an_organization_and_speaks_for_its_filing() -> None:
    """ "The motion, filed Friday by the Omaha Police Officers Guild, says …": the guild's words."""
    text = (
        "The union sued. The motion, filed Friday by the Omaha Police Officers Guild, says the order "
        '"reaches too far." Its lawyers asked for a stay.'
    )
    assert quotes(text) == [("reaches too far.", "Omaha Police Officers Guild")]


def test_an_organization_named_by_its_last_word_is_the_one_named_in_full() -> None:
    """ "the Alliance" after "the Greater Delta Tenants Alliance" (and a headline's "Alliance") is that
    alliance, not a person "Delta Tenants Alliance"."""
    text = (
        "Alliance asks for audit\n\nThe Greater Delta Tenants Alliance met Monday.\n\n"
        'In a letter to the mayor, the Alliance wrote that rents "have doubled in two years."'
    )
    assert quotes(text) == [("have doubled in two years.", "Greater Delta Tenants Alliance")]


def test_an_opinion_speaks_for_who_wrote_in_it() -> None:
    """ "Judge NAME wrote in the opinion that … "…," the opinion reads": the judge's words."""
    text = (
        "Judge Amara Okonkwo-Reyes wrote in a 30-page opinion that the city had waited too long. "
        '"Delay is itself a decision," the opinion reads.'
    )
    assert quotes(text) == [("Delay is itself a decision", "Amara Okonkwo-Reyes")]


@pytest.mark.parametrize(
    "statement",
    [
        "The department's only statement, released to reporters Friday, says",
        "The department's statement on the crash, posted to its website, says",
    ],
)
def test_a_statement_opening_a_sentence_speaks_for_its_possessor(statement: str) -> None:
    """ "The department's statement, posted …, says … "…"": the department named before."""
    text = (
        "The Biloxi Police Department has said little about the crash.\n\n"
        f'{statement} the driver "refused to stop for the officer." His mother disputes that.'
    )
    assert quotes(text) == [("refused to stop for the officer.", "Biloxi Police Department")]


# -- figures ---------------------------------------------------------------------------------------


def test_a_number_in_words_with_two_scales_is_the_whole_number() -> None:
    """ "Four hundred thousand dollars" is 400,000, not 400."""
    text = '"Four hundred thousand dollars will not bring him home," his aunt said.'
    assert figures(text) == [("Four hundred thousand", 400000.0)]


@pytest.mark.parametrize(
    "text",
    [
        "The driver, Colin Brandt, then 34, was stopped twice that week by 3 officers.",
        "Her brother, Lamar Pitts, was 17 when 3 officers stopped him.",
        "The board meets at 1180 Brainerd Pike, and 3 officers will attend.",
        "Residents met at 220 Lakeshore Highway, where 3 officers spoke.",
        "OXFORD, Miss. (Delta 7) - Delta 7 obtained the records; 3 officers were named.",
    ],
)
def test_ages_house_numbers_and_a_datelined_station_are_not_figures(text: str) -> None:
    """Only the count of officers is a figure."""
    assert figures(text) == [("3", 3.0)]


# -- days ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The county attorney warned last week that a hearing, set for Aug. 30, would cost more.",
        "Defense lawyers argued that the retrial, slated for Aug. 30, was unfair to him.",
    ],
)
def test_a_day_set_for_what_is_to_come_is_the_next_one(text: str) -> None:
    """In a June 25 article, "set for Aug. 30" is this August's, not last year's, though the
    sentence around it is in the past."""
    assert [d for _, d in days(text)][-1] == dt.date(2019, 8, 30)


@pytest.mark.parametrize(
    "lead",
    [
        "At a vigil last night outside the station, her mother urged the crowd to keep coming back.",
        "At a neighborhood meeting last night, the pastor pleaded with parents to call the tip line.",
    ],
)
def test_today_in_a_quote_said_at_a_gathering_last_night_is_that_day(lead: str) -> None:
    """The quote was said at the gathering the sentence before it dates: its "today" is Monday."""
    text = f'{lead} "Today we grieve, and then we organize," she said.'
    assert days(text) == [("last night", MONDAY), ("Today", MONDAY)]
