"""The docs keep up with the code: every command in the README, a changelog to add to."""

from __future__ import annotations

import pytest

from jacksonpd.cli import cli

from .conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_is_in_the_readme(name: str) -> None:
    """Each command appears in the README's command table."""
    assert f"| `jacksonpd {name}" in README


def test_readme_setup_is_two_commands() -> None:
    """The set-up section gives one command to install and build, one to install and test."""
    assert "pip install . && jacksonpd serve" in README
    assert 'pip install -e ".[test]" && pytest' in README


def test_ci_runs_the_readme_test_command() -> None:
    """.ci/run installs as the README says and runs pytest."""
    ci = (REPO / ".ci/run").read_text(encoding="utf-8")
    assert 'pip install --quiet -e ".[test]"' in ci
    assert ci.rstrip().endswith("pytest")


def test_changelog_has_an_unreleased_section() -> None:
    """Changes land under "Unreleased" until a release is cut."""
    assert "## Unreleased" in (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
