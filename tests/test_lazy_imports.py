"""Imports follow use: ``import jacksonpd`` and ``jacksonpd extract`` load no build, no publishers."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

import jacksonpd
from jacksonpd import cli

ROOT = Path(__file__).resolve().parent.parent
HEAVY = (
    "jacksonpd.build",
    "jacksonpd.publish.sqlite",
    "jacksonpd.publish.datasette",
    "frictionless",
    "datasette",
)


def _modules_after(code: str) -> set[str]:
    """The modules a fresh interpreter has loaded after running ``code``."""
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", script], check=True, capture_output=True, text=True, cwd=ROOT
    ).stdout
    return set(json.loads(out.splitlines()[-1]))


def test_import_jacksonpd_loads_nothing_heavy() -> None:
    """``import jacksonpd`` imports neither the build, the publishers, frictionless nor Datasette."""
    loaded = _modules_after("import jacksonpd")
    assert not [m for m in HEAVY if m in loaded]


def test_extract_command_loads_nothing_heavy() -> None:
    """``jacksonpd extract`` drafts an article without importing the build or Datasette."""
    code = (
        "import sys\n"
        "from jacksonpd.cli import cli\n"
        "try:\n"
        "    cli(['extract', 'seeds/articles/2018-03-27-task-force.txt'])\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
    )
    loaded = _modules_after(code)
    assert "jacksonpd.extract.draft" in loaded
    assert not [m for m in HEAVY if m in loaded]


def test_public_names_resolve_lazily() -> None:
    """Every name in ``jacksonpd.__all__`` resolves, to the object its module defines."""
    for name in jacksonpd.__all__:
        assert getattr(jacksonpd, name) is not None
    build_module = importlib.import_module("jacksonpd.build")
    assert jacksonpd.build is build_module.build  # the function, though the module shares its name
    assert "build" in dir(jacksonpd)


def test_unknown_name_is_an_attribute_error() -> None:
    """A name the package does not have raises AttributeError, as a module's should."""
    with pytest.raises(AttributeError, match="no_such_name"):
        _ = jacksonpd.no_such_name


def test_cli_output_folder_matches_the_build() -> None:
    """The CLI's published folder, named without importing the build, is the build's."""
    assert cli.OUTPUT == importlib.import_module("jacksonpd.build").OUTPUT
