"""Bad input: every case fails the build with located problems and publishes nothing.

Each case edits one file of a private copy of the repository. The expected line is found by
searching the edited file, so the cases survive harmless edits to the seeds.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner

from jacksonpd import build
from jacksonpd.cli import cli
from jacksonpd.errors import JacksonpdError

from .conftest import Snapshot

MBI = "seeds/articles/2018-03-19-moore-mbi.txt"
MBI_ANN = "seeds/annotations/2018-03-19-moore-mbi.yaml"
TF_ANN = "seeds/annotations/2018-03-27-task-force.yaml"
PEOPLE = "seeds/registry/people.yaml"


@attrs.frozen
class Case:
    """Replace ``old`` by ``new`` in ``file``; expect one problem ``code`` at ``new``'s line."""

    file: str
    old: str | bytes
    new: str | bytes
    code: str
    field: str | None
    at: str | bytes | None = None  # where the problem is reported, if not at `new`
    line: int | None = None  # a fixed line, where searching makes no sense


CASES = {
    "header without a date": Case(MBI, b" date 2018-03-19 ", b" ", "header-error", "header", line=1),
    "header with an impossible date": Case(MBI, b"2018-03-19", b"2018-02-30", "header-error", "date", line=1),
    "header with a non-ISO date": Case(MBI, b"2018-03-19", b"03/19/2018", "header-error", "date", line=1),
    "article not UTF-8": Case(
        MBI, b"Chief Moore answered", b"Chief Moore answ\xe9red", "encoding-error", None
    ),
    "annotation with an unknown key": Case(
        MBI_ANN,
        "    speaker: anthony-moore\n    text: they can call me.",
        "    speaker: anthony-moore\n    speeker: anthony-moore\n    text: they can call me.",
        "unknown-key",
        "speeker",
        at="    speeker: anthony-moore",
    ),
    "typo'd organization id": Case(
        TF_ANN,
        "    organization: city-of-jackson\n    announced_on",
        "    organization: city-of-jackson-ms\n    announced_on",
        "unknown-reference",
        "organization",
        at="    organization: city-of-jackson-ms",
    ),
    "speaker not in the registry": Case(
        TF_ANN,
        "  - kind: quote\n    speaker: lee-bernard\n    text: You have",
        "  - kind: quote\n    speaker: leigh-bernard\n    text: You have",
        "unknown-reference",
        "speaker",
        at="    speaker: leigh-bernard",
    ),
    "quoted words not in the article": Case(
        MBI_ANN, "text: they can call me.", "text: they can call us.", "quote-not-found", "text"
    ),
    "quoted words found twice": Case(
        MBI_ANN,
        "  - text: Chief Moore\n    occurrence: 1\n",
        "  - text: Chief Moore\n",
        "quote-ambiguous",
        "text",
        at="  - text: Chief Moore",
    ),
    "occurrence out of range": Case(
        MBI_ANN,
        "  - text: Chief Moore\n    occurrence: 1\n",
        "  - text: Chief Moore\n    occurrence: 9\n",
        "value-error",
        "occurrence",
        at="    occurrence: 9",
    ),
    "duplicate policy id": Case(
        TF_ANN,
        "  - id: name-release-task-force",
        "  - id: jpd-officer-name-withholding",
        "duplicate-id",
        "id",
        at="  - id: jpd-officer-name-withholding\n    title: Task force",
    ),
    "impossible date": Case(
        TF_ANN,
        '    said_on: 2018-03-27\n    note: \'"police"',
        '    said_on: 2018-02-30\n    note: \'"police"',
        "type-error",
        "said_on",
        at="    said_on: 2018-02-30",
    ),
    "weekday that contradicts the date": Case(
        MBI_ANN, "    date: 2018-03-20", "    date: 2018-03-21", "date-mismatch", "date"
    ),
    "statement said after the article": Case(
        TF_ANN,
        '    said_on: 2018-03-27\n    note: \'"police"',
        '    said_on: 2018-04-27\n    note: \'"police"',
        "date-out-of-range",
        "said_on",
        at="    said_on: 2018-04-27",
    ),
    "enum value misspelt": Case(
        MBI_ANN,
        "    status: under_discussion",
        "    status: under-discussion",
        "type-error",
        "status",
    ),
    "YAML key given twice": Case(
        MBI_ANN,
        "    title: Citizens Police Academy\n",
        "    title: Citizens Police Academy\n    title: CPA\n",
        "duplicate-key",
        "title",
        at="    title: CPA",
    ),
    "YAML that does not parse": Case(
        MBI_ANN,
        "statements:\n",
        "statements: [\n",
        "yaml-error",
        None,
        at="  - kind: paraphrase\n    speaker: anthony-moore\n    text: his",
    ),
    "registry id used twice": Case(
        PEOPLE,
        "- id: lee-bernard",
        "- id: anthony-moore\n  name: A. Moore\n\n- id: lee-bernard",
        "duplicate-id",
        "id",
        at="- id: anthony-moore\n  name: A. Moore",
    ),
    "alias claimed by two people": Case(
        PEOPLE,
        "  title: Jackson resident\n",
        "  title: Jackson resident\n  aliases: [Moore]\n",
        "duplicate-id",
        "aliases",
        at="  aliases: [Moore]",
    ),
    "schema file that is not JSON": Case(
        "schemas/statements.json",
        '"primaryKey": [',
        '"primaryKey": [,',
        "json-error",
        None,
        at='"primaryKey": [,',
    ),
    "schema with an unknown type": Case(
        "schemas/figures.json",
        '"type": "number"',
        '"type": "numeric"',
        "schema-error",
        None,
        line=None,
    ),
}


def line_of(path: Path, needle: str | bytes) -> int:
    """The 1-based line where ``needle`` starts in the file."""
    data = path.read_bytes()
    raw = needle if isinstance(needle, bytes) else needle.encode()
    index = data.index(raw.lstrip(b"\n"))
    return data[:index].count(b"\n") + 1


def apply(repo: Path, case: Case) -> int | None:
    """Make the case's edit and return the line the problem should be reported on."""
    path = repo / case.file
    data = path.read_bytes()
    old = case.old if isinstance(case.old, bytes) else case.old.encode()
    new = case.new if isinstance(case.new, bytes) else case.new.encode()
    assert data.count(old) == 1, f"the edit must be unambiguous: {old!r}"
    path.write_bytes(data.replace(old, new))
    if case.line is not None or case.code == "schema-error":
        return case.line
    return line_of(path, case.at if case.at is not None else new)


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_is_located_and_publishes_nothing(
    name: str, repo: Path, take_snapshot: Callable[[Path], Snapshot]
) -> None:
    """The build lists the problem at its file, line and field; datapackage/ is untouched."""
    case = CASES[name]
    before = take_snapshot(repo / "datapackage")
    line = apply(repo, case)

    with pytest.raises(JacksonpdError) as info:
        build(repo)
    located = [(p.code, p.path, p.line, p.field) for p in info.value.problems]
    assert located == [(case.code, case.file, line, case.field)]

    result = CliRunner().invoke(cli, ["build", "--root", str(repo)])
    assert result.exit_code == 1
    where = case.file if line is None else f"{case.file}:{line}"
    assert where in result.output
    assert f"[{case.code}]" in result.output
    assert take_snapshot(repo / "datapackage") == before
    assert sorted(p.name for p in repo.iterdir()) == ["datapackage", "schemas", "seeds"]


def test_all_problems_are_reported_in_one_run(repo: Path) -> None:
    """Several mistakes in several files are all listed, sorted by file and line."""
    for name in (
        "typo'd organization id",
        "quoted words not in the article",
        "registry id used twice",
    ):
        apply(repo, CASES[name])
    with pytest.raises(JacksonpdError) as info:
        build(repo)
    assert [(p.code, p.path) for p in info.value.problems] == [
        ("quote-not-found", MBI_ANN),
        ("unknown-reference", TF_ANN),
        ("duplicate-id", PEOPLE),
    ]


def test_article_with_no_body(repo: Path, take_snapshot: Callable[[Path], Snapshot]) -> None:
    """An article that is only a header line is refused at the line where its body should be."""
    before = take_snapshot(repo / "datapackage")
    (repo / MBI).write_bytes((repo / MBI).read_bytes().split(b"\n")[0] + b"\n\n")
    with pytest.raises(JacksonpdError) as info:
        build(repo)
    assert [(p.code, p.path, p.line) for p in info.value.problems] == [("empty-article", MBI, 2)]
    assert take_snapshot(repo / "datapackage") == before


def test_article_without_annotation(repo: Path) -> None:
    """A new article with no annotation yet is named, with the command that drafts one."""
    (repo / "seeds/articles/2018-04-01-new.txt").write_text(" date 2018-04-01 New\n\nBody.\n")
    with pytest.raises(JacksonpdError) as info:
        build(repo)
    [problem] = info.value.problems
    assert (problem.code, problem.path) == ("missing-file", "seeds/articles/2018-04-01-new.txt")
    assert "jacksonpd extract" in str(problem)


def test_annotation_without_article(repo: Path) -> None:
    """An annotation whose article is missing is reported, not silently skipped."""
    (repo / "seeds/annotations/2018-04-01-gone.yaml").write_text("statements: []\n")
    with pytest.raises(JacksonpdError) as info:
        build(repo)
    assert [(p.code, p.path) for p in info.value.problems] == [
        ("orphan-file", "seeds/annotations/2018-04-01-gone.yaml")
    ]
