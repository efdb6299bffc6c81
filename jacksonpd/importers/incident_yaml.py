"""An incident file's YAML, written a line at a time.

An import writes hundreds of thousands of incidents; PyYAML's emitter took minutes for that,
so the file (a mapping of lists of flat mappings) is written directly, each scalar plain where
YAML reads it back as itself and double-quoted otherwise. A test holds the result equal in
meaning to ``yaml.safe_dump``'s.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

import yaml

__all__ = ["yaml_lines"]


def yaml_lines(document: Mapping[str, Any]) -> Iterator[str]:
    """The incident file's YAML, a line at a time: a mapping of lists of flat mappings, as
    ``yaml.safe_dump`` would write it in meaning (a test holds the two equal), but written
    directly: PyYAML's emitter took minutes for a large import."""
    for key, value in document.items():
        if not isinstance(value, list):
            yield f"{key}: {_scalar(value)}\n"
        elif not value:
            yield f"{key}: []\n"
        else:
            yield f"{key}:\n"
            for item in value:
                lead = "- "
                for name, field in item.items():
                    yield f"{lead}{name}: {_scalar(field)}\n"
                    lead = "  "


def _scalar(value: Any) -> str:
    """A YAML scalar that reads back as ``value`` (a string, number, bool or ``None``)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = repr(value)  # the shortest that reads back exactly; YAML 1.1 wants a dot before e
        mantissa, e, exponent = text.partition("e")
        return text if "." in mantissa or not e else f"{mantissa}.0e{exponent}"
    return _text(str(value))


_SAFE_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 .,;'()/&_+-]*[A-Za-z0-9.)']|[A-Za-z0-9]")
_RESOLVER = yaml.resolver.Resolver()


@functools.lru_cache(maxsize=65536)
def _text(value: str) -> str:
    """A string as a plain scalar where YAML reads it back as that string, else double-quoted."""
    if (
        _SAFE_PLAIN.fullmatch(value)
        and ": " not in value
        and " #" not in value
        and _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == "tag:yaml.org,2002:str"  # type: ignore[no-untyped-call]
    ):
        return value
    quoted = json.dumps(value, ensure_ascii=False)
    # Characters YAML refuses or reads as line breaks, which JSON leaves as they are: escaped.
    return _NOT_YAML.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


_NOT_YAML = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
