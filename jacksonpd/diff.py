"""Compare two published data packages record by record (``jacksonpd diff OLD NEW``).

Each side is a folder that holds ``datapackage.json``, the descriptor itself, or a git revision
of a checkout (its ``datapackage/`` as committed then). Records are matched by their resource's
primary key and reported as added, removed, or changed field by field.

The build writes every table sorted by its primary key, so both CSVs are read side by side as
streams and memory does not grow with the package; a table found out of key order (a package
written by something else) is compared in memory instead, with the same result. Only what
differs is read: a table whose bytes are the same on both sides is unchanged unread, and of one
that differs only the records between the bytes both sides share at the start and the end
(:mod:`jacksonpd.common_records`); a table not laid out as the build writes it is read whole.

Names stay withheld in every view of history. An officer's name, and when and by whom it was
released, is shown from the older package only where the newer one publishes the same value:
a package built with a later ``--as-of`` may have published a name that the newer one withholds,
and a diff must not publish it again. The newer package's own values are public by definition.
"""

from __future__ import annotations

import io
import json
import subprocess
import tarfile
import tempfile
from collections.abc import Iterable, Mapping
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import attrs

from .common_records import differing_spans
from .errors import JacksonpdError, Problem
from .keyed_rows import KeyedTable, Unsorted, key_function, merged_pairs, pairs_in_memory, table_path
from .publish.descriptor import read_lean

__all__ = ["WITHHELD", "FieldChange", "PackageDiff", "RecordChange", "ResourceDiff", "diff_packages"]

#: Fields whose older values may be names the newer package withholds, by resource.
WITHHELD: Mapping[str, frozenset[str]] = {
    "officers": frozenset(
        {
            "name",
            "rank",
            "name_released_on",
            "name_released_by",
            "name_public_on",
            "name_public_how",
            "name_public_by",
        }
    ),
}
#: What a withheld older value is shown as.
HIDDEN = "(not public in the newer package)"

_PUBLISHED = "datapackage"


@attrs.frozen(kw_only=True)
class FieldChange:
    """One field of one record: its value in the older and in the newer package."""

    field: str
    old: str
    new: str


@attrs.frozen(kw_only=True)
class RecordChange:
    """A record in both packages whose values differ."""

    key: tuple[str, ...]
    changes: tuple[FieldChange, ...]


@attrs.frozen(kw_only=True)
class ResourceDiff:
    """What changed in one resource: records added, removed and changed, and fields."""

    name: str
    key: tuple[str, ...]
    added: tuple[dict[str, str], ...] = ()
    removed: tuple[dict[str, str], ...] = ()
    changed: tuple[RecordChange, ...] = ()
    fields_added: tuple[str, ...] = ()
    fields_removed: tuple[str, ...] = ()
    resource_added: bool = False
    resource_removed: bool = False

    @property
    def unchanged(self) -> bool:
        """Whether nothing at all differs."""
        return not (
            self.added
            or self.removed
            or self.changed
            or self.fields_added
            or self.fields_removed
            or self.resource_added
            or self.resource_removed
        )


@attrs.frozen(kw_only=True)
class PackageDiff:
    """The record-by-record difference between two packages, resource by resource."""

    old: str
    new: str
    old_version: str | None
    new_version: str | None
    old_as_of: str | None
    new_as_of: str | None
    resources: tuple[ResourceDiff, ...]

    @property
    def unchanged(self) -> bool:
        """Whether the two packages hold the same records."""
        return all(r.unchanged for r in self.resources)

    def to_dict(self) -> dict[str, Any]:
        """The diff as plain data (what ``--format json`` prints)."""
        return {
            "old": {"package": self.old, "version": self.old_version, "as_of": self.old_as_of},
            "new": {"package": self.new, "version": self.new_version, "as_of": self.new_as_of},
            "resources": {
                r.name: {
                    "key": list(r.key),
                    "summary": _summary(r),
                    "resource_added": r.resource_added,
                    "resource_removed": r.resource_removed,
                    "fields_added": list(r.fields_added),
                    "fields_removed": list(r.fields_removed),
                    "added": list(r.added),
                    "removed": list(r.removed),
                    "changed": [
                        {
                            "key": list(c.key),
                            "fields": {f.field: {"old": f.old, "new": f.new} for f in c.changes},
                        }
                        for c in r.changed
                    ],
                }
                for r in self.resources
            },
        }

    def to_text(self, limit: int = 20) -> str:
        """The diff for people: a summary line per resource, then up to ``limit`` records of each kind."""
        lines = [
            f"{self.old} ({_describe(self.old_version, self.old_as_of)}) -> "
            f"{self.new} ({_describe(self.new_version, self.new_as_of)})"
        ]
        for r in self.resources:
            lines.extend(_resource_text(r, limit))
        if self.unchanged:
            lines.append("The two packages hold the same records.")
        return "\n".join(lines)


def diff_packages(
    old: str | Path, new: str | Path, root: Path = Path(), *, reveal: bool = False
) -> PackageDiff:
    """Compare the packages ``old`` and ``new``: paths, or git revisions of the checkout at ``root``.

    ``reveal`` keeps the older values the newer package withholds (for the build's own checks
    of corrections, which print none of them); a diff shown to anyone never sets it.

    Raises :class:`~jacksonpd.errors.JacksonpdError` if either side is neither.
    """
    with ExitStack() as stack:
        old_path = _resolve(str(old), root, stack)
        new_path = _resolve(str(new), root, stack)
        old_desc, new_desc = _descriptor(old_path), _descriptor(new_path)
        old_res = {r["name"]: r for r in old_desc.get("resources", [])}
        new_res = {r["name"]: r for r in new_desc.get("resources", [])}
        names = [*new_res, *(n for n in old_res if n not in new_res)]
        resources = tuple(
            _diff_resource(
                name, old_res.get(name), new_res.get(name), old_path.parent, new_path.parent, reveal=reveal
            )
            for name in names
        )
    return PackageDiff(
        old=str(old),
        new=str(new),
        old_version=old_desc.get("version"),
        new_version=new_desc.get("version"),
        old_as_of=old_desc.get("as_of"),
        new_as_of=new_desc.get("as_of"),
        resources=resources,
    )


def _resolve(spec: str, root: Path, stack: ExitStack) -> Path:
    """The ``datapackage.json`` that ``spec`` names: a path, or a revision extracted to a scratch folder."""
    path = Path(spec)
    if path.is_dir():
        path = path / "datapackage.json"
    if path.is_file():
        return path
    archive = _git_archive(spec, root)
    if archive is None:
        problem = Problem(
            code="missing-file",
            path=spec,
            found="no data package and no git revision of that name",
            expected="a folder holding datapackage.json, the descriptor, or a revision such as HEAD~1",
        )
        raise JacksonpdError([problem], "nothing to compare")
    scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="jacksonpd-diff-")))
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(scratch, filter="data")
    return scratch / _PUBLISHED / "datapackage.json"


def _git_archive(revision: str, root: Path) -> bytes | None:
    """The committed ``datapackage/`` at ``revision`` as a tar archive, or None if there is none."""
    if revision.startswith("-"):
        return None  # never an option to git
    try:
        done = subprocess.run(
            ["git", "-C", str(root), "archive", "--format=tar", revision, "--", _PUBLISHED],
            capture_output=True,
            check=False,
        )
    except OSError:  # no git on this machine
        return None
    return done.stdout if done.returncode == 0 else None


def _descriptor(path: Path) -> dict[str, Any]:
    try:
        # Without its list of sources, which a diff does not compare and which grows with the package.
        loaded = read_lean(path)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        problem = Problem(
            code="json-error",
            path=str(path),
            found=type(exc).__name__,
            expected="a data package descriptor (JSON)",
        )
        raise JacksonpdError([problem], "cannot compare") from None
    if not isinstance(loaded, dict):
        problem = Problem(
            code="json-error",
            path=str(path),
            found="JSON that is not an object",
            expected="a data package descriptor",
        )
        raise JacksonpdError([problem], "cannot compare")
    return loaded


def _diff_resource(
    name: str,
    old: Mapping[str, Any] | None,
    new: Mapping[str, Any] | None,
    old_dir: Path,
    new_dir: Path,
    *,
    reveal: bool = False,
    whole: bool = False,
) -> ResourceDiff:
    """What changed in one resource; ``whole`` reads every row of both sides (what reading only
    the bytes that differ must give)."""
    either = new if new is not None else old
    assert either is not None  # names come from one side or the other
    key = tuple(either.get("schema", {}).get("primaryKey", ()))
    key_of = key_function(key, either.get("schema", {}))
    old_path = table_path(old_dir, old) if old is not None else None
    new_path = table_path(new_dir, new) if new is not None else None
    if old_path is not None and new_path is not None and not whole:
        found = _diff_between(name, key, key_of, old_path, new_path, reveal=reveal)
        if found is not None:
            return found
    old_rows = KeyedTable(old_path) if old_path is not None else KeyedTable.empty()
    new_rows = KeyedTable(new_path) if new_path is not None else KeyedTable.empty()
    with old_rows, new_rows:
        try:
            found = _compare_in_order(name, key, key_of, old_rows, new_rows, reveal=reveal)
        except Unsorted:
            old_rows.restart()
            new_rows.restart()
            found = _compare(
                name, key, pairs_in_memory(old_rows, new_rows, key_of), old_rows, new_rows, reveal=reveal
            )
    return attrs.evolve(found, resource_added=old is None, resource_removed=new is None)


def _diff_between(
    name: str, key: tuple[str, ...], key_of: Any, old: Path, new: Path, *, reveal: bool
) -> ResourceDiff | None:
    """What changed between two CSVs, reading only the records between the bytes they share at
    the start and the end; ``None`` if they must be read whole (not laid out as the build
    writes them, or out of key order)."""
    spans = differing_spans(old, new)
    if spans is None:
        return None
    if spans.identical:
        return ResourceDiff(name=name, key=key)
    old_rows = KeyedTable.between(old, spans.header, *spans.old)
    new_rows = KeyedTable.between(new, spans.header, *spans.new)
    with old_rows, new_rows:
        try:
            return _compare_in_order(name, key, key_of, old_rows, new_rows, reveal=reveal)
        except Unsorted:
            return None


def _compare_in_order(
    name: str, key: tuple[str, ...], key_of: Any, old: KeyedTable, new: KeyedTable, *, reveal: bool
) -> ResourceDiff:
    """:func:`_compare` of two tables read side by side in key order (:class:`Unsorted` if not)."""
    return _compare(name, key, merged_pairs(old.rows(), new.rows(), key_of), old, new, reveal=reveal)


def _compare(
    name: str,
    key: tuple[str, ...],
    pairs: Iterable[tuple[dict[str, str] | None, dict[str, str] | None]],
    old: KeyedTable,
    new: KeyedTable,
    *,
    reveal: bool = False,
) -> ResourceDiff:
    """Sort matched records into added, removed and changed, hiding what the newer side withholds."""
    old_fields = set(old.header)
    fields = [f for f in new.header if f in old_fields]
    hidden = frozenset() if reveal else WITHHELD.get(name, frozenset())
    added: list[dict[str, str]] = []
    removed: list[dict[str, str]] = []
    changed: list[RecordChange] = []
    for o, n in pairs:
        if o is None:
            if n is not None:
                added.append(n)
        elif n is None:
            removed.append({f: (HIDDEN if f in hidden and v else v) for f, v in o.items()})
        else:
            diffs = tuple(
                FieldChange(field=f, old=HIDDEN if f in hidden and o[f] else o[f], new=n[f])
                for f in fields
                if o[f] != n[f]
            )
            if diffs:
                changed.append(RecordChange(key=tuple(n[k] for k in key), changes=diffs))
    return ResourceDiff(
        name=name,
        key=key,
        added=tuple(added),
        removed=tuple(removed),
        changed=tuple(changed),
        fields_added=tuple(f for f in new.header if f not in old_fields),
        fields_removed=tuple(f for f in old.header if f not in set(new.header)),
    )


def _summary(r: ResourceDiff) -> dict[str, int]:
    return {"added": len(r.added), "removed": len(r.removed), "changed": len(r.changed)}


def _describe(version: str | None, as_of: str | None) -> str:
    return f"data version {version or 'unknown'}, as of {as_of or 'unknown'}"


def _resource_text(r: ResourceDiff, limit: int) -> list[str]:
    if r.unchanged:
        return [f"{r.name}: unchanged"]
    if r.resource_added:
        return [f"{r.name}: new resource, {_records(len(r.added))}"]
    if r.resource_removed:
        return [f"{r.name}: resource removed, {_records(len(r.removed))}"]
    lines = [f"{r.name}: {len(r.added)} added, {len(r.removed)} removed, {len(r.changed)} changed"]
    if r.fields_added:
        lines.append(f"  fields added: {', '.join(r.fields_added)}")
    if r.fields_removed:
        lines.append(f"  fields removed: {', '.join(r.fields_removed)}")
    for label, rows in (("added", r.added), ("removed", r.removed)):
        for row in rows[:limit]:
            lines.append(f"  {label:8} {_key_text(tuple(row.get(k, '') for k in r.key))}")
        if len(rows) > limit:
            lines.append(f"  ... and {len(rows) - limit} more {label}")
    for change in r.changed[:limit]:
        lines.append(f"  changed  {_key_text(change.key)}")
        lines.extend(f"      {f.field}: {_clip(f.old)} -> {_clip(f.new)}" for f in change.changes)
    if len(r.changed) > limit:
        lines.append(f"  ... and {len(r.changed) - limit} more changed")
    return lines


def _records(n: int) -> str:
    return f"{n} record" if n == 1 else f"{n} records"


def _key_text(key: tuple[str, ...]) -> str:
    return " / ".join(key)


def _clip(value: str, width: int = 70) -> str:
    if value == HIDDEN:
        return value
    shown = value if len(value) <= width else value[: width - 1] + "…"
    return json.dumps(shown, ensure_ascii=False) if value else "(empty)"
