"""The Datasette site, in-process against the real published database."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from datasette.app import Datasette

from jacksonpd.dataset import Dataset
from jacksonpd.publish.datasette import CANNED_QUERIES, FACETED_ROWS, datasette_metadata, plain
from jacksonpd.publish.sqlite import FACET_COUNTS, FACETS, table_columns
from jacksonpd.serve.app import make_datasette

from .conftest import REPO

PACKAGE = REPO / "datapackage"


class Site:
    """A Datasette and one event loop to drive its in-process client from sync tests."""

    def __init__(self, ds: Datasette) -> None:
        self.ds = ds
        self.loop = asyncio.new_event_loop()
        self.loop.run_until_complete(ds.invoke_startup())

    def get(self, path: str) -> httpx.Response:
        """GET ``path`` from the site."""
        response: httpx.Response = self.loop.run_until_complete(self.ds.client.get(path))
        return response

    def rows(self, path: str) -> list[dict[str, Any]]:
        """The rows of a JSON page, as a list of objects."""
        joiner = "&" if "?" in path else "?"
        response = self.get(f"{path}{joiner}_shape=array")
        assert response.status_code == 200, response.text
        rows: list[dict[str, Any]] = response.json()
        return rows


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    """The published package, served in-process."""
    s = Site(make_datasette(PACKAGE))
    yield s
    s.loop.close()


def test_search_finds_the_mbi_agreement(site: Site) -> None:
    """Full-text search over statements finds the chief's words on an inter-local agreement."""
    rows = site.rows("/jacksonpd/statements.json?_search=inter-local+agreement")
    assert [r["statement_id"] for r in rows] == ["2018-03-19-moore-mbi-we-are-currently-discussing-with-them"]


def test_search_names_returns_the_statements_about_releasing_names(site: Site) -> None:
    """?_search=names finds the statement on the practice of not releasing officers' names."""
    rows = site.rows("/jacksonpd/statements.json?_search=names")
    assert [r["statement_id"] for r in rows] == [
        "2018-03-27-task-force-the-jackson-police-department-is-committed"
    ]
    assert "not releasing the names of officers" in rows[0]["text"]


def test_search_stems_words(site: Site) -> None:
    """The porter stemmer makes "investigate" find "investigation" too."""
    rows = site.rows("/jacksonpd/statements.json?_search=investigation")
    texts = " ".join(r["text"] for r in rows)
    assert "investigate all police officer involved shootings" in texts
    assert "fair investigation is conducted" in texts


def test_sources_are_searchable(site: Site) -> None:
    """Full-text search covers the articles' full text."""
    rows = site.rows("/jacksonpd/sources.json?_search=Citizens+Police+Academy")
    assert [r["source_id"] for r in rows] == ["2018-03-19-moore-mbi"]


def test_statement_row_shows_its_speakers_name(site: Site) -> None:
    """A statement's speaker_id is labelled with the person's name through the foreign key."""
    sid = "2018-03-19-moore-mbi-they-can-call-me"
    data = site.rows(f"/jacksonpd/statements.json?statement_id={sid}&_labels=on")
    assert data[0]["speaker_id"] == {"value": "anthony-moore", "label": "Anthony Moore"}
    assert data[0]["source_id"]["label"].startswith("Jackson Police Chief Anthony Moore announces")
    page = site.get(f"/jacksonpd/statements/{sid}").text
    assert "Anthony Moore" in page
    assert 'href="/jacksonpd/sources/2018-03-19-moore-mbi"' in page


CANNED_INCIDENT_QUERIES = (
    "incidents_investigators",
    "incidents_by_investigator",
    "names_withheld_or_released",
    "days_to_release",
)


def check_canned(name: str, rows: list[dict[str, Any]], data: Dataset) -> None:
    """Assert that a canned query's rows are exactly what its title promises, from the records."""
    incidents = sorted(i.incident_id for i in data.incidents)
    names = {o.organization_id: o.name for o in data.organizations}
    if name == "names_release":
        words = re.compile(r"\b(?:name[sd]?|naming|anonymous|releas(?:e|es|ed|ing))\b", re.IGNORECASE)
        expected = sorted(
            [s.statement_id for s in data.statements if "names" in s.text or "anonymous" in s.text]
            + [
                p.policy_id
                for p in data.policies
                if words.search(f"{p.title} {p.description} {p.text or ''}")
            ]
        )
        assert "jpd-officer-name-withholding" in expected
        assert sorted(r["id"] for r in rows) == expected
    elif name == "story_timeline":
        assert len(rows) == len(data.events) + len(data.policies) + len(data.statements)
        assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
    elif name == "figures_cited":
        assert sorted(r["figure_id"] for r in rows) == sorted(f.figure_id for f in data.figures)
    elif name in ("incidents_investigators", "days_to_release"):
        assert sorted(r["incident_id"] for r in rows) == incidents
    elif name == "incidents_by_investigator":
        counts: dict[tuple[str | None, str], int] = {}
        for i in data.incidents:
            key = (names.get(i.agency_id or ""), names.get(i.investigating_agency_id or "", "not known"))
            counts[key] = counts.get(key, 0) + 1
        assert {(r["agency"], r["investigated_by"]): r["incidents"] for r in rows} == counts
    elif name == "names_withheld_or_released":
        status: dict[tuple[str | None, str], int] = {}
        for i in data.incidents:
            key = (names.get(i.agency_id or ""), i.officer_names_status.value)
            status[key] = status.get(key, 0) + 1
        assert {(r["agency"], r["officer_names_status"]): r["incidents"] for r in rows} == status
    elif name == "officers_named":
        public = sorted(o.officer_id for o in data.officers if o.name_public_on is not None)
        assert public
        assert sorted(r["name"] for r in rows) == sorted(
            o.name for o in data.officers if o.name_public_on is not None and o.name
        )
    elif name == "investigated_under":
        assert sorted(r["incident_id"] for r in rows) == incidents
        derived = {i.incident_id: i.investigating_arrangement_id for i in data.incidents}
        assert {r["incident_id"]: r["arrangement_id"] for r in rows} == derived
    elif name == "rules_on_date":  # asked for 2018-10-20 (see the test)
        on = dt.date(2018, 10, 20)
        possible = sorted(
            r.rule_id
            for r in data.release_rules
            if (r.effective_from or r.effective_from_earliest or dt.date.min) <= on
            and on <= (r.effective_until or r.effective_until_latest or dt.date.max)
        )
        assert sorted(r["rule_id"] for r in rows) == possible
    elif name == "statements_by_speaker":
        expected = sorted(s.statement_id for s in data.statements if s.speaker_id == "anthony-moore")
        assert sorted(r["statement_id"] for r in rows) == expected
    else:
        msg = f"no expectation for the canned query {name}"
        raise AssertionError(msg)


@pytest.mark.parametrize("name", [q[0] for q in CANNED_QUERIES])
def test_canned_query_returns_what_it_promises(name: str, site: Site, seeds_dataset: Dataset) -> None:
    """Every canned query runs and returns exactly the rows its title promises (on one page of
    the largest size: the shipped package's answers are all shorter)."""
    rows = site.rows(f"/jacksonpd/{name}.json?speaker=Moore&date=2018-10-20&_size=max")
    check_canned(name, rows, seeds_dataset)


def test_figures_query_keeps_the_printed_number(site: Site) -> None:
    """The figures query shows "3, 147" as printed beside its value and period."""
    rows = site.rows("/jacksonpd/figures_cited.json")
    shots = next(r for r in rows if r["metric"] == "shots fired cases")
    assert (shots["as_printed"], shots["value"], shots["period_start"], shots["period_end"]) == (
        "3, 147",
        3147.0,
        "2017-07-01",
        "2018-03-19",
    )
    assert shots["cited_by"] == "Anthony Moore"


def test_every_column_has_its_schema_description(site: Site) -> None:
    """The served metadata describes every column of every table in the schema's own words
    (as a reader sees them: without Markdown's backticks)."""
    metadata = site.get("/-/metadata.json").json()["databases"]["jacksonpd"]["tables"]
    descriptor = json.loads((PACKAGE / "datapackage.json").read_text())
    for resource in descriptor["resources"]:
        served = metadata[resource["name"]]["columns"]
        assert served == {f["name"]: plain(f["description"]) for f in resource["schema"]["fields"]}
        assert not any("`" in d for d in served.values())
    conn = sqlite3.connect(PACKAGE / "jacksonpd.db")
    visible = [
        r[0]
        for r in conn.execute(
            "select name from sqlite_master where type in ('table', 'view') and name not like '%_fts%' "
            "and name not like 'sqlite_%'"  # SQLite's own statistics (Datasette hides them)
        )
    ]
    for name in visible:
        columns = [r[1] for r in conn.execute(f"pragma table_info([{name}])")]
        assert set(metadata[name]["columns"]) == set(columns), name
        assert all(metadata[name]["columns"].values()), name


def test_each_table_links_its_csv_and_the_database(site: Site) -> None:
    """Table pages link the published CSV; the links and the database download work."""
    page = site.get("/jacksonpd/statements").text
    assert 'href="/datapackage/data/statements.csv"' in page
    csv_response = site.get("/datapackage/data/statements.csv")
    assert csv_response.status_code == 200
    assert csv_response.content == (PACKAGE / "data/statements.csv").read_bytes()
    database_page = site.get("/jacksonpd").text
    assert 'href="/jacksonpd.db"' in database_page
    download = site.get("/jacksonpd.db")
    assert download.status_code == 200
    assert download.content[:16] == b"SQLite format 3\x00"


def test_views_for_readers(site: Site) -> None:
    """statements_detailed joins speaker, organization and source; timeline is in date order."""
    rows = site.rows("/jacksonpd/statements_detailed.json?statement_id=2018-03-19-moore-mbi-they-can-call-me")
    assert rows[0]["speaker"] == "Anthony Moore"
    assert rows[0]["organization"] == "Jackson Police Department"
    assert rows[0]["date"] == "2018-03-19"  # said_on unknown: the source's date
    timeline = site.rows("/jacksonpd/timeline.json?_size=max")
    assert [r["date"] for r in timeline] == sorted(r["date"] for r in timeline)


@pytest.mark.parametrize(
    ("path", "status", "says"),
    [
        (
            "/jacksonpd.json?sql=insert+into+people+values+('x','X',null,null)",
            400,
            "Statement must be a SELECT",
        ),
        ("/jacksonpd.json?sql=delete+from+statements", 400, "Statement must be a SELECT"),
        (
            "/jacksonpd.json?sql=with+recursive+c(x)+as+(select+1+union+all+select+x%2B1+from+c)"
            "+select+count(*)+from+c",
            400,
            "SQL query took too long",
        ),
        ("/jacksonpd/no_such_table", 404, "Table not found"),
        ("/jacksonpd.json?sql=select+*+from+no_such_table", 400, "no such table"),
    ],
)
def test_bad_requests_get_clear_errors(site: Site, path: str, status: int, says: str) -> None:
    """Writes, runaway queries and unknown tables are refused clearly, and the site stays up."""
    response = site.get(path)
    assert response.status_code == status
    assert says in response.text
    assert site.get("/jacksonpd/people.json").status_code == 200


def test_table_pages_take_row_counts_from_the_inspected_database(
    site: Site, seeds_dataset: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counts are taken once, as the site starts: a table page does not count its rows again."""
    inspected = site.ds.inspect_data["jacksonpd"]
    assert inspected["tables"]["statements"]["count"] == len(seeds_dataset.statements)
    assert inspected["size"] == (PACKAGE / "jacksonpd.db").stat().st_size
    page = site.get("/jacksonpd/statements.json?_size=1").json()
    assert page["filtered_table_rows_count"] == len(seeds_dataset.statements)
    # Proof that the page reads the inspected count rather than running count(*):
    monkeypatch.setitem(inspected["tables"]["statements"], "count", 123_456)
    page = site.get("/jacksonpd/statements.json?_size=1").json()
    assert page["filtered_table_rows_count"] == 123_456
    filtered = site.get("/jacksonpd/statements.json?_size=1&kind=quote").json()  # filtered: counted
    assert filtered["filtered_table_rows_count"] == sum(s.kind == "quote" for s in seeds_dataset.statements)


def test_large_tables_get_no_default_facets() -> None:
    """Default facets count every row on every page view: above FACETED_ROWS, readers ask for them."""
    descriptor = json.loads((PACKAGE / "datapackage.json").read_text(encoding="utf-8"))
    columns = table_columns(PACKAGE / "jacksonpd.db")
    small = datasette_metadata(descriptor, columns)["databases"]["jacksonpd"]["tables"]
    large = datasette_metadata(descriptor, columns, {"statements": FACETED_ROWS + 1})["databases"]
    assert small["statements"]["facets"] == [{"stored": c} for c in FACETS["statements"]]
    assert large["jacksonpd"]["tables"]["statements"]["facets"] == []
    assert large["jacksonpd"]["tables"]["events"]["facets"] == small["events"]["facets"] != []


def test_every_facet_counts_over_an_index() -> None:
    """Each default facet's column is indexed, so a facet reads an index, not the table."""
    conn = sqlite3.connect(f"file:{PACKAGE / 'jacksonpd.db'}?mode=ro", uri=True)
    try:
        for table, columns in FACETS.items():
            for column in columns:
                plan = conn.execute(
                    f"explain query plan select [{column}], count(*) from [{table}] group by [{column}]"
                ).fetchall()
                assert any("COVERING INDEX" in row[-1] for row in plan), (table, column, plan)
    finally:
        conn.close()


def _facet_values(page: dict[str, Any], column: str) -> list[tuple[Any, Any, int, bool]]:
    facet = page["facet_results"][column]
    return [(r["value"], r["label"], r["count"], r["selected"]) for r in facet["results"]]


@pytest.mark.parametrize(
    ("table", "column"), [(table, column) for table, columns in FACETS.items() for column in columns]
)
def test_stored_facet_counts_are_the_counted_ones(site: Site, table: str, column: str) -> None:
    """On a whole table the facet reads the build's counts; they equal what Datasette counts."""
    whole = site.get(f"/jacksonpd/{table}.json?_facet={column}&_size=0").json()
    counted = site.get(f"/jacksonpd/{table}.json?_facet={column}&_size=0&_where=1").json()  # filtered
    assert _facet_values(whole, column) == _facet_values(counted, column)
    assert whole["facet_results"][column]["truncated"] == counted["facet_results"][column]["truncated"]


def test_whole_table_facets_read_the_stored_counts(tmp_path: Path) -> None:
    """Proof of which path each page takes: stored counts on the whole table, counted when filtered."""
    folder = tmp_path / "datapackage"
    shutil.copytree(PACKAGE, folder)
    conn = sqlite3.connect(folder / "jacksonpd.db")
    with conn:
        conn.execute(f"update [{FACET_COUNTS}] set count = 999 where table_name = 'statements'")
    conn.close()
    s = Site(make_datasette(folder))
    try:
        whole = s.get("/jacksonpd/statements.json?_facet=kind&_size=0").json()
        assert {count for _, _, count, _ in _facet_values(whole, "kind")} == {999}
        searched = s.get("/jacksonpd/statements.json?_facet=kind&_size=0&_search=names").json()
        assert 999 not in {count for _, _, count, _ in _facet_values(searched, "kind")}
    finally:
        s.loop.close()
