"""jacksonpd.xlsx: the package's tables for spreadsheets, typed, with the data dictionary."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from jacksonpd.publish.workbook import WORKBOOK, WORKBOOK_ROWS, write_workbook

from .conftest import REPO
from .sitefixture import WITHHELD, site_package

openpyxl = pytest.importorskip("openpyxl")

PACKAGE = REPO / "datapackage"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_the_workbook_holds_every_table_as_its_csv() -> None:
    """Each sheet has its CSV's rows, texts with their accents and quotes, typed by the schema."""
    descriptor = json.loads((PACKAGE / "datapackage.json").read_text(encoding="utf-8"))
    book = openpyxl.load_workbook(PACKAGE / WORKBOOK, read_only=True)
    assert book.sheetnames == ["data dictionary", *(r["name"] for r in descriptor["resources"])]
    for resource in descriptor["resources"]:
        expected = _rows(PACKAGE / resource["path"])
        sheet = list(book[resource["name"]].iter_rows(values_only=True))
        header = [f["name"] for f in resource["schema"]["fields"]]
        assert list(sheet[0]) == header
        assert len(sheet) - 1 == len(expected), resource["name"]
        types = {f["name"]: f["type"] for f in resource["schema"]["fields"]}
        for got, want in zip(sheet[1:], expected, strict=True):
            for name, value in zip(header, got, strict=True):
                if want[name] == "":
                    assert value is None
                elif types[name] == "integer":
                    assert value == int(want[name])
                elif types[name] == "number":
                    assert value == float(want[name])
                elif types[name] == "boolean":
                    assert value is (want[name] == "true")
                else:
                    assert value == want[name]
    texts = "".join(
        str(row[0]) for row in book["statements"].iter_rows(min_col=6, max_col=6, values_only=True)
    )
    assert "’" in texts or "'" in texts


def test_the_data_dictionary_sheet_describes_every_field() -> None:
    """The first sheet lists every field of every table with its description, without backticks."""
    descriptor = json.loads((PACKAGE / "datapackage.json").read_text(encoding="utf-8"))
    book = openpyxl.load_workbook(PACKAGE / WORKBOOK, read_only=True)
    rows = list(book["data dictionary"].iter_rows(values_only=True))
    fields = {(r[0], r[1]) for r in rows if r and len(r) >= 5 and r[2]}
    for resource in descriptor["resources"]:
        for field in resource["schema"]["fields"]:
            assert (resource["name"], field["name"]) in fields
    assert not any("`" in str(cell) for row in rows for cell in row if cell)
    assert descriptor["version"] in " ".join(str(c) for row in rows for c in row if c)


def test_the_workbook_withholds_what_the_csvs_withhold(tmp_path: Path) -> None:
    """A withheld officer's name is in no sheet (the workbook is written from the CSVs)."""
    folder = site_package(tmp_path)
    book = openpyxl.load_workbook(folder / WORKBOOK, read_only=True)
    cells = " ".join(str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row if c)
    assert "Ophelia Ontime" in cells  # a released name is there
    assert WITHHELD not in cells


def test_a_large_package_gets_no_workbook(tmp_path: Path) -> None:
    """Past WORKBOOK_ROWS rows the build writes no workbook."""
    descriptor = json.loads((PACKAGE / "datapackage.json").read_text(encoding="utf-8"))
    assert write_workbook(tmp_path, descriptor, {"statements": WORKBOOK_ROWS + 1}) is None
    assert not (tmp_path / WORKBOOK).exists()


def test_the_data_dictionary_names_the_workbook_and_its_limit() -> None:
    """The package's README tells spreadsheet users about the workbook and when there is none."""
    readme = (PACKAGE / "README.md").read_text(encoding="utf-8")
    assert WORKBOOK in readme
    assert f"over {WORKBOOK_ROWS:,} rows has no workbook" in readme
