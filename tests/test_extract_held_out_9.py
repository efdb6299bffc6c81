"""`jacksonpd extract` on forms of news copy the `held-out-9` part of benchmarks/extraction/
showed after its first score, each rule with fresh cases of its own (other names, cities,
documents and outlets); none is keyed to that part's words.
"""

from __future__ import annotations

import datetime as dt

import pytest

from .drafts import THURSDAY, days, figures
from .test_extract_kinds import quotes

# -- a surname with a lowercase particle ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "The clinic's director, Yusuf el-Amin, disputed the count.\n\n"
            '"We counted every chart twice," el-Amin said.',
            "Yusuf el-Amin",
        ),
        (
            "Defense attorney Marco d'Alessio filed the motion Monday.\n\n"
            "\"The delay is the state's, not ours,\" d'Alessio told the court.",
            "Marco d'Alessio",
        ),
        (
            'The imam, Khalid bin Tariq, spoke before the march.\n\n"Pray for the family," bin Tariq said.',
            "Khalid bin Tariq",
        ),
        (
            '"Nobody called us back," said Samira al-Khatib, who owns the store.\n\n'
            '"Not once," al-Khatib said.',
            "Samira al-Khatib",
        ),
    ],
)
def test_a_surname_with_a_lowercase_particle_is_a_name(text: str, speaker: str) -> None:
    """ "NAME el-Amin", "NAME d'Alessio", "NAME bin Tariq": the particle is the surname's, and
    the surname alone later is that name."""
    assert [s for _, s in quotes(text)] == [speaker] * len(quotes(text))


def test_a_particle_surname_already_found_stays() -> None:
    """(guard) "van der" and "de la" surnames, as before."""
    text = '"We need answers," said Rosa de la Vega, a neighbor.\n\n"Now," de la Vega said.'
    assert [s for _, s in quotes(text)] == ["Rosa de la Vega", "Rosa de la Vega"]


# -- a chain of titles before a name ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('"It is time to act," said Oversight Panel co-chair Dr. Helen Odukoya.', "Helen Odukoya"),
        (
            '"We will keep meeting," said Transition Team vice chair Rev. Marcus Tillery.',
            "Marcus Tillery",
        ),
        ('"Read the report," said Blue Ribbon Panel chair Sgt. Dana Pruitt.', "Dana Pruitt"),
    ],
)
def test_an_abbreviated_title_after_a_role_is_part_of_the_title(text: str, speaker: str) -> None:
    """ "said Oversight Panel co-chair Dr. NAME": the person, not the board."""
    assert quotes(text)[0][1] == speaker


# -- "the Justice Department" is the "Department of Justice" named before --------------------


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "TOPEKA, Kan. — The Kansas Department of Corrections opened an inquiry on Monday.\n\n"
            '"We will follow the evidence," the Corrections Department said in a statement.',
            "Kansas Department of Corrections",
        ),
        (
            "The Ohio Office of the Attorney General took the case in May.\n\n"
            '"Our review is independent," the Attorney General\'s Office said.',
            "Ohio Office of the Attorney General",
        ),
    ],
)
def test_an_inverted_name_is_the_fuller_name_named_before(text: str, speaker: str) -> None:
    """ "the Corrections Department" after "the Kansas Department of Corrections": that one."""
    assert quotes(text)[0][1] == speaker


# -- an acronym of a name given in full is that name ----------------------------------------------


def test_the_department_is_the_one_an_acronym_named_last() -> None:
    """ "the department" after "TPD", where "the Tacoma Police Department" was named before
    another department: the one the acronym stands for."""
    text = (
        "The Tacoma Police Department's homicide unit handles the case.\n\n"
        "The county's Department of Public Works owns the lot where it happened.\n\n"
        "TPD has not released the video. In an email, the department said it is "
        '"reviewing every frame."'
    )
    assert quotes(text)[0][1] == "Tacoma Police Department"


# -- a list of people each "for N", the unit said once ---------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Okafor has worked for the sheriff for nine years, Delgado for four and Whitley for two.",
        "Tran had been a detective for 11 months, the sergeant for eight and the captain for 15.",
    ],
)
def test_a_list_of_people_each_for_a_number_takes_the_unit_said_once(text: str) -> None:
    """ "for nine years, Delgado for four and Whitley for two": four years too, not a bare four."""
    assert [unit for _, _, _, unit in figures(text)] == ["years" if "years" in text else "months"] * 3


def test_a_number_and_a_half_is_left_alone() -> None:
    """(guard) "for two and a half years": as before."""
    assert figures("She served for two and a half years.") == [("two", 2.0, "exact", "years")]


# -- a live page's time stamps are the page's day ------------------------------------------------

LIVE = (
    "We're in the county board room, where commissioners are hearing comment tonight on a ban on"
    " no-knock warrants. It follows the Feb. 27 raid on Delmar Street. Check back for updates.\n\n"
    "5:45 p.m.: Every seat is taken, and people are standing along the back wall.\n\n"
    "6:10 p.m.: Sheriff Dwayne Pettis tells the board his deputies have not served one since.\n\n"
    "What to know: A judge signed the warrant on Feb. 25, two days before the raid.\n\n"
    "6:40 p.m.: The first speaker, a neighbor, asks the board to vote tonight.\n\n"
    "7:15 p.m. — Comment is still going."
)


def test_a_live_page_s_time_stamps_are_its_day() -> None:
    """ "5:45 p.m.: …" opening each update of a page whose lead is tonight: the page's day,
    not the day of a raid or a signing the text before names."""
    stamps = [day for text, day in days(LIVE) if text.endswith("p.m.")]
    assert stamps == [THURSDAY] * 4


def test_a_timeline_of_a_past_day_keeps_that_day() -> None:
    """(guard) a timeline of the raid's morning: its stamps are the raid's day, as before."""
    text = (
        "The sheriff's office on Tuesday released a timeline of the Feb. 27 raid.\n\n"
        "5:45 a.m.: Deputies reach the door and knock.\n\n"
        "5:47 a.m.: A deputy breaks the front window."
    )
    stamps = [day for text, day in days(text) if text.endswith("a.m.")]
    assert stamps == [dt.date(2021, 2, 27)] * 2
