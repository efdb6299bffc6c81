"""The one cattrs converter of the package, and the translation of its errors into problems.

The converter structures records from both sources of values jacksonpd reads: YAML written by
curators (where ``2018-03-20`` stays a string, see :mod:`jacksonpd.seeds.yamlio`) and CSV cells (always
strings, with ``""`` read as missing before structuring). It is strict: an unknown key, a number
where text belongs or text where a number belongs is an error, never a silent coercion.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import re
from collections.abc import Iterator
from decimal import Decimal
from functools import cache
from typing import Any

import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)

from .errors import InvalidValue

__all__ = ["converter", "format_number", "iter_failures", "make_converter"]

Path = tuple[str | int, ...]

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NUMBER = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$")
_INTEGER = re.compile(r"^[+-]?\d+$")


def _structure_str(value: object, _: type) -> str:
    if not isinstance(value, str):
        raise InvalidValue(expected="text", got=value)
    return value


#: The largest whole number a SQLite INTEGER holds (and so the package's databases).
INT_MAX = 2**63 - 1


def _structure_int(value: object, _: type) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and _INTEGER.match(value) and len(value) < 30:
        number = int(value)
    else:
        raise InvalidValue(expected="a whole number", got=value)
    if not -INT_MAX - 1 <= number <= INT_MAX:
        raise InvalidValue(expected=f"a whole number from {-INT_MAX - 1} to {INT_MAX}", got=value)
    return number


def _structure_float(value: object, _: type) -> float:
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        number = float(value) if not isinstance(value, int) or abs(value) < 2**1000 else math.inf
    elif isinstance(value, str) and _NUMBER.match(value):
        number = float(value)
    else:
        raise InvalidValue(expected="a number", got=value)
    if not math.isfinite(number):  # .nan, .inf, 1e400: no spreadsheet or database holds them as numbers
        raise InvalidValue(expected="a finite number", got=value)
    return number


def _structure_bool(value: object, _: type) -> bool:
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise InvalidValue(expected="true or false", got=value)


def _structure_date(value: object, _: type) -> dt.date:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise InvalidValue(expected="a real date as YYYY-MM-DD", got=value)


def _structure_enum(value: object, cls: type[enum.Enum]) -> enum.Enum:
    try:
        return cls(value)
    except ValueError:
        choices = ", ".join(str(m.value) for m in cls)
        raise InvalidValue(expected=f"one of {choices}", got=value) from None


def format_number(value: float) -> str:
    """Write a number as people print it: ``1300`` rather than ``1300.0``."""
    return str(int(value)) if value.is_integer() else repr(value)


def make_converter() -> cattrs.Converter:
    """Build the converter: strict scalars, ISO dates, enums by value, unknown keys refused."""
    c = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    c.register_structure_hook(str, _structure_str)
    c.register_structure_hook(int, _structure_int)
    c.register_structure_hook(float, _structure_float)
    c.register_structure_hook(bool, _structure_bool)
    c.register_structure_hook(dt.date, _structure_date)
    # StrEnum before str in the MRO, so the enums get this hook rather than the one for text.
    c.register_structure_hook(enum.StrEnum, _structure_enum)
    c.register_structure_hook(enum.Enum, _structure_enum)
    c.register_unstructure_hook(dt.date, dt.date.isoformat)
    return c


@cache
def converter() -> cattrs.Converter:
    """The package's converter, built once."""
    return make_converter()


def iter_failures(exc: BaseException, path: Path = ()) -> Iterator[tuple[Path, BaseException]]:
    """Walk a cattrs validation error, yielding each leaf failure with its path.

    A missing field yields ``(path + (name,), KeyError)``; an unknown key yields
    ``(path + (key,), ForbiddenExtraKeysError)``, one per key.
    """
    if isinstance(exc, ClassValidationError | IterableValidationError):
        for sub in exc.exceptions:
            yield from iter_failures(sub, path + _step(sub))
    elif isinstance(exc, ForbiddenExtraKeysError):
        for key in sorted(exc.extra_fields):
            yield (*path, key), exc
    elif isinstance(exc, InvalidValue) and exc.field and (not path or path[-1] != exc.field):
        yield (
            (*path, exc.field),
            exc,
        )  # raised by a validator in __init__: the field is in the error
    else:
        yield path, exc


def _step(exc: BaseException) -> Path:
    for note in getattr(exc, "__notes__", ()):
        if isinstance(note, AttributeValidationNote):
            return (note.name,)
        if isinstance(note, IterableValidationNote):
            return (note.index,)
    return ()


def describe_failure(exc: BaseException) -> tuple[str, str | None, str | None, str | None]:
    """Turn a leaf failure into ``(code, found, expected, message)`` for a :class:`Problem`."""
    if isinstance(exc, ForbiddenExtraKeysError):
        return "unknown-key", None, None, "this key is not part of the format"
    if isinstance(exc, KeyError):
        return "missing-field", None, None, "this required field is missing"
    if isinstance(exc, InvalidValue):
        return "type-error", _show(exc.got), exc.expected, None
    return "value-error", None, None, str(exc)


def _show(value: Any) -> str:
    return repr(value) if not isinstance(value, str) else f'"{value}"'
