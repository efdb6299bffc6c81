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
entries do not match what changed. A correction to an officer's name (or its release) is
published without its values, or its reason, unless the name is public as of the build.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from ..convert import converter, describe_failure, iter_failures
from ..diff import WITHHELD, PackageDiff
from ..errors import JacksonpdError, Problem
from ..models import Correction
from ..publish.package import cell
from ..publish.rows import PLACE, to_rows
from ..seeds.yamlio import Located, read_yaml

__all__ = ["FILE", "Entry", "add_corrections", "check_corrections", "correction_id"]

#: The curated file, in ``seeds/``.
FILE = "corrections.yaml"
#: What a correction's reason reads while the officer's name it concerns is not public.
WITHHELD_REASON = "A correction to an officer's name or its release, shown once the name is public."

#: Fields the build derives from others (offsets located in the text, digests, what the release
#: policy makes of the dates): they change with the fields they follow, which need the correction.
DERIVED: Mapping[str, frozenset[str]] = {
    "sources": frozenset({"sha256"}),
    "incidents": frozenset(
        {
            "officer_names_status",
            "officer_names_released_on",
            "days_to_release",
            "release_rule_id",
            "release_rule_met",
            "officer_names_public_on",
            "days_until_public",
        }
    ),
}
_OFFSETS = frozenset({"start", "end"})


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
        sources = {s for (s,) in conn.execute("select source_id from sources")}
        public = {
            o: n is not None and n != "" for o, n in conn.execute("select officer_id, name from officers")
        }
        seen: dict[str, Entry] = {}
        kept: list[Entry] = []
        for entry in entries:
            c = entry.correction
            if c.source_id not in sources:
                problems.append(
                    _problem(entry, "unknown-reference", "source", f'"{c.source_id}"', "the id of a source")
                )
            if c.correction_id in seen:
                first = seen[c.correction_id]
                problems.append(
                    _problem(
                        entry,
                        "duplicate-id",
                        "id",
                        f'"{c.correction_id}"',
                        f"an id not already used at {first.path}:{first.line}",
                    )
                )
                continue
            seen[c.correction_id] = entry
            if c.resource_name in WITHHELD and not public.get(c.record_id, False):
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
        try:
            parsed = converter().structure(item, _Item)
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


def _value(value: Any) -> Any:
    """A curated value as its CSV cell would read (YAML keeps dates as text; numbers are numbers)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def check_corrections(
    entries: Iterable[Entry],
    changes: PackageDiff,
    previous: Path | None,
    built: Path,
    *,
    previous_date: dt.date | None,
    previous_version: str | None,
    places: Mapping[tuple[str, str], str],
) -> list[Problem]:
    """Every problem with the corrections of a build against the previous release.

    ``changes`` is the record-by-record diff (values not hidden) from the previous release's
    package (``previous``, its ``datapackage.json``, or ``None`` for the first release) to the
    build's (``built``). ``places`` gives the seed file and line of each changed record.
    """
    problems: list[Problem] = []
    release = f"release {previous_version}" if previous_version else "the previous release"
    old_ids = _published_ids(previous)
    new_entries = [e for e in entries if e.correction.correction_id not in old_ids]
    changed: dict[tuple[str, str, str], tuple[str, str]] = {}
    for resource in changes.resources:
        if resource.name == Correction.resource:
            continue  # the log itself
        derived = DERIVED.get(resource.name, frozenset()) | _OFFSETS
        hidden = WITHHELD.get(resource.name, frozenset())
        for record in resource.changed:
            for f in record.changes:
                if f.field in derived or not f.old:
                    continue  # derived, or an unknown value made known: nothing published changed
                if f.field in hidden and not f.new:
                    continue  # withheld as of this build: the release policy, not a correction
                changed[resource.name, " / ".join(record.key), f.field] = (f.old, f.new)
    published = _values(previous, new_entries)
    now = _values(built.parent / "datapackage.json" if built.is_dir() else built, new_entries)
    fields = _fields(previous)
    covered: dict[tuple[str, str, str], Entry] = {}
    for entry in new_entries:
        c = entry.correction
        target = (c.resource_name, c.record_id, c.field)
        secret = c.resource_name in WITHHELD and c.field in WITHHELD[c.resource_name]
        if c.resource_name not in fields or (c.resource_name, c.record_id) not in published:
            problems.append(
                _problem(
                    entry,
                    "correction-unknown-record",
                    "record",
                    f'"{c.record_id}" ({c.resource_name})',
                    f"a record that {release} published",
                )
            )
            continue
        if c.field not in fields[c.resource_name]:
            problems.append(
                _problem(
                    entry,
                    "correction-unknown-field",
                    "field",
                    f'"{c.field}"',
                    f"a field of {c.resource_name}: {', '.join(fields[c.resource_name])}",
                )
            )
            continue
        if target in covered:
            first = covered[target]
            problems.append(
                _problem(
                    entry,
                    "duplicate-correction",
                    "record",
                    f"a second correction of {c.resource_name} {c.record_id} {c.field}",
                    f"one correction per change (the first is at {first.path}:{first.line})",
                )
            )
            continue
        covered[target] = entry
        was = published[c.resource_name, c.record_id].get(c.field, "")
        if entry.old != was and not (secret and not was):
            problems.append(
                _problem(
                    entry,
                    "correction-old-mismatch",
                    "old",
                    None if secret else _quoted(entry.old),
                    f"the value {release} published" + ("" if secret else f", {_quoted(was)}"),
                )
            )
        is_now = now.get((c.resource_name, c.record_id), {}).get(c.field, "")
        if entry.new != is_now and not (secret and not is_now):
            problems.append(
                _problem(
                    entry,
                    "correction-new-mismatch",
                    "new",
                    None if secret else _quoted(entry.new),
                    "the value this build publishes" + ("" if secret else f", {_quoted(is_now)}"),
                )
            )
        if previous_date is not None and c.corrected_on < previous_date:
            problems.append(
                _problem(
                    entry,
                    "correction-before-release",
                    "date",
                    c.corrected_on.isoformat(),
                    f"a date on or after {previous_date.isoformat()}, the date of {release}, "
                    "which published the old value",
                )
            )
    for (resource_name, record_id, field), (old, new) in changed.items():
        if (resource_name, record_id, field) in covered:
            continue
        secret = field in WITHHELD.get(resource_name, frozenset())
        where = places.get((resource_name, record_id), "seeds")
        path, _, line = where.rpartition(":")
        if not line.isdigit():
            path, line = where, ""
        problems.append(
            Problem(
                code="uncorrected-change",
                path=path,
                line=int(line) if line else None,
                field=field,
                found=None if secret else _quoted(new),
                expected=(
                    (
                        f"the value {release} published"
                        if secret
                        else f"{_quoted(old)}, as {release} published it"
                    )
                    + f", or a correction of {resource_name} {record_id} {field} in seeds/{FILE}"
                ),
            )
        )
    return problems


def _problem(entry: Entry, code: str, field: str, found: str | None, expected: str) -> Problem:
    return Problem(code=code, path=entry.path, line=entry.line, field=field, found=found, expected=expected)


def _quoted(value: str) -> str:
    return f'"{value}"' if value else "(empty)"


def _published_ids(descriptor: Path | None) -> set[str]:
    """The ids of the corrections the package at ``descriptor`` published."""
    table = _table(descriptor, Correction.resource)
    if table is None:
        return set()
    with table.open(encoding="utf-8", newline="") as f:
        return {row["correction_id"] for row in csv.DictReader(f)}


def _table(descriptor: Path | None, resource: str) -> Path | None:
    if descriptor is None:
        return None
    loaded = json.loads(descriptor.read_text(encoding="utf-8"))
    for r in loaded.get("resources", []):
        if r.get("name") == resource:
            path = descriptor.parent / str(r.get("path", ""))
            return path if path.is_file() else None
    return None


def _fields(descriptor: Path | None) -> dict[str, list[str]]:
    if descriptor is None:
        return {}
    loaded = json.loads(descriptor.read_text(encoding="utf-8"))
    return {
        r["name"]: [f["name"] for f in r.get("schema", {}).get("fields", [])]
        for r in loaded.get("resources", [])
    }


def _values(descriptor: Path | None, entries: list[Entry]) -> dict[tuple[str, str], dict[str, str]]:
    """The published rows of the records ``entries`` name, by (resource, record id)."""
    if descriptor is None or not entries:
        return {}
    loaded = json.loads(descriptor.read_text(encoding="utf-8"))
    wanted: dict[str, set[str]] = {}
    for e in entries:
        wanted.setdefault(e.correction.resource_name, set()).add(e.correction.record_id)
    found: dict[tuple[str, str], dict[str, str]] = {}
    for r in loaded.get("resources", []):
        if r.get("name") not in wanted:
            continue
        key = r.get("schema", {}).get("primaryKey", [])
        path = descriptor.parent / str(r.get("path", ""))
        if not path.is_file():
            continue
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                record_id = " / ".join(row.get(k, "") for k in key)
                if record_id in wanted[r["name"]]:
                    found[r["name"], record_id] = row
    return found
