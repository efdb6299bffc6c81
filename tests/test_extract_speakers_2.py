"""`jacksonpd extract` on attributions of the kinds the `held-out-6` part of
benchmarks/extraction/ showed after its first score, each rule with fresh cases of its own
(other names, other cities, other documents); none is keyed to that part's words.
"""

from __future__ import annotations

import pytest

from .test_extract_kinds import quotes

# -- an organization's whole name ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "head"),
    [
        ("Lakeshore Alliance for Police Accountability", "Alliance"),
        ("Tri-County Coalition for Safe Streets", "Coalition"),
        ("Piedmont Association of Black Attorneys", "Association"),
    ],
)
def test_an_organization_named_by_its_head_is_its_whole_name(name: str, head: str) -> None:
    """ "the Alliance" after "the Lakeshore Alliance for Police Accountability" is that whole
    name, "for" and all, not the words before "for"."""
    text = (
        f"The {name} asked the council on Monday to reopen the budget.\n\n"
        f'In a letter to the mayor, the {head} wrote that the city "has not kept its word."'
    )
    assert quotes(text) == [("has not kept its word.", name)]


def test_a_day_after_for_is_not_part_of_an_organizations_name() -> None:
    """ "the Finance Committee for Monday's vote" is the committee: a day after "for" is not a
    word of its name."""
    text = (
        'The Finance Committee for Monday\'s vote said the plan "leaves the parks with nothing," '
        "and a spokesman for the mayor disagreed."
    )
    assert quotes(text) == [("leaves the parks with nothing", "Finance Committee")]


# -- a city inside an organization's name is no person ------------------------------------------


@pytest.mark.parametrize("city", ["Fort Wayne", "Baton Rouge", "Grand Rapids"])
def test_a_city_inside_a_departments_name_is_not_its_speaker(city: str) -> None:
    """ "The Fort Wayne Police Department said" is the department: the city's two capitalised
    words before "said" are part of the organization's name, not a person's."""
    text = (
        f"A {city} officer fired twice on Sunday night. The {city} Police Department said in a "
        'statement that the man had "pointed what looked like a rifle." No rifle was found.'
    )
    assert quotes(text) == [("pointed what looked like a rifle.", f"{city} Police Department")]


def test_a_word_of_a_courts_name_is_not_a_documents_issuer() -> None:
    """ "the complaint reads" after a lawsuit filed "in the U.S. District Court for the Western
    District of Texas" is the complaint: "the" before "complaint" is no word of the court's name."""
    text = (
        "The suit, filed Monday in the U.S. District Court for the Western District of Texas, names "
        'four deputies.\n\n"No deputy called for a medic," the complaint reads.'
    )
    assert quotes(text) == [("No deputy called for a medic", "the complaint")]


# -- "it" and "the union" -----------------------------------------------------------------------


def test_it_after_a_document_it_spoke_in_is_the_organization() -> None:
    """ "The office has said little. In a news release …, it said the deputy "…"": "it" is the
    office named in the sentence before, not the release the words were said in."""
    text = (
        "The Tulsa County Sheriff's Office has said little about the crash. "
        'In a news release posted Monday at 5 p.m., it said the deputy "followed every policy we have."'
    )
    assert quotes(text) == [("followed every policy we have.", "Tulsa County Sheriff's Office")]


def test_it_after_an_agency_called_by_its_head_word_is_the_agency() -> None:
    """ "The commission will not say more. In a release, it called …": "The commission" is the
    organization named before it, and "it" is that organization."""
    text = (
        "The Albany Civilian Review Commission met for three hours on Monday.\n\n"
        'The commission will not say more. In a release on Tuesday, it called the case "closed for now."'
    )
    assert quotes(text) == [("closed for now.", "Albany Civilian Review Commission")]


@pytest.mark.parametrize("thing", ["banner", "flyer", "poster"])
def test_it_after_a_sign_is_the_sign(thing: str) -> None:
    """ "Someone hung a banner from the bridge. It reads: "…"": the banner's words."""
    text = f'Someone hung a {thing} from the Cherry Street bridge overnight. It reads: "JUSTICE FOR ARLO."'
    assert quotes(text) == [("JUSTICE FOR ARLO.", f"the {thing}")]


@pytest.mark.parametrize(
    "union", ["Akron Police Guild", "Fraternal Order of Police Lodge 9", "Mesa Police Officers Association"]
)
def test_the_union_is_the_police_union_named_before(union: str) -> None:
    """ "a post on the union's page" after "the Akron Police Guild" is the guild's: "the union"
    is the union named last, whatever its name's head word."""
    text = (
        f"The {union} has defended the officer since the first day.\n\n"
        'A post on the union\'s Facebook page Sunday called the protest "a mob with a permit."'
    )
    assert quotes(text) == [("a mob with a permit.", union)]


# -- a name with an office set off after it -----------------------------------------------------


@pytest.mark.parametrize(
    "office",
    [
        "president of the Tacoma Police Guild",
        "chair of the Eastside Tenants Union",
        "director of the Marion County Jail",
    ],
)
def test_a_name_with_an_office_after_it_is_the_speaker_not_the_office(office: str) -> None:
    """ "Sgt. Dana Whitlow, president of the Tacoma Police Guild, told reporters that the plan
    "…"" is Whitlow's: the office set off after the name, with no article, is not the speaker."""
    text = f'Sgt. Dana Whitlow, {office}, told reporters Monday that the plan "ties every hand we have."'
    assert quotes(text) == [("ties every hand we have.", "Dana Whitlow")]


# -- a document whose issuer the paragraph before names -----------------------------------------


@pytest.mark.parametrize(
    ("issuer", "thing"),
    [
        ("9-member Eastside Police Review Task Force", "report"),
        ("Clark County Board of Commissioners", "audit"),
        ("Marion County Sheriff's Office", "memo"),
    ],
)
def test_a_document_released_in_the_paragraph_before_is_its_issuers(issuer: str, thing: str) -> None:
    """ "The task force released its final report on Monday." then, in the next paragraph, "The
    report says …": the report's words are the task force's."""
    text = (
        f"The {issuer} released its {thing} on Monday after a year of hearings. "
        "It goes to the council next.\n\n"
        f'The {thing} says the current system "lets the police grade their own homework."'
    )
    name = issuer.removeprefix("9-member ")
    assert quotes(text) == [("lets the police grade their own homework.", name)]


def test_a_person_of_a_university_keeps_their_name() -> None:
    """ "said Professor Ann Ode of Tulane University": the name before "of" is hers, though the
    words around it have the shape of an organization's name."""
    text = '"It is a paper promise," said Professor Ann Ode of Tulane University, who read the report.'
    assert quotes(text) == [("It is a paper promise", "Ann Ode")]


# -- a document its sentence's subject put words in ---------------------------------------------


@pytest.mark.parametrize(
    ("issuer", "verb"),
    [
        ("Maricopa County Attorney's Office", "cleared the deputy"),
        ("Ohio State Highway Patrol", "closed the case"),
        ("Hennepin County Sheriff's Office", "found no violation"),
    ],
)
def test_a_report_its_issuer_ruled_in_is_the_issuers(issuer: str, verb: str) -> None:
    """ "The Maricopa County Attorney's Office cleared the deputy in a 31-page report released in
    May. The deputy "…," the report concludes.": the report's words are the office's, and the
    possessive inside the office's name owns nothing."""
    text = (
        f"The {issuer} {verb} in a 31-page report released in May. "
        'The deputy "had no safe way to retreat," the report concludes.'
    )
    assert quotes(text) == [("had no safe way to retreat", issuer)]


def test_a_report_someone_is_named_in_is_not_theirs() -> None:
    """ "Officer Lena Brandt was named in a report …" does not make her the report's issuer."""
    text = (
        "Officer Lena Brandt was named in a report the city released in May. "
        'The officer "did not activate her camera," the report says.'
    )
    assert quotes(text) == [("did not activate her camera", "the report")]


# -- recordings: a time before the speaker, a voice heard ---------------------------------------


@pytest.mark.parametrize("lead", ["Seconds later", "A minute later", "Two seconds later", "Then"])
def test_a_time_before_an_unnamed_speaker_is_not_part_of_it(lead: str) -> None:
    """ "Seconds later the dispatcher says, "…"": the speaker is the dispatcher, the time the
    words came is not part of it."""
    text = (
        "Sgt. Maya Okonjo played the radio recording for the board. "
        f'{lead} the dispatcher says, "Copy, medics are two minutes out."'
    )
    assert quotes(text) == [("Copy, medics are two minutes out.", "the dispatcher")]


@pytest.mark.parametrize("heard", ["can be heard:", "is heard saying,", "could be heard shouting"])
def test_a_voice_heard_on_a_recording_is_its_owners(heard: str) -> None:
    """ "On the recording, Officer Dale Petrakis's voice can be heard: "…"": the words are his,
    though a dispatcher speaks in the same paragraph right after him."""
    text = (
        "Officer Dale Petrakis called in the stop at 10:12 p.m. On the recording, "
        f"Petrakis's voice {heard} \"He's got something in his hand.\" "
        'Seconds later a dispatcher says, "Copy that."'
    )
    assert quotes(text) == [
        ("He's got something in his hand.", "Dale Petrakis"),
        ("Copy that.", "a dispatcher"),
    ]


# -- an order's words ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "giver", "speaker"),
    [
        ("According to dashboard camera video", "deputies ordered Keller", "deputies"),
        ("According to the incident report", "Trooper Ana Beltran ordered the driver", "Ana Beltran"),
        ("According to the recording", "a sergeant commanded the man", "a sergeant"),
    ],
)
def test_the_words_of_an_order_are_its_givers(source: str, giver: str, speaker: str) -> None:
    """ "According to dashboard camera video, deputies ordered Keller to "…"": the words are the
    deputies', not the video's; the source the sentence opens with only says how it is known."""
    text = f'{source}, {giver} to "get on the ground" at least three times.'
    assert quotes(text) == [("get on the ground", speaker)]


# -- words no attribution claims, in a sentence an organization opens ---------------------------


@pytest.mark.parametrize(
    ("opening", "speaker"),
    [
        (
            "The Wake County Medical Examiner's Office ruled the death a homicide,",
            "Wake County Medical Examiner's Office",
        ),
        ("The Tucson Police Department classified the death as an accident,", "Tucson Police Department"),
    ],
)
def test_words_in_a_sentence_an_organization_opens_are_its(opening: str, speaker: str) -> None:
    """'The Wake County Medical Examiner's Office ruled the death a homicide, caused by "…"': no
    verb of saying claims the words, and the organization the sentence opens with gave them."""
    text = f'Jordan Pike died on March 2. {opening} caused by "blunt force injuries to the head."'
    assert quotes(text) == [("blunt force injuries to the head.", speaker)]


def test_words_in_a_sentence_an_organizations_document_opens_are_its() -> None:
    """ "The department's written policy requires …" names whose words the policy's are: the
    organization "the department" stands for."""
    text = (
        "The Akron Police Department released its policy in May.\n\n"
        "The department's written policy requires officers to fill out a form "
        '"no later than the end of the shift."'
    )
    assert quotes(text) == [("no later than the end of the shift.", "Akron Police Department")]


def test_it_after_an_organizations_document_is_the_organization() -> None:
    """ "The county's new flyer went up Monday. It reads: "…"": the flyer's words are the
    county's, the issuer the possessive names."""
    text = (
        "Pima County opened two cooling centers on Monday. The county's new flyer went up at every bus stop. "
        'It reads: "Free water and shade, no questions asked."'
    )
    assert quotes(text) == [("Free water and shade, no questions asked.", "Pima County")]


# -- a long description in the lead, named in the next paragraph --------------------------------


@pytest.mark.parametrize(
    ("lead", "title"),
    [
        ("A Tulsa police officer accused of choking a teenager during a traffic stop", "Officer"),
        ("A Pima County deputy charged with assault after a jail fight last spring", "Deputy"),
    ],
)
def test_a_long_description_in_the_lead_is_the_person_named_next(lead: str, title: str) -> None:
    """ "A Tulsa police officer accused of … testified Monday that he "…"", and the next paragraph
    opens "Officer Wade Lindgren, a nine-year veteran,": the words are his, the title repeating
    the description's word."""
    text = (
        f'TULSA, Okla. — {lead} testified Monday that he "only held him by the collar," on the '
        "third day of the trial.\n\n"
        f"{title} Wade Lindgren, a nine-year veteran, is the only defendant left in the suit."
    )
    assert quotes(text) == [("only held him by the collar", "Wade Lindgren")]


def test_a_possessive_after_a_final_s_is_not_the_subject() -> None:
    """ "Under questioning by Reyes-Santos' lawyer, NAME, Dunmore-Hale agreed …. "…," he told the
    jury": "Reyes-Santos'" is a possessive like "Reyes-Santos's", so "he" is the man who agreed,
    not the one whose lawyer asked."""
    text = (
        "Officer Paul Dunmore-Hale is one of two defendants in the suit brought by Luis Reyes-Santos, "
        "who says he was beaten.\n\n"
        "Under questioning by Reyes-Santos' lawyer, Maria Farouk, Dunmore-Hale agreed that the camera "
        'was off. He said he did not know why. "I never touch the cameras," he told the jury.'
    )
    assert quotes(text) == [("I never touch the cameras", "Paul Dunmore-Hale")]


# -- a verb of saying inside reported speech ----------------------------------------------------


@pytest.mark.parametrize(
    ("relative", "name", "inner", "pronoun"),
    [
        ("His sister", "Renee Calder", "the family had asked for the video twice", "she"),
        ("Her father", "Omar Haddad", "the family had told the jail about her asthma", "he"),
        ("Their neighbor", "Gina Lutz", "the landlord had warned them in March", "she"),
    ],
)
def test_a_verb_inside_reported_speech_is_not_a_new_speaker(
    relative: str, name: str, inner: str, pronoun: str
) -> None:
    """ "His sister, Renee Calder, said Tuesday that the family had asked …. "…," she said": the
    family "asked" inside what she is said to have said; "she" is the sister."""
    text = (
        f'{relative}, {name}, said Tuesday that {inner}. "We are still waiting on an answer," {pronoun} said.'
    )
    assert quotes(text) == [("We are still waiting on an answer", name)]


# -- a participle of saying ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "tail",
    [
        'saying she had been promised "full funding"',
        'adding that the city owed her "straight answers"',
        'calling it "a sham"',
    ],
)
def test_a_short_quote_after_a_participle_of_saying_is_the_subjects(tail: str) -> None:
    """ "Last fall, the panel's chair, Ines Albrecht, quit after a year, saying she had been
    promised "…"": the two words are hers (not a phrase no one said), though no verb of saying
    has a subject beside them."""
    text = f"Last fall, the panel's chair, Ines Albrecht, quit after a year, {tail} that never came."
    quoted = tail.split('"')[1]
    assert quotes(text) == [(quoted, "Ines Albrecht")]


# -- a document a pronoun's person wrote --------------------------------------------------------


@pytest.mark.parametrize(
    ("document", "pronoun"),
    [
        ("The incident report he filed that night", "he"),
        ("The memo she sent to the chief in April", "she"),
        ("The affidavit that he signed", "he"),
    ],
)
def test_a_document_the_pronouns_person_wrote_is_theirs(document: str, pronoun: str) -> None:
    """ ""I followed the training," Deputy Ray Tolliver told jurors. The incident report he filed
    that night says "…"": the report is his, the man "he" stands for."""
    name = "Ray Tolliver" if pronoun == "he" else "Rita Tolliver"
    title = "Deputy " + name
    text = (
        f'"I followed the training," {title} told jurors.\n\n'
        f'{document} says the man "came at me with both fists."'
    )
    assert quotes(text) == [("I followed the training", name), ("came at me with both fists.", name)]


# -- an exchange of questions and answers -------------------------------------------------------


def test_an_unattributed_question_after_an_answer_is_the_questioners() -> None:
    """'"Where were you standing, Sergeant?" Ortiz asked.' '"By the door," Lamb said.' '"So you
    saw nothing, did you?"': the third is the lawyer's again, not the witness's."""
    text = (
        "On cross-examination, the family's lawyer, Camila Ortiz, asked about the night of the fire.\n\n"
        '"Where were you standing, Sergeant?" Ortiz asked.\n\n'
        '"By the door, the whole time," Sgt. Neil Lamb said.\n\n'
        '"So you saw nothing in the cell, did you?"\n\n'
        "Lamb said he could not remember."
    )
    assert quotes(text) == [
        ("Where were you standing, Sergeant?", "Camila Ortiz"),
        ("By the door, the whole time", "Neil Lamb"),
        ("So you saw nothing in the cell, did you?", "Camila Ortiz"),
    ]


def test_an_answer_that_goes_on_keeps_its_speaker() -> None:
    """A paragraph all quote after an answer that is not a question goes on with the one who
    answered, as before: only a question goes back to the one who asked."""
    text = (
        '"Where were you standing, Sergeant?" Ortiz asked.\n\n'
        '"By the door, the whole time," Sgt. Neil Lamb said.\n\n'
        '"I could not see the cell from there, and nobody asked me to."'
    )
    assert [s for _, s in quotes(text)][-1] == "Neil Lamb"


# -- someone described by whom they work for, never named ---------------------------------------


@pytest.mark.parametrize(
    "description",
    ["A spokesman for the county attorney", "An aide to the mayor", "A lawyer for the two officers"],
)
def test_an_unnamed_person_described_by_employer_stays_as_written(description: str) -> None:
    """ "A spokesman for the county attorney, who asked not to be named, said the office "…"": the
    speaker is the description, as the article gives it, not no one."""
    text = (
        "The charges against both men were dropped on Friday. "
        f'{description}, who asked not to be named, said the office "will look at every case again."'
    )
    assert quotes(text) == [("will look at every case again.", description)]
