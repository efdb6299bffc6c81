"""`jacksonpd extract` on what the fifth held-out part showed, with fresh cases of each kind.

Speakers: a surname with "St." ("Renee St. Amand"), a two-word title that ends in "General", and
a surname with its particle used alone ("Van Horn said") after the full name.
"""

from __future__ import annotations

import pytest

from .test_extract_kinds import quotes

# -- speakers --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            '"Nobody called us back," said the tenant organizer, Renee St. Amand, who lives on the block.',
            [("Nobody called us back", "Renee St. Amand")],
        ),
        (
            'Renee St. Amand has led the tenants since 2015. "Nobody called us back," St. Amand said.',
            [("Nobody called us back", "Renee St. Amand")],
        ),
        (
            "Clerk Omar Van Horn read the ordinance aloud. Van Horn said the vote was "
            '"the last step before the fall."',
            [("the last step before the fall.", "Omar Van Horn")],
        ),
    ],
)
def test_a_surname_with_st_or_a_particle_is_the_whole_name(text: str, want: list[tuple[str, str]]) -> None:
    """ "St." inside a name does not end it, and "St. Amand" or "Van Horn" alone is the person
    the article named in full with that surname."""
    assert quotes(text) == want


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('Attorney General Nadia Berrios-Kent said the ruling "settles the question."', "Nadia Berrios-Kent"),
        ('"We found no fraud," said Inspector General Walt Oduya.', "Walt Oduya"),
    ],
)
def test_general_ends_a_title_and_is_not_a_name(text: str, speaker: str) -> None:
    """ "Attorney General" and "Inspector General" are titles: the name starts after "General"."""
    assert [s for _, s in quotes(text)] == [speaker]
