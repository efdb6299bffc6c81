"""The record as shipped: counts, licenses, names made public, and questions that answer."""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

import jacksonpd
from jacksonpd import build
from jacksonpd.errors import JacksonpdError
from jacksonpd.publish.datasette import CANNED_QUERIES

from .conftest import REPO, Snapshot

PACKAGE = REPO / "datapackage"
#: A value for each parameter a canned query takes (every row: no limit, from the first).
PARAMETERS: dict[str, str | int] = {
    "speaker": "Moore",
    "date": "2018-10-20",
    "_page_size": -1,
    "_page_start": 0,
}


def test_the_record_is_shipped() -> None:
    """The published package holds the story's incidents, policies, events, rules and arrangements."""
    pkg = jacksonpd.load()
    assert len(pkg.incidents) >= 12
    assert sum(1 for i in pkg.incidents if i.wapo_id is not None) == 10
    assert len(pkg.policies) >= 10
    assert len(pkg.events) >= 20
    assert len(pkg.release_rules) >= 4
    assert len(pkg.investigating_arrangements) >= 4
    held = [s for s in pkg.sources if s.path is not None]
    assert len(held) == 2
    assert all(s.url for s in held)


def test_every_license_and_source_is_at_the_top() -> None:
    """The Post's license and credit are the package's, and the dictionary says which resource has which."""
    descriptor = json.loads((PACKAGE / "datapackage.json").read_text())
    assert [lic["name"] for lic in descriptor["licenses"]] == ["CC-BY-4.0", "CC-BY-NC-SA-4.0"]
    assert any("Washington Post" in s["title"] for s in descriptor["sources"])
    for resource in descriptor["resources"]:
        for lic in resource.get("licenses", []):
            assert lic["name"] in {top["name"] for top in descriptor["licenses"]}
    readme = (PACKAGE / "README.md").read_text()
    assert re.search(
        r"- `incidents`: CC-BY-4\.0 for its curated rows, CC-BY-NC-SA-4\.0 .*Washington Post", readme
    )


@pytest.mark.parametrize("name", [q[0] for q in CANNED_QUERIES])
def test_every_canned_query_answers(name: str) -> None:
    """Each canned question returns at least one row on the shipped database."""
    [sql] = [q[3] for q in CANNED_QUERIES if q[0] == name]
    conn = sqlite3.connect(f"file:{PACKAGE / 'jacksonpd.db'}?mode=ro", uri=True)
    try:
        params = {k: v for k, v in PARAMETERS.items() if f":{k}" in sql}
        rows = conn.execute(sql, params).fetchall()
    finally:
        conn.close()
    assert rows, f"{name} returned no rows"


def test_rules_on_a_date_follow_the_record() -> None:
    """After DPS ended the agreement, MBI withheld names while JPD's 72-hour rule was certain."""
    [sql] = [q[3] for q in CANNED_QUERIES if q[0] == "rules_on_date"]
    conn = sqlite3.connect(f"file:{PACKAGE / 'jacksonpd.db'}?mode=ro", uri=True)
    try:
        early = {r[1]: r[10] for r in conn.execute(sql, {**PARAMETERS, "date": "2018-10-20"})}
        before = {r[1]: r[10] for r in conn.execute(sql, {**PARAMETERS, "date": "2018-01-01"})}
    finally:
        conn.close()
    assert early["city-release-within-72-hours"] == "possible"  # effective by 2018-11-01 only
    assert early["jpd-withhold-officer-names"] == "possible"
    assert before == {  # MBI's rules were stated later, their start unknown: possibly in force
        "jpd-withhold-officer-names": "certain",
        "mbi-withhold-while-pending": "possible",
        "mbi-release-on-indictment": "possible",
    }


def test_a_name_made_public_by_a_lawyer(repo: Path) -> None:
    """Before 2022-01-05 the 2018-05-09 officer's name is in no published byte; from then it is public,
    by a lawyer, with days until public and no days to release."""
    build(repo, as_of=dt.date(2021, 12, 31), force=True)
    published = b"".join(p.read_bytes() for p in sorted((repo / "datapackage").rglob("*")) if p.is_file())
    assert b"Tarrio" not in published
    incident = next(i for i in jacksonpd.load(repo / "datapackage").incidents if i.incident_id == "wapo-3682")
    assert (incident.officer_names_status, incident.days_until_public) == ("withheld", None)
    build(repo, as_of=dt.date(2022, 1, 5), force=True)
    pkg = jacksonpd.load(repo / "datapackage")
    incident = next(i for i in pkg.incidents if i.incident_id == "wapo-3682")
    assert (incident.officer_names_status, incident.days_until_public, incident.days_to_release) == (
        "public",
        (dt.date(2022, 1, 5) - dt.date(2018, 5, 9)).days,
        None,
    )
    [officer] = [o for o in pkg.officers if o.officer_id == "wapo-3682-officer-1"]
    assert (officer.name, officer.name_public_how, officer.name_released_on) == (
        "Mike Tarrio",
        "lawyer",
        None,
    )


def test_investigating_agency_reported_or_derived() -> None:
    """An incident's investigator is reported by a source or derived from the arrangement, and says which."""
    incidents = {i.incident_id: i for i in jacksonpd.load().incidents}
    reed = incidents["wapo-3682"]
    assert (reed.investigating_agency_id, reed.investigating_basis) == (
        "mississippi-bureau-of-investigation",
        "reported",
    )
    first = incidents["wapo-3143"]
    assert (first.investigating_agency_id, first.investigating_basis, first.investigating_arrangement_id) == (
        "jackson-police-department",
        "derived",
        "jpd-investigates-itself",
    )
    gap = incidents["wapo-5676"]  # after the agreement ended: who investigated is in no report
    assert (gap.investigating_agency_id, gap.investigating_basis) == (None, None)


POLICY = "seeds/policy.yaml"
BAD_POLICY = {
    "release_within without hours": (
        "    within_hours: 72\n    fatal_only",
        "    fatal_only",
        "within_hours",
    ),
    "hours on a withhold rule": (
        "    kind: withhold\n    effective_from_latest: 2018-10-15",
        "    kind: withhold\n    within_hours: 24\n    effective_from_latest: 2018-10-15",
        "within_hours",
    ),
    "an end before a start": (
        "    effective_from_latest: 2022-08-23\n    description: MBI releases",
        "    effective_from: 2022-08-23\n    effective_until: 2022-01-01\n    description: MBI releases",
        "effective_until",
    ),
    "rules for one agency that overlap with contradicting kinds": (
        "    effective_from_latest: 2018-11-01\n    applies_from",
        "    effective_from: 2018-06-01\n    applies_from",
        "kind",
    ),
    "arrangements for one agency that overlap": (
        "    effective_from: 2018-10-15\n    effective_until: 2021-07-01",
        "    effective_from: 2018-09-15\n    effective_until: 2021-07-01",
        "effective_from",
    ),
}


@pytest.mark.parametrize("name", list(BAD_POLICY))
def test_bad_rules_and_arrangements(name: str, repo: Path, take_snapshot: Callable[[Path], Snapshot]) -> None:
    """Each conflict: one located problem, a failing build, nothing published."""
    from click.testing import CliRunner

    from jacksonpd.cli import cli

    old, new, field = BAD_POLICY[name]
    path = repo / POLICY
    text = path.read_text()
    assert text.count(old) == 1
    path.write_text(text.replace(old, new))
    before = take_snapshot(repo / "datapackage")
    with pytest.raises(JacksonpdError) as info:
        build(repo)
    [problem] = info.value.problems
    assert (problem.path, problem.field) == (POLICY, field)
    assert problem.code in {"rule-conflict", "arrangement-overlap"}
    assert problem.line is not None
    result = CliRunner().invoke(cli, ["build", "--root", str(repo)])
    assert result.exit_code == 1
    assert f"{POLICY}:{problem.line}: field '{field}': found " in result.output
    assert take_snapshot(repo / "datapackage") == before
