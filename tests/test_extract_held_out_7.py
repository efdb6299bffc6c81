"""`jacksonpd extract` on forms of news copy the `held-out-7` part of benchmarks/extraction/
showed after its first score, each rule with fresh cases of its own (other names, cities,
documents and outlets); none is keyed to that part's words.
"""

from __future__ import annotations

import datetime as dt

import pytest

from .drafts import THURSDAY, days, figures
from .test_extract_kinds import quotes

# -- a nickname in quote marks is part of the name -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            'The lodge\'s treasurer, Dwayne "Boo" Lattimore, said the vote was rushed.\n\n'
            '"Nobody read the thing," Lattimore said.',
            'Dwayne "Boo" Lattimore',
        ),
        (
            "Patricia “Trish” Okonkwo-Hale runs a food pantry on the west side.\n\n"
            "“We feed the same families every week,” Okonkwo-Hale said.",
            "Patricia “Trish” Okonkwo-Hale",
        ),
        (
            'Sgt. Raymond "R.J." Whitacre testified for two hours. "I never touched him," Whitacre said.',
            'Raymond "R.J." Whitacre',
        ),
    ],
)
def test_a_nickname_in_quote_marks_stays_in_the_fullest_name(text: str, speaker: str) -> None:
    """'Dwayne "Boo" Lattimore' is the fullest name the article gives: the nickname, marks and
    all, stays in it, and is not drafted as a quote."""
    found = quotes(text)
    assert len(found) == 1
    assert found[0][1] == speaker


def test_a_nicknamed_organizer_is_he_over_a_quote_of_two_paragraphs() -> None:
    """ "NAME organizes with … He says …" then a quote over two paragraphs: both are his, the
    second too, though no attribution stands beside either."""
    text = (
        "ROCHESTER — Rochester officers made 212 arrests at the protests, police said.\n\n"
        'Terrence "T-Bone" Aldridge organizes with a tenants\' union on the east side. He says '
        "the settlement does not go far enough.\n\n"
        '"They paid the money and changed nothing. Not one rule.\n\n'
        '"We will be at every meeting until they do."'
    )
    assert quotes(text) == [
        ("They paid the money and changed nothing. Not one rule.", 'Terrence "T-Bone" Aldridge'),
        ("We will be at every meeting until they do.", 'Terrence "T-Bone" Aldridge'),
    ]


def test_he_says_before_a_quote_of_two_paragraphs_is_both_paragraphs_speaker() -> None:
    """The same with a name given plainly: the quote's second paragraph is his as its first is."""
    text = (
        "Pastor Lionel Haskett leads the coalition. He says the new policy is a start.\n\n"
        '"We asked for cameras on every officer. We got cameras on some.\n\n'
        '"That is not nothing, and it is not enough."'
    )
    assert [s for _, s in quotes(text)] == ["Lionel Haskett", "Lionel Haskett"]


# -- a day's event and its clock time are one date ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "The board will take up the contract at Monday's meeting at 6 p.m. at City Hall.",
            [("Monday", dt.date(2021, 3, 22))],
        ),
        (
            "Residents will speak at Tuesday's public hearing, at 5:30 p.m., before the vote.",
            [("Tuesday", dt.date(2021, 3, 23))],
        ),
        (
            "Organizers say Saturday's 11 a.m. rally will go ahead on the courthouse steps.",
            [("Saturday", dt.date(2021, 3, 20))],
        ),
    ],
)
def test_a_clock_time_after_a_days_event_is_that_day_once(text: str, want: list[tuple[str, dt.date]]) -> None:
    """ "Monday's meeting at 6 p.m." is one day, Monday's: the clock time after the day's
    possessive and its event is no date of its own."""
    assert [(t.split("'")[0], d) for t, d in days(text)] == want


# -- an age after "who was" -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "His brother, Kendrick Vaughn, who was 19 when a deputy shot him, would have graduated this year.",
        "The city paid $90,000 to a man who was 64 at the time of the arrest.",
    ],
)
def test_an_age_after_who_was_is_not_a_figure(text: str) -> None:
    """ "who was 19 when", "who was 64 at the time": an age, which the rules leave out."""
    assert [f[1] for f in figures(text)] == [90000.0] * ("$90,000" in text)


# -- a columnist's "I" -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "I asked Sheriff Wendell Booker about the backlog on Friday. He has run the jail since 2016.\n\n"
            '"We are short 40 deputies," he told me. "Nobody wants this job."',
            "Wendell Booker",
        ),
        (
            "Last month I asked state Rep. Carla Nwosu whether the bill would ever get a hearing.\n\n"
            '"Not this session," she said.',
            "Carla Nwosu",
        ),
    ],
)
def test_he_after_i_asked_someone_is_who_was_asked(text: str, speaker: str) -> None:
    """A columnist's "I asked NAME …" then '"…," he told me': "he" is the one asked, never "I"."""
    assert {s for _, s in quotes(text)} == {speaker}


# -- "as X put it" -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Police Chief Ann Marlow declined to comment. The city's answer, as a spokeswoman put it "
            'in an email, is that it "cannot afford a second jail."',
            "a spokeswoman",
        ),
        (
            "Ridgeland's answer, as Mayor Dale Whitcomb put it Monday, is that the city \"cannot "
            'afford a second jail."',
            "Dale Whitcomb",
        ),
    ],
)
def test_as_someone_put_it_is_who_is_quoted(text: str, speaker: str) -> None:
    """ "X's position, as a spokesman put it, is that "…"": the words are whoever put it so."""
    assert [s for _, s in quotes(text)] == [speaker]


# -- a document and who issued it ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "The county's Office of the Inspector General reviewed 90 arrests for a report it "
            'published in May. Deputies\' searches were "routinely undocumented," the report says.',
            "Office of the Inspector General",
        ),
        (
            "Memphis's Civilian Law Enforcement Review Board looked at the same files for a study it "
            'commissioned last year. Complaints were "closed without a single interview," according '
            "to the study.",
            "Civilian Law Enforcement Review Board",
        ),
    ],
)
def test_a_document_it_issued_is_its_subjects_not_its_possessors(text: str, speaker: str) -> None:
    """ "The county's Office of X … for a report it published" then "the report says": the
    office's report; the possessive before the office owns the office, not the report."""
    assert [s for _, s in quotes(text)] == [speaker]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "A federal lawsuit his widow, Marisol Ferrante, filed Monday says deputies waited 20 "
            'minutes to call for help. Their delay was "a choice, not an accident," the suit says.',
            "Marisol Ferrante",
        ),
        (
            "The complaint the Delta Tenants Union filed with the board on Tuesday names three "
            'officers, who "laughed while he begged for air," the complaint reads.',
            "Delta Tenants Union",
        ),
    ],
)
def test_a_document_someone_filed_is_theirs(text: str, speaker: str) -> None:
    """ "A lawsuit his widow, NAME, filed" then "the suit says": her words, "suit" being the
    lawsuit; "The complaint the union filed" then "the complaint reads": the union's."""
    assert [s for _, s in quotes(text)] == [speaker]


# -- an acronym is the name it stands for ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "The Tennessee Bureau of Investigation took over the case on Sunday.\n\n"
            'In a statement, the TBI said agents would "follow the evidence wherever it leads."',
            "Tennessee Bureau of Investigation",
        ),
        (
            "Members of the Fraternal Order of Police packed the hearing.\n\n"
            '"We stand with our officers," the FOP said in a statement.',
            "Fraternal Order of Police",
        ),
        (
            "The New Orleans Police Department released the footage late Friday.\n\n"
            '"The video speaks for itself," the NOPD said.',
            "New Orleans Police Department",
        ),
    ],
)
def test_an_acronym_is_the_name_the_article_spelled_out(text: str, speaker: str) -> None:
    """ "the TBI" after "the Tennessee Bureau of Investigation" is that name: the fullest the
    article gives."""
    assert [s for _, s in quotes(text)] == [speaker]


def test_an_acronym_the_article_never_spells_out_stays_short() -> None:
    """ "the FOP" with no name it stands for stays as written (a guard)."""
    text = 'In a letter to the council, the FOP wrote that the plan "puts officers at risk."'
    assert [s for _, s in quotes(text)] == ["FOP"]


# -- an update's time stamp ------------------------------------------------------------------------------


@pytest.mark.parametrize("stamp", ["UPDATE 4:40 PM:", "Updated at 11:05 a.m.:", "UPDATE: 9:30 AM —"])
def test_an_updates_time_stamp_is_the_articles_day(stamp: str) -> None:
    """ "UPDATE 4:40 PM:" at the top of a release or a station's post is when it was updated:
    the article's day, capital "PM" and all."""
    text = f"{stamp} The highway has reopened after a crash that closed it for most of the morning."
    assert days(text) == [(stamp.split(" ", 1)[1].rstrip(":— ").replace("at ", ""), THURSDAY)]


# -- a suit is whoever sued; "called for" quotes nobody ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Her son, Tavares Lundy, sued the city and two officers in Hinds County Circuit Court last "
            "spring. The lawsuit said officers kept him in the car for an hour, though the manual "
            'called for a supervisor within 15 minutes, and that they "laughed about it on the radio."',
            "Tavares Lundy",
        ),
        (
            "The Harbor Tenants Association filed a federal lawsuit against the housing authority in "
            'March.\n\nThe suit says guards searched apartments "without a warrant or a reason."',
            "Harbor Tenants Association",
        ),
    ],
)
def test_a_suits_words_are_whoever_sued(text: str, speaker: str) -> None:
    """ "NAME sued the city …" then "The lawsuit said": the words are whoever sued, named in the
    paragraph or the one before; and "the manual called for a supervisor" is no attribution."""
    assert [s for _, s in quotes(text)] == [speaker]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Dr. Helen Marsh said nurses saw him twice, though the contract called for hourly "
            'checks, and that they "did what the staffing allowed."',
            "Helen Marsh",
        ),
        (
            "The ordinance calls for a public hearing, Mayor Ed Vance said, because the city has "
            '"nothing to hide."',
            "Ed Vance",
        ),
    ],
)
def test_called_for_is_no_verb_of_saying(text: str, speaker: str) -> None:
    """ "the contract called for hourly checks" asks for something: the quote is who said it."""
    assert [s for _, s in quotes(text)] == [speaker]


# -- "a policy she called" ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Capt. Lorena Vasquez-Pike, a sheriff's spokeswoman, said the jail will keep the cameras "
            'off in the showers, a rule she called "plain common sense."',
            "Lorena Vasquez-Pike",
        ),
        (
            "Chief Daryl Kimbrough said the new pursuit rules start next month, a change he described "
            'as "long overdue and badly needed."',
            "Daryl Kimbrough",
        ),
    ],
)
def test_a_thing_she_called_so_is_her_words(text: str, speaker: str) -> None:
    """ "…, a rule she called "…"": the words are hers, not the rule's."""
    assert [s for _, s in quotes(text)] == [speaker]


# -- a programme's title in quote marks is no quote --------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        'Sheriff Nadia Rowe said Friday on WMPR\'s "Capitol Report Weekly." "We need forty more deputies."',
        'Chief Amos Tull told the podcast "Blue Line Stories," that morale is low: '
        '"We need forty more deputies."',
        'The mayor wrote a column titled "Why We Need Cameras" and said, "We need forty more deputies."',
    ],
)
def test_a_programmes_title_is_not_a_quote(text: str) -> None:
    """'on WMPR's "Capitol Report Weekly."', 'the podcast "Blue Line Stories"', 'a column
    titled "…"': titles, which the rules leave out; the words said are still a quote."""
    assert [q for q, _ in quotes(text)] == ["We need forty more deputies."]


def test_a_possessives_quoted_words_that_are_no_title_are_a_quote() -> None:
    """'the chief's "we will not be silent"' is her words, not a title (a guard)."""
    text = 'Protesters answered the chief\'s "we are listening" with chants of their own, Ola Ruiz said.'
    assert [q for q, _ in quotes(text)] == ["we are listening"]


# -- a participle after an article is no past tense -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("The review board will take up the complaint in a closed session Monday, its chair said.", 22),
        ("The council will vote on the revised policy Tuesday.", 23),
        ("Deputies will escort an unnamed witness into the courthouse Friday.", 19),
        ("The review board met in a closed session Monday, its chair said.", 15),
    ],
)
def test_a_participle_after_an_article_does_not_make_a_day_past(text: str, want: int) -> None:
    """ "will take up the complaint in a closed session Monday" is the Monday to come: "closed"
    after "a" describes the session and is no past verb; "met … Monday" is still past."""
    assert [d.day for _, d in days(text)] == [want]


# -- a grid address is no figure ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The crash happened near 2100 South and State Street.",
        "Officers were called to an apartment at 700 East just after midnight.",
    ],
)
def test_a_grid_address_is_not_a_figure(text: str) -> None:
    """ "near 2100 South and State Street", as grid cities write addresses: a street number."""
    assert figures(text) == []


def test_a_count_before_a_direction_word_of_a_name_is_still_a_figure() -> None:
    """ "300 North Carolina troopers" counts troopers (a guard)."""
    assert [f[1] for f in figures("The state sent 300 North Carolina troopers to the coast.")] == [300.0]


# -- a clock time can end its sentence ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "Residents can sign up online until Saturday at 9 p.m. Chief Ray Lott said the names "
            "will be read aloud.",
            [("Saturday", 20)],
        ),
        (
            "Comments may be sent to the clerk until Monday at 5 p.m. Council Member Vera Pines said "
            "she has already had 300.",
            [("Monday", 22)],
        ),
        ("The vigil will start at 7 p.m. Friday at the park.", [("Friday", 19)]),
    ],
)
def test_a_sentence_after_a_clock_time_is_its_own(text: str, want: list[tuple[str, int]]) -> None:
    """ "until Saturday at 9 p.m. Chief Ray Lott said …": the sentence ends after "p.m.", so the
    next one's "said" does not make the Saturday past; "7 p.m. Friday" still goes on."""
    assert [(t.split(" at ")[0], d.day) for t, d in days(text)] == want


@pytest.mark.parametrize(
    "text",
    [
        "Late applications will be read Monday by 4 p.m. in the council chamber.",
        "Written comments will be accepted Friday before 5 p.m. at the clerk's office.",
    ],
)
def test_a_day_by_a_clock_time_is_one_date(text: str) -> None:
    """ "Monday by 4 p.m.", "Friday before 5 p.m.": one day, not the day and a clock time."""
    found = days(text)
    assert len(found) == len({d for _, d in found})


# -- a list of numbers that gives its unit once --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "The city released its last three videos in 12, 40 and 75 days.",
            [("three", 3.0, None), ("12", 12.0, "days"), ("40", 40.0, "days"), ("75 days", 75.0, "days")],
        ),
        (
            "The reviews took 3, 5 or 8 months.",
            [("3", 3.0, "months"), ("5", 5.0, "months"), ("8 months", 8.0, "months")],
        ),
    ],
)
def test_every_number_of_a_list_takes_the_unit_said_after_the_last(
    text: str, want: list[tuple[str, float, str | None]]
) -> None:
    """ "in 12, 40 and 75 days": each is a number of days, not only the last two."""
    got = [(p, v, u if u in ("days", "months") else None) for p, v, _, u in figures(text)]
    assert got == want


# -- "the following Monday" -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "The crash happened Feb. 25, and the trooper was charged the following Monday.",
            [("Feb. 25", dt.date(2021, 2, 25)), ("Monday", dt.date(2021, 3, 1))],
        ),
        (
            "The board voted March 3. The previous Friday, the union had asked for a delay.",
            [("March 3", dt.date(2021, 3, 3)), ("Friday", dt.date(2021, 2, 26))],
        ),
        (
            "He was arrested on Jan. 9 and released the next Tuesday.",
            [("Jan. 9", dt.date(2021, 1, 9)), ("next Tuesday", dt.date(2021, 1, 12))],
        ),
    ],
)
def test_the_following_weekday_counts_from_the_day_named_before(
    text: str, want: list[tuple[str, dt.date]]
) -> None:
    """ "charged the following Monday" after "Feb. 25" is the Monday after Feb. 25, not the one
    nearest the article; "the previous Friday" the Friday before the day named."""
    assert days(text) == want


# -- "no later than" ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "The ordinance requires footage to be released no later than 45 days after a shooting.",
            ("45 days", 45.0, "at_most", "days"),
        ),
        (
            "Reports must be filed not later than 10 days after the arrest.",
            ("10 days", 10.0, "at_most", "days"),
        ),
        (
            "The review may start no earlier than 30 days after the charges are filed.",
            ("30 days", 30.0, "at_least", "days"),
        ),
    ],
)
def test_no_later_than_is_at_most(text: str, want: tuple[str, float, str, str]) -> None:
    """ "no later than 45 days after" is at most 45 days; "no earlier than 30 days" at least."""
    assert figures(text) == [want]


# -- "what X told them" -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "For a week after Dorian Pratt died, his sister knew only what a short release from the "
            "Coahoma County Sheriff's Office told her: that Pratt, 33, had been \"found without a pulse "
            'during a routine check."',
            "Coahoma County Sheriff's Office",
        ),
        (
            "Until the video came out, the public had only what Chief Marcia Dunleavy said at a news "
            'conference: that the officer "had no choice at all that night."',
            "Marcia Dunleavy",
        ),
    ],
)
def test_what_someone_told_them_is_their_words(text: str, speaker: str) -> None:
    """ "knew only what a release from the sheriff's office told her: that NAME, 33, had been
    "…"": the release's issuer, not the man the words are about."""
    assert [s for _, s in quotes(text)] == [speaker]


def test_a_document_a_name_filed_in_the_same_sentence_is_theirs() -> None:
    """ "The lawsuit Rhonda Mack filed in federal court says": hers, though no title or verb
    of saying stands beside her name."""
    text = 'The lawsuit Lenora Batiste filed in federal court says deputies "ignored every warning sign."'
    assert quotes(text) == [("ignored every warning sign.", "Lenora Batiste")]


# -- an outlet named "Today" ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The mayor told Mississippi Today the audit was overdue.",
        "In an interview with USA Today, the chief defended the policy.",
    ],
)
def test_today_in_an_outlets_name_is_no_date(text: str) -> None:
    """ "told Mississippi Today", "USA Today": a name, not the article's day."""
    assert days(text) == []


def test_today_opening_a_sentence_is_still_a_date() -> None:
    """ "He left on Monday. Today he is back." (a guard: the word before ends a sentence)."""
    assert days("He left on Monday. Today he is back.")[-1] == ("Today", THURSDAY)


# -- a center, a project, a league ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["Gulf Coast Center for Justice", "Northside Accountability Project", "Delta Urban League"],
)
def test_a_center_a_project_or_a_league_is_an_organization(name: str) -> None:
    """ "The Gulf Coast Center for Justice, which filed the suit, said": the organization speaks."""
    text = f'The {name}, which filed the suit, said the settlement is "a first step, not the last."'
    assert [s for _, s in quotes(text)] == [name]


def test_what_inside_a_relative_clause_leaves_the_subject_speaking() -> None:
    """ "Residents who saw what happened said": the residents (a guard for "what X told")."""
    text = 'Residents who saw what happened said the officer "never warned him at all."'
    assert [s for _, s in quotes(text)] == ["Residents"]


def test_a_clock_time_before_a_holiday_goes_on_to_it() -> None:
    """ "at 8 p.m. Christmas Eve": the holiday is the clock time's day, in the same sentence (a
    guard for a sentence after a clock time)."""
    assert days("The vigil will be held at 8 p.m. Christmas Eve at Smith Park.") == [
        ("Christmas Eve", dt.date(2021, 12, 24))
    ]


def test_the_same_day_after_a_clock_time_is_the_day_named_before() -> None:
    """ "Monday at 6 p.m. Residents can … until 5 p.m. the same day": Monday, though a new
    sentence begins after the first clock time."""
    text = (
        "The county will hold a briefing Monday at 6 p.m. Residents can send questions until 5 p.m. "
        "the same day."
    )
    assert [d for _, d in days(text)] == [dt.date(2021, 3, 22), dt.date(2021, 3, 22)]


def test_she_is_not_a_spokesman() -> None:
    """ "A police spokesman said …" then '"…," she said': "she" is the woman named before, not
    the spokesman, whom his title shows to be a man."""
    text = (
        "Council Member Tessa Lindqvist asked for the footage on Monday. A police spokesman said "
        'the video is "still under review."\n\n'
        '"We have waited long enough," she said.'
    )
    assert quotes(text)[-1] == ("We have waited long enough", "Tessa Lindqvist")


def test_an_updates_time_stamp_does_not_date_the_story() -> None:
    """ "UPDATE 4:40 PM: … last night's crash" then, paragraphs on, "At about 9:10 p.m.": the
    crash's night, not the day the post was updated (a guard)."""
    text = (
        "UPDATE 4:40 PM: Here is what we know about last night's crash on Highway 49.\n\n"
        "Two people were taken to a hospital.\n\n"
        "The highway was closed for several hours.\n\n"
        "At about 9:10 p.m., a pickup crossed the center line."
    )
    assert [d for _, d in days(text)] == [THURSDAY, dt.date(2021, 3, 17), dt.date(2021, 3, 17)]
