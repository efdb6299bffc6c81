"""Incidents, officers and the release policy: names only where released, in no other byte."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from jacksonpd import build, load, validate_package
from jacksonpd.cli import cli
from jacksonpd.errors import JacksonpdError
from jacksonpd.seeds.yamlio import LazyLines
from jacksonpd.serve.app import make_datasette

from .conftest import PLANTED, PRIVATE_INCIDENTS, REPO, plant_withheld
from .test_datasette import CANNED_INCIDENT_QUERIES, Site, check_canned

FIXTURES = REPO / "tests" / "fixtures" / "incidents"
WITHHELD = PLANTED  # never released: made up at run time, in the private overlay only
LATE = "Quentin Laterelease"  # released 2019-03-01
RELEASED = ("Ophelia Ontime", "Percival Partner")  # released 2019-01-11 and -12


def with_incidents(repo: Path) -> Path:
    """Add the fictional incidents and their agency's 72-hour rule to a repository copy; the one
    whose officer's name was never made public goes into its private overlay."""
    (repo / "seeds/incidents").mkdir(exist_ok=True)
    shutil.copy(FIXTURES / "fixture-incidents.yaml", repo / "seeds/incidents/fixture-incidents.yaml")
    plant_withheld(repo)
    policy = repo / "seeds/policy.yaml"
    policy.write_text(policy.read_text() + (FIXTURES / "policy-rule.yaml").read_text())
    return repo


@pytest.fixture
def incident_repo(repo: Path) -> Path:
    """A repository copy with the fictional incidents in its seeds."""
    (repo / "seeds/incidents").mkdir(exist_ok=True)
    return with_incidents(repo)


def published_bytes(folder: Path) -> Iterator[tuple[str, bytes]]:
    """Every file a build wrote, with its bytes (the SQLite file's free pages included)."""
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            yield path.relative_to(folder).as_posix(), path.read_bytes()


def leaks(folder: Path, names: tuple[str, ...]) -> list[tuple[str, str]]:
    """Each (file, name part) where a planted name, or any word of it, appears in any form."""
    found = []
    for file, data in published_bytes(folder):
        lowered = data.lower()
        for name in names:
            for part in name.split():
                for encoding in ("utf-8", "utf-16-le"):
                    if part.lower().encode(encoding) in lowered:
                        found.append((file, part))
    return found


def test_statuses_and_days_as_of_the_inputs(incident_repo: Path) -> None:
    """By default names are published as of the latest input date: every recorded release."""
    result = build(incident_repo)
    assert result.dataset is not None
    incidents = {i.incident_id: i for i in result.dataset.incidents}
    latest_source = max(s.published_on for s in result.dataset.sources)
    assert result.dataset.as_of == max(dt.date(2019, 3, 1), latest_source)
    on_time = incidents["2019-01-10-fixture-on-time"]
    assert (on_time.officer_names_status, on_time.officer_names_released_on, on_time.days_to_release) == (
        "released",
        dt.date(2019, 1, 12),
        2,
    )
    assert (on_time.release_rule_id, on_time.release_rule_met) == ("fixture-release-within-72-hours", True)
    late = incidents["2019-02-01-fixture-late"]
    assert (late.officer_names_status, late.days_to_release, late.release_rule_met) == ("released", 28, False)
    withheld = incidents["2018-05-01-fixture-withheld"]
    assert (withheld.officer_names_status, withheld.release_rule_id, withheld.release_rule_met) == (
        "withheld",
        "jpd-withhold-officer-names",
        None,
    )
    assert withheld.investigating_agency_id == "mississippi-bureau-of-investigation"
    assert incidents["2019-02-20-fixture-no-officers"].officer_names_status == "unknown"
    assert validate_package(incident_repo / "datapackage") == []


def test_as_of_before_and_after_a_release(incident_repo: Path) -> None:
    """--as-of before the release date withholds the name; after it, publishes it."""
    runner = CliRunner()
    before = runner.invoke(cli, ["build", "--root", str(incident_repo), "--as-of", "2019-02-15"])
    assert before.exit_code == 0, before.output
    pkg = load(incident_repo / "datapackage")
    late = next(i for i in pkg.incidents if i.incident_id == "2019-02-01-fixture-late")
    assert (late.officer_names_status, late.officer_names_released_on, late.release_rule_met) == (
        "withheld",
        None,
        False,
    )  # the 72 hours had run out with no release
    assert leaks(incident_repo / "datapackage", (LATE, WITHHELD)) == []

    after = runner.invoke(cli, ["build", "--root", str(incident_repo), "--as-of", "2019-03-02"])
    assert after.exit_code == 0, after.output
    officers = {o.officer_id: o for o in load(incident_repo / "datapackage").officers}
    assert officers["2019-02-01-fixture-late-officer-1"].name == LATE
    assert officers["2019-02-01-fixture-late-officer-1"].name_released_on == dt.date(2019, 3, 1)


def test_still_within_the_deadline(incident_repo: Path) -> None:
    """Before a deadline passes, an unreleased name is withheld and the rule not yet judged."""
    build(incident_repo, as_of=dt.date(2019, 2, 2))
    late = next(i for i in load(incident_repo / "datapackage").incidents if i.incident_id.endswith("late"))
    assert (late.officer_names_status, late.release_rule_met) == ("withheld", None)


def test_withheld_names_are_in_no_published_byte(incident_repo: Path) -> None:
    """Planted names of withheld officers appear in no CSV, JSON, README, metadata or SQLite page."""
    build(incident_repo, as_of=dt.date(2019, 2, 15))
    folder = incident_repo / "datapackage"
    assert {f for f, _ in published_bytes(folder)} >= {
        "data/officers.csv",
        "datapackage.json",
        "jacksonpd.db",
        "metadata.json",
        "README.md",
    }
    assert leaks(folder, (WITHHELD, LATE)) == []
    # the scan can find what is there: the released names are published, in the CSV and the database
    assert ("data/officers.csv", "Ophelia") in leaks(folder, RELEASED)
    assert ("jacksonpd.db", "Ophelia") in leaks(folder, RELEASED)


def test_withheld_names_are_not_in_the_site(incident_repo: Path) -> None:
    """The served pages and JSON of the officers table hold no withheld name."""
    build(incident_repo, as_of=dt.date(2019, 2, 15))
    site = Site(make_datasette(incident_repo / "datapackage"))
    for path in (
        "/jacksonpd/officers",
        "/jacksonpd/officers.json",
        "/jacksonpd/incidents_detailed.csv",
        "/jacksonpd/officers/2018-05-01-fixture-withheld-officer-1",
        "/jacksonpd.json?sql=select+*+from+officers",
    ):
        text = site.get(path).text.lower()
        assert all(part.lower() not in text for n in (WITHHELD, LATE) for part in n.split()), path
    site.loop.close()


def test_error_messages_do_not_repeat_officer_values(incident_repo: Path) -> None:
    """A mistake in an officer entry is located, but the message does not quote the name."""
    path = incident_repo / PRIVATE_INCIDENTS
    path.write_text(path.read_text().replace(f"- name: {WITHHELD}", f"- name: [{WITHHELD}]"))
    with pytest.raises(JacksonpdError) as info:
        build(incident_repo)
    [problem] = info.value.problems
    assert (problem.code, problem.field) == ("type-error", "name")
    output = CliRunner().invoke(cli, ["build", "--root", str(incident_repo)]).output
    assert "fixture-withheld.yaml" in output
    surname = WITHHELD.split()[-1]
    assert surname not in output
    assert surname not in str(problem)


def test_unknown_agency_is_located(incident_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A typo'd agency id on an incident or an officer names the file, line and field, from the
    lines kept with the incidents: a large file is not read again to find them."""
    private = incident_repo / PRIVATE_INCIDENTS
    private.write_text(
        private.read_text().replace("    agency: jackson-police-department\n", "    agency: jackson-pd\n")
    )
    path = incident_repo / "seeds/incidents/fixture-incidents.yaml"
    text = path.read_text()
    text = text.replace("name_released_by: fixture-city-police-department", "name_released_by: fixture-pd", 1)
    path.write_text(text)
    line = private.read_text().splitlines().index("    agency: jackson-pd") + 1
    released_by = path.read_text().splitlines().index("        name_released_by: fixture-pd") + 1

    def read_again(self: LazyLines) -> None:
        msg = f"{self.path} was read again for a line"
        raise AssertionError(msg)

    monkeypatch.setattr(LazyLines, "_every", read_again)
    with pytest.raises(JacksonpdError) as info:
        build(incident_repo)
    assert [(p.code, p.field, p.line) for p in info.value.problems] == [
        ("unknown-reference", "name_released_by", released_by),
        ("unknown-reference", "agency", line),
    ]


def test_release_in_the_future_is_refused(incident_repo: Path) -> None:
    """A release date after today cannot have happened yet."""
    path = incident_repo / "seeds/incidents/fixture-incidents.yaml"
    path.write_text(path.read_text().replace("name_released_on: 2019-03-01", "name_released_on: 2999-03-01"))
    with pytest.raises(JacksonpdError) as info:
        build(incident_repo)
    assert [(p.code, p.field) for p in info.value.problems] == [
        ("private-name", "name"),  # not public today, so not to be committed either
        ("date-out-of-range", "name_released_on"),
    ]


@pytest.mark.parametrize("name", CANNED_INCIDENT_QUERIES)
def test_incident_canned_queries(incident_repo: Path, name: str) -> None:
    """The transparency queries return what they promise on a package with incidents."""
    build(incident_repo)
    site = Site(make_datasette(incident_repo / "datapackage"))
    data = load(incident_repo / "datapackage")
    assert data.incidents
    check_canned(name, site.rows(f"/jacksonpd/{name}.json"), data)
    site.loop.close()
