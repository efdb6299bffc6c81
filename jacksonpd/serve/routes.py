"""The site's own pages: the data dictionary, the map of incidents and the feed of corrections.

Each is a route that :func:`jacksonpd.serve.plugin.register_routes` registers; what they read,
the database and the package's README, is served immutable, so what costs (the dictionary's
HTML) is made once.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from datasette.utils import tilde_encode
from datasette.utils.asgi import Response
from markdown_it import MarkdownIt
from markupsafe import Markup

from ..publish.datasette import DATABASE_NAME, PLUGIN, STATIC
from ..publish.feed import atom_feed

__all__ = [
    "corrections_feed",
    "data_dictionary",
    "dictionary_html",
    "incident_map",
    "package_folder",
    "site_config",
]

_MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable("table")


def site_config(datasette: Any) -> Mapping[str, Any]:
    """The plugin's configuration, read once: Datasette resolves secrets through the whole block
    on every read, which, once a cell, took two thirds of a 1,000-row page's time."""
    cached: Mapping[str, Any] | None = datasette.__dict__.get("_jacksonpd_config")
    if cached is None:
        cached = datasette.plugin_config(PLUGIN) or {}
        datasette.__dict__["_jacksonpd_config"] = cached
    return cached


async def corrections_feed(datasette: Any, request: Any) -> Response:
    """Every correction as an Atom feed, newest first, with links to the corrected records."""
    rows: list[dict[str, str]] = []
    if DATABASE_NAME in datasette.databases:
        db = datasette.get_database(DATABASE_NAME)
        if await db.table_exists("corrections"):
            result = await db.execute("select * from corrections")
            rows = [
                {
                    k: ("true" if v == 1 else "false")
                    if k == "values_withheld"
                    else ("" if v is None else str(v))
                    for k, v in dict(r).items()
                }
                for r in result
            ]
    config = site_config(datasette)
    title = datasette.metadata("title") or ""
    updated = max((r["corrected_on"] for r in rows), default="")
    body = atom_feed(
        rows,
        title=str(title),
        updated=_iso_date(updated) or _iso_date(str(config.get("released", ""))),
        base=f"{request.scheme}://{request.host}",
        link=lambda resource, record: datasette.urls.row(
            DATABASE_NAME, resource, ",".join(tilde_encode(p) for p in record.split(" / "))
        ),
    )
    return Response(body, content_type="application/atom+xml; charset=utf-8")


def _iso_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def package_folder(datasette: Any) -> Path | None:
    """The data package's folder: the one that holds the served database."""
    if DATABASE_NAME not in datasette.databases:
        return None
    path = datasette.get_database(DATABASE_NAME).path
    return Path(path).parent if path else None


def dictionary_html(markdown: str) -> str:
    """The data dictionary (the package's README, Markdown) as HTML for the site: its links to
    the package's files point where the site serves them."""
    html = _MARKDOWN.render(re.sub(r"<!--.*?-->", "", markdown, flags=re.DOTALL))
    return re.sub(
        r'href="(?![a-z]+:|/|#)([^"]+)"',
        lambda m: f'href="/{STATIC}/{m.group(1)}"',
        html,
    )


async def data_dictionary(datasette: Any, request: Any) -> Response:
    """The data dictionary as a page of the site."""
    folder = package_folder(datasette)
    readme = folder / "README.md" if folder else None
    if readme is None or not readme.is_file():
        return Response.html("The data dictionary is not part of this site.", status=404)
    cache: dict[Path, str] = datasette.__dict__.setdefault("_jacksonpd_dictionary", {})
    if readme not in cache:  # the package is served immutable: rendered once
        cache[readme] = dictionary_html(readme.read_text(encoding="utf-8"))
    body = cache[readme]
    html = await datasette.render_template(
        "jacksonpd_dictionary.html", {"body": Markup(body), "readme": f"/{STATIC}/README.md"}, request=request
    )
    return Response.html(html)


async def incident_map(datasette: Any, request: Any) -> Response:
    """A map of the incidents with coordinates: one marker each, linked to its incident, with
    the precision of its location."""
    markers: list[dict[str, Any]] = []
    without = 0
    if DATABASE_NAME in datasette.databases:
        db = datasette.get_database(DATABASE_NAME)
        if await db.table_exists("incidents"):
            rows = await db.execute(
                "select incident_id, occurred_on, kind, city, state, latitude, longitude, "
                "location_precision, fatal from incidents order by occurred_on, incident_id"
            )
            for r in rows:
                if r["latitude"] is None or r["longitude"] is None:
                    without += 1
                    continue
                markers.append(
                    {
                        **dict(r),
                        "kind": (r["kind"] or "").replace("_", " "),
                        "location_precision": (r["location_precision"] or "not stated").replace("_", " "),
                        "url": datasette.urls.row(DATABASE_NAME, "incidents", r["incident_id"]),
                    }
                )
    html = await datasette.render_template(
        "jacksonpd_map.html",
        {
            "markers": markers,
            "markers_json": Markup(json.dumps(markers).replace("</", "<\\/")),
            "without": without,
            "incidents_url": datasette.urls.table(DATABASE_NAME, "incidents"),
        },
        request=request,
    )
    return Response.html(html)
