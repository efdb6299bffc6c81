"""A reader's mistake is a 400 in Datasette's error shape, not Datasette 0.65's 500.

:func:`malformed` finds, before Datasette sees a request, the parameters 0.65 fails on
(``_through``, ``_timelimit``, ``__in``) and calls of refused functions; :func:`handle_exception`
turns what still fails because of the request's own parameters into a 400; the ``.blob``
renderer refuses values that are not binary.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qsl

import pluggy

from .lanes import _sqlite_module
from .limits import SQL_PARAMETERS, refused_call
from .paging import PageError

__all__ = ["handle_exception", "malformed", "register_output_renderer"]

hookimpl = pluggy.HookimplMarker("datasette")

_THROUGH = (
    '_through must be a JSON object {"table": ..., "column": ..., "value": ...} '
    "naming a table that links to this one"
)


def malformed(query_string: bytes) -> str | None:
    """What is wrong with a parameter Datasette 0.65 would fail on with a 500, if one is.

    Checked before Datasette sees the request, so a malformed parameter costs a 400 and nothing
    more (a 500 also costs a traceback in the log).
    """
    for key, value in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True):
        if key == "_through":
            try:
                through = json.loads(value)
            except ValueError:
                return _THROUGH
            if not (
                isinstance(through, dict)
                and isinstance(through.get("table"), str)
                and isinstance(through.get("column"), str)
                and isinstance(through.get("value"), str | int | float)
            ):
                return _THROUGH
        elif key in SQL_PARAMETERS and (refused := refused_call(value)):
            # The authorizer refuses these too; said here, before SQLite runs anything, the
            # reader is told which function, and no query is started for it.
            return f"not authorized: {refused}() is refused on this site"
        elif key == "_timelimit" and not re.fullmatch(r"\s*[-+]?\d+\s*", value):
            return "_timelimit must be a whole number of milliseconds"
        elif key.endswith(("__in", "__notin")) and value.lstrip().startswith("["):
            try:
                json.loads(value)
            except ValueError:
                return "__in and __notin take a JSON list or comma-separated values"
    return None


def _client_error(request: Any, exception: BaseException) -> tuple[int, str] | None:
    """The status and message for an exception caused by the request's own parameters."""
    from datasette.views.base import DatasetteError

    if isinstance(exception, DatasetteError) and exception.status < 500:
        return None
    if isinstance(exception, PageError):  # a canned query's _size or _next
        return 400, str(exception)
    args = request.args
    if "_through" in args and isinstance(
        exception, ValueError | KeyError | TypeError | AttributeError | DatasetteError
    ):
        return 400, _THROUGH
    if "_timelimit" in args and isinstance(exception, ValueError):
        return 400, "_timelimit must be a whole number of milliseconds"
    if isinstance(exception, ValueError) and any(
        key.endswith(("__in", "__notin")) and value.lstrip().startswith("[")
        for key in args
        for value in args.getlist(key)
    ):
        return 400, "__in and __notin take a JSON list or comma-separated values"
    sqlite = _sqlite_module()
    if "_next" in args and isinstance(exception, ValueError | OverflowError | sqlite.DatabaseError):
        return 400, "_next must be the token of a next page, as the previous page gave it"
    if isinstance(exception, sqlite.DataError):  # a value over the length limit
        return 400, str(exception)
    typed = any(key in SQL_PARAMETERS for key in args)
    if isinstance(exception, sqlite.DatabaseError) and typed:
        return 400, str(exception)  # SQL the reader typed (a _where clause) failed
    if typed and (
        isinstance(exception, SystemError)
        or (isinstance(exception, TypeError) and str(exception) == "'NoneType' object is not iterable")
    ):
        # Python's sqlite3 under load, on SQL SQLite refused (3,000 terms deep, a runaway CTE): once in
        # a few thousand such queries it returned no error, or a result without columns. Its message
        # names a memory address, so it is not shown.
        return 400, "the query could not be run: SQLite refused it"
    return None


@hookimpl(tryfirst=True)
def handle_exception(datasette: Any, request: Any, exception: BaseException) -> Any:
    """Render a malformed parameter's error as 400 in Datasette's shape; leave others alone."""
    from datasette.handle_exception import handle_exception as render
    from datasette.views.base import DatasetteError

    found = _client_error(request, exception)
    if found is None:
        return None
    if isinstance(exception, DatasetteError):  # Datasette's own handler renders it, as 400
        exception.status, exception.message = found
        return None
    status, message = found
    return render(datasette, request, DatasetteError(message, title="Invalid parameter", status=status))


@hookimpl(trylast=True)  # called after Datasette's own, so this one replaces it
def register_output_renderer(datasette: Any) -> dict[str, Any]:
    """Datasette's ``.blob`` renderer, refusing values that are not binary (0.65 fails on them)."""
    return {"extension": "blob", "render": _render_blob, "can_render": lambda: False}


async def _render_blob(
    datasette: Any,
    database: str,
    rows: list[Any],
    columns: list[str],
    request: Any,
    table: Any,
    view_name: str,
) -> Any:
    from datasette.blob_renderer import render_blob
    from datasette.utils.asgi import BadRequest

    column = request.args.get("_blob_column")
    if column in columns:
        if any(not isinstance(row[column], bytes | None) for row in rows):
            msg = f"{column} is not binary: only a column of blobs has a .blob download"
            raise BadRequest(msg)
        if "_blob_hash" in request.args:
            rows = [row for row in rows if row[column] is not None]
        elif not rows:
            msg = "no row to download: the query returned none"
            raise BadRequest(msg)
    return await render_blob(datasette, database, rows, columns, request, table, view_name)
