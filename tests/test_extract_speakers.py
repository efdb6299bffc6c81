"""`jacksonpd extract` on attributions that long articles from real outlets' styles use and the
earlier parts did not show, each with fresh cases (see the `tuning-speakers` part of
benchmarks/extraction/).

A verb of saying that is denied ("The statement did not say when") attributes nothing.
"""

from __future__ import annotations

import pytest

from .test_extract_kinds import quotes


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
    text = "\"We are reviewing the footage,\" the Bexar County Sheriff's Office said."
    assert quotes(text) == [("We are reviewing the footage", "Bexar County Sheriff's Office")]


@pytest.mark.parametrize(
    "description",
    ["a lawyer who once represented officers in discipline cases", "an organizer with the tenants' union"],
)
def test_a_description_between_a_name_and_its_verb_is_that_persons(description: str) -> None:
    """ "Ana Ruiz-Tell, a lawyer who once represented officers, said … "…"": the person named
    before the description, not "a lawyer"."""
    text = f'Commissioner Ana Ruiz-Tell, {description}, said the request would "invite a lawsuit we would lose."'
    assert quotes(text) == [("invite a lawsuit we would lose.", "Ana Ruiz-Tell")]


@pytest.mark.parametrize("title", ["City Auditor", "County Comptroller", "City Solicitor", "Police Ombudsman"])
def test_a_city_office_holders_title_is_not_part_of_the_name(title: str) -> None:
    """ "City Auditor Kwame Osei-Bell" is Kwame Osei-Bell, and so is "Osei-Bell" after it."""
    text = f'{title} Kwame Osei-Bell will lead it. "If there is a bottleneck, we will name it," Osei-Bell said.'
    assert quotes(text) == [("If there is a bottleneck, we will name it", "Kwame Osei-Bell")]


def test_a_police_bureau_is_an_organization_and_the_bureau_is_it() -> None:
    """ "the Tacoma Police Bureau" is named by its shape, and "The bureau said" after it is that
    bureau."""
    text = 'Officers of the Tacoma Police Bureau were there. The bureau said its logs "were never kept by hand."'
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
