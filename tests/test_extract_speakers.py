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
