"""The command line: help for every command, --version, and `python -m jacksonpd`."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

import jacksonpd
from jacksonpd.cli import cli

COMMANDS = sorted(cli.commands)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_an_example(name: str) -> None:
    """Each command documents itself, with an example."""
    command = cli.commands[name]
    assert command.help, f"{name} is missing its help"
    assert "Example:" in command.help
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert isinstance(command, click.Command)


def test_version() -> None:
    """--version prints the package version (and the shipped data's, see test_cli_messages)."""
    result = CliRunner().invoke(cli, ["--version"])
    assert result.output.splitlines()[0] == f"jacksonpd {jacksonpd.__version__} (the code)"


def test_python_dash_m() -> None:
    """`python -m jacksonpd` runs the same command line."""
    result = subprocess.run(
        [sys.executable, "-m", "jacksonpd", "--help"], capture_output=True, text=True, check=True
    )
    assert "build" in result.stdout
