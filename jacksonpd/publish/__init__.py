"""Write the published forms of a dataset: the data package, SQLite, and Datasette metadata.

The writers are imported on first use (PEP 562): reading seeds needs ``publish.rows`` only,
not frictionless, sqlite-utils or Datasette.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .datasette import datasette_metadata
    from .package import write_package
    from .sqlite import write_sqlite

__all__ = ["datasette_metadata", "write_package", "write_sqlite"]

_HOMES = {"datasette_metadata": "datasette", "write_package": "package", "write_sqlite": "sqlite"}


def __getattr__(name: str) -> Any:
    """Import a writer from its module the first time it is asked for."""
    home = _HOMES.get(name)
    if home is None:
        msg = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(msg)
    value = getattr(importlib.import_module(f".{home}", __name__), name)
    globals()[name] = value
    return value
