"""A Datasette plugin that keeps the public site serving readers while someone abuses it.

Datasette 0.65 runs every query, a reader's table page and a stranger's ``?sql=`` alike, on one
small pool of threads with one time limit, and that limit cannot stop a single expensive function
call. This plugin:

- bounds every value a query builds (``SQLITE_LIMIT_LENGTH``), and ``printf``/``format``, which
  pad to any width before that limit is checked, by what their arguments ask for;
- refuses the functions that leak memory addresses or load code (``fts3_tokenizer``,
  ``load_extension``), and, to SQL a reader typed, ``pragma database_list`` (the file's path);
- runs SQL a reader typed (``?sql=``, ``_where=``) and full-table streams (``_stream=``) on a lane
  of their own: one thread at the lowest CPU priority, two requests at a time, a bounded queue
  whose overflow is answered 429, and a bound on the bytes one query may return. Heavy reads,
  table pages filtered by a substring or pattern (on a million statements some take a second)
  and canned queries' later pages (an offset walks its index), get a thread of their own too, at
  a lower priority; table, row and search pages and canned queries' first pages (a walk of an
  index to a page's worth) keep Datasette's own threads;
- works on at most :data:`ADMITTED` requests at once, letting a waiting reader's page in before
  waiting refusals and typed SQL: the event loop is one thread, and without an order a page waits
  for every cheap refusal that came before it;
- answers every method but GET and HEAD with 405, the debug pages with 404, and the malformed
  parameters Datasette 0.65 fails on (``_through``, ``_timelimit``, ``__in``) with 400, each in
  Datasette's own error shape (JSON for ``.json`` URLs, its error page otherwise).

:class:`HeaderTimeoutProtocol` is uvicorn's HTTP protocol with a deadline for a request's
headers, so a client that never finishes them does not keep its socket.

This module routes requests and registers the plugin's hooks; each part lives in a module of
its own: :mod:`~jacksonpd.serve.limits` (connections), :mod:`~jacksonpd.serve.lanes` (threads,
gates, admission), :mod:`~jacksonpd.serve.client_errors` (400s) and
:mod:`~jacksonpd.serve.slow_clients` (the header deadline).
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qsl

import pluggy

from .client_errors import handle_exception, malformed, register_output_renderer
from .lanes import _LANE, HEAVY_THREADS, RESULT_LIMIT, _Admission, _Busy, _Gate, startup
from .limits import SQL_PARAMETERS, VALUE_LIMIT, prepare_connection, printf_size
from .slow_clients import HEADER_TIMEOUT, HeaderTimeoutProtocol

__all__ = [
    "HEADER_TIMEOUT",
    "RESULT_LIMIT",
    "VALUE_LIMIT",
    "HeaderTimeoutProtocol",
    "asgi_wrapper",
    "handle_exception",
    "prepare_connection",
    "printf_size",
    "register_output_renderer",
    "startup",
]

hookimpl = pluggy.HookimplMarker("datasette")

#: Requests running SQL typed by a reader at once; more wait, up to :data:`SQL_QUEUE` of them
#: for at most :data:`SQL_WAIT` seconds, and the rest are answered 429 at once.
SQL_SLOTS = 2
SQL_QUEUE = 64
SQL_WAIT = 5.0
#: Heavy reads waiting for their thread, and for how long, before a 429.
HEAVY_QUEUE = 64
HEAVY_WAIT = 20.0
#: Requests the event loop works on at once; the others wait, readers' pages first.
ADMITTED = 8

#: Datasette's pages for debugging an instance, not for readers.
DEBUG_PAGES = re.compile(
    r"/-/(threads|actor|messages|allow-debug|permissions|patterns|databases|plugins|settings|config"
    r"|auth-token|logout|create-token)(\.json)?/?$"
)
#: Datasette's filters that no index serves: on a million rows each reads every row (0.5 to 1 s).
SCANNING_FILTERS = frozenset(
    {"contains", "notcontains", "startswith", "endswith", "like", "notlike", "glob", "not", "notin"}
    | {"arraycontains", "arraynotcontains", "date"}
)

Scope = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Callable[[], Awaitable[Any]], Callable[[Any], Awaitable[None]]], Awaitable[None]]


def _pairs(query_string: bytes) -> list[tuple[str, str]]:
    return parse_qsl(query_string.decode("latin-1"), keep_blank_values=False)


def _is_reader_sql(query_string: bytes) -> bool:
    return any(key in SQL_PARAMETERS for key, _ in _pairs(query_string))


def _scans(query_string: bytes) -> bool:
    """Whether a table page's filters read every row (a substring, a pattern, a date of a value)."""
    return any(key.rpartition("__")[2] in SCANNING_FILTERS for key, _ in _pairs(query_string) if "__" in key)


def _later_page(query_string: bytes) -> bool:
    """Whether a canned query's page is past its first (an offset: the index walked to it)."""
    return any(key == "_next" for key, _ in _pairs(query_string))


def _canned_paths(datasette: Any) -> re.Pattern[str]:
    """The paths of every canned query's page, with or without a format."""
    names = [
        f"/{re.escape(database)}/{re.escape(query)}"
        for database in datasette.databases
        for query in (datasette.metadata("queries", database=database) or {})
    ]
    return re.compile("(" + "|".join(names) + r")(\.\w+)?$" if names else r"(?!)")


async def _send_error(datasette: Any, scope: Scope, receive: Any, send: Any, exception: Exception) -> None:
    """Answer with ``exception`` rendered by Datasette's own error handler."""
    from datasette.handle_exception import handle_exception as render
    from datasette.utils.asgi import Request

    response = await render(datasette, Request(scope, receive), exception)()
    await response.asgi_send(send)


class _Guard:
    """One site's gates and admission, and the route each request takes through them."""

    def __init__(self, datasette: Any) -> None:
        self.datasette = datasette
        self.sql_gate = _Gate(SQL_SLOTS, SQL_QUEUE, SQL_WAIT)
        self.heavy_gate = _Gate(HEAVY_THREADS + 1, HEAVY_QUEUE, HEAVY_WAIT)
        self.admission = _Admission(ADMITTED)
        self.canned_paths: re.Pattern[str] | None = None  # found on the first request

    async def __call__(self, app: ASGIApp, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        error = self.refusal(scope)
        if error is not None:
            await self.refuse(scope, receive, send, error)
            return
        lane = self.lane(scope)
        gate = {"sql": self.sql_gate, "heavy": self.heavy_gate}.get(lane)
        await self.run(app, scope, receive, send, lane, gate)

    def refusal(self, scope: Scope) -> Exception | None:
        """The error a request is refused with before it reaches Datasette, if it is refused."""
        from datasette.utils.asgi import NotFound
        from datasette.views.base import DatasetteError

        error: Exception | None = None
        if scope["method"] not in ("GET", "HEAD"):
            error = DatasetteError(
                f"Method not allowed: this site is read-only, use GET, not {scope['method']}",
                title="Method not allowed",
                status=405,
            )
        elif DEBUG_PAGES.match(scope["path"]):
            error = NotFound("Page not found")
        elif problem := malformed(scope.get("query_string", b"")):
            error = DatasetteError(problem, title="Invalid parameter", status=400)
        return error

    def lane(self, scope: Scope) -> str:
        """The lane a request's queries run on: typed SQL, heavy reads or the pages' own."""
        query = scope.get("query_string", b"")
        if _is_reader_sql(query):
            return "sql"
        if self.canned_paths is None:
            self.canned_paths = _canned_paths(self.datasette)
        canned = self.canned_paths.match(scope["path"])
        if (canned and _later_page(query)) or _scans(query):
            return "heavy"
        return "pages"

    async def refuse(self, scope: Scope, receive: Any, send: Any, error: Exception) -> None:
        await self.admission.enter(reader=False)
        try:
            await _send_error(self.datasette, scope, receive, send, error)
        finally:
            self.admission.leave()

    async def run(
        self, app: ASGIApp, scope: Scope, receive: Any, send: Any, lane: str, gate: _Gate | None
    ) -> None:
        """Run the request on ``lane``, once ``gate`` (if any) and the admission let it in."""
        from datasette.views.base import DatasetteError

        if gate is not None:
            try:
                await gate.acquire()
            except _Busy:
                error = DatasetteError(
                    "Too many queries are running: try again in a few seconds",
                    title="Too many queries",
                    status=429,
                )
                await self.refuse(scope, receive, send, error)
                return
        try:
            await self.admitted(app, scope, receive, send, lane)
        finally:
            if gate is not None:
                gate.release()

    async def admitted(self, app: ASGIApp, scope: Scope, receive: Any, send: Any, lane: str) -> None:
        """Run the request once admitted, giving its slot up as soon as its body goes out."""
        await self.admission.enter(reader=lane != "sql")
        admitted = [True]

        def leave() -> None:
            if admitted:
                admitted.clear()
                self.admission.leave()

        async def sending(message: Any) -> None:
            # The work is done once the body goes out; a client reading slowly (a download
            # of the whole database) holds its socket, never a slot.
            if message["type"] == "http.response.body":
                leave()
            await send(message)

        token = _LANE.set(lane)
        try:
            await app(scope, receive, sending)
        finally:
            _LANE.reset(token)
            leave()


@hookimpl
def asgi_wrapper(datasette: Any) -> Callable[[ASGIApp], ASGIApp]:
    """Refuse what a read-only site never serves; put readers' pages first and typed SQL last."""
    guard = _Guard(datasette)

    def wrap(app: ASGIApp) -> ASGIApp:
        async def guarded(scope: Scope, receive: Any, send: Any) -> None:
            await guard(app, scope, receive, send)

        return guarded

    return wrap
