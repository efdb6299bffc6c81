"""Read curated YAML so that every value can be traced back to its line.

PyYAML forgets where values came from, silently keeps the last of two equal keys, and turns
``2018-02-30`` into an exception with no line. This reader keeps a line for every path, reports
duplicate keys, and leaves dates as text for the converter to check (with the line known).
A document is parsed by yaml-rs where that is certain to give libyaml's data (see
:mod:`.yamlfast`), its lines then found only if asked for; every other document, and every line
asked for, is read by libyaml (PyYAML's ``CSafeLoader``), which marks each node's line.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import os
import re
import stat
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs
import yaml

from ..errors import Problem
from . import yamlfast
from .seedfile import LIMITS, SeedFileError, read_seed_bytes, seed_file_problem
from .yamlload import (
    ItemLoader,
    Key,
    Loader,
    duplicate_key,
    index_lines,
    reader_problem,
    yaml_problem,
)

# LIMITS, SeedFileError and read_seed_bytes are seedfile's, named here too: every reader of seed
# files has imported them from this module.
__all__ = [
    "LIMITS",
    "LazyLines",
    "Located",
    "PlaceLines",
    "SeedFileError",
    "read_seed_bytes",
    "read_yaml",
    "read_yaml_each",
]


def _long_line(text: str, shown: str) -> Problem | None:
    """A problem at the first line longer than the bound, if any."""
    match = _LONG_LINE.search(text)
    if match is None:
        return None
    return Problem(
        code="limit-exceeded",
        path=shown,
        line=text.count("\n", 0, match.start()) + 1,
        found=f"a line over {LIMITS['line']} characters",
        expected="shorter lines (fold long text with `>-`)",
    )


_LONG_LINE = re.compile(f"[^\n]{{{LIMITS['line'] + 1}}}")


@attrs.frozen
class Located:
    """Parsed YAML data with the 1-based line of every mapping key and sequence item."""

    data: Any
    path: str
    lines: Mapping[Key, int]
    #: The SHA-256 digest of the bytes a whole document was parsed from (``None`` for a part of
    #: one): what a cache keys the results made of it by, exactly as read.
    sha256: bytes | None = None

    def line(self, key: Key) -> int | None:
        """The line of ``key``, or of its nearest ancestor that has one."""
        for n in range(len(key), -1, -1):
            if key[:n] in self.lines:
                return self.lines[key[:n]]
        return None

    def place(self, key: Key) -> str:
        """Where the value at ``key`` was read, as ``<file>:<line>`` for a record's place; for a
        document whose lines have not been looked for, the key in the line's stead (found when
        a problem needs it: see :class:`PlaceLines`), so that a good build never looks for one."""
        if isinstance(self.lines, _UnreadLines) and not self.lines.read:
            return f"{self.path}:{_DEFERRED}{_key_text(key)}"
        return f"{self.path}:{self.line(key)}"


_DEFERRED = "@"  # after a place's last colon: a key whose line is still to be found


def _key_text(key: Key) -> str:
    """``key`` as JSON with no colon (escaped in its strings), so that a place's last colon stays
    the one before its line. Every record of a kind has one of few keys (``("statements", 3)``):
    each is made once and kept (a bounded number of them)."""
    if all(type(k) is str or type(k) is int for k in key):  # a True would be taken for a 1
        return _kept_key_text(key)
    return _json_key_text(key)


def _json_key_text(key: Key) -> str:
    return json.dumps(list(key), separators=(",", ":")).replace(":", "\\u003a")


_kept_key_text = functools.lru_cache(maxsize=4096)(_json_key_text)


class PlaceLines:
    """Places (see :meth:`Located.place`) with their lines: a place whose line was left to be found
    is given it, read again from the file by libyaml; each file is read once. ``root`` is the
    folder that the places' file names, which start with ``shown``, are in."""

    def __init__(self, root: Path, shown: str) -> None:
        self.root, self.shown = root, shown
        self._docs: dict[str, Located] = {}

    def __call__(self, place: str) -> str:
        path, colon, rest = place.rpartition(":")
        if not colon or not rest.startswith(_DEFERRED):
            return place
        key = tuple(json.loads(rest[len(_DEFERRED) :]))
        if path not in self._docs:
            inside = path.removeprefix(f"{self.shown}/") if path.startswith(f"{self.shown}/") else path
            self._docs[path] = Located(None, path, LazyLines({}, self.root / inside, path))
        return f"{path}:{self._docs[path].line(key)}"


def read_yaml(path: Path, shown: str) -> tuple[Located | None, list[Problem]]:
    """Parse ``path`` (named ``shown`` in problems); ``None`` and the problems if it cannot be read.

    Aliases (``*name``) are refused, so that no file can expand beyond its size; so are
    documents nested deeper than :data:`LIMITS` allows and lines longer than it allows.
    """
    try:
        raw = read_seed_bytes(path, shown)
    except SeedFileError as exc:
        return None, [exc.problem]
    text = _decoded(raw, shown)
    if isinstance(text, Problem):
        return None, [text]
    if (long := _long_line(text, shown)) is not None:
        return None, [long]
    digest = hashlib.sha256(raw).digest()
    if (deep := _too_deep(text, shown)) is not None:
        return None, [deep]
    if (fast := yamlfast.fast_load(text)) is not None:
        return Located(fast[0], shown, _UnreadLines({}, path, shown), digest), []
    return _parsed(text, shown, digest)


def _read_lines(path: Path, shown: str) -> Mapping[Key, int] | None:
    """Every line of a file, read by libyaml (``None`` if it cannot be read, or parsed)."""
    try:
        raw = read_seed_bytes(path, shown)
    except SeedFileError:
        return None
    text = _decoded(raw, shown)
    if isinstance(text, Problem) or _long_line(text, shown) or _too_deep(text, shown):
        return None
    doc, _ = _parsed(text, shown, None)
    return doc.lines if doc is not None else None


def _parsed(text: str, shown: str, digest: bytes | None) -> tuple[Located | None, list[Problem]]:
    """:func:`read_yaml`'s reading of a document by libyaml, every line marked."""
    loader = Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Located(None, shown, {}, digest), []
        lines: dict[Key, int] = {}
        problems: list[Problem] = []
        index_lines(node, (), lines, problems, shown, set())
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        return None, [yaml_problem(exc, shown)]
    except yaml.YAMLError as exc:  # a character YAML refuses (a NUL byte, ...), before parsing
        return None, [reader_problem(exc, text, shown)]
    finally:
        loader.dispose()
    return Located(data, shown, lines, digest), problems


def _too_deep(text: str, shown: str) -> Problem | None:
    """A problem if brackets open deeper than the bound (a cheap count; quoted brackets count
    too, which errs on the safe side). Block nesting is bounded by :func:`.yamlload.index_lines`."""
    depth = 0
    for match in _BRACKET.finditer(text):
        depth += 1 if match.group() in "[{" else -1
        if depth > LIMITS["depth"]:
            return Problem(
                code="limit-exceeded",
                path=shown,
                line=text.count("\n", 0, match.start()) + 1,
                found=f"nesting deeper than {LIMITS['depth']}",
                expected="the nesting the format has",
            )
    return None


_BRACKET = re.compile(r"[\[\]{}]")


def _decoded(raw: bytes, shown: str) -> str | Problem:
    """A file's bytes as text, or the problem if they are not UTF-8."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Problem(code="encoding-error", path=shown, found=f"byte {exc.start}", expected="UTF-8")


def read_yaml_each(
    path: Path, shown: str, key: str, each: Callable[[Located, int], None]
) -> tuple[Located | None, list[Problem]]:
    """:func:`read_yaml` for a document whose top-level ``key`` holds a long sequence: each item is
    handed to ``each`` as it is parsed (as a document of its own whose lines are keyed from the
    top, ``(key, index, ...)``), so that only one item is held at a time. Returns the rest of the
    document, with ``key`` as an empty list, and the problems of the whole. Always read by
    libyaml: yaml-rs parses a whole text into a whole document, which a long file must not be.

    After a problem, items already handed on may be all there is: the caller must not use them.
    A document of another shape is read whole, and its items (if any) handed on the same way,
    some perhaps again (with the same indices) when the shape shows only after them.
    """
    if (problem := seed_file_problem(path, shown)) is not None:
        return None, [problem]
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a pipe swapped in meanwhile cannot hang it
    except OSError as exc:
        return None, [
            Problem(code="unreadable-file", path=shown, found=exc.strerror, expected="a readable file")
        ]
    if not stat.S_ISREG(os.fstat(fd).st_mode):  # replaced since it was looked at
        os.close(fd)
        return None, [Problem(code="not-a-file", path=shown, expected="a regular file")]
    with os.fdopen(fd, "rb") as f:  # parsed as it is read, never held whole
        hashing = _HashingReader(f)
        stream = io.TextIOWrapper(io.BufferedReader(hashing), encoding="utf-8", newline="")
        loader = ItemLoader(stream)
        try:
            head, problems = _read_each(loader, path, shown, key, each)
            if head is not None and head.sha256 is None:  # read as a stream, not again whole
                while stream.read(1 << 16):  # what the parser did not need (none, usually)
                    pass
                head = attrs.evolve(head, sha256=hashing.digest.digest())
            return head, problems
        except yaml.MarkedYAMLError as exc:
            return None, [yaml_problem(exc, shown)]
        except yaml.YAMLError:  # a character YAML refuses: located as read_yaml locates it
            return read_yaml(path, shown)
        except _LineTooLong:  # located exactly, as read_yaml says it
            return read_yaml(path, shown)
        except UnicodeDecodeError:
            decoded = _decoded(path.read_bytes(), shown)  # where, as read_yaml says it
            if not isinstance(decoded, Problem):  # the file changed meanwhile
                raise
            return None, [decoded]
        finally:
            loader.dispose()


class _LineTooLong(Exception):
    """A line over the bound (see :data:`LIMITS`), found while a file is read as a stream."""

    def __init__(self, line: int) -> None:
        super().__init__(f"line {line} is too long")
        self.line = line


class _HashingReader(io.RawIOBase):
    """A binary file read through, and the SHA-256 of every byte read from it so far; a line
    longer than the bound stops the read (:class:`_LineTooLong`)."""

    def __init__(self, raw: io.BufferedReader) -> None:
        super().__init__()
        self.raw = raw
        self.digest = hashlib.sha256()
        self.lines = 0  # line breaks read so far
        self.run = 0  # bytes read since the last one

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = self.raw.readinto(buffer)
        if n:
            chunk = memoryview(buffer)[:n]
            self.digest.update(chunk)
            data = bytes(chunk)
            first = data.find(b"\n")
            if first < 0:
                self.run += n
            else:
                longest = max(self.run + first, *(len(part) for part in data[first + 1 :].split(b"\n")))
                self.run = n - data.rfind(b"\n") - 1
                if longest > LIMITS["line"]:  # in bytes: read_yaml then counts characters
                    raise _LineTooLong(self.lines + 1)
                self.lines += data.count(b"\n")
            if self.run > LIMITS["line"]:
                raise _LineTooLong(self.lines + 1)
        return n or 0


def _read_each(
    loader: ItemLoader, path: Path, shown: str, key: str, each: Callable[[Located, int], None]
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
            problems.append(duplicate_key(shown, line, name, seen[name]))
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
                index_lines(node, (key, index), item_lines, problems, shown, set())
                each(Located(loader.construct_document(node), shown, item_lines), index)
                index += 1
            loader.get_event()
            data.setdefault(name, [])
            continue
        node = _compose(loader)
        index_lines(node, (name,), lines, problems, shown, set())
        data.setdefault(name, loader.construct_document(node))
    loader.get_event()  # the mapping's end
    loader.get_event()  # the document's end
    if not loader.check_event(yaml.StreamEndEvent):
        return _whole(path, shown, key, each)  # for read_yaml's own complaint: one document only
    return Located(data, shown, lines), problems


def _compose(loader: ItemLoader) -> yaml.Node:
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
    return attrs.evolve(doc, data={**doc.data, key: []}), problems


class LazyLines(Mapping[Key, int]):
    """Some lines of a file, and the rest on demand: the first look-up of a line not given reads
    the file again (by libyaml, as :func:`read_yaml` reads it) for all of them. For a large file
    whose lines are needed only to report a problem, which is rare."""

    def __init__(self, given: Mapping[Key, int], path: Path, shown: str) -> None:
        self.given = dict(given)
        self.path = path
        self.shown = shown
        self._all: Mapping[Key, int] | None = None

    def _every(self) -> Mapping[Key, int]:
        if self._all is None:
            try:
                lines = _read_lines(self.path, self.shown)
            except OSError:  # gone since it was read: the lines given are all there are
                lines = None
            self._all = lines if lines is not None else self.given
        return self._all

    @property
    def read(self) -> bool:
        """Whether the file has been read again for its lines."""
        return self._all is not None

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


class _UnreadLines(LazyLines):
    """The lines of a document yaml-rs parsed: none known, every one read by libyaml on first
    use (as :class:`LazyLines`); a record's place then waits for a problem (see
    :meth:`Located.place`)."""
