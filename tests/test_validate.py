"""validate_package(): frictionless's checks and jacksonpd's invariants on a published package."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from click.testing import CliRunner

from jacksonpd import validate_package
from jacksonpd.cli import cli


def rewrite_csv(package: Path, name: str, old: str, new: str) -> None:
    """Edit a published CSV and update its declared hash and size, as a careless editor might."""
    path = package / "data" / f"{name}.csv"
    data = path.read_text(encoding="utf-8")
    assert data.count(old) == 1
    path.write_bytes(data.replace(old, new).encode())
    descriptor_path = package / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text())
    resource = next(r for r in descriptor["resources"] if r["name"] == name)
    resource["hash"] = "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
    resource["bytes"] = path.stat().st_size
    descriptor_path.write_text(json.dumps(descriptor))


def test_a_changed_byte_breaks_the_hash(repo: Path) -> None:
    """Editing a CSV without updating datapackage.json is caught by its declared hash."""
    path = repo / "datapackage/data/people.csv"
    path.write_bytes(path.read_bytes().replace(b"Anthony", b"Antony"))
    codes = {p.code for p in validate_package(repo / "datapackage")}
    assert "hash-count" in codes


def test_a_shifted_span_is_caught(repo: Path) -> None:
    """A statement whose text no longer matches its source span is a span-mismatch."""
    rewrite_csv(repo / "datapackage", "statements", "they can call me.", "they will call me.")
    problems = validate_package(repo / "datapackage")
    assert [(p.code, p.field) for p in problems] == [("span-mismatch", "text")]
    assert "2018-03-19-moore-mbi-they-can-call-me" in str(problems[0])


def test_a_broken_foreign_key_is_located(repo: Path) -> None:
    """A statement citing a source that does not exist is reported at its CSV line and field."""
    rewrite_csv(
        repo / "datapackage",
        "statements",
        "2018-03-19-moore-mbi-they-can-call-me,2018-03-19-moore-mbi,",
        "2018-03-19-moore-mbi-they-can-call-me,2018-03-19-moore-mbx,",
    )
    problems = validate_package(repo / "datapackage")
    assert [p.code for p in problems] == ["foreign-key"]
    lines = (repo / "datapackage/data/statements.csv").read_text().splitlines()
    assert problems[0].line is not None
    assert "moore-mbx" in lines[problems[0].line - 1]


def test_a_bad_date_is_a_type_error(repo: Path) -> None:
    """A date that is not ISO is a type-error in its field."""
    rewrite_csv(repo / "datapackage", "events", ",2018-03-20,,day,", ",03/20/2018,,day,")
    assert [(p.code, p.field) for p in validate_package(repo / "datapackage")] == [("type-error", "date")]


def test_cli_validate(repo: Path) -> None:
    """`jacksonpd validate` exits 0 on a good package and 1, listing problems, on a bad one."""
    good = CliRunner().invoke(cli, ["validate", str(repo / "datapackage/datapackage.json")])
    assert (good.exit_code, good.output.strip().endswith("is valid.")) == (0, True)
    rewrite_csv(repo / "datapackage", "statements", "they can call me.", "they will call me.")
    bad = CliRunner().invoke(cli, ["validate", str(repo / "datapackage")])
    assert bad.exit_code == 1
    assert "[span-mismatch]" in bad.output


def test_missing_package(tmp_path: Path) -> None:
    """Validating a folder with no package says so."""
    assert [p.code for p in validate_package(tmp_path)] == ["missing-file"]
