"""Reading a package's ``datapackage.json`` without its list of sources.

The descriptor lists every source the package holds or cites (one entry a source: 7 MB of JSON,
about 18 MB once parsed, at a million statements), and it is the only part of the descriptor
that grows with the package. Most readers of a descriptor (the release's checks, the comparison
with the previous release, the site's metadata) want its resources, version and dates alone:
:func:`read_lean` gives them the descriptor without that list, which is cut from the text before
it is parsed, so that memory stays flat however large the package. The cut is made only where
the text is laid out as the build writes it (``json.dumps(..., indent=2)``); anything else is
parsed whole and the list dropped, with the same result.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

__all__ = ["SOURCES", "read_lean", "without_sources"]

#: The descriptor's member that lists the sources.
SOURCES = "sources"
_TOP = '{\n  "'  # how a descriptor the build wrote begins: members indented by two spaces
_OPEN = f'\n  "{SOURCES}": ['
_CLOSE = "\n  ]"


def read_lean(path: Path) -> dict[str, Any]:
    """The descriptor at ``path`` without its top-level list of sources (see the module)."""
    return without_sources(path.read_text(encoding="utf-8"))


def without_sources(text: str) -> dict[str, Any]:
    """The descriptor in ``text`` (JSON) without its top-level ``sources``; raises ``ValueError``
    if ``text`` is not JSON, as ``json.loads`` does."""
    cut = _cut(text)
    if cut is not None:
        try:
            loaded = json.loads(cut)
        except ValueError:
            loaded = None
        if isinstance(loaded, dict) and SOURCES not in loaded:
            return loaded
    loaded = json.loads(text)  # not laid out as the build writes it: parsed whole
    if isinstance(loaded, dict):
        loaded.pop(SOURCES, None)
    return loaded  # type: ignore[no-any-return]


def _cut(text: str) -> str | None:
    """``text`` with the member ``"sources": [...]`` of its top-level object taken out, if it is
    laid out as ``json.dumps(..., indent=2)`` writes it: a line of its own at two spaces, every
    line of its value deeper, and its closing bracket at two spaces again. ``None`` otherwise."""
    if not text.startswith(_TOP):
        return None
    start = text.find(_OPEN)
    if start < 0:
        return None
    end = text.find(_CLOSE, start + len(_OPEN))
    if end < 0:
        return None
    value = text[start + len(_OPEN) : end]
    # JSON strings hold no raw line break: every line break in the value is layout, and every
    # line of a value at depth one is indented by four spaces or more.
    if value.count("\n") != value.count("\n    "):
        return None
    after = end + len(_CLOSE)
    if text.startswith(",", after):  # a member follows: the one before keeps its comma
        return text[:start] + text[after + 1 :]
    if text[:start].endswith(","):  # the last member: the one before loses its comma
        return text[: start - 1] + text[after:]
    return text[:start] + text[after:]  # the only member
