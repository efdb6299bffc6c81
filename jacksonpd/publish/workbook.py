"""Write ``jacksonpd.xlsx``: the package's tables for spreadsheet users, with the data dictionary.

Excel opens a double-clicked CSV in the machine's legacy encoding, so the package's UTF-8 CSVs
(which carry no byte-order mark, as the CSV dialect of the package says) show garbled accents
and quotes there. A workbook has no such problem: one sheet per resource, typed as the schema
says (numbers as numbers, booleans as TRUE/FALSE, dates as ISO text, which every locale reads
alike), and the data dictionary as the first sheet. It is written from the published CSVs, so
it holds exactly what they hold, and with fixed timestamps, so the same package gives the same
bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .datasette import plain
from .readme import how_to_cite

__all__ = ["EXCEL_CELL", "WORKBOOK", "WORKBOOK_ROWS", "write_workbook"]

WORKBOOK = "jacksonpd.xlsx"
#: A package of more rows than this gets no workbook: past it a spreadsheet is the wrong tool
#: (and writing one would slow a large build); the CSVs and the database hold everything.
WORKBOOK_ROWS = 100_000
#: The most characters an Excel cell holds; a longer text is cut in the workbook (only there).
EXCEL_CELL = 32_767


def write_workbook(folder: Path, descriptor: Mapping[str, Any], counts: Mapping[str, int]) -> Path | None:
    """Write ``folder/jacksonpd.xlsx`` from the CSVs in ``folder``; None (and no file) when the
    package has more than :data:`WORKBOOK_ROWS` rows."""
    if sum(counts.values()) > WORKBOOK_ROWS:
        return None
    import xlsxwriter  # only for a package small enough: not imported by every build

    path = folder / WORKBOOK
    created = _created(descriptor)
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_urls": False})
    try:
        workbook.set_properties({"title": descriptor["title"], "author": "jacksonpd", "created": created})
        bold = workbook.add_format({"bold": True})
        wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
        _dictionary(workbook.add_worksheet("data dictionary"), descriptor, bold, wrap)
        for resource in descriptor["resources"]:
            _table(workbook.add_worksheet(resource["name"][:31]), folder / resource["path"], resource, bold)
    finally:
        workbook.close()
    return path


def _created(descriptor: Mapping[str, Any]) -> dt.datetime:
    text = str(descriptor.get("created") or "2000-01-01T00:00:00Z")
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).replace(tzinfo=None)


def _dictionary(sheet: Any, descriptor: Mapping[str, Any], bold: Any, wrap: Any) -> None:
    lines: list[tuple[str, ...]] = [
        (descriptor["title"],),
        (plain(descriptor["description"]),),
        (
            f"Version {descriptor['version']}. Data license: "
            + ", ".join(lic["name"] for lic in descriptor.get("licenses", []))
            + ".",
        ),
        *((plain(line),) for line in how_to_cite(descriptor)[2:3]),
        (
            "An empty cell means unknown or not stated by the source. Dates are ISO 8601 (YYYY-MM-DD). "
            f"A text longer than {EXCEL_CELL:,} characters (Excel's limit) is cut here; "
            "the CSV holds it whole.",
        ),
        (),
        ("sheet", "field", "type", "required", "description"),
    ]
    header = len(lines) - 1
    for resource in descriptor["resources"]:
        for field in resource["schema"]["fields"]:
            constraints = field.get("constraints", {})
            description = plain(field["description"])
            if "enum" in constraints:
                description += " Values: " + ", ".join(str(v) for v in constraints["enum"]) + "."
            required = "yes" if constraints.get("required") else ""
            lines.append((resource["name"], field["name"], field["type"], required, description))
    for row, values in enumerate(lines):
        for column, value in enumerate(values):
            sheet.write_string(row, column, value, bold if row in (0, header) else None)
    sheet.set_column(0, 1, 22)
    sheet.set_column(2, 3, 10)
    sheet.set_column(4, 4, 100, wrap)
    sheet.freeze_panes(header + 1, 0)


def _table(sheet: Any, csv_path: Path, resource: Mapping[str, Any], bold: Any) -> None:
    types = [f["type"] for f in resource["schema"]["fields"]]
    with csv_path.open(newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        for column, name in enumerate(header):
            sheet.write_string(0, column, name, bold)
        for row, values in enumerate(reader, start=1):
            for column, value in enumerate(values):
                if value != "":
                    _cell(sheet, row, column, value, types[column] if column < len(types) else "string")
    sheet.freeze_panes(1, 0)
    sheet.set_column(0, len(header) - 1, 18)


def _cell(sheet: Any, row: int, column: int, value: str, type_: str) -> None:
    try:
        if type_ == "integer":
            sheet.write_number(row, column, int(value))
            return
        if type_ == "number":
            sheet.write_number(row, column, float(value))
            return
        if type_ == "boolean" and value in ("true", "false"):
            sheet.write_boolean(row, column, value == "true")
            return
    except ValueError:
        pass  # not what the schema says (an invalid package): kept as the text it is
    sheet.write_string(row, column, value[:EXCEL_CELL])
