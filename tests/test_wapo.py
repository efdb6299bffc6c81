"""The Washington Post Fatal Force importer: both formats, their quirks, bad files, the real data."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from jacksonpd import build, load, validate_package
from jacksonpd.cli import cli
from jacksonpd.errors import JacksonpdError
from jacksonpd.importers import import_wapo

from .conftest import REPO

FIXTURES = REPO / "tests" / "fixtures" / "wapo"
REAL = REPO.parent / "shared" / "data" / "wapo"


def run_import(repo: Path, *args: str) -> tuple[int, str, dict[str, Any]]:
    """Run `jacksonpd import wapo` in a repository copy; the exit code, output and file written."""
    out = repo / "seeds/incidents/imported.yaml"
    result = CliRunner().invoke(cli, ["import", "wapo", *args, "--root", str(repo), "-o", str(out)])
    document = yaml.safe_load(out.read_text()) if out.exists() else {}
    return result.exit_code, result.output, document


def test_v2_city_import_copes_with_the_quirks(repo: Path) -> None:
    """Blanks stay missing, lists keep their `;`, off-Earth coordinates are dropped, duplicates kept once."""
    code, output, doc = run_import(
        repo,
        str(FIXTURES / "v2-people.csv"),
        "--agencies",
        str(FIXTURES / "v2-agencies.csv"),
        "--city",
        "Jackson",
        "--state",
        "MS",
    )
    assert code == 0, output
    incidents = {i["id"]: i for i in doc["incidents"]}
    assert sorted(incidents) == ["wapo-101", "wapo-102", "wapo-103"]  # Memphis left out, 101 once
    assert "duplicate of line 2" in output
    assert "outside the Earth" in output
    one, two, three = incidents["wapo-101"], incidents["wapo-102"], incidents["wapo-103"]
    assert (one["agency"], one["armed_with"], one["latitude"], one["wapo_id"]) == (
        "jackson-police-department",
        "gun;vehicle",
        32.3,
        101,
    )  # the registry's id for the Post's JPD
    assert "subject_name" not in two
    assert "subject_age" not in two
    assert "armed_with" not in two
    assert "Also involved: Hinds County Sheriff's Office." in two["note"]
    assert "latitude" not in three
    assert "outside the Earth" in three["note"]
    assert three["subject_race"] == "B;H"
    agencies = {a["id"]: a for a in doc["agencies"]}
    assert agencies["hinds-county-sheriffs-office-ms"]["ori"] == "MS0250000"


def without_committed_incidents(repo: Path) -> None:
    """Take the committed incident files out of a repository copy, so an import stands alone (and
    the claims about their incidents, the last part of seeds/cited.yaml, with them)."""
    for path in (repo / "seeds/incidents").glob("*.yaml"):
        path.unlink()
    cited = repo / "seeds/cited.yaml"
    text = cited.read_text(encoding="utf-8")
    cited.write_text(text[: text.index("\nclaims:\n")] + "\n", encoding="utf-8")


def test_imported_incidents_are_published_with_their_license(repo: Path) -> None:
    """The next build publishes the import, valid, with the Post's license on the incidents resource."""
    without_committed_incidents(repo)
    run_import(
        repo,
        str(FIXTURES / "v2-people.csv"),
        "--agencies",
        str(FIXTURES / "v2-agencies.csv"),
        "--city",
        "Jackson",
        "--state",
        "MS",
    )
    build(repo, require_corrections=False)  # the import replaces the curated incidents
    assert validate_package(repo / "datapackage") == []
    pkg = load(repo / "datapackage")
    assert {i.wapo_id for i in pkg.incidents} == {101, 102, 103}
    assert all(i.data_source == "wapo-fatal-force-v2" for i in pkg.incidents)
    jpd = next(o for o in pkg.organizations if o.organization_id == "jackson-police-department")
    assert (jpd.ori, jpd.wapo_agency_id) == ("MS02501", 11)  # the registry entry took what it lacked
    descriptor = (repo / "datapackage/datapackage.json").read_text()
    assert '"name": "CC-BY-NC-SA-4.0"' in descriptor
    assert "The Washington Post, Fatal Force database (v2)" in descriptor


def test_agency_import(repo: Path) -> None:
    """--agency keeps the rows of that agency, wherever they happened."""
    code, output, doc = run_import(
        repo,
        str(FIXTURES / "v2-people.csv"),
        "--agencies",
        str(FIXTURES / "v2-agencies.csv"),
        "--agency",
        "Hinds County Sheriff's Office",
    )
    assert code == 0, output
    assert sorted(i["id"] for i in doc["incidents"]) == ["wapo-102", "wapo-103"]


def test_v1_import_maps_to_v2_values(repo: Path) -> None:
    """The v1 format's values are mapped to the v2 dictionary's (M -> male, toy weapon -> replica)."""
    code, output, doc = run_import(
        repo, str(FIXTURES / "v1-people.csv"), "--city", "Jackson", "--state", "MS"
    )
    assert code == 0, output
    assert doc["data_source"] == "wapo-fatal-force-v1"
    five, six = doc["incidents"]
    assert (five["subject_gender"], five["armed_with"], five["flee_status"], five["threat_type"]) == (
        "male",
        "replica",
        "not",
        "attack",
    )
    assert (six["subject_gender"], six["armed_with"], six["mental_illness_related"]) == (
        "female",
        "other",
        True,
    )
    assert "flee_status" not in six
    assert "subject_name" not in six
    build(repo, require_corrections=False)  # the import replaces the curated incidents
    assert validate_package(repo / "datapackage") == []


@pytest.mark.parametrize(
    ("fixture", "problems"),
    [
        ("bad-missing-column.csv", [("missing-field", 1, "was_mental_illness_related")]),
        ("bad-semicolons.csv", [("format-error", 1, None)]),
        ("bad-numbers.csv", [("type-error", 2, "age"), ("type-error", 3, "date")]),
    ],
)
def test_bad_files_are_refused_and_nothing_is_written(
    repo: Path, fixture: str, problems: list[tuple[str, int, str | None]]
) -> None:
    """Missing columns, a wrong delimiter and malformed numbers are located; no file is written."""
    with pytest.raises(JacksonpdError) as info:
        import_wapo(FIXTURES / fixture, city="Jackson", state="MS")
    assert [(p.code, p.line, p.field) for p in info.value.problems] == problems
    code, output, doc = run_import(repo, str(FIXTURES / fixture), "--city", "Jackson", "--state", "MS")
    assert (code, doc) == (1, {})
    assert f"{fixture}:" in output


def test_city_or_agency_is_required(repo: Path) -> None:
    """The command asks for a place or an agency, not both and not neither."""
    code, output, _ = run_import(repo, str(FIXTURES / "v2-people.csv"))
    assert code == 2
    assert "--city and --state, or --agency" in output


@pytest.mark.skipif(not REAL.is_dir(), reason="the real Fatal Force files are not beside the repository")
def test_real_v2_data_for_jackson(repo: Path) -> None:
    """The real v2 files give one incident per Jackson, MS row, each with agency, date, coordinates, id."""
    without_committed_incidents(repo)
    people = REAL / "v2/fatal-police-shootings-data.csv"
    with people.open(newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["city"] == "Jackson" and r["state"] == "MS"]
    code, output, _ = run_import(
        repo,
        str(people),
        "--agencies",
        str(REAL / "v2/fatal-police-shootings-agencies.csv"),
        "--city",
        "Jackson",
        "--state",
        "MS",
    )
    assert code == 0, output
    build(repo, require_corrections=False)  # the import replaces the curated incidents
    assert validate_package(repo / "datapackage") == []
    incidents = {i.wapo_id: i for i in load(repo / "datapackage").incidents if i.wapo_id is not None}
    assert sorted(incidents) == sorted(int(r["id"]) for r in rows)
    assert len(incidents) == 10
    for row in rows:
        incident = incidents[int(row["id"])]
        assert incident.occurred_on.isoformat() == row["date"]
        assert incident.agency_id is not None
        if row["latitude"]:  # one Jackson row (8279) has no coordinates in the Post's data
            assert (incident.latitude, incident.longitude) == (
                float(row["latitude"]),
                float(row["longitude"]),
            )
        else:
            assert (incident.latitude, incident.longitude) == (None, None)
    assert sum(i.latitude is not None for i in incidents.values()) == 9
    assert incidents[3440].agency_id == "jackson-police-department"
    assert incidents[7289].agency_id == "clinton-police-department-ms"
    assert incidents[3440].release_rule_id == "jpd-withhold-officer-names"
