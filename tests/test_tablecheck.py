"""The compiled validator gives frictionless's verdicts: a differential test on good and bad rows."""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from frictionless import Package, Resource, Schema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jacksonpd.check.fields import compile_field, compile_row
from jacksonpd.check.tablecheck import check_table, check_tables
from jacksonpd.convert import converter
from jacksonpd.models import RECORD_TYPES, Organization, Person, Record
from jacksonpd.publish.package import cell, write_csv
from jacksonpd.validate import _record_lines

from .test_properties import SCHEMAS, records

#: Cells that trouble one type or another: blanks, spaces, bad numbers and dates, odd booleans,
#: digits Python's int() reads but people would not write, overlong text, broken URIs.
TROUBLE = [
    "", " ", "abc", "1.5", "-1", "1e3", "NaN", "Infinity", "2018-02-30", "2018-3-5", "2018-03-05 ",
    "TRUE", "yes", "1", "0", "x" * 70, "999", " 7 ", "\uff11\uff12", "1_000", "https://", "http://x.org/a",
    "a b", "A-B", "anthony-moore", "-", "true", "+5", "0.0", "120", "121", "-91", "WB", "W;B", "gun;knife",
]  # fmt: skip


def _rows(cls: type[Record], data: st.DataObject, n: int) -> list[list[str]]:
    columns = SCHEMAS.field_names(cls.resource)
    rows = []
    for _ in range(n):
        record = converter().unstructure(data.draw(records(cls)))
        rows.append([cell(record[c]) for c in columns])
    return rows


def _frictionless(
    folder: Path, descriptor: dict[str, Any], name: str
) -> Counter[tuple[int | None, str | None, str]]:
    report = Resource(
        path=f"{name}.csv", basepath=str(folder), schema=Schema.from_descriptor(descriptor)
    ).validate()
    lines = _record_lines(folder / f"{name}.csv")
    found: Counter[tuple[int | None, str | None, str]] = Counter()
    for task in report.tasks:
        for error in task.errors:
            row = getattr(error, "row_number", None)
            found[(lines.get(row) if row else None, getattr(error, "field_name", None), error.type)] += 1
    return found


def _ours(path: Path, descriptor: dict[str, Any]) -> Counter[tuple[int | None, str | None, str]]:
    problems = check_table(path, descriptor, path.name)
    return Counter((p.line, p.field if p.code not in ("primary-key",) else None, p.code) for p in problems)


@pytest.mark.parametrize("cls", RECORD_TYPES, ids=lambda c: c.resource)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_same_verdicts_as_frictionless(cls: type[Record], data: st.DataObject) -> None:
    """Good rows, rows with one troublesome cell, and a repeated row, in key order or not: the same
    errors, same places."""
    name = cls.resource
    columns = SCHEMAS.field_names(name)
    rows = _rows(cls, data, data.draw(st.integers(1, 4)))
    for _ in range(data.draw(st.integers(0, 4))):
        row = list(data.draw(st.sampled_from(rows)))
        row[data.draw(st.integers(0, len(columns) - 1))] = data.draw(st.sampled_from(TROUBLE))
        rows.append(row)
    if data.draw(st.booleans()):
        rows.append(list(rows[0]))  # a duplicate key
    if data.draw(st.booleans()):
        rows.sort()  # in key order, as the build writes them (most keys are the first column)
    descriptor = {k: v for k, v in SCHEMAS.tables[name].items() if k != "foreignKeys"}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / f"{name}.csv"
        write_csv(path, columns, rows)
        theirs = _frictionless(folder, descriptor, name)
        # frictionless names the key's fields on a primary-key error only in its note
        theirs = Counter({(ln, f if c != "primary-key" else None, c): n for (ln, f, c), n in theirs.items()})
        assert _ours(path, descriptor) == theirs


#: Cells where the row reader's shortcuts could part from the cell readers: dates in the usual
#: shape (valid, impossible, in other digits), integers with spaces, text at its length bounds.
EDGES = [
    "2018-03-05", "2018-02-29", "2016-02-29", "0000-01-01", "2018-13-01", "\u0662\u0660\u0661\u0668-03-05",
    "2018-03-5 ", "2018/03/05", "2018-03x05", " 12", "12 ", "\u0661\u0662", "x", "", "  ",
]  # fmt: skip


@pytest.mark.parametrize("cls", RECORD_TYPES, ids=lambda c: c.resource)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_row_reads_as_its_cells_do(cls: type[Record], data: st.DataObject) -> None:
    """The generated row reader gives the cell readers' values (types too) for a valid row, and
    gives up on a row where any cell reader finds a problem, so that they say which."""
    fields = SCHEMAS.tables[cls.resource]["fields"]
    read_row = compile_row(fields)
    readers = [compile_field(f) for f in fields]
    row = _rows(cls, data, 1)[0]
    for _ in range(data.draw(st.integers(0, 3))):
        row[data.draw(st.integers(0, len(row) - 1))] = data.draw(st.sampled_from(TROUBLE + EDGES))
    cells = [reader(c) for reader, c in zip(readers, row, strict=True)]
    got = read_row(row)
    if any(verdicts for _, verdicts in cells):
        assert got is None
    else:
        assert got is not None
        assert [(type(v), repr(v)) for v in got] == [(type(v), repr(v)) for v, _ in cells]  # NaN too


def test_a_constraint_not_compiled_is_refused() -> None:
    """A constraint the compiled validator does not apply is an error, never a silent pass."""
    with pytest.raises(NotImplementedError, match="'exclusiveMinimum'"):
        compile_field({"name": "x", "type": "integer", "constraints": {"exclusiveMinimum": 0}})
    with pytest.raises(NotImplementedError, match="'email'"):
        compile_field({"name": "x", "type": "string", "format": "email"})


@pytest.mark.parametrize(
    ("constraint", "cells"),
    [
        ({"maxLength": 3}, ["abc", "abcd", ""]),
        ({"minLength": 2}, ["a", "ab", ""]),
    ],
)
def test_other_constraints_as_frictionless(
    constraint: dict[str, Any], cells: list[str], tmp_path: Path
) -> None:
    """The constraints our schemas do not use yet behave as frictionless's too."""
    descriptor = {"fields": [{"name": "x", "type": "string", "constraints": constraint}]}
    path = tmp_path / "t.csv"
    write_csv(path, ["x"], [[c] for c in cells])
    assert _ours(path, descriptor) == _frictionless(tmp_path, descriptor, "t")


def test_foreign_keys_as_frictionless(tmp_path: Path) -> None:
    """References to missing rows, and blank references (allowed), across two tables."""
    orgs = [Organization(organization_id="jpd", name="JPD", kind="police_department")]  # type: ignore[arg-type]
    people = [
        Person(person_id="a", name="A", organization_id="jpd"),
        Person(person_id="b", name="B", organization_id="nowhere"),
        Person(person_id="c", name="C"),
        Person(person_id="d", name="D", organization_id="elsewhere"),
    ]
    (tmp_path / "data").mkdir()
    for name, items in (("organizations", orgs), ("people", people)):
        columns = SCHEMAS.field_names(name)
        rows = [[cell(converter().unstructure(r)[c]) for c in columns] for r in items]
        write_csv(tmp_path / "data" / f"{name}.csv", columns, rows)
    tables = {name: SCHEMAS.tables[name] for name in ("organizations", "people")}
    descriptor = {
        "name": "t",
        "resources": [
            {"name": n, "path": f"data/{n}.csv", "schema": s, "type": "table"} for n, s in tables.items()
        ],
    }
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor))
    report = Package(str(tmp_path / "datapackage.json")).validate()
    theirs = sorted(
        (e.row_number, e.type) for task in report.tasks for e in task.errors if e.type == "foreign-key"
    )
    ours = check_tables(tmp_path, tables, "p")
    assert theirs == [(3, "foreign-key"), (5, "foreign-key")]
    assert sorted((p.line, p.code) for p in ours) == theirs
    assert [p.field for p in ours] == ["organization_id", "organization_id"]


def test_a_number_outside_every_bound_breaks_each_as_frictionless(tmp_path: Path) -> None:
    """NaN is neither above a minimum nor below a maximum: one problem for each, not a crash."""
    constraints = {"minimum": -90, "maximum": 90}
    descriptor = {"fields": [{"name": "x", "type": "number", "constraints": constraints}]}
    path = tmp_path / "t.csv"
    write_csv(path, ["x"], [[c] for c in ["NaN", "nan", "Infinity", "-INF", "-91", "45", "90"]])
    ours = _ours(path, descriptor)
    assert ours == _frictionless(tmp_path, descriptor, "t")
    assert ours[(2, "x", "constraint-error")] == 2


def test_keys_in_order_then_out_of_order_as_frictionless(tmp_path: Path) -> None:
    """Keys are checked keeping only the last while they come in order; a key out of order makes
    the check remember every key, those before it included: repeats are found either way."""
    descriptor = {
        "fields": [
            {"name": "id", "type": "string", "constraints": {"unique": True}},
            {"name": "n", "type": "integer"},
        ],
        "primaryKey": ["id", "n"],
    }
    rows = [["a", "1"], ["a", "2"], ["a", "2"], ["a", "2"], ["", ""], ["b", "x"], ["b", "1"], ["c", "1"]]
    rows += [["a", "1"], ["b", "1"], ["d", "1"], ["c", "1"]]
    path = tmp_path / "t.csv"
    write_csv(path, ["id", "n"], rows)
    ours = check_table(path, descriptor, "t.csv")
    assert _ours(path, descriptor) == _frictionless(tmp_path, descriptor, "t")
    said = {(p.line, p.code): p.message for p in ours if p.code in ("primary-key", "unique-error")}
    assert said[(4, "primary-key")] == said[(5, "primary-key")] == "the same key is on line 3"
    assert said[(10, "primary-key")] == "the same key is on line 2"  # seen before the switch
    assert said[(11, "primary-key")] == "the same key is on line 8"
    assert said[(13, "primary-key")] == "the same key is on line 9"
    assert said[(3, "unique-error")] == said[(10, "unique-error")] == "the same value is on line 2"
    assert said[(11, "unique-error")] == "the same value is on line 7"
