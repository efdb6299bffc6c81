"""The command line's help, versions and error paths, as a person meets them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from jacksonpd import __version__
from jacksonpd.cli import cli
from jacksonpd.dataset import published_path


def test_help_keeps_its_examples_on_their_own_lines() -> None:
    """Examples in the help are not rewrapped into one line."""
    result = CliRunner().invoke(cli, ["build", "--help"], catch_exceptions=False)
    lines = [line.strip() for line in result.output.splitlines()]
    assert "jacksonpd build" in lines
    assert "jacksonpd build --check" in lines
    assert "jacksonpd build --as-of 2018-06-30" in lines


def test_as_of_is_shown_as_a_date() -> None:
    """--as-of shows DATE, not a strftime pattern."""
    result = CliRunner().invoke(cli, ["build", "--help"], catch_exceptions=False)
    assert "--as-of DATE" in result.output
    assert "%Y" not in result.output


def test_version_names_the_code_and_the_data() -> None:
    """--version shows both versions and says which is which."""
    result = CliRunner().invoke(cli, ["--version"], catch_exceptions=False)
    data = json.loads(published_path().read_text(encoding="utf-8"))["version"]
    assert result.output == f"jacksonpd {__version__} (the code)\ndata package {data} (the data it ships)\n"


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ('{"name": "x"}', "field 'resources': found no resources"),
        ('{"name": "x", "resources": []}', "field 'resources': found no resources"),
        ("[1, 2]", "found a JSON list"),
        ("not json", "[json-error]"),
    ],
)
def test_validate_a_descriptor_that_is_no_package(tmp_path: Path, content: str, says: str) -> None:
    """A descriptor without resources, or no JSON at all, is one clear error, no traceback."""
    (tmp_path / "x.json").write_text(content, encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(tmp_path / "x.json")])
    assert result.exit_code == 1
    assert says in result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_build_outside_a_checkout_says_so_in_one_sentence(tmp_path: Path) -> None:
    """`jacksonpd build` where there are no seeds says that in one line, not one per schema."""
    result = CliRunner().invoke(cli, ["build", "--root", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.strip().count("\n") == 0
    assert "is not a jacksonpd checkout" in result.output


def test_validate_outside_a_checkout_validates_the_shipped_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a datapackage/ here, `jacksonpd validate` checks the package jacksonpd ships."""
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["validate"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.output == f"{published_path()} is valid.\n"
