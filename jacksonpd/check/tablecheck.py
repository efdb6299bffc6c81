"""Table Schema validation compiled to Python: frictionless's rules, at ``csv.reader`` speed.

frictionless checks each cell through layers of generic machinery, about 18k rows a second on
our machines; a build of a statewide corpus would spend most of its time there. This module reads
the same ``schemas/*.json`` and compiles, for each field, one function that applies the same
rules frictionless applies (its cell readers and constraint checks, reproduced rule for rule:
missing values, types, ``required``, ``enum``, ``pattern``, ``minimum``/``maximum``,
``minLength``/``maxLength``, ``unique``; any other, such as ``exclusiveMinimum`` which
frictionless 5 fails on itself, is refused at compile time rather than passed unchecked), then
the table-level checks (labels, cell counts, primary and foreign keys).
``tests/test_tablecheck.py`` holds the two equal on generated good and bad rows. The build uses
it; ``jacksonpd validate`` and CI still run frictionless itself.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import operator
import re
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ..errors import Problem
from .clip import quoted

__all__ = ["check_table", "check_tables", "compile_field", "compile_row"]

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


def check_tables(folder: Path, tables: Mapping[str, Mapping[str, Any]], shown: str) -> list[Problem]:
    """Check every ``<folder>/data/<name>.csv`` against its schema, keys across tables included.

    ``tables`` is in an order where referenced tables come first (publication order).
    """
    problems: list[Problem] = []
    keys: dict[tuple[str, tuple[str, ...]], set[Any]] = {}
    wanted = {
        (fk["reference"]["resource"] or name, tuple(fk["reference"]["fields"]))
        for name, schema in tables.items()
        for fk in schema.get("foreignKeys", [])
    }
    for name, schema in tables.items():
        path = folder / "data" / f"{name}.csv"
        collect = [fields for resource, fields in wanted if resource == name]
        problems += check_table(path, schema, f"{shown}/data/{name}.csv", keys, name, collect)
    return problems


def check_table(
    path: Path,
    schema: Mapping[str, Any],
    shown: str,
    keys: dict[tuple[str, tuple[str, ...]], set[Any]] | None = None,
    name: str = "",
    collect: list[tuple[str, ...]] | None = None,
) -> list[Problem]:
    """Every problem in one CSV file against its Table Schema, as frictionless would report them.

    ``keys`` holds the key values of the tables checked before (for foreign keys) and receives
    this table's values of the fields in ``collect``.
    """
    keys = {} if keys is None else keys
    return list(_check(path, schema, shown, keys, name, collect or []))


def _check(
    path: Path,
    schema: Mapping[str, Any],
    shown: str,
    keys: dict[tuple[str, tuple[str, ...]], set[Any]],
    name: str,
    collect: list[tuple[str, ...]],
) -> Iterator[Problem]:
    fields = schema["fields"]
    names = [f["name"] for f in fields]
    readers = [compile_field(f) for f in fields]
    read_row = compile_row(fields)
    index = {n: i for i, n in enumerate(names)}
    primary = schema.get("primaryKey") or []
    primary = [primary] if isinstance(primary, str) else list(primary)
    primary_columns = [index[p] for p in primary]
    unique = [i for i, f in enumerate(fields) if f.get("constraints", {}).get("unique")]
    foreign = [
        (
            [index[f] for f in fk["fields"]],
            (fk["reference"]["resource"] or name, tuple(fk["reference"]["fields"])),
        )
        for fk in schema.get("foreignKeys", [])
    ]
    collected = {fields_: set[Any]() for fields_ in collect}
    collected_columns = [(_ref([index[f] for f in fields_]), found) for fields_, found in collected.items()]
    # Referenced tables are checked first, so their keys are known now; a table's own are not yet.
    foreign_refs = [
        (_ref(columns), names[columns[0]], target, None if target[0] == name else keys.get(target, set()))
        for columns, target in foreign
    ]

    def seen(columns: list[int]) -> _Seen:
        return _Seen(functools.partial(_replay, path, readers, columns, len(names)))

    seen_primary = seen(primary_columns)
    seen_unique = {i: seen([i]) for i in unique}
    deferred: list[tuple[int, str, Any, tuple[str, tuple[str, ...]]]] = []
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader, None)
        if header != names:
            yield Problem(
                code="incorrect-label",
                path=shown,
                line=1,
                found=", ".join(header or []),
                expected=", ".join(names),
            )
            return
        for row_line, row in _numbered(reader):
            if not any(row):
                yield Problem(code="blank-row", path=shown, line=row_line, message="the row is blank")
                if primary:  # frictionless: a key of blanks is a key error too
                    yield _key_error(shown, row_line, primary, "the key's cells are all blank")
                continue
            if len(row) != len(names):
                code = "extra-cell" if len(row) > len(names) else "missing-cell"
                yield Problem(
                    code=code, path=shown, line=row_line, found=f"{len(row)} cells", expected=f"{len(names)}"
                )
                continue
            values: tuple[Any, ...] | list[Any] | None = read_row(row)
            if values is None:  # a cell is not valid: which, and why
                values = []
                for i, cell in enumerate(row):
                    value, verdicts = readers[i](cell)
                    values.append(value)
                    for code, note in verdicts:
                        yield Problem(
                            code=code,
                            path=shown,
                            line=row_line,
                            field=names[i],
                            found=quoted(cell),
                            message=note,
                        )
            for i in unique:
                if values[i] is None:
                    continue
                if (first := seen_unique[i].first_line((values[i],), row_line)) is not None:
                    yield Problem(
                        code="unique-error",
                        path=shown,
                        line=row_line,
                        field=names[i],
                        found=quoted(row[i]),
                        message=f"the same value is on line {first}",
                    )
            if primary:
                key = tuple(values[i] for i in primary_columns)
                if key.count(None) == len(key):
                    yield _key_error(shown, row_line, primary, "the key's cells are all blank")
                elif (first := seen_primary.first_line(key, row_line)) is not None:
                    yield _key_error(shown, row_line, primary, f"the same key is on line {first}")
            for get, values_set in collected_columns:
                values_set.add(get(values))
            for get, field, target, known in foreign_refs:
                ref = get(values)
                if ref is None or (type(ref) is tuple and ref.count(None) == len(ref)):
                    continue
                if known is None:
                    deferred.append((row_line, field, ref, target))
                elif ref not in known:
                    yield _foreign(shown, row_line, field, ref, target)
    for fields_, values_set in collected.items():
        keys[(name, fields_)] = values_set
    for row_line, field, ref, target in deferred:
        if ref not in keys.get(target, set()):
            yield _foreign(shown, row_line, field, ref, target)


def _numbered(reader: Any) -> Iterator[tuple[int, list[str]]]:
    """Each row of a ``csv.reader`` past the header, with the line it begins on."""
    line = reader.line_num + 1
    for row in reader:
        row_line, line = line, reader.line_num + 1
        yield row_line, row


def _ref(columns: list[int]) -> Callable[[tuple[Any, ...] | list[Any]], Any]:
    """A getter of the values of ``columns`` from a row's: the value itself for one column (a set
    of them is smaller), a tuple for more."""
    return operator.itemgetter(*columns)


_NOTHING = object()


class _Seen:
    """The keys of a table seen so far, each with the line it was first on.

    A table the build writes comes sorted by its key: while keys come in increasing order, a key
    seen before can only be the last one, so only that is kept, and a million rows cost nothing.
    The first key out of order switches to keeping every key, once those of the rows before it
    have been read again (``replay``, given that row's line).
    """

    def __init__(self, replay: Callable[[int], Iterator[tuple[tuple[Any, ...], int]]]) -> None:
        self._replay = replay
        self._last: Any = _NOTHING
        self._last_line = 0
        self._lines: dict[tuple[Any, ...], int] | None = None

    def first_line(self, key: tuple[Any, ...], line: int) -> int | None:
        """The line ``key`` was first seen on, or ``None`` if it is new (and now seen on ``line``)."""
        if self._lines is None:
            try:
                if self._last is _NOTHING or key > self._last:
                    self._last, self._last_line = key, line
                    return None
                if key == self._last:
                    return self._last_line
            except TypeError:  # a blank among the key's cells
                pass
            self._lines = {}
            for earlier, at in self._replay(line):
                self._lines.setdefault(earlier, at)
        first = self._lines.setdefault(key, line)
        return first if first != line else None


def _replay(
    path: Path, readers: list[CellReader], columns: list[int], width: int, until: int
) -> Iterator[tuple[tuple[Any, ...], int]]:
    """The keys (``columns``' values) of the rows of ``path`` before line ``until`` that
    :func:`_check` takes a key from, with their lines."""
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        next(reader, None)
        for line, row in _numbered(reader):
            if line >= until:
                return
            if len(row) != width or not any(row):
                continue
            key = tuple(readers[i](row[i])[0] for i in columns)
            if not all(v is None for v in key):
                yield key, line


def _key_error(shown: str, line: int, primary: list[str], why: str) -> Problem:
    return Problem(code="primary-key", path=shown, line=line, field=", ".join(primary), message=why)


def _foreign(
    shown: str, line: int, field: str, ref: tuple[Any, ...], target: tuple[str, tuple[str, ...]]
) -> Problem:
    return Problem(
        code="foreign-key",
        path=shown,
        line=line,
        field=field,
        found=", ".join(str(v) for v in ref),
        expected=f"a {', '.join(target[1])} of {target[0]}",
    )
