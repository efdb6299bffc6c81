"""Write the published forms of a dataset: the Frictionless Data Package (and, later, SQLite)."""

from .package import write_package

__all__ = ["write_package"]
