"""A person's path through the site, in a real browser: home, search, a statement, its article.

Runs `jacksonpd serve` as a real process on 127.0.0.1 and drives Debian's Chromium through
Playwright. Skipped where Chromium is not installed, except in CI, where it must run.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from .conftest import REPO

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


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """`jacksonpd serve` running as its own process; yields its base URL."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "jacksonpd", "serve", "--root", str(REPO), "--no-build", "--port", str(port)],
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
    """A Chromium page."""
    assert CHROMIUM is not None, "CI must have Chromium: .ci/run installs it"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser.new_page(viewport={"width": 1280, "height": 900})
        browser.close()


def test_search_a_statement_and_read_its_article(server: str, page: Page, tmp_path: Path) -> None:
    """Home page -> search statements -> open one -> follow its source -> read the article."""
    page.goto(server)
    expect(page.locator("h1")).to_contain_text("Police transparency in Jackson, Mississippi")
    page.get_by_role("link", name="jacksonpd", exact=True).click()
    page.get_by_role("link", name="statements", exact=True).first.click()

    page.locator("input[name=_search]").fill("inter-local agreement")
    page.locator("input[name=_search]").press("Enter")
    expect(page.locator("h3").first).to_contain_text("1 row")
    page.screenshot(path=str(tmp_path / "search.png"), full_page=True)

    page.locator("td.col-statement_id a").first.click()
    expect(page.locator("body")).to_contain_text("Anthony Moore")
    page.locator("td.col-source_id a").first.click()

    expect(page.locator("h1")).to_contain_text("sources: 2018-03-19-moore-mbi")
    expect(page.locator("td.col-headline")).to_contain_text("Jackson Police Chief Anthony Moore announces")
    expect(page.locator("td.col-text")).to_contain_text("A meeting is set for Tuesday to finalize plans")
    page.screenshot(path=str(tmp_path / "article.png"), full_page=True)
    assert (tmp_path / "article.png").stat().st_size > 10_000


def test_canned_question_from_the_database_page(server: str, page: Page, tmp_path: Path) -> None:
    """The names question is one click from the database page and lists the withholding practice."""
    page.goto(f"{server}/jacksonpd")
    page.get_by_role("link", name="What was said about releasing officers' names").click()
    expect(page.locator("table.rows-and-columns")).to_contain_text("not releasing the names of officers")
    page.screenshot(path=str(tmp_path / "names.png"), full_page=True)
