"""Read curated YAML so that every value can be traced back to its line.

PyYAML forgets where values came from, silently keeps the last of two equal keys, and turns
``2018-02-30`` into an exception with no line. This reader keeps a line for every path, reports
duplicate keys, and leaves dates as text for the converter to check (with the line known).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import yaml

from .errors import Problem

__all__ = ["Located", "read_yaml"]

Key = tuple[str | int, ...]


# libyaml's parser (PyYAML's wheels bundle it) reads about ten times faster than the pure-Python
# one and gives nodes the same line marks; the resolver, where timestamps are turned off, is Python.
_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """SafeLoader without implicit timestamps: dates stay strings until the converter checks them."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@attrs.frozen
class Located:
    """Parsed YAML data with the 1-based line of every mapping key and sequence item."""

    data: Any
    path: str
    lines: Mapping[Key, int]

    def line(self, key: Key) -> int | None:
        """The line of ``key``, or of its nearest ancestor that has one."""
        for n in range(len(key), -1, -1):
            if key[:n] in self.lines:
                return self.lines[key[:n]]
        return None


def read_yaml(path: Path, shown: str) -> tuple[Located | None, list[Problem]]:
    """Parse ``path`` (named ``shown`` in problems); ``None`` and the problems if it cannot be read."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [Problem(code="encoding-error", path=shown, found=f"byte {exc.start}", expected="UTF-8")]
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Located(None, shown, {}), []
        lines: dict[Key, int] = {}
        problems: list[Problem] = []
        _index(node, (), lines, problems, shown)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return None, [
            Problem(
                code="yaml-error",
                path=shown,
                line=mark.line + 1 if mark else None,
                message=str(exc.problem or exc.context),
            )
        ]
    finally:
        loader.dispose()
    return Located(data, shown, lines), problems


def _index(node: yaml.Node, key: Key, lines: dict[Key, int], problems: list[Problem], shown: str) -> None:
    lines.setdefault(key, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for k, v in node.value:
            name = str(k.value)
            line = k.start_mark.line + 1
            if name in seen:
                problems.append(
                    Problem(
                        code="duplicate-key",
                        path=shown,
                        line=line,
                        field=name,
                        message=f"already given on line {seen[name]}; the first would be lost",
                    )
                )
            seen.setdefault(name, line)
            lines[(*key, name)] = line
            _index(v, (*key, name), lines, problems, shown)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index(item, (*key, i), lines, problems, shown)
