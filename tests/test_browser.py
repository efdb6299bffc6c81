"""A person's path through the site, in a real browser: home, search, a statement, its article,
the map and the data dictionary, each page's screenshot kept in build/screenshots/.

Runs `jacksonpd serve` as a real process on 127.0.0.1 and drives Debian's Chromium through
Playwright. Skipped where Chromium is not installed, except in CI, where it must run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator

import httpx
import pytest

from jacksonpd.publish.datasette import CANNED_QUERIES
from jacksonpd.serve.plugin import MAP

from .conftest import REPO, free_port
from .sitefixture import ARTICLE_URL, WITHHELD, site_package

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None and not os.environ.get("CI"):
    pytest.skip("Chromium is not installed (apt-get install chromium)", allow_module_level=True)

from playwright.sync_api import Page, expect, sync_playwright  # noqa: E402

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


#: Where the tests leave their screenshots (git ignores build/), to look at after a run.
SCREENSHOTS = REPO / "build" / "screenshots"
SHA256 = re.compile(r"\b[0-9a-f]{64}\b")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`jacksonpd serve` running as its own process over the fixture package (incidents with
    places, a source with its address); yields its base URL."""
    root = tmp_path_factory.mktemp("site")
    site_package(root)
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "jacksonpd", "serve", "--root", str(root), "--no-build", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if httpx.get(f"{url}/-/versions.json", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            process.kill()
            output = process.communicate()[0].decode()
            pytest.fail(f"jacksonpd serve did not start:\n{output}")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def page() -> Iterator[Page]:
    """A Chromium page (no network beyond the site: map tiles are not fetched)."""
    assert CHROMIUM is not None, "CI must have Chromium: .ci/run installs it"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.route(
            re.compile(r"^https?://(?!127\.0\.0\.1)"), lambda route: route.abort()
        )  # the site itself needs nothing from elsewhere
        yield context.new_page()
        browser.close()


def seen(page: Page, name: str) -> str:
    """What a person sees on the page (its rendered text), with a screenshot kept as ``name``;
    asserts it shows no Markdown backticks and no SHA-256."""
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    assert (SCREENSHOTS / f"{name}.png").stat().st_size > 10_000
    text = page.locator("body").inner_text()
    assert "`" not in text, name
    assert not SHA256.search(text), name
    return text


def test_home_page_leads_with_the_questions(server: str, page: Page) -> None:
    """The home page shows the questions first, then the timeline, then the tables."""
    page.goto(server)
    expect(page.locator("h1")).to_contain_text("Police transparency in Jackson, Mississippi")
    text = seen(page, "home")
    for _, title, _, _ in CANNED_QUERIES:
        assert title in text
    assert text.index("Questions this site answers") < text.index("The story, as it unfolded")
    assert "reported on 2018-03-19" in text
    assert "hidden table" not in text


def test_search_a_statement_and_read_its_article(server: str, page: Page) -> None:
    """Home page -> statements -> search -> one statement -> its source and the original article."""
    page.goto(server)
    page.get_by_role("link", name="Statements", exact=True).first.click()
    page.locator("input[name=_search]").fill("inter-local agreement")
    page.locator("input[name=_search]").press("Enter")
    expect(page.locator("h3").first).to_contain_text("1 row")
    seen(page, "search")

    page.locator("td.col-statement_id a").first.click()
    text = seen(page, "statement")
    assert "Anthony Moore" in text
    original = page.get_by_role("link", name="read the original article")
    expect(original).to_have_attribute("href", ARTICLE_URL)
    page.locator("td.col-source_id a").first.click()

    expect(page.locator("h1")).to_contain_text("sources: 2018-03-19-moore-mbi")
    expect(page.locator("td.col-headline")).to_contain_text("Jackson Police Chief Anthony Moore announces")
    expect(page.locator("td.col-text")).to_contain_text("A meeting is set for Tuesday to finalize plans")
    seen(page, "article")


def test_canned_question_from_the_home_page(server: str, page: Page) -> None:
    """The names question is one click from the home page, answers without showing its SQL."""
    page.goto(server)
    page.get_by_role("link", name="What was said about releasing officers' names").click()
    expect(page.locator("table.rows-and-columns")).to_contain_text("not releasing the names of officers")
    text = seen(page, "names")
    assert "select" not in text.split("Custom SQL")[-1].lower().split("this data as")[0]


def test_map_shows_one_marker_per_placed_incident(server: str, page: Page) -> None:
    """The map draws one marker per incident with coordinates; a marker opens its incident."""
    page.goto(f"{server}{MAP}")
    markers = page.locator(".leaflet-marker-icon")
    query = "/jacksonpd/incidents.json?_where=latitude+is+not+null&_size=max&_shape=array&_col=incident_id"
    with urllib.request.urlopen(f"{server}{query}") as answer:
        placed = sorted(r["incident_id"] for r in json.load(answer))
    assert {"2019-03-02-fixture-placed-address", "2019-04-05-fixture-placed-road"} <= set(placed)
    expect(markers).to_have_count(len(placed))
    assert sorted(m.get_attribute("title") or "" for m in markers.all()) == placed
    text = seen(page, "map")
    assert "location precision: address" in text
    assert "location precision: road" in text
    assert WITHHELD not in text
    page.locator('.leaflet-marker-icon[title="2019-03-02-fixture-placed-address"]').click()
    popup = page.locator(".leaflet-popup-content a")
    expect(popup).to_have_count(1)
    popup.click()
    expect(page.locator("h1")).to_contain_text("incidents: 2019-03-02-fixture-placed-address")
    seen(page, "incident")


def test_data_dictionary_is_a_readable_page(server: str, page: Page) -> None:
    """The data dictionary reads as a page, tables and all, with how to cite the data."""
    page.goto(f"{server}/jacksonpd")
    page.get_by_role("link", name="data dictionary").first.click()
    expect(page.locator("h1")).to_contain_text("Police transparency in Jackson, Mississippi")
    expect(page.locator("table").first).to_be_visible()
    text = seen(page, "dictionary")
    assert "How to cite" in text
    assert "statement_id" in text
