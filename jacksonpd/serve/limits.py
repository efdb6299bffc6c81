"""What any query on the site may build and call: the length limit, bounded printf, refusals.

Datasette's time limit cannot stop a single expensive function call: ``printf('%.900000000c')``,
``zeroblob`` or ``randomblob`` build 900 MB in one step. Every connection therefore has
SQLite's own bound on a value's length (``SQLITE_LIMIT_LENGTH``), and ``printf``/``format``,
which pad to any width before that limit is checked, are replaced by a version that refuses
what their arguments ask for beyond it. The functions that leak memory addresses or load code
are refused on every connection, and ``pragma database_list`` (the file's path) to SQL a reader
typed.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Callable
from typing import Any

import pluggy

from .lanes import SQL_THREAD

__all__ = [
    "REFUSED_FUNCTIONS",
    "REFUSED_PRAGMAS",
    "SQL_PARAMETERS",
    "VALUE_LIMIT",
    "prepare_connection",
    "printf_size",
    "refused_call",
]

hookimpl = pluggy.HookimplMarker("datasette")

#: The longest string or blob any query may build, in bytes (the published values are far
#: shorter: a test holds the largest below a tenth of this).
VALUE_LIMIT = 1_000_000
#: Functions no query may call: ``fts3_tokenizer`` returns a heap address (and with two
#: arguments would register a tokenizer at one); ``load_extension`` loads code.
REFUSED_FUNCTIONS = frozenset({"fts3_tokenizer", "load_extension", "readfile", "writefile", "edit", "fsdir"})
#: Pragmas SQL typed by a reader may not run: ``database_list`` shows the file's absolute path.
REFUSED_PRAGMAS = frozenset({"database_list"})
#: Query parameters that carry SQL typed by a reader or stream a whole table.
SQL_PARAMETERS = frozenset({"sql", "_where", "_stream"})
_REFUSED_CALL = re.compile(r"\b(" + "|".join(sorted(REFUSED_FUNCTIONS)) + r")\s*\(", re.I)


def refused_call(sql: str) -> str | None:
    """The refused function ``sql`` calls, in lower case, if it calls one."""
    found = _REFUSED_CALL.search(sql)
    return found.group(1).lower() if found else None


@hookimpl
def prepare_connection(conn: sqlite3.Connection, database: str, datasette: Any) -> None:
    """Bound what a query on ``conn`` may build and refuse what it may not call."""
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, VALUE_LIMIT)
    for name in ("printf", "format"):
        conn.create_function(name, -1, _bounded_printf, deterministic=True)
    typed_by_reader = threading.current_thread().name.startswith(SQL_THREAD)
    conn.set_authorizer(_authorizer(typed_by_reader and not database.startswith("_")))


def _authorizer(reader_sql: bool) -> Callable[[int, str | None, str | None, str | None, str | None], int]:
    def authorize(
        action: int, arg1: str | None, arg2: str | None, db: str | None, trigger: str | None
    ) -> int:
        if action == sqlite3.SQLITE_FUNCTION and (arg2 or "").lower() in REFUSED_FUNCTIONS:
            return sqlite3.SQLITE_DENY
        if reader_sql and action == sqlite3.SQLITE_PRAGMA and (arg1 or "").lower() in REFUSED_PRAGMAS:
            return sqlite3.SQLITE_DENY
        return sqlite3.SQLITE_OK

    return authorize


_SPEC = re.compile(r"%[-+ 0#!,]*(\*|\d+)?(?:\.(\*|\d*))?(?:ll|l)?(.)?", re.S)
_LEADING_INT = re.compile(r"\s*[-+]?\d+")
_printf_connections = threading.local()  # one in-memory connection a thread, for SQLite's printf


def _as_int(value: Any) -> int:
    """The integer SQLite reads from ``value`` as a width or precision."""
    if isinstance(value, bool | int):
        return int(value)
    if isinstance(value, float):
        return int(value) if value == value and abs(value) < 1e18 else 0
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if isinstance(value, str) and (match := _LEADING_INT.match(value)):
        return int(match.group())
    return 0


def printf_size(fmt: str, args: tuple[Any, ...]) -> int:
    """An upper bound on the length of ``printf(fmt, *args)``: widths, precisions and values."""
    size = len(fmt)
    taken = iter(args)
    for match in _SPEC.finditer(fmt):
        width, precision, kind = match.groups()
        if kind == "%":
            continue
        for number in (width, precision):
            if number == "*":
                size += abs(_as_int(next(taken, None)))
            elif number:
                size += int(number)
        value = next(taken, None)
        if isinstance(value, str | bytes):
            size += 2 * len(value)  # %q and %w double quotes
        else:
            size += 32
    return size


def _bounded_printf(fmt: Any, *args: Any) -> Any:
    """SQLite's own ``printf``, run only when what it would build is within the length limit.

    Over the limit it answers the way ``zeroblob`` and ``randomblob`` do ("string or blob too
    big"): it returns a value one byte over the limit, which SQLite refuses before using it.
    """
    if fmt is None:
        return None
    text = fmt.decode("utf-8", "replace") if isinstance(fmt, bytes) else str(fmt)
    if printf_size(text, args) > VALUE_LIMIT:
        return " " * (VALUE_LIMIT + 1)
    own = getattr(_printf_connections, "conn", None)
    if own is None:
        own = sqlite3.connect(":memory:", check_same_thread=False)
        own.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, VALUE_LIMIT)
        _printf_connections.conn = own
    placeholders = ", ".join("?" * (1 + len(args)))
    return own.execute(f"select printf({placeholders})", (fmt, *args)).fetchone()[0]
