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
  canned queries and table pages filtered by a substring or pattern (on a million statements
  some take a second), get a thread of their own too, at a lower priority; table, row and search
  pages keep Datasette's own threads;
- works on at most :data:`ADMITTED` requests at once, letting a waiting reader's page in before
  waiting refusals and typed SQL: the event loop is one thread, and without an order a page waits
  for every cheap refusal that came before it;
- answers every method but GET and HEAD with 405, the debug pages with 404, and the malformed
  parameters Datasette 0.65 fails on (``_through``, ``_timelimit``, ``__in``) with 400, each in
  Datasette's own error shape (JSON for ``.json`` URLs, its error page otherwise).

:class:`HeaderTimeoutProtocol` is uvicorn's HTTP protocol with a deadline for a request's
headers, so a client that never finishes them does not keep its socket.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import json
import os
import re
import sqlite3
import threading
from collections import deque
from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from typing import Any, TypeVar
from urllib.parse import parse_qsl

import pluggy
from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = [
    "HEADER_TIMEOUT",
    "RESULT_LIMIT",
    "VALUE_LIMIT",
    "HeaderTimeoutProtocol",
    "asgi_wrapper",
    "handle_exception",
    "prepare_connection",
    "register_output_renderer",
    "startup",
]

hookimpl = pluggy.HookimplMarker("datasette")

#: The longest string or blob any query may build, in bytes (the published values are far
#: shorter: a test holds the largest below a tenth of this).
VALUE_LIMIT = 1_000_000
#: The most bytes of values one query typed by a reader may return (1,000 rows of 16 KB).
RESULT_LIMIT = 16_000_000
#: Requests running SQL typed by a reader at once; more wait, up to :data:`SQL_QUEUE` of them
#: for at most :data:`SQL_WAIT` seconds, and the rest are answered 429 at once.
SQL_SLOTS = 2
SQL_QUEUE = 64
SQL_WAIT = 5.0
#: Threads for heavy reads (canned queries, scanning filters), apart from the pages' own.
HEAVY_THREADS = 1
#: How much lower than the pages' threads the lanes' threads run (nice values, Linux).
HEAVY_NICE = 10
SQL_NICE = 19
#: Heavy reads waiting for their thread, and for how long, before a 429.
HEAVY_QUEUE = 64
HEAVY_WAIT = 20.0
#: Requests the event loop works on at once; the others wait, readers' pages first.
ADMITTED = 8
#: Seconds a client has to send a request's headers, on a new connection or a kept-alive one.
HEADER_TIMEOUT = 10.0

#: Functions no query may call: ``fts3_tokenizer`` returns a heap address (and with two
#: arguments would register a tokenizer at one); ``load_extension`` loads code.
REFUSED_FUNCTIONS = frozenset({"fts3_tokenizer", "load_extension", "readfile", "writefile", "edit", "fsdir"})
#: Pragmas SQL typed by a reader may not run: ``database_list`` shows the file's absolute path.
REFUSED_PRAGMAS = frozenset({"database_list"})
_REFUSED_CALL = re.compile(r"\b(" + "|".join(sorted(REFUSED_FUNCTIONS)) + r")\s*\(", re.I)
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
#: Query parameters that carry SQL typed by a reader or stream a whole table.
SQL_PARAMETERS = frozenset({"sql", "_where", "_stream"})
_SQL_THREAD = "jacksonpd-sql"

_LANE: contextvars.ContextVar[str] = contextvars.ContextVar("jacksonpd_lane", default="pages")
_T = TypeVar("_T")
Scope = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Callable[[], Awaitable[Any]], Callable[[Any], Awaitable[None]]], Awaitable[None]]


# ---------------------------------------------------------------------------------------------
# Connections: the length limit, bounded printf, refused functions
# ---------------------------------------------------------------------------------------------


@hookimpl
def prepare_connection(conn: sqlite3.Connection, database: str, datasette: Any) -> None:
    """Bound what a query on ``conn`` may build and refuse what it may not call."""
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, VALUE_LIMIT)
    for name in ("printf", "format"):
        conn.create_function(name, -1, _bounded_printf, deterministic=True)
    typed_by_reader = threading.current_thread().name.startswith(_SQL_THREAD)
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


# ---------------------------------------------------------------------------------------------
# Lanes: SQL typed by readers runs apart, bounded in time, bytes and numbers
# ---------------------------------------------------------------------------------------------


class _Lanes(Executor):
    """Datasette's executor, sending heavy reads and SQL typed by readers to lanes of their own."""

    def __init__(self, pages: Executor, heavy: Executor, sql: Executor) -> None:
        self.lanes = {"pages": pages, "heavy": heavy, "sql": sql}

    def submit(self, fn: Callable[..., _T], /, *args: Any, **kwargs: Any) -> Future[_T]:
        return self.lanes[_LANE.get()].submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        for lane in self.lanes.values():
            lane.shutdown(wait, cancel_futures=cancel_futures)


class _BudgetConnection:
    """A connection whose cursors stop a result once its values pass :data:`RESULT_LIMIT`."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def cursor(self) -> _BudgetCursor:
        return _BudgetCursor(self._conn.cursor())

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


class _BudgetCursor:
    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._cursor = cursor

    def execute(self, sql: str, params: Any = ()) -> _BudgetCursor:
        with self._closed_on_error():
            self._cursor.execute(sql, params)
        return self

    @contextlib.contextmanager
    def _closed_on_error(self) -> Iterator[None]:
        """Reset a failed statement at once, in this thread.

        Left to the garbage collector (the traceback holds the cursor in a cycle), the reset runs in
        whichever thread collects it, and can fall between a later query's failure on this
        connection and Python reading SQLite's message for it: the reader then got "not an error",
        or Python raised SystemError.
        """
        try:
            yield
        except Exception:  # not GeneratorExit: fetchone() leaves its generator part-way on purpose
            self._cursor.close()
            raise

    def _rows(self, limit: int | None) -> Iterator[Any]:
        total = 0
        count = 0
        with self._closed_on_error():
            while limit is None or count < limit:
                row = self._cursor.fetchone()
                if row is None:
                    return
                total += sum(len(v) if isinstance(v, str | bytes) else 8 for v in row)
                if total > RESULT_LIMIT:
                    mb = RESULT_LIMIT // 1_000_000
                    msg = f"the result is over {mb} MB: ask for fewer rows or shorter values"
                    raise _sqlite_module().OperationalError(msg)
                count += 1
                yield row

    def fetchmany(self, size: int | None = None) -> list[Any]:
        return list(self._rows(self._cursor.arraysize if size is None else size))

    def fetchall(self) -> list[Any]:
        return list(self._rows(None))

    def fetchone(self) -> Any:
        return next(self._rows(1), None)

    def __iter__(self) -> Iterator[Any]:
        return self._rows(None)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cursor, name)


def _sqlite_module() -> Any:
    from datasette.utils import sqlite3 as module  # the sqlite3 Datasette runs on

    return module


def _lower_priority(nice: int) -> None:
    """Make the calling thread yield the CPU to the site's others (Linux sets it per thread)."""
    with contextlib.suppress(AttributeError, OSError):  # elsewhere or not permitted: lanes still apply
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), nice)


def _prepare_heavy_thread() -> None:
    _lower_priority(HEAVY_NICE)


def _prepare_sql_thread(datasette: Any) -> None:
    """Open this lane thread's connections now, each behind a result budget."""
    from datasette.database import connections

    _lower_priority(SQL_NICE)
    for name, db in list(datasette.databases.items()):
        if db.path is None or getattr(connections, name, None) is not None:
            continue
        conn = db.connect()
        datasette._prepare_connection(conn, name)
        setattr(connections, name, _BudgetConnection(conn))


@hookimpl
def startup(datasette: Any) -> None:
    """Give heavy reads and SQL typed by readers threads of their own, at a lower priority."""
    if isinstance(datasette.executor, ThreadPoolExecutor):
        heavy = ThreadPoolExecutor(
            max_workers=HEAVY_THREADS,
            thread_name_prefix="jacksonpd-heavy",
            initializer=_prepare_heavy_thread,
        )
        sql = ThreadPoolExecutor(
            max_workers=1,
            thread_name_prefix=_SQL_THREAD,
            initializer=_prepare_sql_thread,
            initargs=(datasette,),
        )
        datasette.executor = _Lanes(datasette.executor, heavy, sql)


class _Busy(Exception):
    pass


class _Gate:
    """At most ``slots`` requests inside, ``queue`` waiting, each for ``wait`` seconds at most."""

    def __init__(self, slots: int, queue: int, wait: float) -> None:
        self.semaphore = asyncio.Semaphore(slots)
        self.queue = queue
        self.wait = wait
        self.waiting = 0

    async def acquire(self) -> None:
        if not self.semaphore.locked():
            await self.semaphore.acquire()  # free: taken at once, without waiting
            return
        if self.waiting >= self.queue:
            raise _Busy
        self.waiting += 1
        try:
            await asyncio.wait_for(self.semaphore.acquire(), self.wait)
        except TimeoutError:
            raise _Busy from None
        finally:
            self.waiting -= 1

    def release(self) -> None:
        self.semaphore.release()


def _is_reader_sql(query_string: bytes) -> bool:
    pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=False)
    return any(key in SQL_PARAMETERS for key, _ in pairs)


def _scans(query_string: bytes) -> bool:
    """Whether a table page's filters read every row (a substring, a pattern, a date of a value)."""
    pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=False)
    return any(key.rpartition("__")[2] in SCANNING_FILTERS for key, _ in pairs if "__" in key)


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


class _Admission:
    """At most ``slots`` requests being worked on at once; waiting readers go in before the rest.

    The event loop is one thread: a hundred cheap refusals in flight delay a reader's page as
    much as a hundred pages would. Requests wait here, at no cost, in two queues, and a free slot
    always goes to the oldest waiting reader first.
    """

    def __init__(self, slots: int) -> None:
        self.free = slots
        self.waiting: tuple[deque[asyncio.Future[None]], deque[asyncio.Future[None]]] = (deque(), deque())

    async def enter(self, reader: bool) -> None:
        queue = self.waiting[0 if reader else 1]
        if self.free > 0 and not self.waiting[0] and (reader or not self.waiting[1]):
            self.free -= 1
            return
        turn: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        queue.append(turn)
        try:
            await turn
        except asyncio.CancelledError:
            if turn.done() and not turn.cancelled():
                self.leave()  # given a slot as it was cancelled: pass it on
            else:
                with contextlib.suppress(ValueError):
                    queue.remove(turn)
            raise

    def leave(self) -> None:
        for queue in self.waiting:
            while queue:
                turn = queue.popleft()
                if not turn.done():
                    turn.set_result(None)
                    return
        self.free += 1


@hookimpl
def asgi_wrapper(datasette: Any) -> Callable[[ASGIApp], ASGIApp]:
    """Refuse what a read-only site never serves; put readers' pages first and typed SQL last."""
    from datasette.utils.asgi import NotFound
    from datasette.views.base import DatasetteError

    sql_gate = _Gate(SQL_SLOTS, SQL_QUEUE, SQL_WAIT)
    heavy_gate = _Gate(HEAVY_THREADS + 1, HEAVY_QUEUE, HEAVY_WAIT)
    admission = _Admission(ADMITTED)
    canned_paths: list[re.Pattern[str]] = []  # found on the first request, once databases are in

    def wrap(app: ASGIApp) -> ASGIApp:
        async def refuse(scope: Scope, receive: Any, send: Any, error: Exception) -> None:
            await admission.enter(reader=False)
            try:
                await _send_error(datasette, scope, receive, send, error)
            finally:
                admission.leave()

        async def run(scope: Scope, receive: Any, send: Any, lane: str, gate: _Gate | None) -> None:
            if gate is not None:
                try:
                    await gate.acquire()
                except _Busy:
                    error = DatasetteError(
                        "Too many queries are running: try again in a few seconds",
                        title="Too many queries",
                        status=429,
                    )
                    await refuse(scope, receive, send, error)
                    return
            try:
                await admission.enter(reader=lane != "sql")
                admitted = [True]

                def leave() -> None:
                    if admitted:
                        admitted.clear()
                        admission.leave()

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
            finally:
                if gate is not None:
                    gate.release()

        async def guarded(scope: Scope, receive: Any, send: Any) -> None:
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            query = scope.get("query_string", b"")
            if scope["method"] not in ("GET", "HEAD"):
                error = DatasetteError(
                    f"Method not allowed: this site is read-only, use GET, not {scope['method']}",
                    title="Method not allowed",
                    status=405,
                )
                await refuse(scope, receive, send, error)
            elif DEBUG_PAGES.match(scope["path"]):
                await refuse(scope, receive, send, NotFound("Page not found"))
            elif problem := malformed(query):
                await refuse(
                    scope, receive, send, DatasetteError(problem, title="Invalid parameter", status=400)
                )
            elif _is_reader_sql(query):
                await run(scope, receive, send, "sql", sql_gate)
            else:
                if not canned_paths:
                    canned_paths.append(_canned_paths(datasette))
                if canned_paths[0].match(scope["path"]) or _scans(query):
                    await run(scope, receive, send, "heavy", heavy_gate)
                else:
                    await run(scope, receive, send, "pages", None)

        return guarded

    return wrap


# ---------------------------------------------------------------------------------------------
# Errors: a reader's malformed parameter is a 400, not Datasette 0.65's 500
# ---------------------------------------------------------------------------------------------


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
        elif key in SQL_PARAMETERS and (refused := _REFUSED_CALL.search(value)):
            # The authorizer refuses these too; said here, before SQLite runs anything, the
            # reader is told which function, and no query is started for it.
            return f"not authorized: {refused.group(1).lower()}() is refused on this site"
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


# ---------------------------------------------------------------------------------------------
# Slow clients
# ---------------------------------------------------------------------------------------------


class HeaderTimeoutProtocol(H11Protocol):
    """uvicorn's h11 protocol, closing a connection whose request headers take too long.

    uvicorn 0.x has no such deadline: a client that sends a header byte now and then keeps its
    socket, and its keep-alive timer, forever. After :data:`HEADER_TIMEOUT` seconds without a
    complete request (from the connection's start or the last response), it gets 408 and is closed.
    """

    _header_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_header_timer()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm_header_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
        super().connection_lost(exc)

    def _arm_header_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
        cycle = self.cycle
        self._header_timer = self.loop.call_later(HEADER_TIMEOUT, self._header_deadline, cycle)

    def _header_deadline(self, cycle: Any) -> None:
        # A new request since the timer was armed has its own cycle: it finished its headers.
        if self.cycle is not cycle or self.transport.is_closing():
            return
        if cycle is not None and not cycle.response_complete:
            return
        self.transport.write(
            b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
            b"content-length: 38\r\nconnection: close\r\n\r\nThe request's headers took too long.\r\n"
        )
        self.transport.close()
