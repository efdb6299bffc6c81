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
# breaks in YAML 1.1 only), the byte-order mark, U+FFFE and U+FFFF, lone surrogates.
_ODD_CHARACTER = r"[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
# Where a node may start: the line's start, after white space, after a flow indicator or after
# a colon (as in JSON's {"a":1}).
_NODE_START = r"(?:^|(?<=[\s\[{,:]))"
_UNSAFE_TEXT = re.compile(
    rf"{_ODD_CHARACTER}|{_NODE_START}[!*]|^(?:%|---|\.\.\.)",
    re.MULTILINE,
)

# A plain token where a scalar may stand: a whole value or key on one line, before the line's
# end, a comment, a flow indicator or a key's colon.
_TOKEN = re.compile(
    rf"{_NODE_START}([^\s\[\]{{}},#\"'|>!*&%@`][^\s\[\]{{}},]*?)[ ]*(?=$|[ ]#|[,\]}}]|:(?:\s|$))",
    re.MULTILINE,
)

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


_INDICATORS = frozenset("-?:")  # alone, an item's, a complex key's or a value's mark: no scalar


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


def fast_load(text: str) -> tuple[Any] | None:
    """yaml-rs's reading of ``text`` (in a 1-tuple), or ``None`` where libyaml must read it: yaml-rs
    is absent or turned off, refuses it, or could read something differently (see the module)."""
    if not ENABLED or yaml_rs is None or _UNSAFE_TEXT.search(text):
        return None
    try:
        data = yaml_rs.loads(
            text, parse_datetime=False, duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.Error
        )
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # its complaint, or a panic in Rust: libyaml says what is wrong
        return None
    suspects = _plain_data(data)
    if suspects is None:
        return None
    if not _tokens_agree(set(_TOKEN.findall(text)), suspects):
        return None
    return (data,)


def _plain_data(data: Any) -> set[str] | None:
    """The texts in ``data`` (values and keys) that the loader would read as another type were
    they written plain; ``None`` unless ``data`` is what the loader could make of a document:
    mappings keyed by text, sequences and scalars, within the nesting bound."""
    depth_limit = LIMITS["depth"]
    suspects: set[str] = set()
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > depth_limit:
            return None
        kind = type(node)
        if kind is str:
            if node and _NOT_TEXT.match(node):
                suspects.add(node)
        elif kind is dict:
            for key, value in node.items():
                if type(key) is not str:
                    return None
                if key and _NOT_TEXT.match(key):
                    suspects.add(key)
                stack.append((value, depth + 1))
        elif kind is list:
            stack.extend((item, depth + 1) for item in node)
        elif node is not None and kind not in (int, float, bool):
            return None
    return suspects


def _tokens_agree(tokens: set[str], suspects: set[str]) -> bool:
    """Whether every plain token is spelled as both parsers read it or is one yaml-rs reads as
    text, and every suspect text (see :func:`_plain_data`) that is a plain token is one yaml-rs
    reads as no text; yaml-rs is asked once for all of them."""
    odd = {t for t in tokens if t not in _INDICATORS and not _AGREED.fullmatch(t)}
    plain = suspects & tokens
    if not odd and not plain:
        return True
    asked = sorted(odd | plain)
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
    return all(
        (token not in odd or isinstance(item, str)) and (token not in plain or not isinstance(item, str))
        for token, item in zip(asked, items, strict=True)
    )
