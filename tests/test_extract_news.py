"""`jacksonpd extract` on the attributions, figures and dates of local news copy as the outlets a
Jackson reader meets write it, each with fresh cases (see the `tuning-news` part of
benchmarks/extraction/): a lead quote the next paragraph attributes, relatives who share a
surname, a possessive that names someone, "NAME, pastor of X, said", a question put to someone
about someone else, an office whose holder is not named, calibers and "within the next".
"""

from __future__ import annotations

import datetime as dt

import pytest

from jacksonpd.extract import extract

from .test_extract_kinds import quotes

WEDNESDAY = dt.date(2019, 6, 26)


def figures(text: str) -> list[tuple[str, float, str, str | None]]:
    """The figures of ``text``: as printed, value, qualifier and unit."""
    return [(f.as_printed, f.value, f.qualifier.value, f.unit) for f in extract(text, WEDNESDAY).figures]


def days(text: str) -> list[tuple[str, dt.date]]:
    """The day dates of ``text``, in an article of Wednesday, June 26, 2019."""
    return [(d.date_text, d.date) for d in extract(text, WEDNESDAY).dates if d.precision.value == "day"]


# -- titles ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('"We are not going anywhere," said the Reverend Alma Booker, who led the march.', "Alma Booker"),
        (
            "Reverend Otis Crane leads the group. He says the board needs the power to subpoena.\n\n"
            '"We have asked for that for years."',
            "Otis Crane",
        ),
    ],
)
def test_reverend_is_a_title(text: str, speaker: str) -> None:
    """ "Reverend", spelled out as radio and church bulletins do, is a title like "Rev."."""
    assert [s for _, s in quotes(text)] == [speaker]


# -- a role set off after a name ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Jeanette Oduya, director of Birmingham Urban Ministries, said the board should meet monthly.\n\n"
        '"We have waited long enough," she said.',
        '"We have waited long enough," Jeanette Oduya, director of Birmingham Urban Ministries, said.',
        'Jeanette Oduya, director of Birmingham Urban Ministries, said, "We have waited long enough."',
    ],
)
def test_a_role_of_a_place_after_a_name_is_that_persons(text: str) -> None:
    """ "NAME, director of ORG, said": the role is set off with no article, and the place it is
    held is not the speaker."""
    assert [s for _, s in quotes(text)] == ["Jeanette Oduya"]


def test_a_role_for_someone_after_a_name_is_that_persons() -> None:
    """ "NAME, president of the X Branch of the NAACP, said": the name before the role."""
    text = 'Marvin Tolbert, president of the Greenville Branch of the NAACP, said, "We want the names."'
    assert quotes(text) == [("We want the names.", "Marvin Tolbert")]


# -- a question put to someone about someone else -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Chief Marcus Webb said the review would take weeks.\n\n"
            'Asked whether Officer Tyler Brandt had fired first, he said: "I will not guess."',
            "Marcus Webb",
        ),
        (
            "Chief Marcus Webb spoke for 20 minutes.\n\n"
            'Asked about Officer Tyler Brandt, he said, "He is on leave."',
            "Marcus Webb",
        ),
        (
            "Sheriff Ruth Keel said the jail was full. "
            'When asked whether Deputy Ann Moss knew, she said, "Not yet."',
            "Ruth Keel",
        ),
    ],
)
def test_he_after_a_question_about_someone_is_who_was_asked(text: str, speaker: str) -> None:
    """ "Asked whether NAME …, he said": the one the question is about is not the one who
    answers; "he" is whoever the article was quoting."""
    assert [s for _, s in quotes(text)] == [speaker]


# -- a possessive that names someone --------------------------------------------------------------


def test_she_after_a_paragraph_about_a_possessor_is_the_possessor() -> None:
    """ "Lorraine Petit's grandson was shot … She has asked …": the possessor is the one the
    paragraph is about, so the next paragraph's "she said" is hers, not the councilwoman's
    quoted before."""
    text = (
        'Councilwoman Irene Sachs wants the footage out. "It has been long enough," she said.\n\n'
        "Lorraine Petit's grandson was shot by a deputy in Shreveport. She has asked for the video "
        'three times.\n\n"Nobody calls me back," she said.'
    )
    assert quotes(text) == [
        ("It has been long enough", "Irene Sachs"),
        ("Nobody calls me back", "Lorraine Petit"),
    ]


# -- relatives who share a surname ----------------------------------------------------------------


@pytest.mark.parametrize(
    "dead",
    [
        "Her brother, Darnell Wilkes, 31, died after a struggle with officers in Montgomery.",
        "Her brother, Darnell Wilkes, was fatally shot by a Montgomery officer in March.",
        "Her brother, Darnell Wilkes, who died in a Montgomery jail in March, was 31.",
    ],
)
def test_a_surname_that_speaks_is_not_the_relative_who_died(dead: str) -> None:
    """ "Wilkes said" after "Renata Wilkes … Her brother, Darnell Wilkes, … died": the surname
    that speaks is the living relative, though the dead one was named last."""
    text = f'Renata Wilkes has not slept much since March. {dead}\n\n"We still do not know," Wilkes said.'
    assert quotes(text) == [("We still do not know", "Renata Wilkes")]


def test_a_surname_that_does_not_speak_may_be_the_relative_who_died() -> None:
    """ "Wilkes was unarmed": the rule is for words said, not for what the article tells of the
    one who died."""
    text = (
        "Renata Wilkes has not slept much. Her brother, Darnell Wilkes, was killed by an officer. "
        "Wilkes was unarmed."
    )
    found = extract(text, WEDNESDAY)
    assert [p.name for p in found.people if text[p.start : p.end] == "Wilkes"] == ["Darnell Wilkes"]


# -- a lead quote attributed in the next paragraph ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            '"They called me at work. I never got to say goodbye."\n\n'
            "That is how Marisol Quintero remembers the day her son was killed by a Tucson officer.",
            "Marisol Quintero",
        ),
        (
            'TUCSON, Ariz. (KTUC) - "They called me at work. I never got to say goodbye."\n\n'
            "That's how Marisol Quintero describes the call.",
            "Marisol Quintero",
        ),
        (
            '"We will not stop until we have every frame of it."\n\n'
            "That was what the Rev. Lyle Fenn told a crowd of 200 outside the Mobile courthouse Sunday.",
            "Lyle Fenn",
        ),
        (
            '"We will not stop until we have every frame of it."\n\n'
            "Those were the last words on the sign outside the Mobile courthouse.",
            None,
        ),
    ],
)
def test_a_lead_quote_is_whoever_the_next_paragraph_says_it_is(text: str, speaker: str | None) -> None:
    """A lead that is a quote alone, with "That is how NAME describes …" opening the next
    paragraph: the quote is NAME's. A next paragraph that does not say who spoke gives no one."""
    assert [s for _, s in quotes(text)] == [speaker]


# -- an office, and a title given abbreviated -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            'The city will comply "as quickly as it can," the governor\'s office said.',
            "the governor's office",
        ),
        (
            'The names were released "in the interest of fairness," the sheriff\'s office said.',
            "the sheriff's office",
        ),
        (
            'Gov. Ann Pruitt signed it Monday. The governor\'s office said she was "glad to see it done."',
            "Ann Pruitt",
        ),
    ],
)
def test_an_office_is_its_holder_only_when_the_article_names_one(text: str, speaker: str) -> None:
    """ "the governor's office said" is the governor named before ("Gov. Ann Pruitt"), or else the
    office as the article gives it, not a "governor" it never names."""
    assert [s for _, s in quotes(text)] == [speaker]


def test_the_sergeant_is_the_one_titled_sgt() -> None:
    """ "the sergeant said" after "Sgt. Leon Ware": an abbreviated title is the same title."""
    text = 'Sgt. Leon Ware wrote the report. "It was by the book," the sergeant said.'
    assert quotes(text) == [("It was by the book", "Leon Ware")]


# -- figures --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Officers said they found a 9mm handgun under the seat.",
        "Deputies recovered a 12-gauge shotgun from the truck.",
        "A nine-millimeter pistol was found in the yard.",
        "The officer carried a 40 caliber pistol.",
    ],
)
def test_a_guns_caliber_is_not_a_figure(text: str) -> None:
    """ "a 9mm handgun", "a 12-gauge shotgun": a caliber or a gauge counts nothing."""
    assert figures(text) == []


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("The family will sue within the next two weeks.", ("two weeks", 2.0, "at_most", "weeks")),
        ("Names come out within the first 48 hours.", ("48 hours", 48.0, "at_most", "hours")),
    ],
)
def test_within_the_next_is_at_most(text: str, want: tuple[str, float, str, str]) -> None:
    """ "within the next two weeks", "within the first 48 hours" are at most, like "within"."""
    assert figures(text) == [want]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Why not five days, or 14?", ("14", 14.0, "exact", "days")),
        ("The board gets 30 days or 45 if it asks.", ("45", 45.0, "exact", "days")),
    ],
)
def test_a_number_after_a_duration_and_or_takes_its_unit(
    text: str, want: tuple[str, float, str, str]
) -> None:
    """ "five days, or 14": the unit said once is the second number's too."""
    assert figures(text)[-1] == want


def test_a_count_before_a_later_duration_is_no_duration() -> None:
    """ "eleven serve terms of four years": eleven members, not eleven years (but "four to six
    months" is a range of months, as before)."""
    assert [f[3] for f in figures("Under the new ordinance, eleven serve terms of four years.")] == [
        "count",
        "years",
    ]
    assert [f[3] for f in figures("It could take four to six months.")] == ["months", "months"]


# -- days -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "The board sat for three hours Monday night hearing a plan that would change the rules.",
            ("Monday night", dt.date(2019, 6, 24)),
        ),
        (
            "Protesters stood outside City Hall on Tuesday to demand names that would be released.",
            ("Tuesday", dt.date(2019, 6, 25)),
        ),
        (
            "Investigators spent Sunday afternoon at the scene, where a task force would meet later.",
            ("Sunday afternoon", dt.date(2019, 6, 23)),
        ),
        (
            "The chief sat with the family Friday, and he will meet them again.",
            ("Friday", dt.date(2019, 6, 21)),
        ),
    ],
)
def test_an_irregular_past_tense_dates_its_weekday_before(text: str, want: tuple[str, dt.date]) -> None:
    """ "sat … Monday night", "spent Sunday afternoon", "stood … on Tuesday": irregular verbs in the past
    put the weekday before the article's, though a "would" or "will" comes later."""
    assert days(text) == [want]


def test_the_next_morning_after_a_month_is_no_day() -> None:
    """ "stopped in April … the next morning", after a "July 26" named before: the day it counts
    from is one in April the article never gives, so it is no day; not July 27."""
    text = 'The board meets July 26. Her son was stopped in April. "I filed a complaint the next morning."'
    assert days(text) == [("July 26", dt.date(2019, 7, 26))]


def test_the_next_day_after_a_year_that_holds_the_day_counts_from_it() -> None:
    """A year named between that holds the day ("June 3 of this year") leaves the day counted
    from."""
    text = "He was arrested on June 3 of this year. He was released the next day."
    assert days(text) == [("June 3", dt.date(2019, 6, 3)), ("the next day", dt.date(2019, 6, 4))]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "The ordinance goes to the council on July 9. Her son was stopped in April. "
            "The chair wants an answer before the 9th.",
            [("July 9", dt.date(2019, 7, 9)), ("the 9th", dt.date(2019, 7, 9))],
        ),
        (
            "In May, the board met on the 3rd, and again on the 17th.",
            [("the 3rd", dt.date(2019, 5, 3)), ("the 17th", dt.date(2019, 5, 17))],
        ),
        ("The 14th Amendment applies, the 2nd Precinct said.", []),
    ],
)
def test_an_ordinal_day_alone_is_a_day_of_the_month_named_before(
    text: str, want: list[tuple[str, dt.date]]
) -> None:
    """ "before the 9th" after "July 9" is July 9, though a month came between; "on the 3rd"
    after "In May" is May 3; an ordinal before a noun ("the 14th Amendment") is no day."""
    assert days(text) == want


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('Darnell Pugh, the victim\'s cousin, said the family "was lied to."', "Darnell Pugh"),
        (
            'Jody Marsh, the Hinds County district attorney, told reporters: "We will review every frame."',
            "Jody Marsh",
        ),
        ('"We will comply," Pace, the city\'s first-term mayor, said in an interview.', "Pace"),
    ],
)
def test_a_description_set_off_after_a_name_is_that_persons(text: str, speaker: str) -> None:
    """ "NAME, the victim's cousin, said", "NAME, the Hinds County district attorney, told": the
    description after the name is not the speaker, nor the county inside it."""
    assert [s for _, s in quotes(text)] == [speaker]


@pytest.mark.parametrize(
    "verb", ["vowed", "promised", "pledged", "stressed", "recounted", "complained", "lamented"]
)
def test_more_verbs_of_saying_attribute_a_quote(verb: str) -> None:
    """ "vowed", "promised", "lamented": verbs of saying that local copy uses after a quote."""
    assert quotes(f'"We are not done," Councilman Lee Hart {verb}.') == [("We are not done", "Lee Hart")]


@pytest.mark.parametrize(
    "text",
    [
        '"We will fund it," said Lt. Gov. Ray Dunn.',
        'Lt. Gov. Ray Dunn spoke first.\n\n"We will fund it," he said.',
        'Former Lt. Gov. Ray Dunn spoke Monday. "We will fund it," the lieutenant governor said.',
    ],
)
def test_lieutenant_governor_is_one_title(text: str) -> None:
    """ "Lt. Gov. Ray Dunn", as Mississippi copy names its lieutenant governor: two abbreviated
    words of one title, not a person named "Gov"; "the lieutenant governor" is him."""
    assert [s for _, s in quotes(text)] == ["Ray Dunn"]


@pytest.mark.parametrize(
    "text",
    [
        'Ruth Ames raised him. "He was a good kid," the 71-year-old said.',
        "Officer Dale Prew shot him. Prew was placed on leave.\n\n"
        'His grandmother, Ruth Ames, spoke Monday. "He was a good kid," the 71-year-old said.',
    ],
)
def test_the_n_year_old_is_the_person_the_text_is_about(text: str) -> None:
    """ "the 71-year-old said": a person called by their age is the one the paragraph is about,
    as a pronoun would be."""
    assert [s for _, s in quotes(text)] == ["Ruth Ames"]
