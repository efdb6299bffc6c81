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

from .conftest import Snapshot, leftovers

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
    no_line: bool = False  # a problem about a whole file (a schema), not a line of it


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
    # -- articles ------------------------------------------------------------------------------
    "article with a byte-order mark": Case(
        MBI, b" date 2018-03-19 ", b"\xef\xbb\xbf date 2018-03-19 ", "encoding-error", None, line=1
    ),
    "binary article": Case(
        MBI, b"Chief Moore answered", b"Chief Moore\x00\x01answered", "encoding-error", None
    ),
    "article with CRLF line ends": Case(
        MBI, b"scheduled for this summer.\n", b"scheduled for this summer.\r\n", "format-error", None
    ),
    "article dated in the future": Case(
        MBI, b" date 2018-03-19 ", b" date 2999-03-19 ", "date-out-of-range", "date", line=1
    ),
    # -- annotations: types, fields, keys -----------------------------------------------------
    "figure value that is not a number": Case(
        MBI_ANN, "    value: 1300\n", "    value: lots\n", "type-error", "value"
    ),
    "figure without its unit": Case(
        MBI_ANN, "    unit: assaults\n", "", "missing-field", "unit", at="  - metric: officer assaults"
    ),
    "occurrence that is not a number": Case(
        MBI_ANN,
        "  - text: Chief Moore\n    occurrence: 1\n",
        "  - text: Chief Moore\n    occurrence: two\n",
        "type-error",
        "occurrence",
        at="    occurrence: two",
    ),
    "statement kind that is a number": Case(
        MBI_ANN,
        "  - kind: quote\n    speaker: anthony-moore\n    text: they can call me.",
        "  - kind: 5\n    speaker: anthony-moore\n    text: they can call me.",
        "type-error",
        "kind",
        at="  - kind: 5",
    ),
    "said_on that is not a date": Case(
        TF_ANN,
        '    said_on: 2018-03-27\n    note: \'"police"',
        '    said_on: Tuesday\n    note: \'"police"',
        "type-error",
        "said_on",
        at="    said_on: Tuesday",
    ),
    "misspelt top-level key": Case(
        MBI_ANN, "\nevents:\n", "\nevnets:\n", "unknown-key", "evnets", at="evnets:"
    ),
    "policy without an id": Case(
        TF_ANN,
        "  - id: name-release-task-force\n    title:",
        "  - title:",
        "missing-field",
        "id",
        at="  - title: Task force",
    ),
    # -- annotations: spans and words ---------------------------------------------------------
    "mention of both a person and an organization": Case(
        TF_ANN,
        "    person: lee-bernard\n    title: Jackson resident\n",
        "    person: lee-bernard\n    organization: city-of-jackson\n    title: Jackson resident\n",
        "value-error",
        "person",
        at="  - text: Jackson resident Lee Bernard",
    ),
    "mention not in the article": Case(
        TF_ANN,
        "  - text: Jackson resident Lee Bernard",
        "  - text: Jackson resident Lee Barnard",
        "quote-not-found",
        "text",
    ),
    "number as printed not inside the figure": Case(
        MBI_ANN, '    as_printed: "45"', '    as_printed: "54"', "quote-not-found", "as_printed"
    ),
    "date words not inside the event": Case(
        MBI_ANN, "    date_text: this summer", "    date_text: next summer", "quote-not-found", "date_text"
    ),
    "season without its last day": Case(
        MBI_ANN,
        "    date_end: 2018-08-31\n",
        "",
        "missing-field",
        "date_end",
        at="  - kind: class\n    status: scheduled",
    ),
    "scheduled event in the past": Case(
        MBI_ANN, "    date: 2018-03-20\n", "    date: 2018-03-13\n", "date-out-of-range", "date"
    ),
    "counted period that ends before it starts": Case(
        MBI_ANN,
        "    period_end: 2018-03-19\n    speaker: anthony-moore\n    note: '\"From",
        "    period_end: 2017-03-19\n    speaker: anthony-moore\n    note: '\"From",
        "date-out-of-range",
        "period_end",
        at="    period_end: 2017-03-19\n    speaker: anthony-moore\n    note: '\"From",
    ),
    "two quotes claiming the same words": Case(
        MBI_ANN,
        "statements:\n",
        "statements:\n  - kind: quote\n    speaker: anthony-moore\n"
        "    text: the legal thing. I'm 100% behind them\n",
        "span-overlap",
        "text",
        at="    text: the legal thing.",
    ),
    # -- registry and policy --------------------------------------------------------------------
    "person in an unknown organization": Case(
        PEOPLE,
        "  organization: city-of-jackson",
        "  organization: jackson-city",
        "unknown-reference",
        "organization",
    ),
    "registry entry with an unknown key": Case(
        PEOPLE,
        "  title: Jackson resident\n",
        "  title: Jackson resident\n  twitter: '@lee'\n",
        "unknown-key",
        "twitter",
        at="  twitter:",
    ),
    "registry that does not parse": Case(
        "seeds/registry/organizations.yaml",
        "- id: jackson-police-department\n",
        "id: jackson-police-department\n",
        "yaml-error",
        None,
        at="  name: Jackson Police Department",
    ),
    "release rule for an unknown agency": Case(
        "seeds/policy.yaml",
        "    agency: jackson-police-department\n    policy: jpd-officer-name-withholding",
        "    agency: jpd\n    policy: jpd-officer-name-withholding",
        "unknown-reference",
        "agency",
        at="    agency: jpd",
    ),
    "release rule of an unknown kind": Case(
        "seeds/policy.yaml",
        "    policy: jpd-officer-name-withholding\n    kind: withhold",
        "    policy: jpd-officer-name-withholding\n    kind: withheld",
        "type-error",
        "kind",
        at="    kind: withheld",
    ),
    # -- schemas --------------------------------------------------------------------------------
    "foreign key to a missing resource": Case(
        "schemas/people.json",
        '"resource": "organizations"',
        '"resource": "agencies"',
        "schema-error",
        "organization_id",
        no_line=True,
    ),
    "schema whose fields differ from the records": Case(
        "schemas/people.json",
        '"name": "title",',
        '"name": "job_title",',
        "model-mismatch",
        "fields",
        no_line=True,
    ),
    "schema with an unknown type": Case(
        "schemas/figures.json",
        '"type": "number"',
        '"type": "numeric"',
        "schema-error",
        None,
        no_line=True,
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
    if case.line is not None or case.no_line:
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
    assert leftovers(repo) == []


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


def test_registry_that_is_not_a_list(repo: Path, take_snapshot: Callable[[Path], Snapshot]) -> None:
    """A registry file holding a mapping is refused at line 1; references are not second-guessed."""
    before = take_snapshot(repo / "datapackage")
    (repo / "seeds/registry/organizations.yaml").write_text("jackson-police-department: JPD\n")
    with pytest.raises(JacksonpdError) as info:
        build(repo)
    assert [(p.code, p.path, p.line) for p in info.value.problems] == [
        ("type-error", "seeds/registry/organizations.yaml", 1)
    ]
    assert take_snapshot(repo / "datapackage") == before


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
