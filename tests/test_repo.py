"""The real seeds, schemas and published package: complete, current, valid and exact."""

from __future__ import annotations

import csv
import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from jacksonpd import build, validate_package
from jacksonpd.dataset import Dataset
from jacksonpd.seeds.article import read_article

from .conftest import REPO

PACKAGE = REPO / "datapackage"
SHARED_SEEDS = REPO.parent / "shared" / "seeds"
ARTICLES = sorted((REPO / "seeds" / "articles").glob("*.txt"))


def read_csv(name: str) -> list[dict[str, str]]:
    """A published table, read with nothing but the csv module."""
    with (PACKAGE / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_committed_package_is_what_the_seeds_build() -> None:
    """`jacksonpd build --check` passes: datapackage/ is up to date with seeds/ and schemas/."""
    build(REPO, check=True)


def test_frictionless_cli_validates_the_package() -> None:
    """The published package passes frictionless's own validator (types, keys, hashes)."""
    frictionless = Path(sys.executable).parent / "frictionless"
    result = subprocess.run(
        [str(frictionless), "validate", "datapackage.json"],
        cwd=PACKAGE,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_validate_package_finds_no_problem() -> None:
    """jacksonpd's validation (frictionless plus invariants) is clean on the package."""
    assert validate_package(PACKAGE) == []


def test_every_span_is_exact() -> None:
    """For every record with a span, text == sources.text[start:end] (read with csv alone)."""
    texts = {row["source_id"]: row["text"] for row in read_csv("sources")}
    checked = 0
    for name in ("mentions", "statements", "figures", "events", "policies"):
        for row in read_csv(name):
            if row["evidence"] == "citation":  # a report we cite: no span, no text
                assert (row["start"], row["end"], row["text"]) == ("", "", "")
                continue
            assert texts[row["source_id"]][int(row["start"]) : int(row["end"])] == row["text"]
            checked += 1
    assert checked > 40


def test_sources_are_the_articles_byte_for_byte() -> None:
    """Each source's sha256 is that of its file, and its text is the body of that file."""
    for row in read_csv("sources"):
        if row["kind"] == "cited":  # a report we link to: no file, no text
            assert (row["path"], row["sha256"], row["text"]) == ("", "", "")
            continue
        data = (REPO / row["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == row["sha256"]
        assert row["text"] in data.decode("utf-8")


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason="the shared seed articles are not beside the repo")
def test_articles_match_the_received_files() -> None:
    """seeds/articles/ holds the received articles without a changed byte."""
    received = {hashlib.sha256(p.read_bytes()).hexdigest() for p in SHARED_SEEDS.glob("*.txt")}
    ours = {hashlib.sha256(p.read_bytes()).hexdigest() for p in ARTICLES}
    assert ours == received


def test_descriptor_is_data_package_v2() -> None:
    """datapackage.json declares v2, a license, a version, and a created date from the inputs."""
    descriptor = json.loads((PACKAGE / "datapackage.json").read_text())
    assert descriptor["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert re.fullmatch(r"\d+\.\d+\.\d+", descriptor["version"])
    latest = max(row["published_on"] for row in read_csv("sources"))
    assert descriptor["created"] == f"{latest}T00:00:00Z"  # the latest source, not the clock
    assert [r["name"] for r in descriptor["resources"]] == [
        "sources",
        "organizations",
        "people",
        "mentions",
        "statements",
        "figures",
        "events",
        "policies",
        "release_rules",
        "investigating_arrangements",
        "incidents",
        "officers",
        "incident_officers",
        "claims",
        "corrections",
    ]
    for resource in descriptor["resources"]:
        assert resource["hash"].startswith("sha256:")
        assert resource["bytes"] == (PACKAGE / resource["path"]).stat().st_size


# -- completeness: the curated seeds hold every fact the articles state ---------------------------


def bodies() -> dict[str, str]:
    """Each article's body, by source id."""
    out = {}
    for path in ARTICLES:
        article, problems = read_article(path, path.name)
        assert article is not None, problems
        out[article.source_id] = article.text
    return out


def test_every_direct_quote_is_a_statement(seeds_dataset: Dataset) -> None:
    """Every passage in quotation marks is a `quote` statement, less a trailing comma."""
    quotes = {(s.source_id, s.text) for s in seeds_dataset.statements if s.kind == "quote"}
    found = set()
    for source_id, text in bodies().items():
        for match in re.finditer(r'"([^"]+)"', text):
            found.add((source_id, match[1].removesuffix(",")))
    assert found == quotes


# Phrases whose numbers are not figures, and why.
NOT_FIGURES = {
    "I'm 100% behind them": "a figure of speech in a quote",
    "From July 1, 2017 to the present": "a date: the start of the figures' period",
    "3 On Your Side": "the name of an investigative series",
}


def test_every_number_is_a_figure_or_explained(seeds_dataset: Dataset) -> None:
    """Each number printed in an article lies inside a figure's span, or is listed as not one."""
    spans = {(f.source_id, f.start, f.end) for f in seeds_dataset.figures}
    for source_id, text in bodies().items():
        for phrase in NOT_FIGURES:
            for found in re.finditer(re.escape(phrase), text):
                spans.add((source_id, found.start(), found.end()))
        numbers = list(re.finditer(r"\d+", text))
        assert numbers
        for match in numbers:
            inside = any(s == source_id and a <= match.start() < b for s, a, b in spans)
            assert inside, f"{source_id}: {match[0]!r} at {match.start()} is neither figure nor explained"


DATE_WORDS = r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|summer|weeks?)\b"


def test_every_date_word_is_resolved(seeds_dataset: Dataset) -> None:
    """Each weekday, season or relative date in an article is the date_text of an event."""
    events = [
        (e.source_id, e.start + e.text.index(e.date_text))
        for e in seeds_dataset.events
        if e.start is not None and e.text is not None and e.date_text is not None  # spans only
    ]
    statements_dated = {s.source_id for s in seeds_dataset.statements if s.said_on}
    for source_id, text in bodies().items():
        for match in re.finditer(DATE_WORDS, text):
            covered = any(
                s == source_id and abs(at - match.start()) <= len("two weeks after") for s, at in events
            )
            assert covered or source_id in statements_dated, f"{source_id}: {match[0]!r}"


def test_the_story_is_in_the_policies(seeds_dataset: Dataset) -> None:
    """The MBI agreement, the withholding practice and the task force are policies with status."""
    status = {p.policy_id: p.status.value for p in seeds_dataset.policies}
    assert status["jpd-mbi-investigation-agreement"] == "under_discussion"
    assert status["jpd-officer-name-withholding"] == "in_force"
    assert status["name-release-task-force"] == "being_established"


def test_nothing_invented_about_the_outlet(seeds_dataset: Dataset) -> None:
    """The 2018-03-19 article names no outlet in its text: its outlet, WLBT, is read from its
    address, and its note says so; the other's header says WLBT."""
    held = {s.source_id: s for s in seeds_dataset.sources if s.path is not None}
    assert {k: s.outlet for k, s in held.items()} == {
        "2018-03-19-moore-mbi": "WLBT",
        "2018-03-27-task-force": "WLBT",
    }
    assert "WLBT" not in (held["2018-03-19-moore-mbi"].text or "")
    assert "from the address" in (held["2018-03-19-moore-mbi"].note or "")
    assert all(s.url and s.url.startswith("http://www.msnewsnow.com/story/") for s in held.values())
