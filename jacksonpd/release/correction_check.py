"""The corrections of a build checked against the previous release: every published value that
changed has its entry in ``seeds/corrections.yaml``, and every new entry matches what changed.

Apart from reading the file (:mod:`jacksonpd.release.corrections`) because it needs the diff of
the two releases (:mod:`jacksonpd.release.version` makes it) and reads both packages' CSVs. An
entry's values are taken from the diff when its field changed (a correction's usual case), so
the CSVs are read again only for entries naming a value that did not change.
Values an officer's name may be among are never repeated in a problem.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path

from ..diff import WITHHELD, PackageDiff
from ..errors import Problem
from ..models import Correction
from ..publish.descriptor import read_lean
from .corrections import FILE, Entry

__all__ = ["DERIVED", "check_corrections"]

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

#: A changed value: (resource, record id, field).
_Target = tuple[str, str, str]
#: Published rows by (resource, record id).
_Rows = dict[tuple[str, str], dict[str, str]]


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
    changed = _changed_values(changes)
    values = _all_changes(changes)
    published, now = _values_from(values, new_entries)
    unresolved = [e for e in new_entries if _target(e) not in values]
    published.update(_values(previous, unresolved))
    now.update(_values(built.parent / "datapackage.json" if built.is_dir() else built, unresolved))
    fields = _fields(previous)
    covered: dict[_Target, Entry] = {}
    for entry in new_entries:
        c = entry.correction
        target = (c.resource_name, c.record_id, c.field)
        unknown = _unknown_target(entry, fields, published, covered, release)
        if unknown is not None:
            problems.append(unknown)
            continue
        covered[target] = entry
        was = published[c.resource_name, c.record_id].get(c.field, "")
        is_now = now.get((c.resource_name, c.record_id), {}).get(c.field, "")
        problems += _value_problems(entry, was, is_now, release, previous_date)
    problems += _uncorrected(changed, covered, places, release)
    return problems


def _target(entry: Entry) -> _Target:
    c = entry.correction
    return (c.resource_name, c.record_id, c.field)


def _all_changes(changes: PackageDiff) -> dict[_Target, tuple[str, str]]:
    """Every value ``changes`` changes, old and new, by (resource, record id, field)."""
    return {
        (resource.name, " / ".join(record.key), f.field): (f.old, f.new)
        for resource in changes.resources
        for record in resource.changed
        for f in record.changes
    }


def _values_from(values: Mapping[_Target, tuple[str, str]], entries: Iterable[Entry]) -> tuple[_Rows, _Rows]:
    """The old and the new value of each entry's field among the changed ``values``, as rows of
    that one field by (resource, record id): what :func:`_values` would read for them."""
    published: _Rows = {}
    now: _Rows = {}
    for entry in entries:
        target = _target(entry)
        if target in values:
            resource_name, record_id, field = target
            old, new = values[target]
            published.setdefault((resource_name, record_id), {})[field] = old
            now.setdefault((resource_name, record_id), {})[field] = new
    return published, now


def _changed_values(changes: PackageDiff) -> dict[_Target, tuple[str, str]]:
    """The published values ``changes`` changes that need a correction, old and new."""
    changed: dict[_Target, tuple[str, str]] = {}
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
    return changed


def _unknown_target(
    entry: Entry,
    fields: Mapping[str, list[str]],
    published: _Rows,
    covered: Mapping[_Target, Entry],
    release: str,
) -> Problem | None:
    """The problem with an entry that names no record or field ``release`` published, or a
    change another entry (in ``covered``) already corrects; ``None`` if it names one of its own."""
    c = entry.correction
    if c.resource_name not in fields or (c.resource_name, c.record_id) not in published:
        return entry.problem(
            "correction-unknown-record",
            "record",
            f'"{c.record_id}" ({c.resource_name})',
            f"a record that {release} published",
        )
    if c.field not in fields[c.resource_name]:
        return entry.problem(
            "correction-unknown-field",
            "field",
            f'"{c.field}"',
            f"a field of {c.resource_name}: {', '.join(fields[c.resource_name])}",
        )
    if (first := covered.get((c.resource_name, c.record_id, c.field))) is not None:
        return entry.problem(
            "duplicate-correction",
            "record",
            f"a second correction of {c.resource_name} {c.record_id} {c.field}",
            f"one correction per change (the first is at {first.path}:{first.line})",
        )
    return None


def _value_problems(
    entry: Entry, was: str, is_now: str, release: str, previous_date: dt.date | None
) -> list[Problem]:
    """Where an entry's old value is not what ``release`` published (``was``), its new value not
    what this build publishes (``is_now``), or its date before the release's."""
    c = entry.correction
    secret = c.resource_name in WITHHELD and c.field in WITHHELD[c.resource_name]
    problems = []
    if entry.old != was and not (secret and not was):
        problems.append(
            entry.problem(
                "correction-old-mismatch",
                "old",
                None if secret else _quoted(entry.old),
                f"the value {release} published" + ("" if secret else f", {_quoted(was)}"),
            )
        )
    if entry.new != is_now and not (secret and not is_now):
        problems.append(
            entry.problem(
                "correction-new-mismatch",
                "new",
                None if secret else _quoted(entry.new),
                "the value this build publishes" + ("" if secret else f", {_quoted(is_now)}"),
            )
        )
    if previous_date is not None and c.corrected_on < previous_date:
        problems.append(
            entry.problem(
                "correction-before-release",
                "date",
                c.corrected_on.isoformat(),
                f"a date on or after {previous_date.isoformat()}, the date of {release}, "
                "which published the old value",
            )
        )
    return problems


def _uncorrected(
    changed: Mapping[_Target, tuple[str, str]],
    covered: Mapping[_Target, Entry],
    places: Mapping[tuple[str, str], str],
    release: str,
) -> list[Problem]:
    """A problem for each changed value no entry corrects, at the seed line of its record."""
    problems = []
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
    loaded = read_lean(descriptor)
    for r in loaded.get("resources", []):
        if r.get("name") == resource:
            path = descriptor.parent / str(r.get("path", ""))
            return path if path.is_file() else None
    return None


def _fields(descriptor: Path | None) -> dict[str, list[str]]:
    if descriptor is None:
        return {}
    loaded = read_lean(descriptor)
    return {
        r["name"]: [f["name"] for f in r.get("schema", {}).get("fields", [])]
        for r in loaded.get("resources", [])
    }


def _values(descriptor: Path | None, entries: list[Entry]) -> dict[tuple[str, str], dict[str, str]]:
    """The published rows of the records ``entries`` name, by (resource, record id)."""
    if descriptor is None or not entries:
        return {}
    loaded = read_lean(descriptor)
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
