"""`jacksonpd extract` on day dates and figures as long articles write them, with fresh cases.

Days: "next Monday, Jan. 10" is one day; "5 p.m. the day before" and "the previous day" are
counted from the day named before them; a weekday in a quote said on an earlier day, in words
that do not speak of the past ("Thursday we march"), is the next one after the telling; a clock
time told in the past takes no day from a "this morning" it is later than (8:15 p.m.), nor
from a day still to come;
a day with no year soon after a day with its year ("Aug. 23, 2013" … "Aug. 22") is in that
year; a weekday a meeting is called "for" is to come; a telling at a clock time or an undated
news conference with no day is the article's news, and "tonight" said "at the news conference"
or "as the hearing ended" is on the lead's day; "Two days ago" opening a sentence is a day,
and "three days earlier" is not counted from the article's date; holidays ("Christmas Eve",
"the day after Christmas", "Memorial Day") are days; an inserted ", the chief said," does not
give a date its tense; an early-morning time after a late-evening one is past midnight;
"between Dec. 20 and Dec. 22" is one range; "Tonight" said after "Protesters gathered …
Wednesday evening" is that evening.

Figures: house numbers before an abbreviated street ("710 20th St. N.", "170 Porter Ave."),
the last part of a case number ("1:14-cv-00872"), a radio frequency ("91.7 FM"), an area code,
a badge, an apartment ("4B"), a fire engine and the city's 311 line count nothing;
"two-thirds" is a share; "two dozen" is 24; "a year or more" is at least a year.
"""

from __future__ import annotations

import datetime as dt

import pytest

from .test_extract_kinds import found
from .test_extract_kinds_2 import days

MONDAY = dt.date(2022, 1, 3)


def figures(text: str) -> list[tuple[str, float, str]]:
    """The figures of ``text``, as printed, with their values and qualifiers."""
    return [(f.as_printed, f.value, f.qualifier.value) for f in found(text).figures]


# -- days -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "The chief will brief the council next Monday, Jan. 10.",
            [("next Monday, Jan. 10", dt.date(2022, 1, 10))],
        ),
        (
            "It was signed last Thursday, Dec. 30, at City Hall.",
            [("last Thursday, Dec. 30", dt.date(2021, 12, 30))],
        ),
    ],
)
def test_a_weekday_with_next_or_last_and_its_date_is_one_day(
    text: str, want: list[tuple[str, dt.date]]
) -> None:
    """ "next Monday, Jan. 10" is one day, as "Monday, Jan. 10" is."""
    assert days(text, MONDAY) == want


def test_the_day_before_is_counted_from_the_day_named_before_it() -> None:
    """ "5 p.m. the day before" a hearing on Thursday, Jan. 13, is Wednesday, Jan. 12."""
    text = "The board meets Thursday, Jan. 13, at 5:30 p.m. Questions are taken until 5 p.m. the day before."
    assert days(text, MONDAY) == [
        ("Thursday, Jan. 13", dt.date(2022, 1, 13)),
        ("5 p.m. the day before", dt.date(2022, 1, 12)),
    ]


def test_the_previous_day_and_the_night_before() -> None:
    """ "the previous day" and "the night before" are the day before the day named before them."""
    text = "Deputies found him on Dec. 14. He had been reported missing the previous day."
    assert days(text, MONDAY)[-1] == ("the previous day", dt.date(2021, 12, 13))
    text = "The hearing was on Dec. 20. Lawyers filed the motion the night before."
    assert days(text, MONDAY)[-1] == ("the night before", dt.date(2021, 12, 19))


def test_a_day_in_a_quote_dates_no_next_day_outside_it() -> None:
    """ "the next day" after a quote that names "Wednesday" is the day after the day the story
    names outside the quote, not after the quote's Wednesday."""
    text = 'He was arrested on Dec. 20. "We will be back Wednesday," she said. He was freed the next day.'
    assert days(text, MONDAY)[-1] == ("the next day", dt.date(2021, 12, 21))


def test_the_day_after_a_named_event_is_not_counted_from_the_day_before_it() -> None:
    """ "the day after the vote" is counted from the vote, which the words do not date."""
    text = "The council met on Dec. 14. The chief resigned the day after the vote."
    assert days(text, MONDAY) == [("Dec. 14", dt.date(2021, 12, 14))]


def test_a_weekday_said_earlier_in_present_words_is_the_next_one_after_the_telling() -> None:
    """ "Thursday we march" said at a rally on Saturday is the Thursday after it, and so is a
    weekday in a quote's sentence with no verb ("And Friday.")."""
    text = 'At a rally Saturday, she told the crowd of plans. "Thursday we march on City Hall. And Friday."'
    assert days(text, MONDAY) == [
        ("Saturday", dt.date(2022, 1, 1)),
        ("Thursday", dt.date(2022, 1, 6)),
        ("Friday", dt.date(2022, 1, 7)),
    ]


def test_a_weekday_said_earlier_in_past_words_is_the_one_before_the_telling() -> None:
    """ "Thursday we marched" said on Saturday is the Thursday before it."""
    text = 'At a rally Saturday, she told the crowd about the week. "Thursday we marched on City Hall."'
    assert days(text, MONDAY)[-1] == ("Thursday", dt.date(2021, 12, 30))


@pytest.mark.parametrize("near", ["this morning", "this afternoon"])
def test_a_clock_time_takes_no_day_from_another_part_of_the_day(near: str) -> None:
    """ "Earlier in the evening, at about 8:15 p.m." after "this morning" or "this afternoon" is on
    the evening named before them ("last night"), not on the article's day."""
    text = (
        "About 300 people marched downtown last night.\n\n"
        f"The chief said {near} that no one was arrested.\n\n"
        "Earlier in the evening, at about 8:15 p.m., officers closed Main Street."
    )
    assert days(text, MONDAY)[-1] == ("8:15 p.m.", dt.date(2022, 1, 2))


def test_a_morning_time_after_this_morning_is_on_its_day() -> None:
    """ "at 9:30 a.m." after "this morning" is the article's day."""
    text = "The chief spoke this morning.\n\nShe took questions until about 9:30 a.m."
    assert days(text, MONDAY)[-1] == ("9:30 a.m.", MONDAY)


def test_a_clock_time_told_in_the_past_is_on_no_day_to_come() -> None:
    """ "The march began at 4 p.m." after "when he returns on Friday" is not that Friday: it is the
    day of the lead's march."""
    text = (
        "About 150 people marched downtown yesterday afternoon.\n\n"
        "In a statement this morning, the department said the chief would meet the family when he returns "
        "on Friday.\n\n"
        "The march began at 4 p.m. Marchers carried photos."
    )
    assert days(text, MONDAY)[-1] == ("4 p.m.", dt.date(2022, 1, 2))


def test_a_clock_time_with_no_other_day_keeps_the_one_named() -> None:
    """ "started around 9:45 p.m." after only "this morning" still gets that day, not none."""
    text = (
        "The chief said this morning that the chase was over.\n\nThe chase started around 9:45 p.m. on Main."
    )
    assert days(text, MONDAY)[-1] == ("9:45 p.m.", MONDAY)


def test_a_clock_time_still_to_come_after_this_morning_is_on_its_day() -> None:
    """ "will meet at 6 p.m." after "this morning" is the article's day: it has not happened yet."""
    text = "The chief spoke this morning.\n\nThe council will meet at 6 p.m. to hear residents."
    assert days(text, MONDAY)[-1] == ("6 p.m.", MONDAY)


def test_a_telling_at_a_clock_time_with_no_day_is_on_the_articles_day() -> None:
    """ "A spokesperson said at 4:45 p.m." with no day in its sentence is the article's news, not
    the day of the order named before it; with a day in its sentence, on that day."""
    text = "The judge ordered the release on Dec. 28.\n\nA spokesperson said at 4:45 p.m. it was not ready."
    assert days(text, MONDAY)[-1] == ("4:45 p.m.", MONDAY)
    text = "The judge ruled Dec. 28.\n\nOn Dec. 29, a spokesperson said at 4:45 p.m. that it was not ready."
    assert days(text, MONDAY)[-1] == ("4:45 p.m.", dt.date(2021, 12, 29))


def test_today_in_a_quote_at_an_undated_news_conference_is_the_articles_day() -> None:
    """ "today" in a quote told "at a news conference" the text gives no day is the article's
    day, not the day of an earlier date that shares a word with the quote."""
    text = (
        "The public never saw the video of the Dec. 17 shooting.\n\n"
        '"It cost us trust," he told reporters at a news conference. "Starting today, the clock runs '
        'for the public."'
    )
    assert days(text, MONDAY)[-1] == ("today", MONDAY)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "The coalition asked the state last night to open a review.\n\n"
            "Its leader read the letter aloud at a news conference on the steps of City Hall.\n\n"
            '"We waited and waited," she said at the news conference. "Tonight we stopped waiting."',
            dt.date(2022, 1, 2),
        ),
        (
            "For two hours on Thursday night, the review board heard from the officer.\n\n"
            "It was the first time an officer had testified in person.\n\n"
            '"I would do the same thing tonight," he told the board.',
            dt.date(2021, 12, 30),
        ),
        (
            "For two hours on Thursday night, the review board heard from the officer.\n\n"
            "His lawyer did most of the talking.\n\n"
            '"We came every month," his aunt said as the hearing ended. "Tonight they looked at us."',
            dt.date(2021, 12, 30),
        ),
    ],
)
def test_tonight_at_the_occasion_the_lead_tells_of_is_the_leads_day(text: str, want: dt.date) -> None:
    """ "Tonight" said "at the news conference", "as the hearing ended" or to "the board", an
    occasion told of before, is on the day of the lead's news, though that is paragraphs back."""
    assert days(text, MONDAY)[-1] == ("Tonight" if "Tonight" in text else "tonight", want)


def test_an_early_morning_time_after_a_late_evening_one_is_the_next_day() -> None:
    """ "called at 11:52 p.m. Saturday … died at 12:40 a.m." is Sunday; after "Friday night" an
    early-morning time is still that night's."""
    text = "Officers were called at 11:52 p.m. Saturday. The man died at 12:40 a.m. at a hospital."
    assert days(text, MONDAY)[-1] == ("12:40 a.m.", dt.date(2022, 1, 2))
    text = "Officers were called Friday night at 11:40 p.m. He was shot at 1:30 a.m. near the park."
    assert days(text, MONDAY)[-1] == ("1:30 a.m.", dt.date(2021, 12, 31))


def test_between_two_days_is_one_range() -> None:
    """ "between Dec. 20 and Dec. 22" is one date, its first day, as "from … to …" is."""
    assert days("It was recorded between Dec. 20 and Dec. 22.", MONDAY) == [
        ("Dec. 20 and Dec. 22", dt.date(2021, 12, 20))
    ]


def test_tonight_said_at_a_gathering_the_sentence_before_dates_is_its_evening() -> None:
    """ "Protesters gathered … Wednesday evening." then '"Tonight is for him," said his sister': the
    quote was said at the gathering, that evening."""
    text = (
        'Protesters gathered outside the courthouse Wednesday evening. "Tonight is for him," said his sister.'
    )
    assert days(text, MONDAY)[-1] == ("Tonight", dt.date(2021, 12, 29))


def test_a_day_without_its_year_near_a_day_with_one_is_in_that_year() -> None:
    """ "Aug. 22" and "Aug. 24" right after "Aug. 23, 2013" are in 2013, not the article's year."""
    text = (
        "He says he was beaten in a cell on Aug. 23, 2013. A maintenance log lists the camera as "
        "working on Aug. 22 and again on Aug. 24."
    )
    assert days(text, dt.date(2015, 10, 6)) == [
        ("Aug. 23, 2013", dt.date(2013, 8, 23)),
        ("Aug. 22", dt.date(2013, 8, 22)),
        ("Aug. 24", dt.date(2013, 8, 24)),
    ]


def test_a_day_to_come_keeps_the_articles_year() -> None:
    """ "will meet Aug. 30" after "Aug. 23, 2013" is this year's, still to come."""
    text = "The shooting happened on Aug. 23, 2013. The board will meet Aug. 30 to review it."
    assert days(text, dt.date(2015, 8, 20))[-1] == ("Aug. 30", dt.date(2015, 8, 30))


def test_a_past_day_near_the_articles_date_keeps_its_year() -> None:
    """ "met Oct. 1" days before an Oct. 6 article is this year's, after a day of another year."""
    text = "The shooting was on Sept. 30, 2014. The board met Oct. 1 to review it again."
    assert days(text, dt.date(2015, 10, 6))[-1] == ("Oct. 1", dt.date(2015, 10, 1))


def test_a_past_day_is_not_moved_after_the_articles_date() -> None:
    """ "passed … on Feb. 9" after a day of next year ("will speak on Feb. 21, 2023") stays this year's."""
    text = (
        "The family will speak on Feb. 21, 2023. The bill passed a committee on Feb. 9 by a vote of 11 to 3."
    )
    assert days(text, dt.date(2022, 12, 16))[-1] == ("Feb. 9", dt.date(2022, 2, 9))


def test_a_weekday_a_meeting_is_called_for_is_to_come() -> None:
    """ "has called a meeting for Wednesday" is the Wednesday to come; "was set for Friday" is past."""
    assert days("The mayor has called a meeting with the family for Wednesday.", MONDAY) == [
        ("Wednesday", dt.date(2022, 1, 5))
    ]
    assert days("The hearing was set for Friday but was postponed.", MONDAY) == [
        ("Friday", dt.date(2021, 12, 31))
    ]


def test_an_inserted_telling_does_not_give_a_weekday_its_tense() -> None:
    """ "By Friday, the chief said, names will be out": Friday is to come; the inserted "said" is
    the telling's tense, not the news's."""
    assert days("By Friday, the chief said, the names will be out.", MONDAY) == [
        ("Friday", dt.date(2022, 1, 7))
    ]
    assert days("On Friday, the chief said, officers made two arrests.", MONDAY) == [
        ("Friday", dt.date(2021, 12, 31))
    ]


def test_a_count_of_days_ago_opening_a_sentence_is_a_day() -> None:
    """ "Two days ago, …" is a day, as "two days ago" is."""
    assert days("Two days ago, the mayor resigned.", MONDAY) == [("Two days ago", dt.date(2022, 1, 1))]


def test_days_earlier_are_earlier_than_the_story_not_the_article() -> None:
    """ "three days earlier" counts back from a day the story tells of, which the words do not
    give: no day is drafted for it."""
    assert days("He was arrested on Dec. 20. He had been released three days earlier.", MONDAY) == [
        ("Dec. 20", dt.date(2021, 12, 20))
    ]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("The body was found on Christmas Eve.", [("Christmas Eve", dt.date(2021, 12, 24))]),
        ("The new policy took effect on New Year's Day.", [("New Year's Day", dt.date(2022, 1, 1))]),
        ("Protesters marched downtown on the Fourth of July.", [("Fourth of July", dt.date(2021, 7, 4))]),
        ("Officers worked through Thanksgiving Day.", [("Thanksgiving Day", dt.date(2021, 11, 25))]),
        ("The report will be out by Memorial Day.", [("Memorial Day", dt.date(2022, 5, 30))]),
        ("The chief resigned the day after Christmas.", [("the day after Christmas", dt.date(2021, 12, 26))]),
        ("The shooting happened over Labor Day weekend.", []),
        ("The Christmas parade was canceled.", []),
        ("Hundreds came to a Juneteenth celebration in the park.", []),
    ],
)
def test_holidays_are_days(text: str, want: list[tuple[str, dt.date]]) -> None:
    """A holiday is a day, the last one or the next as the tense says; a holiday's weekend, or
    "Christmas" before a noun, is no one day."""
    assert days(text, MONDAY) == want


# -- figures --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The session is at City Hall, 710 20th St. N., at 6 p.m.",
        "She stood outside headquarters at 1200 Travis St. on Monday.",
        "The news conference is at 170 Porter Ave. in Biloxi.",
        "The board meets in the chambers at 300 S. Adams St. downtown.",
        "The suit, Case No. 1:14-cv-00872, was filed in Cleveland.",
        "The station will carry the hearing live on 91.7 FM.",
        "Residents with questions may call (601) 555-0187 after noon.",
        "The officer, badge 4471, was placed on leave.",
        "Apartment 4B was searched; Engine 12 answered the call.",
    ],
)
def test_addresses_case_numbers_and_frequencies_count_nothing(text: str) -> None:
    """A house number before an abbreviated street, a case number's parts and a frequency are not figures."""
    assert figures(text) == []


def test_two_thirds_is_a_share_and_311_is_a_line() -> None:
    """ "Roughly two-thirds" is a share of about 0.667, not a count of two; "Calls to 311" count
    nothing, as "calls to 911" do."""
    assert figures("Roughly two-thirds of the complaints were dismissed.") == [("two-thirds", 0.667, "about")]
    assert figures("Calls to 311 rose 12% last year.") == [("12%", 12.0, "exact")]


def test_two_dozen_is_twenty_four() -> None:
    """ "nearly two dozen" is under 24, not under 2; "Three dozen" is 36."""
    assert figures("Nearly two dozen calls came in.") == [("two dozen", 24.0, "under")]
    assert figures("Three dozen residents spoke.") == [("Three dozen", 36.0, "exact")]


def test_a_year_or_more_is_at_least_a_year() -> None:
    """ "a year or more" is a duration of at least one year, as "60 days or more" is."""
    assert figures("Families are waiting a year or more.") == [("a year", 1.0, "at_least")]
