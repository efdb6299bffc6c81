"""The faster forms the extractor's patterns take find what their plain forms find.

Each fast form is derived from the pattern as it stands (a look-ahead taken off, a boundary put
back before the first letter, re.IGNORECASE put back), so a rule changed in the pattern is
checked too; the texts are the evaluation articles and the seed articles.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator

import pytest

from jacksonpd.extract import date_context, dates, figures, names, organizations, saying, speakers, text
from jacksonpd.extract.text import Layout, alternation, lowered

from .conftest import REPO

TEXTS = [
    path.read_text(encoding="utf-8")
    for path in sorted((REPO / "benchmarks" / "extraction" / "articles").glob("*.txt"))
    + sorted((REPO / "seeds" / "articles").glob("*.txt"))
]
EVERY_CHARACTER = "".join(map(chr, range(sys.maxunicode + 1)))
LOOSE = ("\u0130", "\u0131", "\u017f")  # the three characters lowered leaves as they are


def _spans(pattern: re.Pattern[str], words: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(words)]


def _without(pattern: re.Pattern[str], fast: str, plain: str = "") -> re.Pattern[str]:
    assert fast in pattern.pattern, f"{fast!r} is no longer in the pattern: update this test"
    return re.compile(pattern.pattern.replace(fast, plain, 1), pattern.flags)


def _sentences() -> Iterator[str]:
    for body in TEXTS:
        layout = Layout.of(body)
        for start, end in layout.sentences:
            yield body[start:end]


def test_the_texts_are_there() -> None:
    """The evaluation articles are found (the other tests would pass on none)."""
    assert len(TEXTS) > 100


def test_lowercasing_matches_as_ignoring_case_does() -> None:
    """Lowercased, every character but three matches a lowercase letter as re.IGNORECASE
    does, and keeps its place and whether it is a word character or a space."""
    rest = EVERY_CHARACTER.translate({ord(c): None for c in LOOSE})
    low = lowered(rest)
    assert low is not None
    assert len(low) == len(rest)
    letters = [m.start() for m in re.finditer("[a-z]", rest, re.IGNORECASE)]
    assert letters == [m.start() for m in re.finditer("[a-z]", low)]
    assert all(re.fullmatch(low[i], rest[i], re.IGNORECASE) for i in letters)
    for category in (r"\w", r"\s"):
        assert _spans(re.compile(category), rest) == _spans(re.compile(category), low)
    assert all(lowered(f"said {c}") is None for c in LOOSE)


@pytest.mark.parametrize(
    "pattern",
    [
        text._FUTURE_LOWER,
        text._PAST_LOWER,
        names._TITLE_TOKEN_LOWER,
        *(rx for rx, _ in figures._QUALIFIERS_LOWER),
        figures._ANY_QUALIFIER_LOWER,
    ],
    ids=repr,
)
def test_patterns_matched_lowercased_have_no_capitals(pattern: re.Pattern[str]) -> None:
    """A pattern matched against lowercased words has no capital letter to miss them with."""
    assert not re.findall(r"(?<!\\)[A-Z]", pattern.pattern)
    assert not pattern.flags & re.IGNORECASE


def test_tense_marks_are_those_ignoring_case() -> None:
    """The words that mark a sentence's tense are found where re.IGNORECASE finds them."""
    for sentence in _sentences():
        for words in (sentence, sentence.upper(), sentence + " \u0131s"):
            want = sorted(
                [(m.end(), True) for m in text._FUTURE.finditer(words)]
                + [(m.end(), False) for m in text._PAST.finditer(words)]
            )
            assert sorted(text._tense_marks(words)) == want, words


@pytest.mark.parametrize(
    ("fast", "plain"), [(text._FUTURE_LOWER, text._FUTURE), (text._PAST_LOWER, text._PAST)]
)
def test_a_lowercase_tense_pattern_is_the_plain_one_with_a_look_ahead(
    fast: re.Pattern[str], plain: re.Pattern[str]
) -> None:
    """The look-ahead for a lowercase letter changes no match of a tense pattern on lowercased
    sentences."""
    plain_lower = re.compile(_without(fast, "(?=[a-z])").pattern[3:-1])
    assert plain_lower.pattern == plain.pattern
    for sentence in _sentences():
        low = lowered(sentence)
        if low is not None:
            assert _spans(fast, low) == _spans(plain_lower, low)


def test_qualifiers_are_those_ignoring_case() -> None:
    """The qualifier before a number ("More than", "ABOUT") is the one re.IGNORECASE finds, each
    pattern tried in turn (which the search for any of them first leaves as it is)."""
    for body in TEXTS:
        for m in re.finditer(r"\d+", body):
            for before in (
                body[max(0, m.start() - 24) : m.start()],
                body[max(0, m.start() - 24) : m.start()].upper(),
            ):
                want = next((q for rx, q in figures._QUALIFIERS if rx.search(before)), None)
                assert figures._qualifier_before(before) == want, before


def test_title_words_are_those_ignoring_case() -> None:
    """A word is a title word ("Chief", "SGT.") exactly when re.IGNORECASE says so (looked up
    in a set, or, with a space, matched)."""
    assert all(re.escape(w.replace("\\.", ".")) == w for w in names._TITLE_WORDS_WITHOUT_SPACE)
    for body in [*TEXTS, "chief of police; Chief\tOf Police. chief  of police"]:
        for word in {*body.split(), *body.upper().split(), *re.split(r"[;.]\s", body)}:
            assert names._is_title_word(word) == bool(names._TITLE_TOKEN.fullmatch(word)), word


def test_lowercase_particles_are_those_the_pattern_matches() -> None:
    """A word is a lowercase particle of a surname ("de", "van") by the set exactly when the
    pattern matches it whole."""
    pattern = re.compile(names._LOWER_PARTICLE)
    for body in TEXTS:
        for word in {*body.split(), *body.lower().split()}:
            assert (word in names._LOWER_PARTICLES) == bool(pattern.fullmatch(word)), word


@pytest.mark.parametrize(
    ("pattern", "fast", "plain"),
    [
        (organizations._ORG, "(?=[A-Zofa])", ""),
        (dates._CLAUSE_BREAK, "(?=[,;:twab])", ""),
        (speakers._ABBREVIATION_DOT, "(?=[A-Z])", ""),
        (date_context._FOLLOWING, r"[Tt](?<!\w[Tt])he", r"\b[Tt]he"),
        (names._CAPITAL_START, r"[A-Z](?<![\w'’.-].)", r"(?<![\w'’.-])[A-Z]"),
        (names._BARE_START, r"[A-Z](?<![^\W_].)(?<![.'’-].)", r"(?<![^\W_])(?<![.'’-])[A-Z]"),
    ],
    ids=lambda p: p.pattern[:30] if isinstance(p, re.Pattern) else None,
)
def test_a_fast_form_finds_what_the_plain_form_finds(pattern: re.Pattern[str], fast: str, plain: str) -> None:
    """A look-ahead for the first character, or a boundary moved after it, changes no match."""
    plain_pattern = _without(pattern, fast, plain)
    for body in TEXTS:
        assert _spans(pattern, body) == _spans(plain_pattern, body)


def test_acronyms_are_found_as_whole_words() -> None:
    """The known acronyms, their boundary after their first letter, are the whole words."""
    plain = re.compile(r"\b(?P<name>" + "|".join(organizations._KNOWN_ACRONYMS) + r")\b")
    for body in [*TEXTS, "The FOP, xFBI, DOJ's and NAACPs; ACLU_ ACLU."]:
        assert _spans(organizations._ACRONYM, body) == _spans(plain, body)


def test_candidates_are_tried_where_every_word_would_be() -> None:
    """Layout.candidates gives the matches a loop over every word gives."""

    def every_word(layout: Layout, pattern: re.Pattern[str], keys: frozenset[str], digits: bool) -> list[str]:
        out, end = [], -1
        for start, word in layout.words:
            if start < end or not (word in keys or (digits and (word[0].isdigit() or word[0] == "$"))):
                continue
            match = pattern.match(layout.text, start)
            if match is not None and match.end() > start:
                end = match.end()
                out.append(match.group(0))
        return out

    for body in TEXTS:
        layout = Layout.of(body)
        for pattern, keys, digits in (
            (dates._PATTERN, dates._STARTS, True),
            (figures._PATTERN, figures._STARTS, True),
            (names._TITLED, names._TITLE_STARTS, False),
        ):
            got = [m.group(0) for m in layout.candidates(pattern, keys, digits)]
            assert got == every_word(layout, pattern, keys, digits)


def test_a_word_before_a_period_is_found_from_the_last_space() -> None:
    """Whether a period ends an abbreviation is read from the same word as a search over the
    whole paragraph before it would give."""
    for body in [*TEXTS, "Gen.\nSmith. The U.S. Sen. J. Q. Doe. Hi...... there. A.B.C. Done."]:
        for m in re.finditer(r"\.", body):
            whole = text._WORD_BEFORE.search(body, 0, m.start())
            assert text._is_abbreviation(body, 0, m.start()) == bool(
                whole
                and (
                    (len(whole.group(1)) == 1 and whole.group(1).isupper())
                    or whole.group(1).lower().rstrip(".") in text.ABBREVIATIONS
                )
            )


@pytest.mark.parametrize("words", [saying.SAYS_WORDS, names._SAYS_WORDS], ids=["SAYS", "names._SAYS"])
def test_a_tree_of_words_matches_as_their_alternation_does(words: str) -> None:
    """The verbs of saying as a tree of shared beginnings match where, and as long as, the
    plain alternation of them does, before a boundary, a space, a letter or anything."""
    listed = words.split("|")
    assert not [(a, b) for i, a in enumerate(listed) for b in listed[i + 1 :] if b.startswith(a)]
    plain = f"(?:{words})"
    tree = alternation(words)
    assert tree != plain
    spoken = " ".join(f"{w} {w}s {w[:-1]} {w.upper()} x{w}".replace("\\s", " ") for w in listed)
    for body in [*TEXTS, spoken]:
        for context in ("{}", r"\s{}\b", r"\b{}\s", "{}s", "(?i:{})"):
            want = _spans(re.compile(context.format(plain)), body)
            assert _spans(re.compile(context.format(tree)), body) == want


def test_a_tree_of_words_tries_the_longer_word_first() -> None:
    """Where one word begins another, the tree tries the longer first: as the alternation does
    when the longer comes first (so the lists above give it first), and unlike it otherwise."""
    for words in ("reads|read", "read|reads"):
        m = re.match(alternation(words), "reads")
        assert m is not None
        assert m.group(0) == "reads"
    assert re.fullmatch(alternation("says|say") + "s", "says")


def test_words_are_lowercased_as_one_by_one() -> None:
    """The words of a layout, lowercased all at once, are each word lowercased."""
    for body in [*TEXTS, "", "Ab", "$5 Ü3 İs KELVIN \u212a"]:
        want = tuple((m.start(), m.group(0).lower()) for m in text._WORD.finditer(body))
        assert Layout.of(body).words == want


def test_bare_names_are_tried_where_a_second_word_can_follow(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bare name is looked for only at a capital whose word a capital or a particle follows,
    and the names found are those found at every capital."""
    from jacksonpd.extract.registry_forms import indexed

    index = indexed(None)
    found = []
    look_ahead = names._BARE_START.pattern[names._BARE_START.pattern.index("(?=") :]
    for pattern in (names._BARE_START, _without(names._BARE_START, look_ahead)):
        monkeypatch.setattr(names, "_BARE_START", pattern)
        found.append(
            [
                list(names._bare_names(body, layout, people, orgs, index.people))
                for body in TEXTS
                for layout in [Layout.of(body)]
                for people in [names._dedupe(names._people(body, layout, index))]
                for orgs in [names._dedupe(organizations.find_organizations(body, layout, index))]
            ]
        )
    assert found[0] == found[1]
    assert sum(map(len, found[0])) > 50
