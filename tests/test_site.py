"""What a reader meets on the site, in-process: prose, names, dates and links (see also
tests/test_browser.py for the same pages in Chromium)."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from jacksonpd.publish.datasette import CANNED_QUERIES, DATA_DICTIONARY
from jacksonpd.serve.app import make_datasette
from jacksonpd.serve.plugin import MAP, dictionary_html

from .conftest import REPO
from .sitefixture import ARTICLE_URL, WITHHELD, site_package
from .test_datasette import Site

SHA256 = re.compile(r"\b[0-9a-f]{64}\b")


def visible(html: str) -> str:
    """The text of a page as a browser shows it, roughly: no tags, scripts, styles or closed
    details' content."""
    html = re.sub(r"<(script|style|title)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"<details\b.*?</summary>(.*?)</details>", " ", html, flags=re.S)
    html = re.sub(r"<!--.*?-->", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    """The published package, served in-process."""
    s = Site(make_datasette(REPO / "datapackage"))
    yield s
    s.loop.close()


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The fixture package (incidents with places, a source with its address), in-process."""
    s = Site(make_datasette(site_package(tmp_path_factory.mktemp("site"))))
    yield s
    s.loop.close()


def test_home_page_leads_with_the_questions_then_the_timeline(site: Site) -> None:
    """The home page lists every canned question, the timeline's first items, then the tables."""
    page = site.get("/")
    assert page.status_code == 200
    text = visible(page.text)
    for _, title, _, _ in CANNED_QUERIES:
        assert title.replace("'", "&#39;") in text
    assert text.index("Questions this site answers") < text.index("The story, as it unfolded")
    assert text.index("The story, as it unfolded") < text.index("The data")
    assert "rows in" not in text
    assert "hidden table" not in text
    assert 'href="/jacksonpd/statements"' in page.text
    assert 'href="/datapackage/jacksonpd.xlsx"' in page.text
    assert site.get("/datapackage/jacksonpd.xlsx").status_code == 200


def test_no_backticks_or_hashes_in_what_a_reader_sees(site: Site) -> None:
    """Descriptions are rendered, hashes shortened (the whole one click away), on every table."""
    paths = ["/", "/jacksonpd", DATA_DICTIONARY, "/jacksonpd/sources/2018-03-19-moore-mbi"]
    paths += [f"/jacksonpd/{t}" for t in ("sources", "statements", "incidents", "timeline")]
    for path in paths:
        page = site.get(path)
        assert page.status_code == 200, path
        text = visible(page.text)
        assert "`" not in text, path
        assert not SHA256.search(text), path
    source = site.get("/jacksonpd/sources/2018-03-19-moore-mbi").text
    digest = (
        sqlite3.connect(REPO / "datapackage/jacksonpd.db")
        .execute("select sha256 from sources where source_id = '2018-03-19-moore-mbi'")
        .fetchone()[0]
    )
    assert f"<summary>{digest[:12]}…</summary><code>{digest}</code>" in source


@pytest.mark.parametrize("name", [q[0] for q in CANNED_QUERIES])
def test_canned_queries_hide_their_sql(site: Site, name: str) -> None:
    """A question's page shows its answer, not its SQL, which is one click away ("show")."""
    page = site.get(f"/jacksonpd/{name}?speaker=Moore")
    assert page.status_code == 200
    text = visible(page.text)
    assert f'href="/jacksonpd/{name}?speaker=Moore&amp;_show_sql=1">show</a>' in page.text
    assert not re.search(r"\bselect\b", text.lower())
    shown = visible(site.get(f"/jacksonpd/{name}?speaker=Moore&_show_sql=1").text)
    assert re.search(r"\bselect\b", shown.lower())


def test_numbers_and_booleans_as_people_write_them(fixture_site: Site) -> None:
    """1300.0 is shown as 1,300, and a boolean as yes or no."""
    figures = visible(fixture_site.get("/jacksonpd/figures").text)
    assert "3,147" in figures
    assert "1,300" in figures
    assert "3147.0" not in figures
    assert "1300.0" not in figures
    incident = fixture_site.get("/jacksonpd/incidents/2019-03-02-fixture-placed-address").text
    assert re.search(r'class="col-fatal type-int">yes</td>', incident)
    other = fixture_site.get("/jacksonpd/incidents/2019-04-05-fixture-placed-road").text
    assert re.search(r'class="col-fatal type-int">no</td>', other)


def test_views_are_searchable_and_link_their_ids(site: Site) -> None:
    """Both views have a search box; a search finds what the tables' search finds, and ids link."""
    for view in ("statements_detailed", "timeline"):
        page = site.get(f"/jacksonpd/{view}").text
        assert 'name="_search"' in page, view
        assert 'data-column="search_rowid"' not in page, view
        assert "col-search_rowid" not in page, view
    detailed = site.rows("/jacksonpd/statements_detailed.json?_search=inter-local+agreement")
    assert [r["statement_id"] for r in detailed] == [
        "2018-03-19-moore-mbi-we-are-currently-discussing-with-them"
    ]
    timeline = site.rows("/jacksonpd/timeline.json?_search=names&_size=max")
    assert {"statement", "policy"} <= {r["item"] for r in timeline}
    assert all(re.search(r"\bnam(e|es|ed|ing)\b", r["title"].lower()) for r in timeline)  # stemmed
    page = site.get("/jacksonpd/timeline?_search=names").text
    for r in timeline:
        table = {"statement": "statements", "policy": "policies", "event": "events"}[r["item"]]
        assert f'href="/jacksonpd/{table}/{r["id"]}"' in page
    page = site.get("/jacksonpd/statements_detailed").text
    assert 'href="/jacksonpd/people/anthony-moore"' in page
    assert 'href="/jacksonpd/sources/2018-03-19-moore-mbi"' in page


def test_statements_read_in_the_order_of_their_articles(site: Site) -> None:
    """The readers' view lists statements article by article, each in the article's order; the
    table lists them by source, whose ids begin with the source's date."""
    rows = site.rows("/jacksonpd/statements_detailed.json?_size=max")
    conn = sqlite3.connect(REPO / "datapackage/jacksonpd.db")
    starts = dict(conn.execute("select statement_id, start from statements").fetchall())
    keys = [(r["source_id"], starts[r["statement_id"]]) for r in rows]
    assert keys == sorted(keys)
    assert len(keys) == len(starts)
    dates = [r["published_on"] for r in rows]
    assert dates == sorted(dates)
    table = site.get("/jacksonpd/statements.json?_size=max&_shape=array").json()
    sources = [r["source_id"] for r in table]
    assert sources == sorted(sources)


def test_timeline_tells_happened_on_from_reported_on(site: Site) -> None:
    """An item without a date of its own is placed on its source's date, says so, and claims
    no precision; dated items keep theirs."""
    conn = sqlite3.connect(REPO / "datapackage/jacksonpd.db")
    undated = {r[0] for r in conn.execute("select statement_id from statements where said_on is null")}
    undated |= {r[0] for r in conn.execute("select policy_id from policies where announced_on is null")}
    assert undated
    rows = site.rows("/jacksonpd/timeline.json?_size=max")
    for r in rows:
        if r["id"] in undated:
            assert (r["date_means"], r["date_precision"]) == ("reported on", None), r
        elif r["item"] == "event":
            # An event known only by a bound ("in force by 2018-05-09") says it is a bound.
            assert r["date_means"] in ("happened on", "scheduled for", "happened by", "happened after")
            assert r["date_precision"] is not None
    home = visible(site.get("/").text)
    assert "reported on 2018-03-19" in home


def test_a_statement_links_its_original_article(fixture_site: Site) -> None:
    """Where the source has an address, a statement's page links the original article."""
    page = fixture_site.get("/jacksonpd/statements/2018-03-19-moore-mbi-they-can-call-me").text
    assert f'<a class="original" href="{ARTICLE_URL}">read the original article</a>' in page
    assert 'href="/jacksonpd/people/anthony-moore">Anthony Moore</a>' in page
    other = fixture_site.get(
        "/jacksonpd/statements/2018-03-27-task-force-the-jackson-police-department-is-committed"
    )
    assert other.status_code == 200
    url = fixture_site.rows("/jacksonpd/sources.json?source_id=2018-03-27-task-force")[0]["url"]
    assert f'<a class="original" href="{url}">' in other.text  # its own article's address
    cited = fixture_site.rows("/jacksonpd/sources.json?kind=cited&_size=1")[0]
    assert cited["text"] is None  # a cited source is linked, never reproduced


def test_row_pages_read_down_the_page(fixture_site: Site) -> None:
    """A wide record (an incident) is laid out field by field, each with its description."""
    page = fixture_site.get("/jacksonpd/incidents/2019-03-02-fixture-placed-address").text
    assert 'class="rows-and-columns jacksonpd-record"' in page
    assert page.count('<th scope="row"') == len(
        fixture_site.get("/jacksonpd/incidents.json?_size=1").json()["columns"]
    )


def test_map_has_one_marker_per_incident_with_coordinates(fixture_site: Site) -> None:
    """The map page holds one marker per placed incident, linked, with its location's precision."""
    page = fixture_site.get(MAP)
    assert page.status_code == 200
    markers = re.search(r"const markers = (\[.*?\]);", page.text, flags=re.S)
    assert markers is not None
    placed = fixture_site.rows("/jacksonpd/incidents.json?_where=latitude+is+not+null&_size=max")
    found = json.loads(markers.group(1))
    assert sorted(m["incident_id"] for m in found) == sorted(r["incident_id"] for r in placed)
    precisions = {(r["location_precision"] or "not stated").replace("_", " ") for r in placed}
    assert {m["location_precision"] for m in found} == precisions >= {"address", "road"}
    for m in found:
        assert m["url"] == f"/jacksonpd/incidents/{m['incident_id']}"
    unplaced = fixture_site.rows("/jacksonpd/incidents.json?_where=latitude+is+null&_size=max")
    assert f"{len(unplaced)} incidents have no known place" in page.text
    assert WITHHELD not in page.text
    assert "/-/static-plugins/datasette-leaflet/leaflet-v1.7.1.js" in page.text
    leaflet = fixture_site.get("/-/static-plugins/datasette-leaflet/leaflet-v1.7.1.js")
    assert leaflet.status_code == 200
    assert b"Leaflet" in leaflet.content


def test_data_dictionary_is_a_page_of_the_site(site: Site) -> None:
    """The data dictionary is HTML, with every table and its links pointing at the served files."""
    page = site.get(DATA_DICTIONARY)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "<table>" in page.text
    assert "<code>statement_id</code>" in page.text
    assert 'href="/datapackage/data/statements.csv"' in page.text
    assert "How to cite" in page.text
    assert site.get("/datapackage/data/statements.csv").status_code == 200
    assert 'href="/-/data-dictionary"' in site.get("/jacksonpd").text


def test_dictionary_links_only_rewrite_relative_paths() -> None:
    """Relative links go to the served package; absolute ones and anchors are kept."""
    html = dictionary_html("[a](data/a.csv) [b](https://example.org/b) [c](#c) [d](/x)")
    assert 'href="/datapackage/data/a.csv"' in html
    assert 'href="https://example.org/b"' in html
    assert 'href="#c"' in html
    assert 'href="/x"' in html


def test_pages_need_no_import_once_started(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Once the site has started, no page imports a module (a reinstall under a running site
    cannot make pages fail)."""
    import builtins
    import sys

    s = Site(make_datasette(REPO / "datapackage"))
    try:
        before = set(sys.modules)
        real_import = builtins.__import__

        def guarded(name: str, *args: object, **kwargs: object) -> object:
            if name not in sys.modules and name.split(".")[0] in ("jacksonpd", "markdown_it"):
                msg = f"a page imported {name}"
                raise ImportError(msg)
            return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(builtins, "__import__", guarded)
        for path in (
            "/",
            "/jacksonpd",
            "/jacksonpd/statements?_facet=kind",
            "/jacksonpd/statements/2018-03-19-moore-mbi-they-can-call-me",
            "/jacksonpd/timeline?_search=names",
            "/jacksonpd/names_release",
            "/jacksonpd/statements?_sort=nope",
            DATA_DICTIONARY,
            MAP,
        ):
            response = s.get(path)
            assert response.status_code in (200, 400), (path, response.status_code)
        new = {m for m in set(sys.modules) - before if m.split(".")[0] in ("jacksonpd", "markdown_it")}
        assert not new
    finally:
        s.loop.close()


def test_a_views_own_index_holds_what_the_view_shows() -> None:
    """Each view's search index is keyed and worded exactly as the view's rows (it is built from
    the tables, not the view, for speed)."""
    from jacksonpd.publish.sqlite import VIEWS

    conn = sqlite3.connect(REPO / "datapackage/jacksonpd.db")
    for view in VIEWS:
        if not view.searched:
            continue
        cols = ", ".join(view.searched)
        shown = sorted(conn.execute(f"select search_rowid, {cols} from {view.name}").fetchall())
        assert shown == sorted(conn.execute(view.search_rows).fetchall()), view.name
        (indexed,) = conn.execute(f"select count(*) from {view.name}_fts").fetchone()
        assert indexed == len(shown)


def test_home_page_without_the_timeline_when_it_takes_too_long(monkeypatch: pytest.MonkeyPatch) -> None:
    """A timeline too long to sort in time leaves the home page its questions (the timeline
    among them), and is not tried again on the next view."""
    from datasette.database import Database, QueryInterrupted

    tried = []
    real = Database.execute

    async def slow(self: Database, sql: str, *args: object, **kwargs: object) -> object:
        if "from timeline limit" in sql:
            tried.append(sql)
            raise QueryInterrupted(None, sql, args)
        return await real(self, sql, *args, **kwargs)

    monkeypatch.setattr(Database, "execute", slow)
    s = Site(make_datasette(REPO / "datapackage"))
    try:
        for _ in range(2):
            page = s.get("/")
            assert page.status_code == 200
            text = visible(page.text)
            assert "Questions this site answers" in text
            assert "The story, as it unfolded" not in text
        assert len(tried) == 1
    finally:
        s.loop.close()
