"""Write the published forms of a dataset: the data package, SQLite, and Datasette metadata."""

from .datasette import datasette_metadata
from .package import write_package
from .sqlite import write_sqlite

__all__ = ["datasette_metadata", "write_package", "write_sqlite"]
