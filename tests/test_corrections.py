"""Corrections as data, and releases: a changed published value needs its correction, which the
package, the site and the feed then show; the version follows what changed."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from datasette.app import Datasette

from jacksonpd import build
from jacksonpd.cli import cli
from jacksonpd.errors import JacksonpdError
from jacksonpd.release import correction_check
from jacksonpd.release.corrections import Entry

from .conftest import Snapshot

ANNOTATION = "seeds/annotations/2018-03-19-moore-mbi.yaml"
FULL = (
    "The officer that puts on the uniform every day, goes to work, does not know if he or she is "
    "coming home to their families"
)
CUT = "The officer that puts on the uniform every day, goes to work"
SOURCE = "2018-03-19-moore-mbi"


def _statement_id(package: Path, text: str) -> str:
    with (package / "data/statements.csv").open(encoding="utf-8", newline="") as f:
        return next(r["statement_id"] for r in csv.DictReader(f) if r["text"] == text)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _correction(
    record: str, *, field: str = "text", old: str = CUT, new: str = FULL, date: str = "2026-12-01"
) -> str:
    return (
        f"  - resource: statements\n    record: {record}\n    field: {field}\n"
        f"    old: {json.dumps(old)}\n    new: {json.dumps(new)}\n    date: {date}\n"
        "    reason: The quote was cut short; the article gives the whole sentence.\n"
        f"    source: {SOURCE}\n"
    )


@pytest.fixture
def released(repo: Path) -> tuple[Path, str]:
    """A first release (1.0.0) whose quote was cut short, and the quote's id; the seed is then
    corrected to the whole quote (without, yet, a correction entry)."""
    annotation = repo / ANNOTATION
    text = annotation.read_text(encoding="utf-8")
    assert f"text: {FULL}\n" in text
    annotation.write_text(text.replace(f"text: {FULL}\n", f"text: {CUT}\n"), encoding="utf-8")
    shutil.rmtree(repo / "datapackage")
    build(repo)
    descriptor = json.loads((repo / "datapackage/datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["version"] == "1.0.0"
    record = _statement_id(repo / "datapackage", CUT)
    annotation.write_text(text, encoding="utf-8")
    return repo, record


def _write_corrections(repo: Path, *entries: str) -> None:
    (repo / "seeds/corrections.yaml").write_text("corrections:\n" + "".join(entries), encoding="utf-8")


def test_a_corrected_quote_is_published_shown_and_fed(released: tuple[Path, str]) -> None:
    """The correction is a row of `corrections`, on the statement's page and in the feed; the
    version goes up by a patch, and the notes say so."""
    repo, record = released
    _write_corrections(repo, _correction(record))
    build(repo)
    package = repo / "datapackage"
    assert _statement_id(package, FULL) == record  # same record, corrected
    rows = _rows(package / "data/corrections.csv")
    assert [
        (r["resource_name"], r["record_id"], r["field"], r["old_value"], r["new_value"]) for r in rows
    ] == [("statements", record, "text", CUT, FULL)]
    assert rows[0]["corrected_on"] == "2026-12-01"
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["version"] == "1.0.1"
    assert descriptor["created"].startswith("2026-12-01")  # the release date: from the inputs
    notes = (package / "RELEASES.md").read_text(encoding="utf-8")
    assert "## 1.0.1 (2026-12-01)" in notes
    assert f"corrected `statements {record}`, field `text`" in notes
    feed = (package / "corrections.atom").read_text(encoding="utf-8")
    assert f"urn:jacksonpd:correction:{rows[0]['correction_id']}" in feed

    asyncio.run(_site(package, record, rows[0]["correction_id"]))


def test_a_corrected_value_is_taken_from_the_diff_not_read_again(
    released: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The entry's old and new values come from the comparison with the release: no table is
    read again for them; an entry naming a value that did not change is still checked."""
    repo, record = released
    asked: list[list[str]] = []
    values = correction_check._values

    def recording(descriptor: Path | None, entries: list[Entry]) -> dict[tuple[str, str], dict[str, str]]:
        asked.append([e.correction.record_id for e in entries])
        return values(descriptor, entries)

    monkeypatch.setattr(correction_check, "_values", recording)
    _write_corrections(repo, _correction(record))
    build(repo)
    assert asked == [[], []]
    other = _statement_id(repo / "datapackage", "they can call me.")
    _write_corrections(
        repo, _correction(record), _correction(other, old="they can call me.", new="Not what it says.")
    )
    with pytest.raises(JacksonpdError) as caught:
        build(repo)
    assert [p.code for p in caught.value.problems] == ["correction-new-mismatch"]
    assert asked[2:] == [[other], [other]]


async def _site(package: Path, record: str, correction: str) -> None:
    ds = Datasette(
        [str(package / "jacksonpd.db")],
        metadata=json.loads((package / "metadata.json").read_text(encoding="utf-8")),
    )
    await ds.invoke_startup()
    page = await ds.client.get(f"/jacksonpd/statements/{record}")
    assert page.status_code == 200
    assert "Corrections" in page.text
    assert "The quote was cut short" in page.text
    assert f"Was: &ldquo;{CUT}&rdquo;; now: &ldquo;{FULL}&rdquo;" in page.text
    other = _statement_id(package, "they can call me.")
    assert "jacksonpd-corrections" not in (await ds.client.get(f"/jacksonpd/statements/{other}")).text
    served = await ds.client.get("/-/corrections.atom")
    assert served.status_code == 200
    assert served.headers["content-type"].startswith("application/atom+xml")
    assert f"/jacksonpd/statements/{record}" in served.text
    assert "The quote was cut short" in served.text
    assert f"urn:jacksonpd:correction:{correction}" in served.text


def test_the_same_change_without_its_correction_is_refused(
    released: tuple[Path, str], take_snapshot: Callable[[Path], Snapshot]
) -> None:
    """Changing the published quote with no entry fails at the annotation's line; nothing is published."""
    repo, _ = released
    before = take_snapshot(repo / "datapackage")
    result = CliRunner().invoke(cli, ["build", "--root", str(repo)])
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert f"{ANNOTATION}:" in result.output
    assert f'field \'text\': found "{FULL}", expected "{CUT}", as release 1.0.0 published it' in result.output
    assert "[uncorrected-change]" in result.output
    assert take_snapshot(repo / "datapackage") == before


BAD = {
    "correction-unknown-record": lambda record: _correction("no-such-statement"),
    "correction-unknown-field": lambda record: _correction(record, field="colour"),
    "correction-old-mismatch": lambda record: _correction(record, old="Not what was published"),
    "duplicate-correction": lambda record: _correction(record) + _correction(record, date="2026-12-02"),
    "correction-before-release": lambda record: _correction(record, date="2018-01-02"),
    "unknown-reference": lambda record: _correction(record).replace(
        f"source: {SOURCE}", "source: 2099-01-01-no-such-source"
    ),
}


@pytest.mark.parametrize("code", sorted(BAD))
def test_a_bad_correction_is_one_clear_error(
    released: tuple[Path, str], take_snapshot: Callable[[Path], Snapshot], code: str
) -> None:
    """Each wrong entry is named by file, line, field, found and expected; nothing is published."""
    repo, record = released
    _write_corrections(repo, BAD[code](record))
    before = take_snapshot(repo / "datapackage")
    with pytest.raises(JacksonpdError) as caught:
        build(repo)
    mine = [p for p in caught.value.problems if p.path == "seeds/corrections.yaml"]
    assert [p.code for p in mine] == [code]
    problem = mine[0]
    assert problem.line is not None
    assert problem.field
    assert problem.found
    assert problem.expected
    assert str(problem).startswith(f"seeds/corrections.yaml:{problem.line}: field '{problem.field}': found ")
    assert str(problem).endswith(f"[{code}]")
    result = CliRunner().invoke(cli, ["build", "--root", str(repo)])
    assert result.exit_code != 0
    assert f"[{code}]" in result.output
    assert "Traceback" not in result.output
    assert take_snapshot(repo / "datapackage") == before


def test_a_rebuild_keeps_the_version_and_check_holds(released: tuple[Path, str]) -> None:
    """With nothing changed since the previous release, the version, notes and bytes stay."""
    repo, record = released
    _write_corrections(repo, _correction(record))
    build(repo)
    first = {p.name: p.read_bytes() for p in (repo / "datapackage").iterdir() if p.is_file()}
    build(repo, force=True)
    again = {p.name: p.read_bytes() for p in (repo / "datapackage").iterdir() if p.is_file()}
    assert {k: v for k, v in again.items() if k != "jacksonpd.db"} == {
        k: v for k, v in first.items() if k != "jacksonpd.db"
    }
    build(repo, check=True)  # raises if anything differs


def test_new_rows_are_a_minor_release(released: tuple[Path, str]) -> None:
    """An added record raises the minor version; the notes count it."""
    repo, _ = released
    annotation = repo / ANNOTATION
    annotation.write_text(
        annotation.read_text(encoding="utf-8").replace(f"text: {FULL}\n", f"text: {CUT}\n"), encoding="utf-8"
    )  # the quote as released: no correction needed
    registry = repo / "seeds/registry/organizations.yaml"
    registry.write_text(
        registry.read_text(encoding="utf-8")
        + "\n- id: minor-release-fixture\n  name: Minor Release Fixture\n"
        "  kind: city_government\n",
        encoding="utf-8",
    )
    build(repo)
    descriptor = json.loads((repo / "datapackage/datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["version"] == "1.1.0"
    history = json.loads((repo / "datapackage/releases.json").read_text(encoding="utf-8"))
    assert [r["version"] for r in history] == ["1.1.0", "1.0.0"]
    assert history[0]["resources"]["organizations"]["added"] == 1


INCIDENTS = """\
data_source: curated
agencies:
  - id: correction-fixture-police-department
    name: Correction Fixture Police Department
    kind: police_department
    state: MS
incidents:
  - id: 2019-02-01-correction-fixture
    occurred_on: 2019-02-01
    kind: officer_involved_shooting
    city: Correction Fixture City
    state: MS
    agency: correction-fixture-police-department
    officers:
      - name: {name}
        role: shooter
        name_released_on: 2019-03-01
        name_released_by: correction-fixture-police-department
"""
NAME = "Quintavius Namesake"
FIXED = "Quintavius Namesakes"


def _name_correction(officer: str) -> str:
    return (
        "corrections:\n  - resource: officers\n"
        f"    record: {officer}\n    field: name\n    old: {NAME}\n    new: {FIXED}\n"
        "    date: 2026-12-01\n    reason: Misspelled.\n    source: 2018-03-19-moore-mbi\n"
    )


def _everything(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


@pytest.mark.parametrize("as_of", ["2019-02-15", "2019-03-05"])
def test_a_name_correction_prints_no_name_that_is_not_public(repo: Path, as_of: str) -> None:
    """A correction to an officer's name, built as of a date before the name's release, shows
    neither name anywhere; built after it, the correction shows both (the control)."""
    incidents = repo / "seeds/incidents"
    incidents.mkdir(exist_ok=True)
    (incidents / "fixture.yaml").write_text(INCIDENTS.format(name=NAME), encoding="utf-8")
    build(repo, as_of=dt.date(2019, 3, 5))  # an earlier build published the name
    (officer,) = (
        r["officer_id"]
        for r in _rows(repo / "datapackage/data/officers.csv")
        if r["officer_id"].startswith("2019-02-01-correction-fixture")
    )
    assert NAME in (repo / "datapackage/data/officers.csv").read_text(encoding="utf-8")
    (incidents / "fixture.yaml").write_text(INCIDENTS.format(name=FIXED), encoding="utf-8")
    (repo / "seeds/corrections.yaml").write_text(_name_correction(officer), encoding="utf-8")

    result = CliRunner().invoke(cli, ["build", "--root", str(repo), "--as-of", as_of], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    published = _everything(repo / "datapackage")
    (row,) = _rows(repo / "datapackage/data/corrections.csv")
    if as_of == "2019-02-15":
        for part in (*NAME.split(), *FIXED.split()):
            assert part.encode() not in published
            assert part not in result.output
        assert (row["old_value"], row["new_value"], row["values_withheld"]) == ("", "", "true")
        assert "withheld" in (repo / "datapackage/corrections.atom").read_text(encoding="utf-8")
    else:
        assert (row["old_value"], row["new_value"], row["values_withheld"]) == (NAME, FIXED, "false")


def test_a_name_change_without_a_correction_does_not_print_the_name(repo: Path) -> None:
    """The refusal of an uncorrected change to a public name names neither value."""
    incidents = repo / "seeds/incidents"
    incidents.mkdir(exist_ok=True)
    (incidents / "fixture.yaml").write_text(INCIDENTS.format(name=NAME), encoding="utf-8")
    build(repo, as_of=dt.date(2019, 3, 5))
    (incidents / "fixture.yaml").write_text(INCIDENTS.format(name=FIXED), encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "--root", str(repo), "--as-of", "2019-03-05"])
    assert result.exit_code != 0
    assert "[uncorrected-change]" in result.output
    for part in (*NAME.split(), *FIXED.split()):
        assert part not in result.output


def _add_organization(repo: Path, slug: str) -> None:
    registry = repo / "seeds/registry/organizations.yaml"
    registry.write_text(
        registry.read_text(encoding="utf-8")
        + f"\n- id: {slug}\n  name: {slug.title()}\n  kind: city_government\n",
        encoding="utf-8",
    )


def _version(repo: Path) -> str:
    return str(json.loads((repo / "datapackage/datapackage.json").read_text(encoding="utf-8"))["version"])


def test_in_a_git_checkout_the_committed_package_is_the_previous_release(repo: Path) -> None:
    """Rebuilding before a commit does not raise the version again; --since names a tag."""
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "released"], check=True)
    subprocess.run([*git, "tag", "released"], check=True)
    major, minor, _ = (int(p) for p in _version(repo).split("."))
    _add_organization(repo, "first-fixture")
    build(repo)
    assert _version(repo) == f"{major}.{minor + 1}.0"
    _add_organization(repo, "second-fixture")
    build(repo)
    assert _version(repo) == f"{major}.{minor + 1}.0"  # still one release past the committed one
    history = json.loads((repo / "datapackage/releases.json").read_text(encoding="utf-8"))
    assert history[0]["resources"]["organizations"]["added"] == 2
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "two organizations"], check=True)
    for args in (["build", "--check"], ["build", "--check", "--since", "released"]):
        result = CliRunner().invoke(cli, [*args, "--root", str(repo)])
        assert result.exit_code == 0, result.output
    result = CliRunner().invoke(cli, ["build", "--check", "--since", "no-such-tag", "--root", str(repo)])
    assert result.exit_code != 0
    assert "[missing-file]" in result.output
