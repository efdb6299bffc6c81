"""``python -m jacksonpd`` runs the command line."""

from .cli import cli

cli()
