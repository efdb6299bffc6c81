"""A faster parse of curated YAML with yaml-rs (in Rust), used only where it reads what libyaml reads.

yaml-rs reads YAML 1.2 (its core schema); the seeds are read as YAML 1.1, by PyYAML's SafeLoader
without timestamps (:class:`.yamlload.Loader`), and what a curator sees must not change. The two
differ on some plain scalars (``yes``, ``010``, ``1:20``, ``1e3``, ``0o10``, ``_1``, ``.Nan``,
``<<``, ``=``), and yaml-rs accepts some documents libyaml refuses (a tab before a key, a NUL byte,
a tag it does not know, aliases, several documents). :func:`fast_load` gives yaml-rs's data only
when nothing in the document could be read differently, and ``None`` otherwise, so that the file
is read by libyaml exactly as before, problems and lines included. A false alarm costs only the
slower parse; the guard is:

- the text holds no character outside a plain set (no tab, carriage return, control character,
  byte-order mark, or the line breaks YAML 1.1 has and 1.2 does not), no tag or alias (``!`` or
  ``*`` where a node starts), no directive and no document marker (a line starting ``%``, ``---``
  or ``...``);
- yaml-rs parses it, refusing duplicate keys, into mappings with text keys, sequences, text,
  numbers, booleans and nulls, nested no deeper than :data:`LIMITS` allows;
- every plain token (a scalar's text, on one line, where a scalar may stand) is spelled as both
  read it alike (``12``, ``-3``, ``1.5``, ``.5``, ``true``, ``null``, ``~``, ``.inf``), or
  yaml-rs reads it as text;
- no text value or key that PyYAML's resolvers would read as another type (``45``, ``yes``) may
  have been written plain: it is no plain token of the text, or yaml-rs reads that token as no
  text (so that its text was quoted, as in ``"45"`` beside ``45``). Such a value has no space
  in it, so that written plain it is always one token.
"""

from __future__ import annotations

import re
from typing import Any

from .seedfile import LIMITS
from .yamlload import Loader

try:
    import yaml_rs
except ImportError:  # pragma: no cover - a dependency; the libyaml path works without it
    yaml_rs = None  # type: ignore[assignment]

__all__ = ["ENABLED", "fast_load"]

#: Whether :func:`.yamlio.read_yaml` may parse with yaml-rs (tests turn it off to compare).
ENABLED = yaml_rs is not None

# A character outside this set: tab, CR, C0 and C1 controls, DEL, NEL, U+2028 and U+2029 (line
# breaks in YAML 1.1 only), the byte-order mark, U+FFFE and U+FFFF, lone surrogates. (A text that
# is printable, as Python says, but for its line feeds holds none of them: see _odd_text.)
_ODD_CHARACTER = re.compile(
    r"[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
# A tag or an alias: ! or * where a node may start (the line's start, after white space, after
# a flow indicator, or after a colon as in JSON's {"a":1}).
_TAG_OR_ALIAS = re.compile(r"(?:^|(?<=[\s\[{,:]))[!*]", re.MULTILINE)
# A directive or a document's start or end.
_MARKERS = ("%", "---", "...")
_LINE_MARKERS = tuple(f"\n{m}" for m in _MARKERS)

# Spellings both read as the same number, boolean or null (YAML 1.1 and 1.2 core alike): an int
# without a leading zero that fits 64 bits, a decimal without exponent, the infinities and NaNs
# in the case both know, true, false, null and ~.
_AGREED = re.compile(
    r"""
    [-+]?(?:0|[1-9][0-9]{0,17})
    | [-+]?(?:0|[1-9][0-9]{0,17})\.[0-9]{0,17}
    | \.[0-9]{1,17}
    | [-+]?\.(?:inf|Inf|INF) | \.(?:nan|NaN|NAN)
    | true|True|TRUE|false|False|FALSE
    | ~|null|Null|NULL
    """,
    re.VERBOSE,
)
# A word that yaml-rs could read as a number or a null, where a scalar may start (after white
# space, a flow indicator or a colon, as in JSON's {"a":1}): one that starts as those do, up to
# white space, a comma, a bracket or a brace. yaml-rs reads a word starting with a letter as
# other than text only for true, false and null in the case both know (tests/test_yamlfast.py
# holds it to that). Every plain scalar that yaml-rs could read as a number, a boolean or a null
# is on one line and has none of these in it, so that it is one of them (with a key's colon).
# (The word's first character is looked for first, and what stands before it only then: most
# characters of a text start no word, and are passed over at once.)
_NUMBERISH = re.compile(r"[-+._~0-9](?<=[\s\[\]{},:][-+._~0-9])[^\s\[\]{},]*")

_INDICATORS = frozenset(("-", ""))  # alone, an item's mark (or a key's colon alone): no scalar


def _not_text_pattern() -> re.Pattern[str]:
    """Any value PyYAML's implicit resolvers (the loader's, timestamps removed) read as other than
    text: every resolver's expression, in one (a superset of what any first character selects)."""
    parts = {
        f"(?{'x' if rx.flags & re.VERBOSE else ''}:{rx.pattern})"
        for resolvers in Loader.yaml_implicit_resolvers.values()
        for _, rx in resolvers
    }
    return re.compile("|".join(sorted(parts)))


_NOT_TEXT = _not_text_pattern()
#: The first characters of the texts that _NOT_TEXT can match (the empty text is null).
_NOT_TEXT_FIRST = frozenset(c for c in Loader.yaml_implicit_resolvers if c)


def fast_load(text: str) -> tuple[Any] | None:
    """yaml-rs's reading of ``text`` (in a 1-tuple), or ``None`` where libyaml must read it: yaml-rs
    is absent or turned off, refuses it, or could read something differently (see the module)."""
    if not ENABLED or yaml_rs is None or _odd_text(text):
        return None
    try:
        data = yaml_rs.loads(
            text, parse_datetime=False, duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.Error
        )
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # its complaint, or a panic in Rust: libyaml says what is wrong
        return None
    suspects: set[str] = set()
    try:
        _walk(data, 0, suspects)
    except _Unlike:
        return None
    if not _words_agree(text, suspects):
        return None
    return (data,)


def _odd_text(text: str) -> bool:
    """Whether ``text`` holds an odd character, a tag, an alias, a directive or a document marker."""
    if not text.replace("\n", "").isprintable() and _ODD_CHARACTER.search(text):
        return True
    if ("!" in text or "*" in text) and _TAG_OR_ALIAS.search(text):
        return True
    return text.startswith(_MARKERS) or any(m in text for m in _LINE_MARKERS)


class _Unlike(Exception):
    """Data that the loader would not make of a document (see :func:`_walk`)."""


def _walk(node: Any, depth: int, suspects: set[str]) -> None:
    """Check that ``node`` is what the loader could make of a document (mappings keyed by text,
    sequences and scalars, within the nesting bound), else raise :class:`_Unlike`; add to
    ``suspects`` its texts (values and keys) that the loader would read as another type were
    they written plain."""
    if depth >= LIMITS["depth"]:  # its items would be deeper than the bound
        raise _Unlike
    if type(node) is dict:
        items: Any = node.items()
    elif type(node) is list:
        items = enumerate(node)
    else:
        _scalar(node, suspects)
        return
    for key, value in items:
        kind = type(key)
        if kind is str:
            if key and key[0] in _NOT_TEXT_FIRST and _NOT_TEXT.match(key):
                suspects.add(key)
        elif kind is not int or type(node) is dict:
            raise _Unlike
        kind = type(value)
        if kind is str:
            if value and value[0] in _NOT_TEXT_FIRST and _NOT_TEXT.match(value):
                suspects.add(value)
        elif kind is dict or kind is list:
            _walk(value, depth + 1, suspects)
        elif value is not None and kind is not int and kind is not float and kind is not bool:
            raise _Unlike


def _scalar(node: Any, suspects: set[str]) -> None:
    """:func:`_walk` for a document that is one scalar."""
    kind = type(node)
    if kind is str:
        if node and _NOT_TEXT.match(node):
            suspects.add(node)
    elif node is not None and kind is not int and kind is not float and kind is not bool:
        raise _Unlike


def _words_agree(text: str, suspects: set[str]) -> bool:
    """Whether every word that yaml-rs could read as a number or a null is spelled as both parsers
    read it, or is one yaml-rs reads as text; and every suspect text (see :func:`_walk`) is one
    yaml-rs reads as no text when written plain, so that its own text was quoted (as ``"45"``
    beside ``45``). yaml-rs is asked once for all of them."""
    words = {w[:-1] if w.endswith(":") else w for w in set(_NUMBERISH.findall(f"\n{text}"))}
    odd = {w for w in words if w not in _INDICATORS and not _AGREED.fullmatch(w)}
    if not odd and not suspects:
        return True
    asked = sorted(odd | suspects)
    assert yaml_rs is not None
    try:
        read = yaml_rs.loads("".join(f"- {t}\n" for t in asked), parse_datetime=False)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:
        return False
    items: list[Any] = read if isinstance(read, list) else []
    if len(items) != len(asked):
        return False
    for word, item in zip(asked, items, strict=True):
        if word in suspects and isinstance(item, str):
            return False
        if word in odd and not isinstance(item, str) and _alone(text, word):
            return False
    return True


def _alone(text: str, word: str) -> bool:
    """Whether ``word`` may stand alone as a scalar somewhere in ``text``: after white space, a
    flow indicator or a colon, and before the line's end, a comment, a flow indicator or a colon
    (not, say, a word of a sentence: ``No. 035 of``)."""
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if at == 0 or text[at - 1] in _BEFORE:
            window = text[end : end + 200]
            rest = window.lstrip(" ")
            if not rest or rest[0] in _AFTER or (rest[0] == "#" and len(rest) < len(window)):
                return True
        at = text.find(word, at + 1)
    return False


_BEFORE = frozenset(" \n[{,:")
_AFTER = frozenset("\n,]}:")
