"""A Table Schema field compiled to Python: one function per field, one per row.

:func:`compile_field` gives, for a field of ``schemas/*.json``, a function that reads a cell
and says what is wrong with it, applying the rules frictionless applies (its cell readers and
constraint checks, reproduced rule for rule: missing values, types, ``required``, ``enum``,
``pattern``, ``minimum``/``maximum``, ``minLength``/``maxLength``; any other constraint, such as
``exclusiveMinimum`` which frictionless 5 fails on itself, is refused at compile time rather than
passed unchecked). :func:`compile_row` generates straight-line code for a whole row from the same
rules, so that a valid row, the usual kind, costs a call only per constraint. The table-level
checks that use them are in :mod:`jacksonpd.check.tablecheck`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

__all__ = ["CellReader", "RowReader", "compile_field", "compile_row"]

#: A compiled field: a cell in, (typed value, each problem's code and note: none if valid) out.
CellReader = Callable[[str], tuple[Any, tuple[tuple[str, str], ...]]]

_TRUE = frozenset({"true", "True", "TRUE", "1"})
_FALSE = frozenset({"false", "False", "FALSE", "0"})
_MISSING = frozenset({""})


def _read_string(fmt: str) -> Callable[[str], Any]:
    if fmt not in ("default", "uri"):
        msg = f"the compiled validator does not implement the string format {fmt!r}"
        raise NotImplementedError(msg)
    if fmt == "uri":
        import rfc3986  # a dependency of frictionless: the very validator it uses
        from rfc3986 import validators

        def read_uri(cell: str) -> Any:
            validator = validators.Validator().require_presence_of("scheme")
            try:
                validator.validate(rfc3986.uri_reference(cell))
            except rfc3986.exceptions.ValidationError:
                return None
            return cell

        return read_uri
    return lambda cell: cell


def _read_integer(cell: str) -> Any:
    try:
        return int(cell.strip())
    except ValueError:
        return None


def _read_number(cell: str) -> Any:
    try:
        return Decimal(cell.strip())
    except (InvalidOperation, ValueError):
        return None


def _read_boolean(cell: str) -> Any:
    if cell in _TRUE:
        return True
    if cell in _FALSE:
        return False
    return None


def _read_date(cell: str) -> Any:
    try:
        return dt.datetime.strptime(cell, "%Y-%m-%d").date()
    except ValueError:
        return None


_READERS: dict[str, Callable[[str], Any]] = {
    "integer": _read_integer,
    "number": _read_number,
    "boolean": _read_boolean,
    "date": _read_date,
}


def compile_field(field: Mapping[str, Any]) -> CellReader:
    """One function that reads a cell of ``field`` as frictionless would, with its verdict."""
    type_ = field.get("type", "string")
    fmt = field.get("format", "default")
    read = _cell_type(type_, fmt)
    constraints = field.get("constraints", {})
    checks = _checks(field, read)
    required = bool(constraints.get("required"))
    type_note = (("type-error", f'type is "{type_}/{fmt}"'),)
    required_note = (("constraint-error", 'constraint "required" is "True"'),) if required else ()

    def reader(cell: str) -> tuple[Any, tuple[tuple[str, str], ...]]:
        if cell in _MISSING:
            return None, required_note
        value = read(cell)
        if value is None:
            return None, type_note
        for _, check in checks:
            if not check(value):  # one problem per constraint broken, as frictionless (NaN breaks two)
                return value, tuple(
                    ("constraint-error", f'constraint "{name}" is "{constraints[name]}"')
                    for name, check in checks
                    if not check(value)
                )
        return value, ()

    return reader


def _checks(field: Mapping[str, Any], read: Callable[[str], Any]) -> list[tuple[str, Callable[[Any], bool]]]:
    """Each constraint of ``field`` (but ``required``, checked on missing cells, and ``unique``, a
    table check) as a predicate on a value ``read`` gave; any other constraint is refused."""
    type_ = field.get("type", "string")
    checks: list[tuple[str, Callable[[Any], bool]]] = []
    for name, constraint in field.get("constraints", {}).items():
        if name == "pattern":
            checks.append((name, functools.partial(_matches, re.compile(f"^{constraint}$"))))
        elif name == "enum":
            allowed = [read(c) if isinstance(c, str) else c for c in constraint]
            checks.append((name, functools.partial(_member, allowed)))
        elif name == "minimum":
            checks.append((name, functools.partial(_at_least, _bound(read, type_, constraint))))
        elif name == "maximum":
            checks.append((name, functools.partial(_at_most, _bound(read, type_, constraint))))
        elif name == "minLength":
            checks.append((name, functools.partial(_length_at_least, constraint)))
        elif name == "maxLength":
            checks.append((name, functools.partial(_length_at_most, constraint)))
        elif name not in ("required", "unique"):
            raise _unsupported(field, name)
    return checks


#: A compiled table row: its cells in, their typed values out if every cell is valid, else None.
RowReader = Callable[[list[str]], "tuple[Any, ...] | None"]


def compile_row(fields: list[Mapping[str, Any]]) -> RowReader:
    """One function for a whole row of ``fields``, generated as straight-line Python: the typed
    values when every cell is valid (the same values :func:`compile_field`'s readers give), or
    ``None`` when any is not, for those readers to say what is wrong. A valid row, the usual
    kind, then costs a call only per constraint; the rules are the same (:func:`_checks`), and
    the differential test against frictionless goes through it."""
    env: dict[str, Any] = {"InvalidOperation": InvalidOperation, "Decimal": Decimal, "date": dt.date}
    body: list[str] = []
    for i, field in enumerate(fields):
        body += [f"# {i}: {field.get('type', 'string')}", *_compile_cell(i, field, env)]
    cells = ", ".join(f"c{i}" for i in range(len(fields)))
    values = ", ".join(f"v{i}" for i in range(len(fields)))
    lines = [f"{cells}, = row", *body, f"return ({values},)"]
    source = "def row_reader(row):\n" + "".join(f"    {line}\n" for line in lines)
    exec(compile(source, f"<row reader of {len(fields)} fields>", "exec"), env)
    reader: RowReader = env["row_reader"]
    return reader


_INVALID = "    return None"


def _compile_cell(i: int, field: Mapping[str, Any], env: dict[str, Any]) -> list[str]:
    """Lines that set ``v<i>`` from cell ``c<i>``, or return ``None``: what :func:`compile_field`'s
    reader does, its common types inlined for a valid cell, its constraints the same predicates
    (:func:`_checks`). Whatever the code calls lives in ``env``, never in the code."""
    type_ = field.get("type", "string")
    fmt = field.get("format", "default")
    read = _cell_type(type_, fmt)
    c, v = f"c{i}", f"v{i}"
    env[f"read{i}"] = read
    if type_ == "string" and fmt == "default":
        code = [f"{v} = {c}"]
    elif type_ == "integer":
        code = ["try:", f"    {v} = int({c}.strip())", "except ValueError:", _INVALID]
    elif type_ == "number":
        code = ["try:", f"    {v} = Decimal({c}.strip())", "except (InvalidOperation, ValueError):", _INVALID]
    elif type_ == "date":  # strptime is slow: the usual shape is read directly, to the same date
        digits = f"{c}[:4].isdigit() and {c}[5:7].isdigit() and {c}[8:].isdigit()"
        code = [
            f"if len({c}) == 10 and {c}[4] == {c}[7] == '-' and {c}.isascii() and {digits}:",
            "    try:",
            f"        {v} = date(int({c}[:4]), int({c}[5:7]), int({c}[8:]))",
            "    except ValueError:",
            f"    {_INVALID}",
            f"elif ({v} := read{i}({c})) is None:",
            _INVALID,
        ]
    else:  # booleans, URIs: rare enough to call the field's reader
        code = [f"if ({v} := read{i}({c})) is None:", _INVALID]
    for n, (_, check) in enumerate(_checks(field, read)):
        env[f"check{i}_{n}"] = check
        code += [f"if not check{i}_{n}({v}):", _INVALID]
    missing = _INVALID if field.get("constraints", {}).get("required") else f"    {v} = None"
    return [f"if {c} == '':", missing, "else:", *(f"    {line}" for line in code)]


def _unsupported(field: Mapping[str, Any], constraint: str) -> NotImplementedError:
    return NotImplementedError(
        f"field {field['name']!r}: the compiled validator does not implement the {constraint!r} constraint"
    )


def _cell_type(type_: str, fmt: str) -> Callable[[str], Any]:
    return _read_string(fmt) if type_ == "string" else _READERS[type_]


def _matches(rx: re.Pattern[str], value: str) -> bool:
    return rx.match(value) is not None


def _member(allowed: list[Any], value: Any) -> bool:
    return value in allowed


def _at_least(bound: Any, value: Any) -> bool:
    """``value >= bound``; false for NaN, which is neither (frictionless reports it against both)."""
    try:
        return bool(value >= bound)
    except InvalidOperation:  # Decimal NaN refuses to be ordered
        return False


def _at_most(bound: Any, value: Any) -> bool:
    """``value <= bound``; false for NaN."""
    try:
        return bool(value <= bound)
    except InvalidOperation:
        return False


def _length_at_least(n: int, value: str) -> bool:
    return len(value) >= n


def _length_at_most(n: int, value: str) -> bool:
    return len(value) <= n


def _bound(read: Callable[[str], Any], type_: str, constraint: Any) -> Any:
    """A minimum or maximum read as the field's type, as frictionless reads it."""
    return read(str(constraint)) if type_ != "string" else constraint
