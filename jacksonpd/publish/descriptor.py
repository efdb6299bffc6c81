"""A package's ``datapackage.json`` read and written without holding its list of sources.

The descriptor lists every source the package holds or cites (one entry a source: 7 MB of JSON,
about 18 MB once parsed, at a million statements), and it is the only part of the descriptor
that grows with the package. So:

- :func:`read_lean` gives the descriptor without that list (for the release's checks, the
  comparison with the previous release, the site's metadata: none of them reads it);
- :func:`read_streamed` gives it with the list as :class:`Sources`, which reads the file an
  entry at a time whenever it is gone through (for the release, which writes the descriptor
  and its README again);
- :func:`write_descriptor` and :func:`write_lines` write a descriptor and a README whose list
  of sources is any iterable, an entry at a time, with the bytes ``json.dumps(..., indent=2,
  ensure_ascii=False)`` and ``"\\n".join`` write.

The list is cut from the text before it is parsed only where the file is laid out as the build
writes it (two spaces a level; JSON strings hold no raw line break, so every line break is
layout); anything else is parsed whole, with the same result.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

__all__ = [
    "SOURCES",
    "Sources",
    "read_lean",
    "read_streamed",
    "without_sources",
    "write_descriptor",
    "write_lines",
]

#: The descriptor's member that lists the sources.
SOURCES = "sources"
_OPEN = f'  "{SOURCES}": [\n'  # the member's first line, as the build writes it
_CLOSE = "  ]"  # its last line begins so (then a comma, if a member follows)
_ENTRY = "    "  # each line of its entries begins so
_MARK = "\x00sources\x00"  # the member's place while the rest of a descriptor is written


def read_lean(path: Path) -> dict[str, Any]:
    """The descriptor at ``path`` without its top-level list of sources (see the module)."""
    with path.open(encoding="utf-8", newline="") as f:
        loaded = _cut_parse(f)
    if loaded is None:
        return _whole(path.read_text(encoding="utf-8"))
    del loaded[SOURCES]
    return loaded


def without_sources(text: str) -> dict[str, Any]:
    """The descriptor in ``text`` (JSON) without its top-level ``sources``; raises ``ValueError``
    if ``text`` is not JSON, as ``json.loads`` does."""
    loaded = _cut_parse(text.splitlines(keepends=True))
    if loaded is None:
        return _whole(text)
    del loaded[SOURCES]
    return loaded


def read_streamed(path: Path) -> dict[str, Any]:
    """The descriptor at ``path``, its list of sources a :class:`Sources` of the file (in its
    place among the members) where the file is laid out as the build writes it, else parsed."""
    with path.open(encoding="utf-8", newline="") as f:
        loaded = _cut_parse(f)
    if loaded is None:
        whole: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return whole
    loaded[SOURCES] = Sources(path)
    return loaded


class Sources(Iterable[Any]):
    """The entries of the list of sources of the descriptor at ``path`` (laid out as the build
    writes it), each parsed as it is reached: none is held."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __iter__(self) -> Iterator[Any]:
        with self.path.open(encoding="utf-8", newline="") as f:
            for line in f:
                if line == _OPEN:
                    break
            entry: list[str] = []
            for line in f:
                if line.startswith(_CLOSE):
                    return
                entry.append(line)
                # An entry's first and last lines are those at its own depth: a line alone
                # unless it opens an object or a list that later lines close.
                if line[len(_ENTRY)] != " " and not (len(entry) == 1 and line.rstrip()[-1] in "{["):
                    yield json.loads("".join(entry).rstrip().removesuffix(","))
                    entry = []


def write_descriptor(path: Path, descriptor: Mapping[str, Any]) -> None:
    """Write ``descriptor`` to ``path`` as ``json.dumps(descriptor, indent=2, ensure_ascii=False)``
    and a line break; a list of sources that is not a list (a :class:`Sources`, a generator) is
    written an entry at a time, as if it were one."""
    sources = descriptor.get(SOURCES)
    with path.open("w", encoding="utf-8") as f:
        if not isinstance(sources, Iterable) or isinstance(sources, (list, tuple, str, Mapping)):
            json.dump(descriptor, f, indent=2, ensure_ascii=False)
            f.write("\n")
            return
        member = f'\n  "{SOURCES}": '
        text = json.dumps({**descriptor, SOURCES: _MARK}, indent=2, ensure_ascii=False)
        head, *tail = text.split(member + json.dumps(_MARK))
        if len(tail) != 1:  # pragma: no cover - a text holding the mark: written whole
            json.dump({**descriptor, SOURCES: list(sources)}, f, indent=2, ensure_ascii=False)
            f.write("\n")
            return
        f.write(head + member)
        _write_list(f, sources)
        f.write(tail[0] + "\n")


def _write_list(f: IO[str], entries: Iterable[Any]) -> None:
    """``entries`` as ``json.dumps`` writes a list that is a member of the top-level object."""
    first = True
    for entry in entries:
        f.write("[\n" if first else ",\n")
        f.write(_ENTRY + json.dumps(entry, indent=2, ensure_ascii=False).replace("\n", "\n" + _ENTRY))
        first = False
    f.write("[]" if first else "\n" + _CLOSE)


def write_lines(path: Path, lines: Iterable[str]) -> None:
    """Write ``lines`` to ``path`` as ``path.write_text("\\n".join(lines))`` does, a line at a time."""
    with path.open("w", encoding="utf-8") as f:
        for n, line in enumerate(lines):
            if n:
                f.write("\n")
            f.write(line)


def _whole(text: str) -> dict[str, Any]:
    """The descriptor in ``text``, parsed whole, without its top-level sources."""
    loaded: dict[str, Any] = json.loads(text)
    if isinstance(loaded, dict):
        loaded.pop(SOURCES, None)
    return loaded


def _cut_parse(lines: Iterable[str]) -> dict[str, Any] | None:
    """The descriptor in ``lines`` with its top-level sources ``None``, cut from the text before
    it is parsed; ``None`` if the text is not laid out as the build writes it (or not JSON)."""
    kept: list[str] = []
    state = "before"
    for line in lines:
        if state == "inside":
            if line.startswith(_CLOSE):
                kept.append(f'  "{SOURCES}": null{line[len(_CLOSE) :]}')
                state = "after"
            elif not line.startswith(_ENTRY):
                return None
            continue
        if (
            state == "before"
            and line == _OPEN
            and kept[:1] == ["{\n"]
            and (len(kept) == 1 or (kept[1].startswith('  "')))
        ):
            state = "inside"
            continue
        kept.append(line)
    if state != "after":
        return None
    try:
        loaded = json.loads("".join(kept))
    except ValueError:
        return None
    if isinstance(loaded, dict) and SOURCES in loaded and loaded[SOURCES] is None:
        return loaded
    return None
