"""Lanes: heavy reads and SQL typed by readers run on threads of their own, bounded.

Datasette 0.65 runs every query on one small pool of threads. The site's executor
(:class:`_Lanes`) sends each query to the lane its request was given (:data:`_LANE`, set by
:mod:`jacksonpd.serve.guard`): the pages' own threads; one thread at a lower priority for heavy
reads (scanning filters, canned queries past their first page); one at the lowest priority for
SQL a reader typed, whose connections stop a result past :data:`RESULT_LIMIT` bytes.
:class:`_Gate` bounds the requests in a lane and :class:`_Admission` those the event loop works
on at once, readers' pages first.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import os
import sqlite3
import threading
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from typing import Any, TypeVar

import pluggy

__all__ = ["HEAVY_NICE", "HEAVY_THREADS", "RESULT_LIMIT", "SQL_NICE", "SQL_THREAD", "startup"]

hookimpl = pluggy.HookimplMarker("datasette")

#: The most bytes of values one query typed by a reader may return (1,000 rows of 16 KB).
RESULT_LIMIT = 16_000_000
#: Threads for heavy reads (scanning filters, canned queries' later pages), apart from the pages'.
HEAVY_THREADS = 1
#: How much lower than the pages' threads the lanes' threads run (nice values, Linux).
HEAVY_NICE = 10
SQL_NICE = 19
#: The name of the thread (a prefix) that runs SQL typed by readers.
SQL_THREAD = "jacksonpd-sql"

_LANE: contextvars.ContextVar[str] = contextvars.ContextVar("jacksonpd_lane", default="pages")
_T = TypeVar("_T")


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
            thread_name_prefix=SQL_THREAD,
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
