"""A build keeps records on disk as it reads them (jacksonpd.publish.rows): nothing is lost or
changed on the way from the seeds to the CSVs and the database."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest

from jacksonpd.build import build
from jacksonpd.collect.tree import read_seeds
from jacksonpd.dataset import load
from jacksonpd.errors import JacksonpdError

from .conftest import give_an_id_twice
from .test_incidents import with_incidents

# Every kind of value the store converts: whole and fractional numbers, both booleans and none.
VALUES = """
  - id: 2019-02-20-fixture-values
    occurred_on: 2019-02-20
    kind: officer_involved_shooting
    city: Jackson
    state: MS
    latitude: 32.2988
    longitude: -90
    agency: jackson-police-department
    fatal: true
    body_camera: false
    officers: []
"""


@pytest.fixture
def values_repo(repo: Path) -> Path:
    (repo / "seeds/incidents").mkdir(exist_ok=True)
    with_incidents(repo)
    incidents = repo / "seeds/incidents/fixture-incidents.yaml"
    incidents.write_text(incidents.read_text(encoding="utf-8") + VALUES, encoding="utf-8")
    return repo


def test_the_package_holds_exactly_the_records_read(values_repo: Path) -> None:
    build(values_repo)
    read = read_seeds(values_repo / "seeds")
    published = load(values_repo / "datapackage")
    assert published == read
    assert published.as_of == read.as_of
    values = next(i for i in read.incidents if i.incident_id == "2019-02-20-fixture-values")
    assert (
        values.latitude,
        values.longitude,
        values.fatal,
        values.body_camera,
        values.mental_illness_related,
    ) == (
        32.2988,
        -90,
        True,
        False,
        None,
    )


def test_csv_cells_are_written_as_people_print_them(values_repo: Path) -> None:
    build(values_repo)
    with (values_repo / "datapackage/data/incidents.csv").open(encoding="utf-8", newline="") as f:
        row = next(r for r in csv.DictReader(f) if r["incident_id"] == "2019-02-20-fixture-values")
    assert (row["latitude"], row["longitude"], row["fatal"], row["body_camera"]) == (
        "32.2988",
        "-90",
        "true",
        "false",
    )
    assert row["mental_illness_related"] == ""


def test_database_rows_follow_the_ids(values_repo: Path) -> None:
    """Rows are inserted sorted by primary key, so rowids follow the ids whatever the reading order."""
    build(values_repo)
    conn = sqlite3.connect(values_repo / "datapackage/jacksonpd.db")
    try:
        for table, key in (
            ("statements", "statement_id"),
            ("incidents", "incident_id"),
            ("people", "person_id"),
        ):
            ids = [r[0] for r in conn.execute(f"select {key} from {table} order by rowid")]
            assert ids == sorted(ids)
            assert ids
        links = conn.execute(
            "select incident_id, officer_id from incident_officers order by rowid"
        ).fetchall()
        assert links == sorted(links)
        assert links
    finally:
        conn.close()


def test_an_id_given_twice_is_reported_the_same_by_the_build_and_the_reader(repo: Path) -> None:
    """The build finds duplicates in its store; read_seeds, in memory. Same problems, same order."""
    give_an_id_twice(repo)
    with pytest.raises(JacksonpdError) as built:
        build(repo)
    with pytest.raises(JacksonpdError) as read:
        read_seeds(repo / "seeds")
    assert built.value.problems == read.value.problems
    duplicates = [p for p in built.value.problems if p.code == "duplicate-id"]
    again = "seeds/annotations/2018-03-20-moore-mbi-again.yaml"
    assert [(p.path, p.found) for p in duplicates] == [
        (again, '"same-statement" (statements)'),
        (again, '"jpd-mbi-investigation-agreement" (policies)'),  # policies' ids are given
        (again, '"jpd-citizens-police-academy" (policies)'),
    ]
    assert duplicates[0].expected is not None
    assert "seeds/annotations/2018-03-19-moore-mbi.yaml:" in duplicates[0].expected


def test_ids_and_dates_looked_up_in_the_store_are_those_held_without_one(repo: Path, tmp_path: Path) -> None:
    """With a store, the ids of sources and policies and each source's date are looked up in its
    rows rather than held: they are those a collection without a store holds, an id given twice
    keeps its last date, and dates given beside them come first."""
    import datetime as dt

    import attrs

    from jacksonpd.collect.collected import _Collected
    from jacksonpd.publish.rows import RowStore
    from jacksonpd.schemas import load_schemas

    dataset = read_seeds(repo / "seeds")
    first = dataset.sources[0]
    again = attrs.evolve(first, published_on=first.published_on - dt.timedelta(days=3))
    store = RowStore(tmp_path / "rows.sqlite", load_schemas(repo / "schemas"))
    stored, held = _Collected(store), _Collected()
    for out in (stored, held):
        for record in (*dataset.sources, again):
            out.add_at(record.path or "seeds", record, check=False)
        for policy in dataset.policies:
            out.add_at("p:1", policy, check=False)
    for resource in ("sources", "policies"):
        assert set(stored.referred[resource]) == set(held.referred[resource])
        assert len(stored.referred[resource]) == len(held.referred[resource]) > 0
        assert "no-such-id" not in stored.referred[resource]
    more = {"a-cited-report": dt.date(2020, 1, 2), first.source_id: dt.date(2001, 1, 1)}
    dates, expected = stored.source_dates(more), held.source_dates(more)
    assert dict(dates) == dict(expected)
    assert dates[dataset.sources[-1].source_id] == dataset.sources[-1].published_on
    assert stored.source_dates({})[first.source_id] == again.published_on  # the last one kept
    assert dates[first.source_id] == dt.date(2001, 1, 1)
    assert "no-such-id" not in dates
    with pytest.raises(KeyError):
        dates["no-such-id"]
    store.close()
