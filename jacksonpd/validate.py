"""Check a published data package: frictionless's validation plus jacksonpd's own invariants.

:func:`validate_package` returns every problem as a :class:`~jacksonpd.errors.Problem` located at
``data/<resource>.csv:<line>`` (the physical line, which differs from frictionless's row number
when a text cell spans several lines) and the field. :func:`check_dataset` holds the invariants
frictionless cannot see: each record's text is the source text at its span, and dates are in range.
"""

from __future__ import annotations

import csv
import sqlite3
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from typing import Any

from .check.invariants import check_dataset
from .dataset import load
from .errors import JacksonpdError, Problem

__all__ = ["check_database", "check_dataset", "validate_package"]


def validate_package(path: str | Path) -> list[Problem]:
    """Every problem in the package at ``path`` (``datapackage.json`` or its folder); empty if valid."""
    descriptor = Path(path)
    if descriptor.is_dir():
        descriptor = descriptor / "datapackage.json"
    if not descriptor.is_file():
        return [Problem(code="missing-file", path=str(descriptor), message="no data package here")]
    problems = _descriptor_problems(descriptor) or list(_frictionless(descriptor))
    if problems:
        return problems  # invariants read typed records; they need a package that types cleanly
    try:
        dataset = load(descriptor)
    except JacksonpdError as exc:
        return exc.problems
    problems = check_dataset(dataset, base=str(descriptor.parent))
    database = descriptor.parent / "jacksonpd.db"
    if database.exists():
        problems += check_database(database, {name: len(records) for name, records in dataset.resources()})
    return problems


def check_database(
    path: Path, counts: Mapping[str, int], *, thorough: bool = True, tables: Collection[str] | None = None
) -> list[Problem]:
    """SQLite's own integrity and foreign key checks, and ``counts[table]`` rows in every table.

    ``thorough=False`` runs ``quick_check`` (linear time; it does not match indexes to rows)
    rather than ``integrity_check``: what a build uses on the file it has just written. With
    ``tables``, the integrity and foreign key checks are those of these tables alone: what a
    build uses on a database it patched from one already checked (those it changed).
    """
    check = "integrity_check" if thorough else "quick_check"
    checks = [f"pragma {check}"] if tables is None else [f"pragma {check}([{t}])" for t in sorted(tables)]
    keys = (
        ["pragma foreign_key_check"]
        if tables is None
        else [f"pragma foreign_key_check([{t}])" for t in sorted(tables)]
    )
    shown = str(path)
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            problems = [
                Problem(code="database-error", path=shown, message=f"{check}: {row[0]}")
                for pragma in checks
                for row in conn.execute(pragma)
                if row[0] != "ok"
            ]
            problems += [
                Problem(
                    code="database-error",
                    path=shown,
                    field=table,
                    message=f"foreign_key_check: row {rowid} refers to a missing {parent}",
                )
                for pragma in keys
                for table, rowid, parent, _ in conn.execute(pragma)
            ]
            for name, expected in counts.items():
                (count,) = conn.execute(f"select count(*) from [{name}]").fetchone()
                if count != expected:
                    problems.append(
                        Problem(
                            code="database-error",
                            path=shown,
                            field=name,
                            found=f"{count} rows",
                            expected=f"{expected}, as in the CSV",
                        )
                    )
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return [Problem(code="database-error", path=shown, message=str(exc))]
    return problems


def _descriptor_problems(descriptor: Path) -> list[Problem]:
    """What makes ``descriptor`` no data package at all (frictionless would raise on it)."""
    import json

    shown = str(descriptor)
    try:
        data = json.loads(descriptor.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return [
            Problem(code="json-error", path=shown, found=str(exc), expected="a JSON data package descriptor")
        ]
    if not isinstance(data, dict) or not isinstance(data.get("resources"), list) or not data["resources"]:
        return [
            Problem(
                code="missing-field",
                path=shown,
                field="resources",
                found="no resources" if isinstance(data, dict) else f"a JSON {type(data).__name__}",
                expected="a data package descriptor with its resources (like datapackage/datapackage.json)",
            )
        ]
    return []


def _frictionless(descriptor: Path) -> Iterator[Problem]:
    from frictionless import Package  # a quarter of a second to import: only this check uses it

    report = Package(str(descriptor)).validate()
    if report.valid:
        return
    shown = str(descriptor)
    for error in report.errors:
        yield Problem(code=error.type, path=shown, message=error.note or error.message)
    for task in report.tasks:
        lines = _record_lines(descriptor.parent / task.place) if task.errors else {}
        for error in task.errors:
            row = getattr(error, "row_number", None)
            yield Problem(
                code=error.type,
                path=f"{descriptor.parent / task.place}",
                line=lines.get(row) if row else None,
                field=getattr(error, "field_name", None),
                found=_found(error),
                expected=None,
                message=error.note or error.message,
            )


def _found(error: Any) -> str | None:
    cell = getattr(error, "cell", None)
    if cell is None:
        return None
    return f'"{cell[:60]}…"' if len(cell) > 60 else f'"{cell}"'


def _record_lines(csv_path: Path) -> dict[int, int]:
    """Map frictionless's row numbers (the header is row 1) to the line each record starts on."""
    lines: dict[int, int] = {}
    try:
        with csv_path.open(encoding="utf-8", newline="") as f:
            reader = csv.reader(f)
            start = 1
            for number, _ in enumerate(reader, start=1):
                lines[number] = start
                start = reader.line_num + 1
    except (OSError, UnicodeDecodeError, csv.Error):
        pass
    return lines
