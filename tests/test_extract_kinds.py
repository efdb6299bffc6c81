"""`jacksonpd extract` on each kind of failure seen on articles it had not seen, with fresh cases.

One group of tests per kind: names with an inner capital, pronouns and surnames used alone,
speakers that are not people, long attributions, broken quote marks, short quoted phrases,
durations, numbers that are not counts, dates, and drafts the build accepts.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
import yaml

from jacksonpd.build import build
from jacksonpd.dataset import load
from jacksonpd.extract import Extraction, extract, extract_article
from jacksonpd.extract.draft import draft_yaml
from jacksonpd.models import DatePrecision, Qualifier
from jacksonpd.seeds.article import slugify
from jacksonpd.seeds.registry import read_registry

from .conftest import REPO

TUESDAY = dt.date(2019, 6, 25)


def found(text: str, on: dt.date = TUESDAY) -> Extraction:
    """What the extractor finds in ``text``, with every span checked against the text."""
    result = extract(text, on)
    for q in result.quotes:
        assert text[q.start : q.end] == q.text
    for f in result.figures:
        assert text[f.start : f.end] == f.as_printed
    for d in result.dates:
        assert text[d.start : d.end] == d.date_text
    return result


def quotes(text: str) -> list[tuple[str, str | None]]:
    """The quotes of ``text`` with their speakers."""
    return [(q.text, q.speaker) for q in found(text).quotes]


# -- names with an inner capital ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('"We heard every side," said Board President Colin McArthur.', "Colin McArthur"),
        ('Councilwoman DeAnna LeBlanc-Price called it "overdue and welcome."', "DeAnna LeBlanc-Price"),
        ('"It is done," Sheriff Wade O\'Dell said.', "Wade O'Dell"),
        ('"Read the file," said Judge Rosa MacKinnon, who sat alone.', "Rosa MacKinnon"),
    ],
)
def test_inner_capital_names_are_whole(text: str, speaker: str) -> None:
    """A name with an inner capital (Mc-, Mac-, De-, Le-, O') found through a title is not cut."""
    assert [s for _, s in quotes(text)] == [speaker]


def test_continuation_quote_keeps_the_whole_name() -> None:
    """A quote that goes on after its attribution, and a paragraph that is all quote right after,
    keep the speaker's whole name."""
    text = (
        '"We heard every side," Board President Colin McArthur said. "Now we act."\n\n'
        '"And we will publish the names within the week, every one of them."'
    )
    assert {s for _, s in quotes(text)} == {"Colin McArthur"}
    assert len(quotes(text)) == 3


# -- pronouns, surnames alone, possessives ----------------------------------------------------------


def test_pronoun_goes_to_the_latest_speaker_not_the_nearest_title() -> None:
    """ "he said" is the man who spoke last, not the titled person named nearest before it."""
    text = (
        "Sheriff Ed Voss said the jail was full. Deputy Mayor Ruth Kane, who came with him, sat "
        'beside him.\n\n"We need room for forty more beds," he said.'
    )
    assert quotes(text) == [("We need room for forty more beds", "Ed Voss")]


def test_pronoun_goes_to_the_person_the_paragraph_is_about() -> None:
    """A paragraph that opens with a person: "she said" in it is that person, not the last speaker."""
    text = '"We will see," said Mayor Ann Cole.\n\nLena Ortiz disagreed. "Nobody asked us," she said.'
    assert quotes(text) == [("We will see", "Ann Cole"), ("Nobody asked us", "Lena Ortiz")]


def test_surname_alone_is_tracked_without_the_registry() -> None:
    """A surname used alone, even before the full name is given, is that person."""
    text = (
        "Okafor says the rule is weak. Ada Okafor, who leads a tenants group, wants more.\n\n"
        '"It is a start and not an end," Okafor said.'
    )
    assert quotes(text) == [("It is a start and not an end", "Ada Okafor")]


def test_possessive_is_not_part_of_the_name() -> None:
    """ "Chief Nia Brooks's plan … she said": the speaker is Nia Brooks."""
    text = 'Police Chief Nia Brooks\'s plan drew cheers.\n\n"We will publish every name," she said.'
    assert quotes(text) == [("We will publish every name", "Nia Brooks")]
    assert [p.name for p in found(text).people] == ["Nia Brooks"]


def test_pronoun_after_a_paragraph_about_someone_else() -> None:
    """A paragraph about a person who has not spoken yet, then "she said": that person, not the
    last speaker; but a paragraph where someone spoke keeps its speaker."""
    text = (
        '"This is my answer," Sheriff Ray Dunn told the board.\n\n'
        "Supervisor Lena Cobb, who wanted a shorter deadline, voted yes anyway.\n\n"
        '"It is not what I wanted," she said.'
    )
    assert quotes(text)[-1] == ("It is not what I wanted", "Lena Cobb")
    spoke = (
        "Chief Ed Mora said the cameras would help. Mayor Jo Tate, who paid for them, sat beside him.\n\n"
        '"Video settles arguments," he said.'
    )
    assert quotes(spoke) == [("Video settles arguments", "Ed Mora")]


def test_negated_saying_is_no_speaker() -> None:
    """ "the city has never told her" is no one speaking: "she said" after it is the lawyer."""
    text = (
        "Lawyer Glenda Orr says the city has never told her client who fired. "
        '"We only have badge numbers," she said.'
    )
    assert quotes(text) == [("We only have badge numbers", "Glenda Orr")]


def test_another_document_speaks_as_the_one_before() -> None:
    """ "Another, from a sergeant, reads:" is another of the emails just quoted."""
    text = '"Same faces," one email from a captain reads. Another, from a sergeant, reads: "Say nothing."'
    assert quotes(text) == [("Same faces", "the email"), ("Say nothing.", "the email")]


def test_possessor_is_not_the_subject() -> None:
    """ "Okoro's mother, Ruth Okoro, … she said" is the mother, not the Okoro named before."""
    text = (
        "Police shot Jalen Okoro on March 3.\n\n"
        'Okoro\'s mother, Ruth Okoro, wants answers. "I want to know who did it," she said.'
    )
    assert quotes(text) == [("I want to know who did it", "Ruth Okoro")]


def test_document_speaks_for_who_sent_it() -> None:
    """ "Ada Fern sent the letter … the letter states" is Ada Fern's."""
    text = (
        'Ada Fern, a former sergeant, sent the letter on Nov. 8. "Complaints were closed," the letter states.'
    )
    assert quotes(text) == [("Complaints were closed", "Ada Fern")]


def test_groups_speak() -> None:
    """ "critics call it a "paper wall"": the critics."""
    assert quotes('It is a rule that critics call a "paper wall."') == [("paper wall.", "critics")]


def test_pronoun_passes_over_the_other_gender() -> None:
    """ "she said" is not the man who spoke last when the article shows he is a man."""
    text = (
        "Councilwoman Ada Reyes opened the meeting. Councilman Tom Hall said he had doubts.\n\n"
        '"We cannot wait another year," she said.'
    )
    assert quotes(text) == [("We cannot wait another year", "Ada Reyes")]


def test_unnamed_speakers_and_police() -> None:
    """ "one resident", "a woman who lives nearby", "Smith, 45," and "police" are speakers."""
    assert quotes('"It was loud," said one resident, who asked not to be named.') == [
        ("It was loud", "one resident")
    ]
    assert quotes('"They never called," said a woman who lives on the street.') == [
        ("They never called", "a woman")
    ]
    assert quotes('"I am sorry," Ann Smith, 45, said.') == [("I am sorry", "Ann Smith")]
    text = 'Officers from the Pearl Police Department came. "The suspect fled on foot," police said.'
    assert quotes(text) == [("The suspect fled on foot", "Pearl Police Department")]


def test_the_chief_is_the_chief_named_before() -> None:
    """ "the chief said" is the chief the article named; with none named it stays "the chief"."""
    named = 'Police Chief Omar Diallo spoke first. "We owe people answers," the chief said.'
    assert quotes(named) == [("We owe people answers", "Omar Diallo")]
    assert quotes('"We owe people answers," the chief said.') == [("We owe people answers", "the chief")]


# -- speakers that are not people, verbs beyond said ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('"Vote no on the new jail," the flyer reads.', "the flyer"),
        ('"Unit four, respond to the east lot," the radio crackled.', "the radio"),
        ('The draft states: "Names are released in two days."', "the draft"),
        (
            "The Oxford Police Department's only word was a post. "
            '"An arrest was made without incident," the post reads.',
            "Oxford Police Department",
        ),
        (
            'Lawyer Dan Moss added that part of the deal stated that "no officer shall be named."',
            "the deal",
        ),
        ('"The city failed him," Tia Grant wrote on her page.', "Tia Grant"),
        (
            'According to a statement from the Pearl Police Department, "the officer acted within policy."',
            "Pearl Police Department",
        ),
        ('Mayor Jo Tate\'s office said the list is "complete and final."', "Jo Tate"),
    ],
)
def test_documents_and_devices_speak(text: str, speaker: str) -> None:
    """Flyers, radios, drafts, posts and deals are speakers (reads, states, crackled, wrote), through
    their issuer where the paragraph names one, and a document quoted mid-sentence is its own."""
    assert [s for _, s in quotes(text)] == [speaker]


# -- long attributions after the quote --------------------------------------------------------------


def test_long_attribution_after_the_quote() -> None:
    """'"…," said NAME, a long description, who …' keeps NAME however long the description."""
    text = (
        '"Names are public records," said Mara Lindqvist, a retired judge from Natchez who led the '
        "review for three years and who now teaches at a law school in Oxford."
    )
    assert quotes(text) == [("Names are public records", "Mara Lindqvist")]


# -- broken quote marks ---------------------------------------------------------------------------


def test_paragraph_that_lost_its_opening_mark() -> None:
    """A paragraph with no opening mark that closes '," X said' is a quote from its start, flagged."""
    text = 'Sheriff Al Ruiz spoke last.\n\nWe will answer every letter we get," Ruiz said.'
    result = found(text)
    assert [(q.text, q.speaker) for q in result.quotes] == [("We will answer every letter we get", "Al Ruiz")]
    assert [w.start for w in result.warnings] == [text.index('"')]


def test_second_half_never_closed() -> None:
    """The second half of a split quote that is never closed runs to its paragraph's end, flagged."""
    text = '"First things first," said Mayor Jo Tate. "Then the rest of it.\n\nThe council adjourned.'
    result = found(text)
    assert [(q.text, q.speaker) for q in result.quotes] == [
        ("First things first", "Jo Tate"),
        ("Then the rest of it.", "Jo Tate"),
    ]
    assert "never closed" in result.warnings[0].message


def test_straight_and_curly_marks_mixed() -> None:
    """A straight mark pairs with a curly one: which it is comes from the characters beside it."""
    text = '"We are ready,” said Chief Ann Lee. “Are you ready too?"'
    assert quotes(text) == [("We are ready", "Ann Lee"), ("Are you ready too?", "Ann Lee")]
    assert found(text).warnings == ()


# -- short quoted phrases ---------------------------------------------------------------------------


def test_short_phrase_with_its_attribution_a_few_words_before() -> None:
    """A short quoted phrase inside a sentence takes the speaker a few words before it."""
    assert quotes('Mayor Dee Vance called the delay "unacceptable" and left.') == [
        ("unacceptable", "Dee Vance")
    ]
    assert quotes('Council President Hal Ames Jr. called that "a floor."') == [("a floor.", "Hal Ames Jr.")]
    assert quotes('Called "a good first step" by Mayor Jo Tate, the plan passed.') == [
        ("a good first step", "Jo Tate")
    ]


def test_words_quoted_as_words_are_not_quotes() -> None:
    """Scare quotes and words quoted as words, with no one said to speak them, are not quotes."""
    assert quotes('The panel voted to change "may" to "shall" in the draft.') == []


# -- durations --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("names released within 72 hours", (72, Qualifier.AT_MOST, "hours", "72 hours")),
        ("a 72-hour rule for names", (72, Qualifier.EXACT, "hours", "72-hour")),
        ("the family waited 48 hours", (48, Qualifier.EXACT, "hours", "48 hours")),
        ("it came less than a month later", (1, Qualifier.UNDER, "months", "a month")),
        ("held for more than six months", (6, Qualifier.OVER, "months", "six months")),
        ("named two years later in a suit", (2, Qualifier.EXACT, "years", "two years")),
        ("it happened over three years ago", (3, Qualifier.OVER, "years", "three years")),
        ("a five-year veteran of the force", (5, Qualifier.EXACT, "years", "five-year")),
        ("up to 10 more days with a judge's leave", (10, Qualifier.AT_MOST, "days", "10 more days")),
        ("reviews take 60 days or more", (60, Qualifier.AT_LEAST, "days", "60 days")),
        ("within five business days", (5, Qualifier.AT_MOST, "days", "five business days")),
        ("it took nearly two decades", (2, Qualifier.UNDER, "decades", "two decades")),
        ("built the list over 14 months", (14, Qualifier.EXACT, "months", "14 months")),
        ("she waited over a year", (1, Qualifier.OVER, "years", "a year")),
        ("delay a name by up to 10 more days", (10, Qualifier.AT_MOST, "days", "10 more days")),
        ("took as long as five months", (5, Qualifier.AT_MOST, "months", "five months")),
    ],
)
def test_durations_are_figures_with_unit_and_qualifier(
    text: str, expected: tuple[float, Qualifier, str, str]
) -> None:
    """A duration is a figure: its number, qualifier, unit and the words printed."""
    [f] = found(text).figures
    assert (f.value, f.qualifier, f.unit, f.as_printed) == expected


@pytest.mark.parametrize("text", ["a 34-year-old man", "he is 42 years old", "every day", "a week later"])
def test_ages_and_unqualified_units_are_not_durations(text: str) -> None:
    """Ages are not figures, nor "a day" with nothing to say how long."""
    assert found(text).figures == ()


# -- numbers that are not counts --------------------------------------------------------------------


def test_money_before_a_capitalised_name() -> None:
    """ "the $90,000 State Police Foundation review" is a figure, though capitals follow it."""
    [f] = found("the $90,000 State Police Foundation review").figures
    assert (f.value, f.unit) == (90_000, "dollars")


@pytest.mark.parametrize(
    "text",
    [
        "the meeting began at 10:30 and ran past 11 at night",
        "sessions at 8 and at 2",
        "the council voted 5 to 2 on Monday",
        "the board voted 4-3",
        "Lodge 3 of the union",
        "on Highway 80 near the 400 block of Main",
        "a WJKX 12 News report",
        "the 911 call came first",
        "a crash on U.S. 49 near Pearl",
    ],
)
def test_clock_times_votes_and_labels_are_not_figures(text: str) -> None:
    """Clock times without a.m./p.m., vote tallies, labels and addresses count nothing."""
    assert found(text).figures == ()


def test_counts_are_still_figures_beside_them() -> None:
    """Counts next to a vote or a name stay: three officers, 12 of them."""
    values = [f.value for f in found("voted 5 to 2 to hire three Baton Rouge officers").figures]
    assert values == [3]


def test_of_them_takes_what_the_figure_before_counts() -> None:
    """ "212 shootings, 87 of them fatal": the 87 are fatal shootings, not "them fatal"."""
    figures = found("It counts 212 shootings, 87 of them fatal.").figures
    assert [(f.value, f.what) for f in figures] == [(212, "shootings"), (87, "fatal shootings")]


# -- dates ------------------------------------------------------------------------------------------


def days(text: str, on: dt.date = TUESDAY) -> list[tuple[str, dt.date]]:
    """The day dates of ``text``."""
    return [(d.date_text, d.date) for d in found(text, on).dates if d.precision is DatePrecision.DAY]


def test_last_night_and_this_morning() -> None:
    """ "last night" is the day before the article; "this morning" its day."""
    assert days("The march ended last night. They met again this morning.") == [
        ("last night", dt.date(2019, 6, 24)),
        ("this morning", dt.date(2019, 6, 25)),
    ]


def test_clock_time_takes_its_day_from_the_date_before() -> None:
    """ "tomorrow at 9 a.m. and … at 5:30 p.m.": the second time is tomorrow too, once."""
    text = "The council will meet tomorrow at 9 a.m. and take comment at 5:30 p.m. at City Hall."
    assert days(text) == [("tomorrow", dt.date(2019, 6, 26)), ("5:30 p.m.", dt.date(2019, 6, 26))]


def test_clock_time_takes_the_main_day_of_the_paragraph_before() -> None:
    """From the paragraph before, a clock time takes the day its main clause names first."""
    text = "Dozens marched last night over the shooting of a teen on Sunday.\n\nThe march began at 6:30 p.m."
    assert days(text)[-1] == ("6:30 p.m.", dt.date(2019, 6, 24))


def test_clock_time_takes_the_day_of_the_same_happening() -> None:
    """ "released audio Wednesday from a chase Tuesday night … The chase began at 10:15 p.m.":
    the night of the chase, though Wednesday is named first."""
    text = "Police on Wednesday released audio from a chase Tuesday night.\n\nThe chase began at 10:15 p.m."
    assert days(text, dt.date(2019, 6, 26))[-1] == ("10:15 p.m.", dt.date(2019, 6, 25))


def test_came_days_after_something_is_no_date() -> None:
    """ "came 118 days after the request" dates nothing; "This comes two weeks after" does."""
    assert found("The answer came 118 days after the request.").dates == ()
    [d] = found("This comes two weeks after the report.").dates
    assert (d.date, d.precision) == (dt.date(2019, 6, 11), DatePrecision.APPROXIMATE)


def test_negated_past_is_not_a_schedule() -> None:
    """ "did not return calls Monday" is the Monday before; "Lawmakers meet Monday" the next."""
    assert days("He did not return calls Monday.") == [("Monday", dt.date(2019, 6, 24))]
    assert days("Lawmakers meet Monday.") == [("Monday", dt.date(2019, 7, 1))]


def test_clock_time_with_no_day_before_is_no_date() -> None:
    """A clock time with no day named before it gives no date, and one before a day is its time."""
    assert days("Doors open at 6 p.m.") == []
    assert days("It began Friday. Officers came at 12:30 a.m. Sunday.") == [
        ("Friday", dt.date(2019, 6, 21)),
        ("Sunday", dt.date(2019, 6, 23)),
    ]


def test_month_of_year() -> None:
    """ "In May of 2018" is May 2018."""
    [d] = found("In May of 2018, the panel finished.").dates
    assert (d.date, d.date_end, d.precision) == (
        dt.date(2018, 5, 1),
        dt.date(2018, 5, 31),
        DatePrecision.MONTH,
    )


def test_month_range_is_one_range() -> None:
    """ "between November and March" is one range, from November 1 to March 31, that has ended."""
    [d] = found("Lawmakers debated it between November and March.", dt.date(2020, 6, 30)).dates
    assert (d.date, d.date_end, d.precision) == (
        dt.date(2019, 11, 1),
        dt.date(2020, 3, 31),
        DatePrecision.MONTH,
    )


def test_day_range_and_weekday_with_date_are_one_date() -> None:
    """ "from Aug. 17 to Aug. 19" and "Saturday, July 29" are one date each."""
    ranged = found("Hearings run from Aug. 17 to Aug. 19.", dt.date(2015, 7, 9)).dates
    assert [(d.date, d.date_end) for d in ranged] == [(dt.date(2015, 8, 17), dt.date(2015, 8, 19))]
    assert days("On Saturday, July 29, deputies responded.", dt.date(2023, 8, 3)) == [
        ("Saturday, July 29", dt.date(2023, 7, 29))
    ]


def test_numeric_date() -> None:
    """ "2/14/2020" is Feb. 14, 2020, and its parts are not figures."""
    result = found("The crash happened 2/14/2020 at night.")
    assert [(d.date, d.precision) for d in result.dates] == [(dt.date(2020, 2, 14), DatePrecision.DAY)]
    assert result.figures == ()


def test_a_weekday_the_words_do_not_fix_is_no_date() -> None:
    """ "on a Sunday night in August 2019" names no day."""
    assert days("It happened on a Sunday night in August 2019.", dt.date(2021, 3, 11)) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The committee meets Sept. 12.", dt.date(2022, 9, 12)),
        ("She gave both sides until Dec. 16 to file.", dt.date(2022, 12, 16)),
        ("The policy takes effect Jan. 1.", dt.date(2023, 1, 1)),
        ("He was found dead Dec. 14.", dt.date(2021, 12, 14)),
    ],
)
def test_day_without_year_follows_the_verb_or_is_nearest(text: str, expected: dt.date) -> None:
    """A day without a year: the tense decides where it can; "until" and a present tense take the
    one nearest the article's date."""
    assert [d for _, d in days(text, dt.date(2022, 9, 8))] == [expected]


def test_months_after_a_date_is_counted_from_it() -> None:
    """ "nine months after the March 3 shooting" is about nine months after March 3."""
    result = found("The officer was named nine months after the March 3 shooting.", dt.date(2021, 12, 15))
    assert [(d.date_text, d.date, d.precision) for d in result.dates] == [
        ("nine months after", dt.date(2021, 11, 28), DatePrecision.APPROXIMATE),
        ("March 3", dt.date(2021, 3, 3), DatePrecision.DAY),
    ]
    assert [(f.value, f.unit) for f in result.figures] == [(9, "months")]


def test_months_after_is_a_duration_not_a_date() -> None:
    """ "four months after the shooting" is a figure of four months and no date."""
    result = found("They returned to duty four months after the shooting.")
    assert [(f.value, f.unit) for f in result.figures] == [(4, "months")]
    assert result.dates == ()


# -- drafts the build accepts -----------------------------------------------------------------------

ARTICLE = """\
 date 2022-09-08 Ridgeland council hears from residents on chases. Source: Test Gazette

Ridgeland Police Chief Omar Diallo said this month that officers answered 40 pursuit calls,
12 of them costly.

"We owe people answers," the chief said. "We will have them within 30 days."

Neighbor Tasha Greer said she heard no siren. "Not one," she said.

"Stop the chases," a flyer on Old Canton Road reads.

The council meets Sept. 12 at 6 p.m. and again at 8 p.m.
"""


def _draft(tmp_path: Path) -> tuple[Path, str]:
    root = tmp_path / "repo"
    for folder in ("schemas", "seeds", "datapackage"):
        shutil.copytree(REPO / folder, root / folder)
    article = root / "seeds" / "articles" / "2022-09-08-ridgeland-chases.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    registry, _ = read_registry(root / "seeds" / "registry")
    parsed, result = extract_article(article, registry)
    draft = draft_yaml(parsed, result)
    (root / "seeds" / "annotations" / "2022-09-08-ridgeland-chases.yaml").write_text(draft, encoding="utf-8")
    return root, draft


def test_draft_says_at_the_top_what_the_registry_lacks(tmp_path: Path) -> None:
    """Unknown people, organizations and speakers ("the flyer") are listed at the top, with ids."""
    _, draft = _draft(tmp_path)
    header = [line for line in draft.splitlines() if line.startswith("#")]
    assert any("Tasha Greer" in line and "people.yaml" in line for line in header)
    assert any("the flyer (the-flyer)" in line for line in header)


def test_draft_periods_end_by_the_article_date(tmp_path: Path) -> None:
    """ "this month" gives a period that ends on the article's date, not after it."""
    _, draft = _draft(tmp_path)
    figures = yaml.safe_load("\n".join(line for line in draft.splitlines() if not line.startswith("#")))[
        "figures"
    ]
    ends = [f["period_end"] for f in figures if f["period_end"]]
    assert ends
    assert all(dt.date.fromisoformat(end) <= dt.date(2022, 9, 8) for end in ends)
    assert all(not f["metric"].startswith("them") for f in figures)


def test_draft_builds_once_the_registry_knows_its_people(tmp_path: Path) -> None:
    """Register every name the draft's header lists, and the build publishes the draft as it is."""
    root, draft = _draft(tmp_path)
    people: dict[str, str] = {}
    orgs: dict[str, str] = {}
    for line in draft.splitlines():
        if m := re.match(r"# Not in seeds/registry/people\.yaml yet .*?: (.*)", line):
            people |= {slugify(n): n for n in m.group(1).split(", ")}
        elif m := re.match(r"# Not in seeds/registry/organizations\.yaml yet: (.*)", line):
            orgs |= {slugify(n): n for n in m.group(1).split(", ")}
        elif m := re.match(r"# Speakers the registry does not know .*?: (.*)", line):
            people |= {slug: n for n, slug in re.findall(r"(.*?) \(([a-z0-9-]+)\)(?:, |$)", m.group(1))}
    assert people
    with (root / "seeds" / "registry" / "people.yaml").open("a", encoding="utf-8") as f:
        f.writelines(f'\n- id: {pid}\n  name: "{name}"\n' for pid, name in people.items())
    with (root / "seeds" / "registry" / "organizations.yaml").open("a", encoding="utf-8") as f:
        f.writelines(
            f'\n- id: {oid}\n  name: "{name}"\n  kind: city_government\n' for oid, name in orgs.items()
        )
    result = build(root)
    assert result.counts["sources"] == len(load(REPO / "datapackage").sources) + 1  # the new article
    statements = (root / "datapackage" / "data" / "statements.csv").read_text(encoding="utf-8")
    assert "We owe people answers" in statements
