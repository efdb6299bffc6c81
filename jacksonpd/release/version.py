"""Releases: the data version, date and notes of a build, computed from what changed.

The previous release is the committed ``datapackage/`` (its state at ``HEAD`` in a git checkout,
so that rebuilding before a commit does not raise the version again), or the ``datapackage/``
folder itself outside one, or a revision or folder given with ``since``
(:mod:`jacksonpd.release.previous`). A build is compared with it record by record
(:func:`jacksonpd.diff.diff_packages`), and its version follows the Data Package Version recipe:

- MAJOR when a resource or a field is removed or renamed, a field's type changes, or records
  are removed (a published id no longer resolves);
- MINOR when resources, fields or records are added;
- PATCH when only values, or the descriptor's own text, change;
- the same version, and the same notes, when nothing changed: so ``jacksonpd build --check``
  of a committed package against itself holds.

The release date is taken from the inputs, never the clock: the latest of the sources' dates,
the corrections' dates and the previous release's date. Release notes go into
``releases.json`` and ``RELEASES.md`` (:mod:`jacksonpd.release.notes`); the corrections feed
into ``corrections.atom``. Neither notes nor feed show a value: only counts, field names and
the corrections resource's own rows, which withhold what the release policy withholds (see
:mod:`jacksonpd.release.corrections`).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..diff import PackageDiff, diff_packages
from ..errors import JacksonpdError, Problem
from ..publish.descriptor import read_lean, read_streamed, write_descriptor, write_lines
from ..publish.feed import atom_feed
from ..publish.readme import readme_lines
from ..publish.rows import PLACE
from ..seeds.yamlio import PlaceLines
from .correction_check import check_corrections
from .corrections import Entry
from .notes import NOTES, RELEASES, published_corrections, release_history, release_notes, render_notes
from .previous import previous_release

__all__ = ["FEED", "FIRST_VERSION", "NOTES", "RELEASES", "bump", "finish_release", "previous_release"]

#: The version of a package's first release (the recipe's "first public release").
FIRST_VERSION = "1.0.0"
#: The corrections, as an Atom feed.
FEED = "corrections.atom"


def finish_release(
    root: Path,
    staging: Path,
    rows: Path,
    entries: Sequence[Entry],
    counts: Mapping[str, int],
    *,
    since: str | None = None,
    strict: bool = True,
) -> str:
    """Check the build in ``staging`` against the previous release, then give it its version,
    date, notes and feed; the version. Raises :class:`JacksonpdError` (nothing is published)
    when a published value changed without a correction, or a correction is wrong."""
    built = staging / "datapackage.json"
    # The descriptors without their lists of sources (which grow with the package, and which
    # nothing here compares): the built one is read whole only to be written again, at the end.
    descriptor = read_lean(built)
    with previous_release(root, since) as previous:
        before = read_lean(previous) if previous is not None else None
        changes = diff_packages(previous, built, reveal=True) if previous is not None else None
        previous_date = _date(before.get("created")) if before else None
        previous_version = before.get("version") if before else None
        if changes is not None:
            problems = check_corrections(
                entries,
                changes,
                previous,
                built,
                previous_date=previous_date,
                previous_version=previous_version,
                places=_places(rows, changes, PlaceLines(root / "seeds", "seeds")),
            )
        else:
            problems = [_before_any_release(e) for e in entries]
        if not strict:  # an experiment: only the corrections' own mistakes count
            problems = [p for p in problems if p.code != "uncorrected-change"]
        if problems:
            raise JacksonpdError(
                problems,
                "the release is refused: its changes and corrections disagree; nothing was published",
            )
        history = release_history(previous, before)
    # An experiment (not strict) is no release: it keeps the previous release's version and notes.
    level = bump(before, descriptor, changes) if strict or before is None else None
    version = FIRST_VERSION if before is None else _next(str(previous_version or "0.0.0"), level)
    dates = [d for d in (previous_date, _date(descriptor.get("created"))) if d is not None]
    dates += [e.correction.corrected_on for e in entries]
    released = max(dates) if dates else None
    corrections = published_corrections(staging, descriptor)
    if level is not None or not history:
        known = {str(c.get("id")) for r in history for c in r.get("corrections", []) if isinstance(c, dict)}
        history.insert(
            0,
            release_notes(version, released, descriptor.get("as_of"), level, changes, corrections, known),
        )
    # Its list of sources read from the built file an entry at a time as it is written again.
    whole = _with_version(read_streamed(built), version, released)
    _write_release(staging, whole, history, corrections, counts, released)
    return version


def _before_any_release(entry: Entry) -> Problem:
    """The problem with a correction when there has been no release for it to correct."""
    return Problem(
        code="correction-unknown-record",
        path=entry.path,
        line=entry.line,
        field="record",
        found=f'"{entry.correction.record_id}" ({entry.correction.resource_name})',
        expected="a record of an earlier release; there has been none",
    )


def _write_release(
    staging: Path,
    descriptor: Mapping[str, Any],
    history: Sequence[Mapping[str, Any]],
    corrections: Sequence[Mapping[str, str]],
    counts: Mapping[str, int],
    released: dt.date | None,
) -> None:
    """Write the versioned descriptor, the README, the notes and the feed into ``staging``."""
    built = staging / "datapackage.json"
    # The descriptor's list of sources may be read from the file it replaces: written beside it.
    fresh = built.with_name(f".{built.name}.new")
    write_descriptor(fresh, descriptor)
    write_lines(staging / "README.md", readme_lines(descriptor, counts))
    fresh.replace(built)
    (staging / RELEASES).write_text(
        json.dumps(history, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (staging / NOTES).write_text(render_notes(descriptor, history), encoding="utf-8")
    (staging / FEED).write_text(
        atom_feed(corrections, title=str(descriptor.get("title", "")), updated=released, base=""),
        encoding="utf-8",
    )


def bump(
    before: Mapping[str, Any] | None, after: Mapping[str, Any], changes: PackageDiff | None
) -> str | None:
    """``"major"``, ``"minor"``, ``"patch"`` or ``None`` (nothing changed), by the recipe."""
    if before is None or changes is None:
        return "major"
    old_types = _types(before)
    new_types = _types(after)
    if any(r.resource_removed or r.fields_removed or r.removed for r in changes.resources):
        return "major"
    for name, fields in new_types.items():
        for field, kind in fields.items():
            if old_types.get(name, {}).get(field, kind) != kind:
                return "major"
    # A correction's own row is the log of a corrected value, not news: it adds no minor release.
    if any(
        r.resource_added or r.fields_added or (r.added and r.name != "corrections") for r in changes.resources
    ):
        return "minor"
    if any(r.changed for r in changes.resources) or _text(before) != _text(after):
        return "patch"
    return None


def _date(value: Any) -> dt.date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _next(version: str, level: str | None) -> str:
    try:
        major, minor, patch = (int(p) for p in version.split("."))
    except ValueError:
        return FIRST_VERSION
    if level == "major":
        return f"{major + 1}.0.0"
    if level == "minor":
        return f"{major}.{minor + 1}.0"
    if level == "patch":
        return f"{major}.{minor}.{patch + 1}"
    return version


def _types(descriptor: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    return {
        r["name"]: {f["name"]: f.get("type", "any") for f in r.get("schema", {}).get("fields", [])}
        for r in descriptor.get("resources", [])
    }


def _text(descriptor: Mapping[str, Any]) -> str:
    """The descriptor less what follows from the data (version, date, sizes and hashes)."""
    kept = {k: v for k, v in descriptor.items() if k not in {"version", "created", "resources", "sources"}}
    kept["resources"] = [
        {k: v for k, v in r.items() if k not in {"bytes", "hash"}} for r in descriptor.get("resources", [])
    ]
    return json.dumps(kept, sort_keys=True)


def _with_version(descriptor: Mapping[str, Any], version: str, released: dt.date | None) -> dict[str, Any]:
    """The descriptor with its version after its description (where the recipe's readers look)."""
    out: dict[str, Any] = {}
    for key, value in descriptor.items():
        if key == "version":
            continue
        out[key] = value
        if key == "description":
            out["version"] = version
    out.setdefault("version", version)
    if released is not None:
        out["created"] = f"{released.isoformat()}T00:00:00Z"
    return out


def _places(rows: Path, changes: PackageDiff, lines: PlaceLines) -> dict[tuple[str, str], str]:
    """The seed file and line of each changed record, from the build's row store (``lines``
    finds a line that was left to be found)."""
    places: dict[tuple[str, str], str] = {}
    conn = sqlite3.connect(f"file:{rows}?mode=ro", uri=True)
    try:
        for r in changes.resources:
            if not r.changed or not r.key:
                continue
            where = " and ".join(f"[{k}] = ?" for k in r.key)
            for c in r.changed:
                found = conn.execute(f"select [{PLACE}] from [{r.name}] where {where}", c.key).fetchone()
                if found is not None:
                    places[r.name, " / ".join(c.key)] = lines(str(found[0]))
    except sqlite3.Error:
        pass  # a resource the store does not have: its changes are reported without a line
    finally:
        conn.close()
    return places
