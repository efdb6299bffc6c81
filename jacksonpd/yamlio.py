"""Read curated YAML so that every value can be traced back to its line.

PyYAML forgets where values came from, silently keeps the last of two equal keys, and turns
``2018-02-30`` into an exception with no line. This reader keeps a line for every path, reports
duplicate keys, and leaves dates as text for the converter to check (with the line known).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, TextIO

import attrs
import yaml

from .errors import Problem

__all__ = ["LazyLines", "Located", "read_yaml", "read_yaml_each"]

Key = tuple[str | int, ...]


# libyaml's parser (PyYAML's wheels bundle it) reads about ten times faster than the pure-Python
# one and gives nodes the same line marks; the resolver, where timestamps are turned off, is Python.
_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """SafeLoader without implicit timestamps: dates stay strings until the converter checks them."""


class _ItemLoader(_Loader, yaml.composer.Composer):
    """:class:`_Loader` that can also compose one node at a time (Composer's Python methods, on
    libyaml's events): a long sequence is read item by item rather than held whole as nodes."""

    def __init__(self, stream: str | TextIO) -> None:
        super().__init__(stream)  # type: ignore[call-arg]  # libyaml's parser, by the MRO
        self.anchors: dict[Any, yaml.Node] = {}


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
    text = _decoded(path, shown)
    if isinstance(text, Problem):
        return None, [text]
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
        return None, [_yaml_problem(exc, shown)]
    finally:
        loader.dispose()
    return Located(data, shown, lines), problems


def _decoded(path: Path, shown: str) -> str | Problem:
    """The file's text, or the problem if it is not UTF-8."""
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        return Problem(code="encoding-error", path=shown, found=f"byte {exc.start}", expected="UTF-8")


def _yaml_problem(exc: yaml.MarkedYAMLError, shown: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    return Problem(
        code="yaml-error",
        path=shown,
        line=mark.line + 1 if mark else None,
        message=str(exc.problem or exc.context),
    )


def _duplicate_key(shown: str, line: int, name: str, first: int) -> Problem:
    return Problem(
        code="duplicate-key",
        path=shown,
        line=line,
        field=name,
        message=f"already given on line {first}; the first would be lost",
    )


def _index(node: yaml.Node, key: Key, lines: dict[Key, int], problems: list[Problem], shown: str) -> None:
    lines.setdefault(key, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for k, v in node.value:
            name = str(k.value)
            line = k.start_mark.line + 1
            if name in seen:
                problems.append(_duplicate_key(shown, line, name, seen[name]))
            seen.setdefault(name, line)
            lines[(*key, name)] = line
            _index(v, (*key, name), lines, problems, shown)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index(item, (*key, i), lines, problems, shown)


def read_yaml_each(
    path: Path, shown: str, key: str, each: Callable[[Located, int], None]
) -> tuple[Located | None, list[Problem]]:
    """:func:`read_yaml` for a document whose top-level ``key`` holds a long sequence: each item is
    handed to ``each`` as it is parsed (as a document of its own whose lines are keyed from the
    top, ``(key, index, ...)``), so that only one item is held at a time. Returns the rest of the
    document, with ``key`` as an empty list, and the problems of the whole.

    After a problem, items already handed on may be all there is: the caller must not use them.
    A document of another shape is read whole, and its items (if any) handed on the same way,
    some perhaps again (with the same indices) when the shape shows only after them.
    """
    with path.open(encoding="utf-8", newline="") as stream:  # parsed as it is read, never held whole
        loader = _ItemLoader(stream)
        try:
            return _read_each(loader, path, shown, key, each)
        except yaml.MarkedYAMLError as exc:
            return None, [_yaml_problem(exc, shown)]
        except UnicodeDecodeError:
            problem = _decoded(path, shown)  # where, as read_yaml says it
            if not isinstance(problem, Problem):  # the file changed meanwhile
                raise
            return None, [problem]
        finally:
            loader.dispose()


def _read_each(
    loader: _ItemLoader, path: Path, shown: str, key: str, each: Callable[[Located, int], None]
) -> tuple[Located | None, list[Problem]]:
    loader.get_event()  # the stream's start
    if not loader.check_event(yaml.DocumentStartEvent):
        return _whole(path, shown, key, each)
    loader.get_event()
    if not loader.check_event(yaml.MappingStartEvent) or loader.peek_event().anchor is not None:
        return _whole(path, shown, key, each)
    top = loader.get_event()
    lines: dict[Key, int] = {(): top.start_mark.line + 1}
    data: dict[str, Any] = {}
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    while not loader.check_event(yaml.MappingEndEvent):
        name_node = _compose(loader)
        if not isinstance(name_node, yaml.ScalarNode):
            return _whole(path, shown, key, each)
        name, line = str(name_node.value), name_node.start_mark.line + 1
        if name in seen:
            problems.append(_duplicate_key(shown, line, name, seen[name]))
        seen.setdefault(name, line)
        lines[(name,)] = line
        start = loader.peek_event()
        if name == key and isinstance(start, yaml.SequenceStartEvent):
            if start.anchor is not None:  # other nodes may repeat it whole
                return _whole(path, shown, key, each)
            loader.get_event()
            index = 0
            while not loader.check_event(yaml.SequenceEndEvent):
                node = _compose(loader)
                item_lines: dict[Key, int] = {}
                _index(node, (key, index), item_lines, problems, shown)
                each(Located(loader.construct_document(node), shown, item_lines), index)
                index += 1
            loader.get_event()
            data.setdefault(name, [])
            continue
        node = _compose(loader)
        _index(node, (name,), lines, problems, shown)
        data.setdefault(name, loader.construct_document(node))
    loader.get_event()  # the mapping's end
    loader.get_event()  # the document's end
    if not loader.check_event(yaml.StreamEndEvent):
        return _whole(path, shown, key, each)  # for read_yaml's own complaint: one document only
    return Located(data, shown, lines), problems


def _compose(loader: _ItemLoader) -> yaml.Node:
    node = loader.compose_node(None, 0)  # no parent: the resolvers' paths are not used
    assert node is not None  # an event is there: the caller checked
    return node


def _whole(
    path: Path, shown: str, key: str, each: Callable[[Located, int], None]
) -> tuple[Located | None, list[Problem]]:
    """:func:`read_yaml_each` for a document of another shape: read whole, items handed on after."""
    doc, problems = read_yaml(path, shown)
    if doc is None or not isinstance(doc.data, dict) or not isinstance(doc.data.get(key), list):
        return doc, problems
    for index, item in enumerate(doc.data[key]):
        each(Located(item, shown, doc.lines), index)
    return Located({**doc.data, key: []}, shown, doc.lines), problems


class LazyLines(Mapping[Key, int]):
    """Some lines of a file, and the rest on demand: the first look-up of a line not given reads
    the file again (with :func:`read_yaml`) for all of them. For a large file whose lines are
    needed only to report a problem, which is rare."""

    def __init__(self, given: Mapping[Key, int], path: Path, shown: str) -> None:
        self.given = dict(given)
        self.path = path
        self.shown = shown
        self._all: Mapping[Key, int] | None = None

    def _every(self) -> Mapping[Key, int]:
        if self._all is None:
            try:
                doc, _ = read_yaml(self.path, self.shown)
            except OSError:  # gone since it was read: the lines given are all there are
                doc = None
            self._all = doc.lines if doc is not None else self.given
        return self._all

    def __getitem__(self, key: Key) -> int:
        if key in self.given:
            return self.given[key]
        return self._every()[key]

    def __contains__(self, key: object) -> bool:
        return key in self.given or key in self._every()

    def __iter__(self) -> Iterator[Key]:
        return iter(self._every())

    def __len__(self) -> int:
        return len(self._every())

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_all": None}  # not worth pickling: read again if needed
