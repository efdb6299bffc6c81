"""The corrections as an Atom feed (RFC 4287), written with the standard library.

One entry per row of the ``corrections`` resource, newest first; its ``updated`` is the day of
the correction and the feed's is the release date, so the same package gives the same bytes.
The rows are the published ones: a correction whose values are withheld shows none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from urllib.parse import quote
from xml.etree import ElementTree as ET

__all__ = ["FEED_PATH", "atom_feed", "record_path"]

#: Where the site serves the feed.
FEED_PATH = "/-/corrections.atom"
_ATOM = "http://www.w3.org/2005/Atom"


def record_path(resource: str, record_id: str) -> str:
    """The site's path of a record's page (each part of its key escaped, comma-joined)."""
    return f"/jacksonpd/{quote(resource)}/" + ",".join(
        quote(part, safe="") for part in record_id.split(" / ")
    )


def atom_feed(
    rows: Iterable[Mapping[str, str]],
    *,
    title: str,
    updated: dt.date | None,
    base: str,
    link: Callable[[str, str], str] = record_path,
) -> str:
    """The feed of ``rows`` (the corrections resource's, as CSV cells); links are ``base`` then
    ``link(resource, record_id)``."""
    ET.register_namespace("", _ATOM)
    feed = ET.Element(f"{{{_ATOM}}}feed")
    _text(feed, "title", f"Corrections: {title}" if title else "Corrections")
    _text(feed, "id", "urn:jacksonpd:corrections")
    _text(feed, "updated", _stamp(updated))
    ET.SubElement(feed, f"{{{_ATOM}}}link", rel="self", href=f"{base}{FEED_PATH}")
    author = ET.SubElement(feed, f"{{{_ATOM}}}author")
    _text(author, "name", "jacksonpd contributors")
    ordered = sorted(
        rows, key=lambda r: (r.get("corrected_on", ""), r.get("correction_id", "")), reverse=True
    )
    for row in ordered:
        entry = ET.SubElement(feed, f"{{{_ATOM}}}entry")
        resource, record, field = row["resource_name"], row["record_id"], row["field"]
        _text(entry, "title", f"Corrected {resource} {record}: {field}")
        _text(entry, "id", f"urn:jacksonpd:correction:{row['correction_id']}")
        _text(entry, "updated", _stamp(_date(row.get("corrected_on", ""))))
        ET.SubElement(entry, f"{{{_ATOM}}}link", href=f"{base}{link(resource, record)}")
        if row.get("values_withheld") == "true":
            values = "The values are withheld: they concern an officer whose name is not public."
        else:
            values = f"Was: {_shown(row.get('old_value', ''))}. Now: {_shown(row.get('new_value', ''))}."
        _text(entry, "summary", f"{row['reason']} {values} Source: {row['source_id']}.")
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _text(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, f"{{{_ATOM}}}{tag}").text = text


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _stamp(day: dt.date | None) -> str:
    return f"{(day or dt.date(1970, 1, 1)).isoformat()}T00:00:00Z"


def _shown(value: str) -> str:
    return f'"{value}"' if value else "(empty)"
