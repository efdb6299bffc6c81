"""`jacksonpd extract` on the kinds the third held-out part missed, with fresh cases of each.

A speaker named after a description of them, or across a phrase set off by commas; words in
capitals from a sign; a range of days with their years; the year of a day the wrong verb stands
beside; a clock time far from its day; "today" inside a quote; and 911, which counts nothing.
"""

from __future__ import annotations

import datetime as dt

import pytest

from jacksonpd.models import DatePrecision

from .test_extract_kinds import TUESDAY, found, quotes


def days(text: str, on: dt.date = TUESDAY) -> list[tuple[str, dt.date]]:
    """The day dates of ``text``."""
    return [(d.date_text, d.date) for d in found(text, on).dates if d.precision is DatePrecision.DAY]


# -- speakers ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            '"We will appeal," said the city\'s attorney, Marla Quintanilla-Roe, who argued the case.',
            "Marla Quintanilla-Roe",
        ),
        ('"Nothing was hidden," said a spokesman for the sheriff, Capt. Lyle Batiste.', "Lyle Batiste"),
        ('"It is a start," said her cousin, Renata McBride. "Only a start."', "Renata McBride"),
    ],
)
def test_speaker_named_after_a_description(text: str, speaker: str) -> None:
    """ "said the family's lawyer, NAME, who …": the name, not the description before it."""
    assert {s for _, s in quotes(text)} == {speaker}


def test_a_description_with_no_name_after_it_stays() -> None:
    """With no name after it, the description is the speaker, as written."""
    assert quotes('"Hold the line," said the dispatcher, who was alone that night.') == [
        ("Hold the line", "the dispatcher")
    ]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            'The Hinds County Board of Supervisors, in a letter to residents, said the jail was "safe."',
            "Hinds County Board of Supervisors",
        ),
        ('Councilman Ray Ostrowski, through a spokeswoman, called the plan "a good start."', "Ray Ostrowski"),
        (
            'The Mississippi Association of Court Reporters, in a written reply, said it "was not asked."',
            "Mississippi Association of Court Reporters",
        ),
    ],
)
def test_speaker_across_a_phrase_set_off_by_commas(text: str, speaker: str) -> None:
    """ "X, in a written response, said …": the phrase between the speaker and the verb is
    passed over, as a relative clause is; an organization's name runs on after "of"."""
    assert [s for _, s in quotes(text)] == [speaker]


def test_words_in_capitals_are_read_from_the_sign_that_holds_them() -> None:
    """Capitals with no verb of saying come from the sign, banner or flyer the article names
    beside them, in their paragraph or the next."""
    assert quotes('Marchers carried a banner down State Street: "WE ARE STILL WAITING."') == [
        ("WE ARE STILL WAITING.", "the banner")
    ]
    text = 'Someone chalked it on the sidewalk by City Hall: "WHO FIRED?"\n\nThe sign was gone by noon.'
    assert quotes(text) == [("WHO FIRED?", "the sign")]


def test_capitals_with_an_attribution_keep_it() -> None:
    """A speaker the words give is kept, in capitals or not."""
    assert quotes('"NOT ONE MORE," Pastor Eli Grant said beside the banner.') == [
        ("NOT ONE MORE", "Eli Grant")
    ]


# -- dates ------------------------------------------------------------------------------------------


def test_range_of_days_with_their_years_is_one_date() -> None:
    """ "from March 1, 2018, to Feb. 28, 2020" is one date, its first day, and its last."""
    ranged = found("The audit covers stops from March 1, 2018, to Feb. 28, 2020.").dates
    assert [(d.date, d.date_end, d.precision) for d in ranged] == [
        (dt.date(2018, 3, 1), dt.date(2020, 2, 28), DatePrecision.DAY)
    ]


def test_a_day_then_to_is_a_range_only_after_from() -> None:
    """ "Jan. 4, 2019, to Feb. 1, 2019" without "from" stays two days."""
    text = "The hearing moved on Jan. 4, 2019, to Feb. 1, 2019, at the judge's request."
    assert [d for _, d in days(text)] == [dt.date(2019, 1, 4), dt.date(2019, 2, 1)]


@pytest.mark.parametrize(
    ("text", "on", "expected"),
    [
        # a past verb beside a day just ahead: this year's, not one nearly a year back
        (
            "The board will post every letter it received on May 20.",
            dt.date(2021, 5, 3),
            dt.date(2021, 5, 20),
        ),
        # a past day well ahead in this year is last year's
        ("The shooting happened Dec. 28.", dt.date(2021, 2, 10), dt.date(2020, 12, 28)),
        # a verb that fixes a day to come: the next one, however far back this year's was
        ("Lawmakers reconvene Jan. 7.", dt.date(2020, 6, 30), dt.date(2021, 1, 7)),
        ("The hearing is set for Feb. 2.", dt.date(2020, 8, 12), dt.date(2021, 2, 2)),
        # a day that only names what is spoken of keeps this year's
        ("The panel will review the March 3 shooting.", dt.date(2020, 6, 30), dt.date(2020, 3, 3)),
    ],
)
def test_year_of_a_day_without_one(text: str, on: dt.date, expected: dt.date) -> None:
    """The year of "Aug. 15": the verb that fixes the day, and no day nearly a year back."""
    assert [d for _, d in days(text, on)] == [expected]


def test_clock_time_after_a_clock_time_is_on_its_day() -> None:
    """Paragraphs apart, a time after a time is on the same day."""
    text = (
        "A caller reported the fire last night.\n\nThe first engine arrived at 9:05 p.m.\n\n"
        "Neighbors said they had smelled smoke for hours.\n\nThe fire was out by 10:40 p.m."
    )
    assert days(text) == [
        ("last night", dt.date(2019, 6, 24)),
        ("9:05 p.m.", dt.date(2019, 6, 24)),
        ("10:40 p.m.", dt.date(2019, 6, 24)),
    ]


def test_clock_time_far_from_any_day_is_on_the_day_of_the_lead() -> None:
    """A time far from any day is on the day the lead says the story happened; one still to
    come is no date."""
    text = (
        "Deputies shot a man Sunday night near Bolton.\n\nHis family says he was unarmed.\n\n"
        "The sheriff says he raised a rifle.\n\nThe first deputy had arrived at 11:20 p.m."
    )
    assert days(text)[-1] == ("11:20 p.m.", dt.date(2019, 6, 23))
    later = text.replace("The first deputy had arrived at 11:20 p.m.", "A vigil will be held at 7 p.m.")
    assert [w for w, _ in days(later)] == ["Sunday night"]


def test_today_inside_a_quote_is_the_day_it_was_said() -> None:
    """ "today" in words said Monday is Monday, and "tomorrow" in them Tuesday."""
    thursday = dt.date(2019, 6, 27)
    text = '"We will name them today, or tomorrow at the latest," the chief said Monday.'
    assert days(text, thursday) == [
        ("today", dt.date(2019, 6, 24)),
        ("tomorrow", dt.date(2019, 6, 25)),
        ("Monday", dt.date(2019, 6, 24)),
    ]


def test_today_inside_a_quote_about_a_dated_happening() -> None:
    """ "The county agreed Friday …" then '"Today we agreed …"': the Friday of the agreement."""
    text = 'The county agreed Friday to pay.\n\n"Today we agreed to stop fighting," said lawyer Nia Bello.'
    assert days(text)[-1] == ("Today", dt.date(2019, 6, 21))


def test_today_inside_a_quote_with_no_day_said_is_the_article_day() -> None:
    """With nothing to say when the words were said, "tonight" is the article's day."""
    text = 'Officers chased the car Sunday.\n\n"I would make the same call tonight," the chief said.'
    assert days(text)[-1] == ("tonight", TUESDAY)


def test_a_participle_after_be_is_to_come() -> None:
    """ "will be held Friday" is the Friday to come; "was held Friday" the one before."""
    assert days("The funeral will be held Friday.") == [("Friday", dt.date(2019, 6, 28))]
    assert days("The man was held Friday.") == [("Friday", dt.date(2019, 6, 21))]


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


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            'Mayor Dana Quist-Morrow spoke first. "We are ready," said Mayor Quist-Morrow.',
            "Dana Quist-Morrow",
        ),
        ('"I saw him fall," testified Arlen Van Doren. "Then I fired."', "Arlen Van Doren"),
        ('A spokeswoman, Cpl. Lena St. Claire, said it "was a mistake."', "Lena St. Claire"),
        ('"It is done," stated Chief Omar Price-DuBose.', "Omar Price-DuBose"),
        ('"Shots fired, get down," an officer radioed.', "an officer"),
    ],
)
def test_names_with_titles_particles_and_more_verbs(text: str, speaker: str) -> None:
    """A surname with a title is the person named in full; "Van", "St." and "-DuBose" are part
    of a name; "testified", "radioed" attribute a quote."""
    assert {s for _, s in quotes(text)} == {speaker}


def test_he_is_a_person_named_before_a_relative_clause_not_the_department() -> None:
    """ "was Ada Pruett, whose son …" names her; "she" is her, not the department quoted before."""
    text = (
        'The department said it "will comply."\n\nAmong the speakers was Ada Pruett, whose son was shot. '
        'She said she waited.\n\n"Two years," she told the council.'
    )
    assert quotes(text)[-1] == ("Two years", "Ada Pruett")


def test_post_put_up_by_an_organization_and_a_title_is_nobodys_quote() -> None:
    """A post the department put up speaks for it; a title in quotes is no quote."""
    text = 'The Pearl Police Department put up a post Monday. "We are looking into it," the post read.'
    assert quotes(text) == [("We are looking into it", "Pearl Police Department")]
    assert quotes('The group released "Waiting on the Record," a review of 40 cases.') == []
