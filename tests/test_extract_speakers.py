"""`jacksonpd extract` on attributions that long articles from real outlets' styles use and the
earlier parts did not show, each with fresh cases (see the `tuning-speakers` part of
benchmarks/extraction/).

A verb of saying that is denied ("The statement did not say when") attributes nothing.
"""

from __future__ import annotations

import datetime as dt

import pytest

from jacksonpd.extract import extract
from jacksonpd.seeds.registry import Registry, read_registry

from .conftest import REPO
from .test_extract_kinds import quotes


@pytest.fixture(scope="module")
def registry() -> Registry:
    """The repository's registry, whose "the city" is the City of Jackson."""
    reg, problems = read_registry(REPO / "seeds/registry")
    assert problems == []
    return reg


def speakers_with(text: str, registry: Registry) -> list[tuple[str, str | None]]:
    """The quotes of ``text`` with their speakers, read with the registry."""
    return [(q.text, q.speaker) for q in extract(text, dt.date(2019, 6, 25), registry).quotes]


@pytest.mark.parametrize(
    "after",
    [
        "The statement did not say when the review would end.",
        "The release never said who fired.",
        "The office declined to say when the review would end.",
    ],
)
def test_a_verb_of_saying_denied_after_a_quote_attributes_nothing(after: str) -> None:
    """ "The statement did not say when" after a quote is not who said it: the quote keeps the
    speaker its sentence gives."""
    text = (
        "The Bexar County Sheriff's Office said in a statement that the deputy had been placed on leave, "
        f'a step it takes "after every shooting by a deputy." {after}'
    )
    assert quotes(text) == [("after every shooting by a deputy.", "Bexar County Sheriff's Office")]


def test_a_sheriffs_office_after_its_county_is_one_organization() -> None:
    """ "The Bexar County Sheriff's Office said" is the office, not "Bexar County": the
    possessive is part of the name, not an owner before it."""
    text = '"We are reviewing the footage," the Bexar County Sheriff\'s Office said.'
    assert quotes(text) == [("We are reviewing the footage", "Bexar County Sheriff's Office")]


@pytest.mark.parametrize(
    "description",
    ["a lawyer who once represented officers in discipline cases", "an organizer with the tenants' union"],
)
def test_a_description_between_a_name_and_its_verb_is_that_persons(description: str) -> None:
    """ "Ana Ruiz-Tell, a lawyer who once represented officers, said … "…"": the person named
    before the description, not "a lawyer"."""
    text = (
        f'Commissioner Ana Ruiz-Tell, {description}, said the request would "invite a lawsuit we would lose."'
    )
    assert quotes(text) == [("invite a lawsuit we would lose.", "Ana Ruiz-Tell")]


@pytest.mark.parametrize(
    "title", ["City Auditor", "County Comptroller", "City Solicitor", "Police Ombudsman"]
)
def test_a_city_office_holders_title_is_not_part_of_the_name(title: str) -> None:
    """ "City Auditor Kwame Osei-Bell" is Kwame Osei-Bell, and so is "Osei-Bell" after it."""
    text = (
        f'{title} Kwame Osei-Bell will lead it. "If there is a bottleneck, we will name it," Osei-Bell said.'
    )
    assert quotes(text) == [("If there is a bottleneck, we will name it", "Kwame Osei-Bell")]


def test_a_police_bureau_is_an_organization_and_the_bureau_is_it() -> None:
    """ "the Tacoma Police Bureau" is named by its shape, and "The bureau said" after it is that
    bureau."""
    text = (
        'Officers of the Tacoma Police Bureau were there. The bureau said its logs "were never kept by hand."'
    )
    assert quotes(text) == [("were never kept by hand.", "Tacoma Police Bureau")]


@pytest.mark.parametrize(
    ("document", "verb"),
    [("Her lawsuit, filed in Maricopa County Superior Court,", "claims"), ("Her complaint", "alleges")],
)
def test_her_lawsuit_speaks_for_her(document: str, verb: str) -> None:
    """ "Her lawsuit … claims": the words are those of the woman who sued, named before it, and
    "claims" and "alleges" attribute as "says" does; a court named in a phrase set off between
    the document and its verb is not the speaker."""
    text = (
        "Dolores Quinn, whose son was hit with a baton during a 2019 arrest, has sued the city. "
        f'{document} {verb} the sergeant who approved the report "was one of the officers."'
    )
    assert quotes(text) == [("was one of the officers.", "Dolores Quinn")]


def test_his_lawsuit_after_a_woman_is_quoted_is_the_mans() -> None:
    """ "His lawsuit says" is the man's, though a woman spoke last."""
    text = (
        'Darnell Whitcomb, 41, is seeking $2.5 million. "It was a setup," said Councilwoman Gloria Hart. '
        'His lawsuit says he suffered "permanent loss of vision in his left eye."'
    )
    assert quotes(text)[-1] == ("permanent loss of vision in his left eye.", "Darnell Whitcomb")


# -- documents and their issuers --------------------------------------------------------------------


def test_a_letter_from_an_organization_named_by_its_last_word_speaks_for_it() -> None:
    """ "A letter from the association, sent … by its lawyers" is the association's letter."""
    text = (
        "The page belongs to the Tacoma Police Officers' Association.\n\n"
        "A letter from the association, sent to the commission on Monday by its lawyers, makes the same "
        'point. Pages run by a union are "protected organizing activity," the letter says.'
    )
    assert quotes(text) == [("protected organizing activity", "Tacoma Police Officers' Association")]


def test_a_report_speaks_for_the_firm_said_to_have_written_it_paragraphs_before() -> None:
    """ "The report was written by Harlan Field Group" two paragraphs before "the report says":
    the firm's words; and a firm is an organization, so "she said" after it is not the firm."""
    text = (
        "The 48-page report was written by Harlan Field Group, a consulting firm the city hired.\n\n"
        "The city posted it Monday.\n\n"
        '"Review is, in practice, a signature," the report says.\n\n'
        'Rita Moss-Lane sued the city in May. "They just counted it," she said.'
    )
    assert quotes(text) == [
        ("Review is, in practice, a signature", "Harlan Field Group"),
        ("They just counted it", "Rita Moss-Lane"),
    ]


def test_a_letter_introduced_by_in_a_letter_the_coalition_asked_is_the_coalitions() -> None:
    """ "In a letter delivered this morning, the coalition asked …" then "the letter reads" in
    the next paragraph: the coalition's words."""
    text = (
        "The Hill Country Justice Coalition wants the files kept.\n\n"
        "In a letter delivered to every council member this morning, the coalition asked the council "
        "to end the two-year rule.\n\n"
        '"A suspension that disappears is a suspension no one learns about," the letter reads.'
    )
    assert quotes(text) == [
        ("A suspension that disappears is a suspension no one learns about", "Hill Country Justice Coalition")
    ]


@pytest.mark.parametrize("statement", ["A guild statement", "A statement from the guild"])
def test_a_statement_named_by_its_organization_word_is_that_organizations(statement: str) -> None:
    """ "A guild statement posted on its website said" is the guild's, named in full before it."""
    text = (
        "The contract with the Alamo Peace Officers Guild ends in May. "
        f'{statement} posted on its website last year said the rule "rewards officers who learn."'
    )
    assert quotes(text) == [("rewards officers who learn.", "Alamo Peace Officers Guild")]


def test_a_departments_response_speaks_for_the_department() -> None:
    """ "The department's response … says" is the department's: a response is a document."""
    text = (
        "The Tempe Police Department was given a month to answer. The department's response, attached "
        'to the report, says it "has already begun" to change.'
    )
    assert quotes(text) == [("has already begun", "Tempe Police Department")]


def test_a_lawsuit_filed_on_behalf_of_someone_speaks_for_them() -> None:
    """ "The lawsuit, filed … on behalf of Devonte Marks, 26, says": Marks's words; the age set off
    before the verb is not the speaker."""
    text = (
        "The lawsuit, filed in Hamilton County Common Pleas Court on behalf of Devonte Marks, 26, says "
        'officers "had no lawful reason to order him from the vehicle."'
    )
    assert quotes(text) == [("had no lawful reason to order him from the vehicle.", "Devonte Marks")]


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        (
            "A post last month on an anonymous Facebook page that says it speaks for rank-and-file officers "
            'called her "a professional grievance."',
            "the post",
        ),
        (
            "For three days the page of the Tacoma Police Officers' Association carried a post that called "
            'the commissioners "activists with a gavel."',
            "Tacoma Police Officers' Association",
        ),
    ],
)
def test_a_relative_that_after_a_document_leaves_the_document_as_the_speaker(
    sentence: str, speaker: str
) -> None:
    """ "A post … on a page that says it speaks for officers called her "…"", "carried a post
    that called them "…"": the "that" begins a relative clause, and the post (or the
    organization that carried it) speaks, though the subject is too long to be taken whole."""
    assert quotes(sentence) == [(sentence.split('"')[1], speaker)]


@pytest.mark.parametrize(
    ("antecedent", "speaker"),
    [
        (
            "the Tulsa Police Department's first statement on the shooting, released July 16,",
            "Tulsa Police Department",
        ),
        ("a statement from the Tulsa Police Department, posted Sunday,", "Tulsa Police Department"),
        ("the Tulsa Police Department,", "Tulsa Police Department"),
    ],
)
def test_which_said_speaks_for_what_which_stands_for(antecedent: str, speaker: str) -> None:
    """ "… contradicts the department's first statement, released July 16, which said the driver
    had "…"": the statement's issuer, past the participle's phrase."""
    text = f'The lawyer said the video contradicts {antecedent} which said he had "advanced on the officer."'
    assert quotes(text) == [("advanced on the officer.", speaker)]


# -- a speaker described before being named -----------------------------------------------------------


def test_a_description_in_the_lede_is_the_person_the_next_paragraph_opens_with() -> None:
    """ "TOLEDO (Lake Wire) — The independent monitor overseeing the decree said … "…"" then a
    paragraph that opens "Ruth Ames-Kile, who has led the monitoring team since 2015,": the
    monitor is Ames-Kile; the dateline is not part of the speaker."""
    text = (
        "TOLEDO (Lake Wire) — The independent monitor overseeing the Toledo decree said Tuesday that "
        'the camera policy "exists mostly on paper."\n\n'
        "Ruth Ames-Kile, who has led the monitoring team since 2015, spoke outside the courthouse."
    )
    assert quotes(text) == [("exists mostly on paper.", "Ruth Ames-Kile")]


def test_a_paragraph_that_opens_with_someone_else_does_not_name_the_description() -> None:
    """The next paragraph's name is the described speaker only when its sentence repeats the
    description's word: "The monitor said" then "Ruth Ames-Kile, a resident, disagreed" is not
    Ames-Kile."""
    text = (
        'The independent monitor overseeing the decree said the policy "exists mostly on paper."\n\n'
        "Ruth Ames-Kile, a resident, disagreed."
    )
    assert quotes(text) == [("exists mostly on paper.", None)]


@pytest.mark.parametrize(
    "named",
    [
        "The detective, Sgt. Anthony Leger, has 19 years with the department.",
        "The department identified the detective who wrote it as Sgt. Anthony Leger.",
        "The detective, identified in the lawsuit as Sgt. Anthony Leger, is still on duty.",
    ],
)
def test_a_description_is_the_person_the_article_names_for_it_later(named: str) -> None:
    """ "two weeks after a veteran narcotics detective wrote that the warrants were "…"", then
    "The detective, Sgt. Anthony Leger," or "identified the detective … as Sgt. Anthony Leger"."""
    text = (
        "The chief suspended the warrants on Tuesday, two weeks after a veteran narcotics detective wrote "
        f'to him that they were "a raid waiting to go wrong."\n\n{named}'
    )
    assert quotes(text) == [("a raid waiting to go wrong.", "Anthony Leger")]


@pytest.mark.parametrize(
    ("heard", "speaker"),
    [
        ('Body camera video shows an officer shouting "Drop it, drop it now" before he fired.', "Lee Varga"),
        (
            'The video shows an officer telling him, "Step out or you are getting tased," at the stop.',
            "Lee Varga",
        ),
        (
            'The audio captures a second officer saying "he has a phone, he has a phone" after the shots.',
            None,
        ),
    ],
)
def test_words_heard_on_a_recording_are_the_described_speakers(heard: str, speaker: str | None) -> None:
    """ "shows an officer shouting "…"": the officer's words, and the officer is the one the
    article identifies ("identified the officer who fired as Officer Lee Varga"); "a second
    officer" is someone else, and stays as written."""
    text = f"{heard}\n\nThe department identified the officer who fired as Officer Lee Varga."
    [(_, found)] = quotes(text)
    assert found == (speaker or "a second officer")


@pytest.mark.parametrize("noun", ["reports", "notes", "incident reports"])
def test_a_noun_that_is_also_a_verb_of_saying_is_not_the_attribution(noun: str) -> None:
    """ "Vance, who runs the unit, said in an email Tuesday that about 180 reports are still "…"":
    "reports" is a noun here, and the quote is Vance's, by the "said" before it."""
    text = (
        "Deputy Chief Mara Vance leads the unit. Vance, who runs the records unit, said in an email "
        f'Tuesday that about 180 {noun} from this year are still "in the review queue."'
    )
    assert quotes(text) == [("in the review queue.", "Mara Vance")]


# -- organizations --------------------------------------------------------------------------------


def test_the_city_of_a_city_is_an_organization() -> None:
    """ "In its response, filed in May, the City of Shreveport calls that argument "…"": the
    city, not the police department named before it."""
    text = (
        "The Shreveport Police Department denied the request. In its response, filed in May, the City "
        'of Shreveport calls that argument "speculation dressed up as fact."'
    )
    assert quotes(text) == [("speculation dressed up as fact.", "City of Shreveport")]


@pytest.mark.parametrize(
    ("dateline", "city"), [("SHREVEPORT, La.", "Shreveport"), ("BATON ROUGE (AP)", "Baton Rouge")]
)
def test_the_city_of_an_article_datelined_elsewhere_is_that_city(
    dateline: str, city: str, registry: Registry
) -> None:
    """ "the city said" in an article datelined in another city is that city's government."""
    text = f'{dateline} — The council met Monday. The city said the files "are being reviewed."'
    assert speakers_with(text, registry) == [("are being reviewed.", f"City of {city}")]


def test_the_city_in_a_jackson_article_is_still_the_city_of_jackson(registry: Registry) -> None:
    """The registry's "the city" is kept for an article datelined in Jackson."""
    text = 'JACKSON, Miss. — The council met Monday. The city said the files "are being reviewed."'
    assert speakers_with(text, registry) == [("are being reviewed.", "City of Jackson")]


def test_a_police_force_named_short_is_its_fuller_name() -> None:
    """ "Metro police wrote" after "Metro Nashville Police" is Metro Nashville Police."""
    text = (
        "When Metro Nashville Police unveiled its dashboard in April, it drew praise. In a post Monday, "
        'Metro police wrote: "The dashboard is updated as incidents are reviewed."'
    )
    assert quotes(text) == [("The dashboard is updated as incidents are reviewed.", "Metro Nashville Police")]


# -- the fallback -----------------------------------------------------------------------------------


def test_a_quote_no_attribution_claims_is_the_nearest_speaker_of_its_paragraph() -> None:
    """Words with no verb of saying of their own ("Nobody, in her telling, has read it: "…"")
    are those of the person said to speak nearest them in the paragraph."""
    text = (
        "Councilwoman Dana Pike said the board had not seen the contract. Nobody, in her telling, "
        'has read it: "Not one member has opened the file."'
    )
    assert quotes(text) == [("Not one member has opened the file.", "Dana Pike")]


def test_a_paragraph_that_is_all_quote_goes_on_from_reported_speech_before_it() -> None:
    """A paragraph that is all quote, after one in which someone was said to speak but not
    quoted, is that person's."""
    text = (
        "The Rev. Ada Moss said the coalition has waited two years for the council to act.\n\n"
        '"We will not wait any longer. The council knows what it has to do."'
    )
    assert quotes(text) == [("We will not wait any longer. The council knows what it has to do.", "Ada Moss")]


def test_a_quote_alone_with_no_one_speaking_near_it_keeps_no_speaker() -> None:
    """The fallback names no one when no one speaks in the paragraph or just before it."""
    text = 'Ada Moss was there.\n\nThe door was locked. Under the lock: "Closed until further notice."'
    assert [speaker for _, speaker in quotes(text)] in ([None], [])


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ('Pike was blunt: "Nobody has read the contract."', "Dana Pike"),
        ('But Pike put it this way: "Nobody has read the contract."', "Dana Pike"),
        ('The Tulsa Police Department was brief: "Nobody has read the contract."', "Tulsa Police Department"),
    ],
)
def test_a_sentence_that_ends_in_a_colon_before_a_quote_is_its_subjects(sentence: str, speaker: str) -> None:
    """ "Dana Pike was blunt: "…"": no verb of saying, but the colon hands the quote to the
    sentence's subject."""
    text = f"Councilwoman Dana Pike voted no on Monday.\n\n{sentence}"
    assert quotes(text) == [("Nobody has read the contract.", speaker)]


@pytest.mark.parametrize("opener", ["But", "Yet"])
def test_a_surname_after_a_word_that_opens_the_sentence_is_the_person(opener: str) -> None:
    """ "But Pike said": "But" opens the sentence and is not part of a run of names ("Old
    Canton Road"), so "Pike" is the councilwoman named before."""
    text = f'Councilwoman Dana Pike voted no. {opener} Pike said the vote "was never close."'
    assert quotes(text) == [("was never close.", "Dana Pike")]


def test_a_report_speaks_for_the_firm_the_next_paragraph_says_wrote_it() -> None:
    """ "… the report says." then "The report was written by an outside firm, Harwell Lane
    Consulting,": the firm's words, though it is named after them."""
    text = (
        'Its findings are blunt. "Supervisors knew and did nothing," the report says.\n\n'
        "The report was written by an outside firm, Harwell Lane Consulting, which the city paid."
    )
    assert quotes(text) == [("Supervisors knew and did nothing", "Harwell Lane Consulting")]


@pytest.mark.parametrize(
    ("introduced", "later"),
    [
        (
            "Kendra Oyo organizes with the group Arkansas Stop Watch.",
            'The group said the unit "knew for years."',
        ),
        (
            "The city hired Arkansas Stop Watch, a volunteer group, in May.",
            'The group posted a summary on Saturday. "The unit knew for years," the post says.',
        ),
    ],
)
def test_the_group_is_the_group_the_article_named(introduced: str, later: str) -> None:
    """ "the group Arkansas Stop Watch" or "Arkansas Stop Watch, a volunteer group", then "The
    group said" or "The group posted … the post says": the group by its name."""
    [(_, speaker)] = quotes(f"{introduced}\n\n{later}")
    assert speaker == "Arkansas Stop Watch"


def test_a_name_after_a_lowercase_word_is_a_person_when_its_surname_comes_back_alone() -> None:
    """ "an officer kicking Darnell Whitcomb while he was handcuffed" names a person, as
    "Whitcomb, 41, is seeking" shows; so "His lawsuit says" after it is Whitcomb's."""
    text = (
        "The sergeant said the sentence described an officer kicking Darnell Whitcomb while he was "
        'handcuffed. "Take it out," the lieutenant, Raymond Kessling, told her.\n\n'
        'Whitcomb, 41, is seeking $2.5 million. His lawsuit says he lost "the vision in his left eye."'
    )
    assert quotes(text)[-1] == ("the vision in his left eye.", "Darnell Whitcomb")


def test_a_sentence_that_opens_with_according_to_is_its_sources() -> None:
    """ "According to a news release from the Albany Police Department, the officer "…"": the
    release's issuer, though the quote follows another subject."""
    text = 'According to a news release from the Albany Police Department, the officer "feared for his life."'
    assert quotes(text) == [("feared for his life.", "Albany Police Department")]


def test_a_quote_with_no_verb_of_saying_and_no_one_else_speaking_is_its_sentences_person() -> None:
    """ "Reached by phone Tuesday, Lt. Gary Moss declined to comment beyond saying the matter
    "…"": the last fallback is the person the quote's sentence names."""
    text = 'Reached Tuesday, Lt. Gary Moss declined to comment beyond saying the matter "is under review."'
    assert quotes(text) == [("is under review.", "Gary Moss")]


def test_a_state_chapter_of_a_known_acronym_keeps_its_state() -> None:
    """ "The ACLU of Mississippi said" is the chapter, not the national ACLU."""
    text = 'The ACLU of Mississippi, which filed the suit, said the ruling "is a win for every family."'
    assert quotes(text) == [("is a win for every family.", "ACLU of Mississippi")]


@pytest.mark.parametrize(
    "heard", ["an officer can be heard saying on the video", "an officer is heard shouting"]
)
def test_words_an_officer_can_be_heard_saying_are_the_officers(heard: str) -> None:
    """'"Stop resisting," an officer can be heard saying on the video.': the officer's words
    (named by the article after), not a short quote without a speaker."""
    text = f'"Stop resisting," {heard}.\n\nThe department identified the officer as Officer Lee Varga.'
    assert quotes(text) == [("Stop resisting", "Lee Varga")]


def test_a_nickname_inside_a_name_is_not_a_quote() -> None:
    """'Robert "Bobby" Lee Fontaine said': "Bobby" is part of the name, not his words."""
    text = 'Robert "Bobby" Lee Fontaine, the pastor, said the church "will host a forum."'
    assert [q for q, _ in quotes(text)] == ["will host a forum."]


# -- pronouns -------------------------------------------------------------------------------------


def test_he_is_not_a_woman_the_article_names_by_a_womans_given_name() -> None:
    """ "Karen Dale, a lawyer, said …" then "Tony Reed, watched it." then '"…," he said': Karen
    is taken for a woman's name, so "he" is Reed, the man named last in the paragraph before."""
    text = (
        "Brenda Hollis said officers searched her apartment. Her landlord, Marcus Webb, let them in.\n\n"
        '"They told me it was an emergency," Webb said.\n\n'
        "Karen Dale, a lawyer who represents Hollis, said the search was illegal. Hollis's neighbor, "
        "Tony Reed, watched it.\n\n"
        '"It went on for an hour," he said.'
    )
    assert quotes(text)[-1] == ("It went on for an hour", "Tony Reed")


@pytest.mark.parametrize(("given", "pronoun"), [("Gloria", "she"), ("Gregory", "he")])
def test_a_given_name_shows_the_gender_a_pronoun_needs(given: str, pronoun: str) -> None:
    """With a man and a woman named and neither shown by a title, "she" (or "he") is the one
    whose given name is taken for that gender, though the other spoke last."""
    other = "Walter" if pronoun == "she" else "Linda"
    text = (
        f"{given} Amsel and {other} Brisco met the chief.\n\n"
        f'"We asked for the tape," Brisco said. "{pronoun.capitalize()} asked too," said Amsel\'s aide.\n\n'
        f'"It has been a year," {pronoun} said.'
    )
    assert quotes(text)[-1] == ("It has been a year", f"{given} Amsel")
