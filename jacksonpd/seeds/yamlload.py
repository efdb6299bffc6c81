"""How libyaml's nodes are read: a loader that leaves dates as text, refuses aliases and bounds
the nesting, the line of every key and item, and YAML's complaints made problems.

:mod:`.yamlio` reads seed files with these, whole or item by item.
"""

from __future__ import annotations

import re
from typing import Any, TextIO

import yaml

from ..errors import Problem
from .seedfile import LIMITS

__all__ = [
    "ItemLoader",
    "Key",
    "Loader",
    "duplicate_key",
    "index_lines",
    "reader_problem",
    "yaml_problem",
]

Key = tuple[str | int, ...]


# libyaml's parser (PyYAML's wheels bundle it) reads about ten times faster than the pure-Python
# one and gives nodes the same line marks; the resolver, where timestamps are turned off, is Python.
_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Loader(_Base):  # type: ignore[valid-type,misc]
    """SafeLoader without implicit timestamps: dates stay strings until the converter checks them."""


class ItemLoader(Loader, yaml.composer.Composer):
    """:class:`Loader` that can also compose one node at a time (Composer's Python methods, on
    libyaml's events): a long sequence is read item by item rather than held whole as nodes."""

    def __init__(self, stream: str | TextIO) -> None:
        super().__init__(stream)  # type: ignore[call-arg]  # libyaml's parser, by the MRO
        self.anchors: dict[Any, yaml.Node] = {}
        self.depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        """Composer's, refusing aliases (see :class:`_AliasRefused`) and bounding the nesting."""
        if self.check_event(yaml.AliasEvent):
            raise _AliasRefused(self.peek_event().start_mark)
        self.depth += 1
        try:
            if self.depth > LIMITS["depth"] + 2:
                raise _TooDeep(self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def reader_problem(exc: yaml.YAMLError, text: str, shown: str) -> Problem:
    position = getattr(exc, "position", None)
    line = text.count("\n", 0, position) + 1 if isinstance(position, int) else None
    character = getattr(exc, "character", None)
    if isinstance(character, str) and len(character) == 1:
        character = ord(character)
    found = f"the character U+{character:04X}" if isinstance(character, int) else "a character"
    return Problem(code="yaml-error", path=shown, line=line, found=found, expected="characters YAML allows")


def yaml_problem(exc: yaml.MarkedYAMLError, shown: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    message = str(exc.problem or exc.context)
    if any(word in message for word in ("alias", "anchor", "tag")):
        # The name after * & or ! is the curator's text, which may be a withheld name.
        message = _QUOTED.sub("(not shown)", message)
    return Problem(
        code="limit-exceeded" if isinstance(exc, _TooDeep) or "nesting depth" in message else "yaml-error",
        path=shown,
        line=mark.line + 1 if mark else None,
        message=message,
    )


_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


class _AliasRefused(yaml.MarkedYAMLError):
    """An alias in a curated file: refused, since aliases can expand a small file without bound."""

    def __init__(self, mark: yaml.Mark | None) -> None:
        super().__init__(
            problem="aliases (*name) are not allowed in seed files: write the value out",
            problem_mark=mark,
        )


class _TooDeep(yaml.MarkedYAMLError):
    def __init__(self, mark: yaml.Mark | None) -> None:
        super().__init__(problem=f"nested deeper than {LIMITS['depth']} levels", problem_mark=mark)


def duplicate_key(shown: str, line: int, name: str, first: int) -> Problem:
    return Problem(
        code="duplicate-key",
        path=shown,
        line=line,
        field=name,
        message=f"already given on line {first}; the first would be lost",
    )


def index_lines(
    node: yaml.Node,
    key: Key,
    lines: dict[Key, int],
    problems: list[Problem],
    shown: str,
    visited: set[int] | None = None,
) -> None:
    """Record the line of every key and item under ``node``; a node met twice is an alias
    (refused: see :class:`_AliasRefused`), and nesting is bounded (see :data:`LIMITS`)."""
    if visited is None:
        visited = set()
    if id(node) in visited:
        raise _AliasRefused(node.start_mark)
    visited.add(id(node))
    if len(key) > LIMITS["depth"]:
        raise _TooDeep(node.start_mark)
    lines.setdefault(key, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for k, v in node.value:
            if id(v) in visited or id(k) in visited:
                raise _AliasRefused(v.start_mark)
            name = str(k.value)
            line = k.start_mark.line + 1
            if name in seen:
                problems.append(duplicate_key(shown, line, name, seen[name]))
            seen.setdefault(name, line)
            lines[(*key, name)] = line
            index_lines(v, (*key, name), lines, problems, shown, visited)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            index_lines(item, (*key, i), lines, problems, shown, visited)
