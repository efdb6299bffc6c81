"""jacksonpd: open data on police transparency in Jackson, Mississippi.

>>> import jacksonpd
>>> pkg = jacksonpd.load()            # the package published with this version
>>> [s.text for s in pkg.statements if s.speaker_id == "anthony-moore"][:1]

The public names are imported on first use (PEP 562), so ``import jacksonpd`` and commands
such as ``jacksonpd extract`` do not load the build, the publishers or Datasette.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .build import BuildResult, build
    from .dataset import Dataset, load
    from .errors import JacksonpdError, Problem
    from .models import (
        Event,
        Figure,
        Incident,
        Mention,
        Organization,
        Person,
        Policy,
        Source,
        Statement,
    )
    from .validate import validate_package

__version__ = "0.1.0"

__all__ = [
    "BuildResult",
    "Dataset",
    "Event",
    "Figure",
    "Incident",
    "JacksonpdError",
    "Mention",
    "Organization",
    "Person",
    "Policy",
    "Problem",
    "Source",
    "Statement",
    "__version__",
    "build",
    "load",
    "validate_package",
]

#: Where each public name lives.
_HOMES = {
    "BuildResult": "build",
    "build": "build",
    "Dataset": "dataset",
    "load": "dataset",
    "JacksonpdError": "errors",
    "Problem": "errors",
    "Event": "models",
    "Figure": "models",
    "Incident": "models",
    "Mention": "models",
    "Organization": "models",
    "Person": "models",
    "Policy": "models",
    "Source": "models",
    "Statement": "models",
    "validate_package": "validate",
}


def __getattr__(name: str) -> Any:
    """Import a public name from its module the first time it is asked for."""
    home = _HOMES.get(name)
    if home is None:
        msg = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(msg)
    value = getattr(importlib.import_module(f".{home}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


class _Package(types.ModuleType):
    """The package module: ``jacksonpd.build`` stays the function after the ``jacksonpd.build``
    module is imported (which binds the module to the same attribute), as it was when the
    package imported it eagerly."""

    def __getattribute__(self, name: str) -> Any:
        value = super().__getattribute__(name)
        if name == "build" and isinstance(value, types.ModuleType):
            return value.build
        return value


sys.modules[__name__].__class__ = _Package
