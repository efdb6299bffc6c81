"""`jacksonpd extract` on forms of news copy the `held-out-8` part of benchmarks/extraction/
showed after its first score, each rule with fresh cases of its own (other names, cities,
documents and outlets); none is keyed to that part's words.
"""

from __future__ import annotations

import datetime as dt

import pytest

from .drafts import days, figures
from .test_extract_kinds import quotes

# -- a name's suffix is part of the fullest name -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "The family's lawyer, Russell Pettaway Jr., said the county had ignored two requests.\n\n"
            '"They have had the tape since June," Pettaway said.',
            "Russell Pettaway Jr.",
        ),
        (
            '"I buried my boy on a Tuesday," said Clarence Ebanks Sr., who drove up from Laurel.',
            "Clarence Ebanks Sr.",
        ),
        (
            "Deputies shot Marcus Odom Jr. The next morning his aunt spoke to reporters.\n\n"
            '"He was unarmed," said Odom.',
            "Marcus Odom Jr.",
        ),
    ],
)
def test_a_suffix_stays_in_the_fullest_name(text: str, speaker: str) -> None:
    """ "NAME Jr., said", "said NAME Sr., who", "shot NAME Jr." at a sentence's end: the
    suffix is the fullest name's, and a surname alone later is that name."""
    found = quotes(text)
    assert found[-1][1] == speaker


def test_a_roman_numeral_suffix_stays_too() -> None:
    """(guard) "said NAME III, the group's president": as before."""
    assert (
        quotes('"We will appeal," said Winston Tharpe III, the group\'s president.')[0][1]
        == "Winston Tharpe III"
    )


def test_an_age_after_a_suffix_is_no_figure() -> None:
    """ "NAME Jr., 31," is an age, as "NAME, 31," is."""
    assert figures("A trooper shot Terrell Baptiste Jr., 31, twice near the exit.") == []


# -- "of them" counts the things, not the period ----------------------------------------------------


def test_of_them_counts_the_things_before_the_period() -> None:
    """ "61 shootings in the past five years, 22 of them fatal": 22 shootings, not 22 years."""
    found = figures("The agency reviewed 61 shootings in the past five years, 22 of them fatal.")
    assert found[-1][:2] == ("22", 22.0)
    assert found[-1][3] == "shootings"


def test_of_them_still_counts_a_duration_that_is_no_period() -> None:
    """(guard) "served 20 years, 12 of them behind bars": years, as before."""
    assert figures("He served 20 years, 12 of them behind bars.")[-1] == ("12", 12.0, "exact", "years")


# -- a capitalised number inside a name ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["The shooting happened in a Four Corners parking lot.", "Residents of the Seven Oaks subdivision met."],
)
def test_a_capitalised_number_inside_a_name_is_no_figure(text: str) -> None:
    assert figures(text) == []


def test_a_capitalised_number_opening_a_sentence_still_counts() -> None:
    """(guard) "Five Jackson officers" at a sentence's start counts five officers."""
    assert figures("Five Jackson officers were fired.")[0][:2] == ("Five", 5.0)


# -- a duration's unit said in the sentence before -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "printed", "unit"),
    [
        ("The city said the audit would take a few weeks. It took 19.", "19", "weeks"),
        (
            "Detectives closed their file in four months. It then sat with the state for nine more.",
            "nine",
            "months",
        ),
        ("Sgt. Ruiz has worked nights for 14 years, her partner for six.", "six", "years"),
        ("He was sentenced to eight years in 2012. He served five.", "five", "years"),
    ],
)
def test_a_bare_number_takes_the_unit_of_the_sentence_before(text: str, printed: str, unit: str) -> None:
    """ "It took 19." after "would take a few weeks", "for nine more" after "in four months",
    "her partner for six" after "for 14 years": the unit said once is the bare number's."""
    found = [f for f in figures(text) if f[0] == printed]
    assert found
    assert found[0][3] == unit


def test_a_bare_number_without_a_duration_before_keeps_no_unit() -> None:
    """(guard) "asked for three" after a count is no duration."""
    assert figures("Officers made 12 arrests. The chief asked for three.")[-1][3] == "count"


# -- words heard on a recording are the one the article says is heard -----------------------------


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Deputy Carla Voss stopped the truck on Highway 49. On the dashboard video, Voss can be "
            'heard shouting, "Hands on the wheel!" Deputies said a rifle was found.',
            "Carla Voss",
        ),
        (
            "Trooper Wade Lindell reached the car first. Lindell is heard yelling: "
            '"Out of the car, now!" The Highway Patrol said the driver complied.',
            "Wade Lindell",
        ),
        (
            "Ellis Parnell, 36, was fired in May. Jurors then watched video from Parnell's body camera. "
            'It shows a man backing away. The officer can be heard yelling, "Get down!" twice.',
            "Ellis Parnell",
        ),
    ],
)
def test_words_heard_on_a_recording_are_whoever_is_heard(text: str, speaker: str) -> None:
    """ "NAME can be heard shouting, "…"", "NAME is heard yelling:" are NAME's; "the officer can
    be heard" on "NAME's body camera" is its wearer."""
    assert quotes(text)[0][1] == speaker


def test_the_officer_heard_with_no_camera_named_stays_as_written() -> None:
    """ "the officer" heard, with no wearer named, stays "The officer", as written."""
    text = 'The video is grainy. The officer can be heard yelling, "Stop!" before the shot.'
    assert quotes(text)[0][1] == "The officer"


# -- a lead quote named by "That was …" ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            'BOISE, Idaho — "Nobody gets a pass on this tape."\n\n'
            "That was the county's sheriff, Ronald Beasley-Cole, on Monday, as he released the video.",
            "Ronald Beasley-Cole",
        ),
        (
            '"We will keep marching until they listen."\n\n'
            "Those were the words of Alma Ruiz, whose son was shot by a deputy in March.",
            "Alma Ruiz",
        ),
        (
            '"The board has never once said no."\n\nThat was Councilwoman Tasha Grier, speaking at a forum.',
            "Tasha Grier",
        ),
        (
            '"Somebody has to answer for this."\n\n'
            "That was the message Sunday from Lorraine Pickett, whose nephew was shot by a trooper in May.",
            "Lorraine Pickett",
        ),
    ],
)
def test_a_lead_quote_is_the_one_that_was_named_next(text: str, speaker: str) -> None:
    """A lead that is a quote alone, after a dateline whose state is spelled out too ("BOISE,
    Idaho —"), is the person "That was …" or "Those were the words of …" names."""
    assert quotes(text)[0][1] == speaker


def test_a_lead_quote_not_named_next_keeps_no_speaker() -> None:
    """(guard) "That was the problem." names nobody."""
    assert (
        quotes('"Nobody read the report."\n\nThat was the problem. The council voted anyway.')[0][1] is None
    )


# -- a lodge's number is part of its name ----------------------------------------------------------


def test_a_lodge_number_stays_in_the_name() -> None:
    text = 'The Fraternal Order of Police Bluegrass Lodge No. 4 said the footage "shows a lawful stop."'
    assert quotes(text)[0][1] == "Fraternal Order of Police Bluegrass Lodge No. 4"


# -- a day to come said in the present or in an order told in the past ---------------------------


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("The county's budget hearing is at 6 p.m. Tuesday at the courthouse annex.", dt.date(2021, 3, 23)),
        ("Visitation is Friday at Greater Mount Zion, and the funeral is Saturday.", dt.date(2021, 3, 19)),
        ("The family's news conference is at noon Saturday on the church steps.", dt.date(2021, 3, 20)),
    ],
)
def test_a_day_after_is_or_are_is_to_come(text: str, day: dt.date) -> None:
    """ "The hearing is at 6 p.m. Tuesday": a present tense that schedules, so the Tuesday to
    come (the article is of a Thursday)."""
    assert days(text)[0][1] == day


@pytest.mark.parametrize(
    ("text", "day"),
    [
        # the telling on Tuesday the 16th: the Friday after it
        (
            "On Tuesday, the judge sent the jury home and told them to return at 8:30 a.m. Friday.",
            dt.date(2021, 3, 19),
        ),
        # no day of the telling: the Monday after the article's
        ("A magistrate ordered the deputy to appear in court Monday.", dt.date(2021, 3, 22)),
        # the day named before is the shooting's, years back, not the telling's
        (
            "The shooting happened Aug. 9, 2019. The judge told jurors to return at 9 a.m. Tuesday.",
            dt.date(2021, 3, 23),
        ),
    ],
)
def test_a_day_an_order_names_is_after_the_telling(text: str, day: dt.date) -> None:
    """ "told them to return at 8:30 a.m. Friday", "ordered the deputy to appear in court
    Monday": the day the order is for comes after it was given."""
    assert days(text)[-1][1] == day


def test_an_opening_participle_takes_the_tense_of_the_main_clause() -> None:
    """ "Standing outside … on Tuesday, waiting for a vote nobody would predict, I was not
    hopeful": the "would" of the inner clause does not make the Tuesday one to come."""
    text = (
        "Standing outside the council chambers on Tuesday, waiting for a vote nobody would predict, "
        "I was not hopeful."
    )
    assert days(text) == [("Tuesday", dt.date(2021, 3, 16))]


# -- "That night", "the same day" after a day --------------------------------------------------------


def test_that_night_opening_a_sentence_is_the_day_named_before() -> None:
    text = "Deputies were called to the trailer park Saturday.\n\nThat night, the sheriff released the names."
    assert days(text) == [("Saturday", dt.date(2021, 3, 13)), ("That night", dt.date(2021, 3, 13))]


def test_the_same_day_alone_is_the_day_named_before_in_its_paragraph() -> None:
    text = (
        "The man was arrested at 2 a.m. Feb. 3 outside a club on Farish Street. He was released the same day."
    )
    assert days(text) == [("Feb. 3", dt.date(2021, 2, 3)), ("the same day", dt.date(2021, 2, 3))]


def test_the_same_day_in_a_quote_names_no_day() -> None:
    """(guard) '"We asked for it the same night," she said Monday': no day of its own."""
    assert days('"We asked the state to take the case the same night," she said Monday.') == [
        ("Monday", dt.date(2021, 3, 15))
    ]
