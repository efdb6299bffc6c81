"""A package with what the site shows beyond today's seeds: incidents with places, and a source
with the address of its original article. Everything in it is fictional (example.org)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from jacksonpd.build import build

from .conftest import REPO
from .test_incidents import WITHHELD, with_incidents

#: The fictional address given to the 2018-03-19 article.
ARTICLE_URL = "https://example.org/news/2018-03-19-moore-mbi"

#: Incidents with coordinates (the fixture's own four have none): each must get one marker.
PLACED = """
  - id: 2019-03-02-fixture-placed-address
    occurred_on: 2019-03-02
    kind: officer_involved_shooting
    city: Jackson
    state: MS
    latitude: 32.2988
    longitude: -90.1848
    location_precision: address
    agency: jackson-police-department
    fatal: true
    officers: []
  - id: 2019-04-05-fixture-placed-road
    occurred_on: 2019-04-05
    kind: other_use_of_force
    city: Jackson
    state: MS
    latitude: 32.3401
    longitude: -90.2210
    location_precision: road
    agency: jackson-police-department
    fatal: false
    officers: []
"""


def site_package(root: Path) -> Path:
    """Build the fixture package in ``root`` (a copy of the repository); return its folder."""
    for name in ("seeds", "schemas", "datapackage"):
        shutil.copytree(REPO / name, root / name)
    (root / "seeds/incidents").mkdir(exist_ok=True)
    with_incidents(root)
    incidents = root / "seeds/incidents/fixture-incidents.yaml"
    incidents.write_text(incidents.read_text(encoding="utf-8") + PLACED, encoding="utf-8")
    annotation = root / "seeds/annotations/2018-03-19-moore-mbi.yaml"
    text = annotation.read_text(encoding="utf-8")
    url = re.search(r"^  url: .*$", text, re.M)
    assert url is not None
    annotation.write_text(text[: url.start()] + f"  url: {ARTICLE_URL}" + text[url.end() :], encoding="utf-8")
    build(root, require_corrections=False)  # a fixture package, not a curated change
    return root / "datapackage"


__all__ = ["ARTICLE_URL", "PLACED", "WITHHELD", "site_package"]
