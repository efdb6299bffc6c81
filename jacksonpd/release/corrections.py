"""Corrections as data: ``seeds/corrections.yaml``, read, checked against the previous release.

A curator who changes a value that an earlier release published records why in
``seeds/corrections.yaml``::

    corrections:
      - resource: statements
        record: 2018-03-19-moore-mbi-they-can-call
        field: text
        old: they can call me.
        new: they can call us.
        date: 2026-12-01
        reason: The quote was copied with one word wrong; the article says "us".
        source: 2018-03-19-moore-mbi

The build publishes every entry as a row of the ``corrections`` resource, and refuses a release
(see :mod:`jacksonpd.release.version`) that changes a published value without an entry, or whose
entries do not match what changed (:mod:`jacksonpd.release.correction_check`). A correction to
an officer's name (or its release) is published without its values, or its reason, unless the
name is public as of the build.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import attrs

from ..convert import converter, describe_failure, iter_failures
from ..diff import WITHHELD
from ..errors import JacksonpdError, Problem
from ..models import Correction
from ..publish.package import cell
from ..publish.rows import PLACE, to_rows
from ..seeds.yamlio import Located, read_yaml

__all__ = ["FILE", "Entry", "add_corrections", "correction_id"]

#: The curated file, in ``seeds/``.
FILE = "corrections.yaml"
#: What a correction's reason reads while the officer's name it concerns is not public.
WITHHELD_REASON = "A correction to an officer's name or its release, shown once the name is public."


@attrs.frozen(kw_only=True)
class _Item:
    """One entry as curated."""

    resource: str
    record: str
    field: str
    old: Any = None
    new: Any = None
    date: dt.date
    reason: str
    source: str
    url: str | None = None
    id: str | None = None


@attrs.frozen(kw_only=True)
class Entry:
    """A correction as read, with where it was read (``path``, ``line``)."""

    correction: Correction
    path: str
    line: int | None
    #: The old and new values as curated (the correction itself may withhold them).
    old: str
    new: str

    def problem(self, code: str, field: str, found: str | None, expected: str) -> Problem:
        """A problem with this entry's ``field``, at the line it was read from."""
        return Problem(code=code, path=self.path, line=self.line, field=field, found=found, expected=expected)


def correction_id(resource: str, record: str, field: str, on: dt.date) -> str:
    """The id a correction gets unless the curator gives one: resource, record, field and date."""
    words = f"{resource} {record} {field} {on.isoformat()}".replace("_", " ").replace("/", " ")
    return "-".join("".join(c if c.isalnum() else " " for c in words.lower()).split())


def add_corrections(seeds: Path, rows: Path, shown: str = "seeds") -> list[Entry]:
    """Read ``seeds/corrections.yaml`` (if there is one) into the finished row store at ``rows``.

    Values about an officer whose name the store does not publish are withheld in the rows.
    Raises :class:`JacksonpdError` with every problem of the file.
    """
    path = seeds / FILE
    if not path.is_file():
        return []
    shown_path = f"{shown}/{FILE}"
    doc, problems = read_yaml(path, shown_path)
    entries: list[Entry] = []
    if doc is not None:
        entries = _entries(doc, problems)
    conn = sqlite3.connect(rows)
    try:
        # Looked up in the store (indexed by key) for each entry, not held: a large corpus has
        # tens of thousands of sources and officers, and a correction names one of each.
        def known_source(source_id: str) -> bool:
            found = conn.execute("select 1 from sources where source_id = ? limit 1", (source_id,))
            return found.fetchone() is not None

        def public(officer_id: str) -> bool:  # the last row of that id, as a table of them says
            query = "select name from officers where officer_id = ? order by rowid desc limit 1"
            found = conn.execute(query, (officer_id,)).fetchone()
            return found is not None and found[0] is not None and found[0] != ""

        seen: dict[str, Entry] = {}
        kept: list[Entry] = []
        for entry in entries:
            c = entry.correction
            if not known_source(c.source_id):
                problems.append(
                    entry.problem("unknown-reference", "source", f'"{c.source_id}"', "the id of a source")
                )
            if c.correction_id in seen:
                first = seen[c.correction_id]
                problems.append(
                    entry.problem(
                        "duplicate-id",
                        "id",
                        f'"{c.correction_id}"',
                        f"an id not already used at {first.path}:{first.line}",
                    )
                )
                continue
            seen[c.correction_id] = entry
            if c.resource_name in WITHHELD and not public(c.record_id):
                c = attrs.evolve(
                    c, old_value=None, new_value=None, values_withheld=True, reason=WITHHELD_REASON
                )
                entry = attrs.evolve(entry, correction=c)
            kept.append(entry)
        if problems:
            raise JacksonpdError(problems, f"{shown_path} has {len(problems)} problem(s)")
        columns = [c for c in _columns(conn) if c != PLACE]
        records = [e.correction for e in kept]
        conn.executemany(
            f"insert into corrections values ({', '.join('?' for _ in range(len(columns) + 1))})",
            to_rows(columns, records, [f"{e.path}:{e.line}" for e in kept]),
        )
        conn.commit()
    finally:
        conn.close()
    return kept


def _columns(conn: sqlite3.Connection) -> list[str]:
    return [row[1] for row in conn.execute("pragma table_info(corrections)")]


def _entries(doc: Located, problems: list[Problem]) -> list[Entry]:
    """The entries of the file read as ``doc``; what is wrong with any goes into ``problems``."""
    data = doc.data if doc.data is not None else {}
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("corrections", []), list)
        or set(data) - {"corrections"}
    ):
        problems.append(
            Problem(
                code="type-error",
                path=doc.path,
                line=1,
                found=type(data).__name__,
                expected="a mapping with one key, corrections: a list of entries",
            )
        )
        return []
    entries = []
    for i, item in enumerate(data.get("corrections", [])):
        key = ("corrections", i)
        parsed = _item(doc, key, item, problems)
        if parsed is None:
            continue
        try:
            record = Correction(
                correction_id=parsed.id
                or correction_id(parsed.resource, parsed.record, parsed.field, parsed.date),
                resource_name=parsed.resource,
                record_id=parsed.record,
                field=parsed.field,
                old_value=cell(_value(parsed.old)) or None,
                new_value=cell(_value(parsed.new)) or None,
                corrected_on=parsed.date,
                reason=parsed.reason,
                source_id=parsed.source,
                url=parsed.url,
            )
        except ValueError as exc:
            problems.append(
                Problem(code="type-error", path=doc.path, line=doc.line(key), field="id", message=str(exc))
            )
            continue
        entries.append(
            Entry(
                correction=record,
                path=doc.path,
                line=doc.line(key),
                old=record.old_value or "",
                new=record.new_value or "",
            )
        )
    return entries


def _item(doc: Located, key: tuple[str, int], item: Any, problems: list[Problem]) -> _Item | None:
    """The entry at ``key`` as curated, or ``None`` with a problem for each field that is wrong."""
    try:
        return converter().structure(item, _Item)
    except Exception as exc:
        for sub, failure in iter_failures(exc):
            code, found, expected, message = describe_failure(failure)
            full = (*key, *sub)
            field = next((str(k) for k in reversed(full) if isinstance(k, str)), None)
            if field in {"old", "new"}:  # may be an officer's name: never repeat it
                found = None
            problems.append(
                Problem(
                    code=code,
                    path=doc.path,
                    line=doc.line(full),
                    field=field,
                    found=found,
                    expected=expected,
                    message=message,
                )
            )
        return None


def _value(value: Any) -> Any:
    """A curated value as its CSV cell would read (YAML keeps dates as text; numbers are numbers)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
