"""The Fatal Force importer on files nobody planned for, and the incident file it writes.

Each bad file is refused with its problems located (code, line, field), exit 1, no traceback,
and no incident file written.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from jacksonpd import build, load
from jacksonpd.cli import cli
from jacksonpd.errors import JacksonpdError
from jacksonpd.importers import import_wapo, write_incident_file
from jacksonpd.importers.incident_yaml import yaml_lines as _yaml_lines
from jacksonpd.importers.wapo import ImportResult
from jacksonpd.importers.wapo_csv import FIELD_LIMIT

from .conftest import REPO
from .test_wapo import without_committed_incidents

FIXTURES = REPO / "tests" / "fixtures" / "wapo"
PEOPLE = (FIXTURES / "v2-people.csv").read_text(encoding="utf-8")
AGENCIES = (FIXTURES / "v2-agencies.csv").read_text(encoding="utf-8")
HEADER, FIRST, *REST = PEOPLE.splitlines(keepends=True)
WIDTH = len(next(csv.reader([HEADER])))


def people_with(edit: Callable[[str], str]) -> Callable[[Path], str]:
    def make(_: Path) -> str:
        return edit(PEOPLE)

    return make


CASES: dict[str, tuple[Callable[[Path], str], list[tuple[str, int | None, str | None]], str | None]] = {
    # name: (people file text, expected problems (code, line, field), agencies file text or None)
    "a short row": (
        people_with(lambda t: t.replace(FIRST, FIRST.rsplit(",", 3)[0] + "\n", 1)),
        [("format-error", 2, None)],
        None,
    ),
    "a long row": (
        people_with(lambda t: t.replace(FIRST, FIRST.rstrip("\n") + ',"extra"\n', 1)),
        [("format-error", 2, None)],
        None,
    ),
    "a row separated by semicolons": (
        people_with(lambda t: t.replace(FIRST, FIRST.replace('","', '";"'), 1)),
        [("format-error", 2, None)],
        None,
    ),
    "a non-numeric agency id": (
        people_with(lambda t: t.replace(FIRST, FIRST.replace('"11"\n', '"eleven"\n'), 1)),
        [("type-error", 2, "agency_ids")],
        None,
    ),
    "agency ids with a stray word": (
        people_with(lambda t: t.replace(FIRST, FIRST.replace('"11"\n', '"11;x"\n'), 1)),
        [("type-error", 2, "agency_ids")],
        None,
    ),
    "a field over the CSV reader's size limit": (
        people_with(lambda t: t.replace("Test Person One", "x" * (FIELD_LIMIT + 10), 1)),
        [("format-error", 2, None)],
        None,
    ),
    "an unterminated quote that would merge rows": (
        people_with(lambda t: t.replace('"Test Person One"', '"Test Person One', 1)),
        [("format-error", 2, None)],
        None,
    ),
    "a NUL byte": (
        people_with(lambda t: t.replace("Test Person One", "Test\x00Person")),
        [("encoding-error", 2, None)],
        None,
    ),
    "a duplicate column": (
        people_with(lambda t: t.replace('"race_source"', '"city"', 1)),
        [("format-error", 1, "city")],
        None,
    ),
    "an agency file with a non-numeric id": (
        lambda _: PEOPLE,
        [("type-error", 2, "id")],
        AGENCIES.replace(AGENCIES.splitlines()[1].split(",")[0], '"x11"', 1),
    ),
    "an agency file with a short row": (
        lambda _: PEOPLE,
        [("format-error", 2, None)],
        AGENCIES.replace(AGENCIES.splitlines()[1], AGENCIES.splitlines()[1].rsplit(",", 2)[0]),
    ),
    "an agency file with a duplicate column": (
        lambda _: PEOPLE,
        [("format-error", 1, "name")],
        AGENCIES.replace('"type"', '"name"', 1),
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_a_bad_fatal_force_file_is_refused(name: str, repo: Path, tmp_path: Path) -> None:
    """The file's problems, located; exit 1 without a traceback; no incident file written."""
    make, expected, agencies_text = CASES[name]
    people = tmp_path / "people.csv"
    people.write_text(make(tmp_path), encoding="utf-8", newline="")
    agencies = tmp_path / "agencies.csv"
    agencies.write_text(
        agencies_text if agencies_text is not None else AGENCIES, encoding="utf-8", newline=""
    )
    with pytest.raises(JacksonpdError) as info:
        import_wapo(people, agencies, city="Jackson", state="MS")
    assert [(p.code, p.line, p.field) for p in info.value.problems] == expected
    out = repo / "seeds/incidents/imported.yaml"
    args = ["import", "wapo", str(people), "--agencies", str(agencies), "--city", "Jackson", "--state", "MS"]
    result = CliRunner().invoke(cli, [*args, "--root", str(repo), "-o", str(out)])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert all(f"[{code}]" in result.output for code, _, _ in expected)
    assert not out.exists()


def test_a_blank_line_at_the_end_is_fine(repo: Path, tmp_path: Path) -> None:
    """Documented acceptance: blank lines (as editors leave at the end) are not rows."""
    people = tmp_path / "people.csv"
    people.write_text(PEOPLE + "\n\n", encoding="utf-8", newline="")
    agencies = tmp_path / "agencies.csv"
    agencies.write_text(AGENCIES, encoding="utf-8", newline="")
    plain = import_wapo(FIXTURES / "v2-people.csv", FIXTURES / "v2-agencies.csv", city="Jackson", state="MS")
    blank = import_wapo(people, agencies, city="Jackson", state="MS")
    assert (blank.incidents, blank.agencies) == (plain.incidents, plain.agencies)


TEXT = st.one_of(
    st.sampled_from(
        ["yes", "no", "null", "~", "true", "2019-01-02", "1e3", "0x1F", "- x", "a: b", "#x", "x #y",
         "'q'", '"q"', "", " lead", "trail ", "é", "line\nbreak", "\u2028", "\ufeff", "@x", "=x", "%x",
         "!x", "*x", "&x", "[x]", "{x}", ">", "|", "O'Neil", "Hinds County Sheriff's Office",
         "gun;vehicle", ":", "1.5", "-90.2", "\x7f", "\x85"]
    ),
    st.text(max_size=20),
)  # fmt: skip
SCALAR = st.one_of(
    TEXT, st.booleans(), st.none(), st.integers(-(2**40), 2**40), st.floats(-1e6, 1e6, allow_nan=False)
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.dictionaries(st.sampled_from(["id", "name", "note", "city", "latitude"]), SCALAR, min_size=1),
        max_size=4,
    )
)
def test_the_incident_file_reads_back_as_written(items: list[dict[str, object]]) -> None:
    """The importer's own YAML writer (PyYAML's took minutes on a large import) writes what
    PyYAML reads back as the same data, whatever the strings hold."""
    document = {"data_source": "wapo-fatal-force-v2", "agencies": [], "incidents": items}
    assert yaml.safe_load("".join(_yaml_lines(document))) == document


def test_an_imported_file_is_read_by_the_build(repo: Path, tmp_path: Path) -> None:
    """What the writer writes, the build reads: the fixtures imported and published."""
    result = import_wapo(FIXTURES / "v2-people.csv", FIXTURES / "v2-agencies.csv", city="Jackson", state="MS")
    assert isinstance(result, ImportResult)
    (repo / "seeds/incidents").mkdir(exist_ok=True)
    without_committed_incidents(repo)  # the import alone, so the published set is exactly its own
    write_incident_file(result, repo / "seeds/incidents/wapo.yaml")
    build(repo, require_corrections=False)  # the import alone replaces the curated incidents
    published = {i.incident_id for i in load(repo / "datapackage").incidents}
    assert published == {i["id"] for i in result.incidents}


def test_a_named_pipe_is_refused_not_waited_on(tmp_path: Path) -> None:
    """A pipe where the people file belongs is refused at once (it used to hang the import)."""
    import os

    pipe = tmp_path / "people.csv"
    os.mkfifo(pipe)
    with pytest.raises(JacksonpdError) as info:
        import_wapo(pipe, None, city="Jackson", state="MS")
    assert [p.code for p in info.value.problems] == ["not-a-file"]
