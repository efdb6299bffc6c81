"""The site under abuse (jacksonpd.serve.guard), in-process against the real published database.

Each hardening is checked by what a reader or an attacker sees: a refusal in Datasette's error
shape, a value never built, a page that does not wait behind someone else's query.
"""

from __future__ import annotations

import asyncio
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from datasette.app import Datasette

from jacksonpd.serve import client_errors, guard, lanes, slow_clients
from jacksonpd.serve.app import make_datasette

from .conftest import REPO

PACKAGE = REPO / "datapackage"


class Site:
    """A Datasette and one event loop to drive its in-process client from sync tests."""

    def __init__(self, ds: Datasette) -> None:
        self.ds = ds
        self.loop = asyncio.new_event_loop()
        self.loop.run_until_complete(ds.invoke_startup())

    def get(self, path: str, method: str = "GET") -> httpx.Response:
        """``method`` ``path`` on the site."""
        response: httpx.Response = self.loop.run_until_complete(self.ds.client.request(method, path))
        return response

    def sql(self, sql: str) -> httpx.Response:
        """The JSON answer to ``sql`` typed by a reader."""
        return self.get("/jacksonpd.json?" + urlencode({"sql": sql, "_shape": "arrays"}))

    def close(self) -> None:
        """Close the loop and the database connections."""
        self.loop.close()
        for db in self.ds.databases.values():
            db.close()


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    """The site ``jacksonpd serve`` runs, in-process."""
    s = Site(make_datasette(PACKAGE))
    yield s
    s.close()


def _error(response: httpx.Response, status: int | tuple[int, ...], *words: str) -> str:
    """Assert ``response`` is a 4xx in Datasette's JSON error shape; its message."""
    statuses = (status,) if isinstance(status, int) else status
    assert response.status_code in statuses, (response.status_code, response.text[:300])
    body = response.json()
    assert body["ok"] is False
    message = str(body.get("error", ""))
    for word in words:
        assert word.lower() in message.lower(), message
    return message


# --- values a query builds --------------------------------------------------------------------


@pytest.mark.parametrize(
    "sql",
    [
        "select length(hex(zeroblob(400000000)))",
        "select length(randomblob(900000000))",
        "select length(printf('%.*c', 900000000, 'x'))",
        "select length(format('%.*c', 900000000, 'x'))",
        "select length(printf('%900000000d', 1))",
        "select length(printf('%*s', 900000000, ''))",
        "select length(printf('" + "%.600000c" * 3 + "', 'a', 'b', 'c'))",
        "select length(printf('%s%s', zeroblob(600000), zeroblob(600000)))",
        "select length(replace(hex(zeroblob(400000)), '0', 'xxxxxxxx'))",
        "with recursive r(i, s) as (select 1, 'x' union all select i + 1, s || s from r where i < 40) "
        "select max(length(s)) from r",
        "select length(group_concat(text)) from (select printf('%.900c', 'x') as text from statements, "
        "statements, statements)",
    ],
)
def test_a_value_over_the_length_limit_is_refused_at_once(site: Site, sql: str) -> None:
    """Huge strings and blobs are never built: SQLite says "too big" and the reader gets a 400."""
    _error(site.sql(sql), 400, "too big")


@pytest.mark.parametrize(
    ("fmt", "args"),
    [
        ("%5d|%-3s|%.2f|%%|%q", (42, "ab", 3.14159, "it's")),
        ("%*d|%.*c|%Q|%w", (6, 7, 3, "y", None, 'a"b')),
        ("%x %X %o %e %g %c %z", (255, 255, 8, 12345.678, 0.0001, "hello", "z")),
        ("%,d %!.3f %#x % d %+d", (1234567, 2.5, 255, 5, 5)),
        ("no specifiers", ()),
        ("%s and missing %s %d", ("one",)),
        ("%.20s", ("truncated to twenty characters at most",)),
    ],
)
def test_printf_gives_what_sqlite_gives_within_the_limit(site: Site, fmt: str, args: tuple[Any, ...]) -> None:
    """The bounded ``printf`` and ``format`` are SQLite's own for every ordinary format."""
    placeholders = ", ".join("?" * (1 + len(args)))
    with sqlite3.connect(":memory:") as conn:
        expected = conn.execute(f"select printf({placeholders})", (fmt, *args)).fetchone()[0]
    literal = ", ".join(
        "null" if a is None else repr(a) if isinstance(a, int | float) else _quote(a) for a in args
    )
    for name in ("printf", "format"):
        sql = f"select {name}({_quote(fmt)}{', ' if args else ''}{literal})"
        response = site.sql(sql)
        assert response.status_code == 200, response.text[:300]
        assert response.json()["rows"] == [[expected]]


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def test_printf_size_bounds_every_way_of_asking_for_width() -> None:
    """Widths, precisions, ``*`` arguments and the values themselves all count."""
    assert guard.printf_size("%d", (1,)) < 100
    assert guard.printf_size("%.*c", (900_000_000, "x")) > guard.VALUE_LIMIT
    assert guard.printf_size("%*d", ("900000000", 1)) > guard.VALUE_LIMIT
    assert guard.printf_size("%900000000d", (1,)) > guard.VALUE_LIMIT
    assert guard.printf_size("%-900000000s", ("x",)) > guard.VALUE_LIMIT
    assert guard.printf_size("%%%.9000000c", ("x",)) > guard.VALUE_LIMIT
    assert guard.printf_size("%s" * 3, ("x" * 400_000,) * 3) > guard.VALUE_LIMIT


def test_a_result_over_the_byte_budget_is_refused(site: Site) -> None:
    """Many rows of large values typed by a reader stop at the budget instead of filling memory."""
    rows = sqlite3.connect(PACKAGE / "jacksonpd.db").execute("select count(*) from statements").fetchone()[0]
    assert rows * 900_000 > guard.RESULT_LIMIT  # so the query below is over the budget
    _error(site.sql("select zeroblob(900000) from statements"), 400, "over 16 MB")
    # Within the budget, the same shape of query is answered.
    assert (
        site.sql("select length(zeroblob(900000)) from statements limit 3").json()["rows"] == [[900000]] * 3
    )


def test_the_published_values_are_far_below_the_length_limit() -> None:
    """No value in the database comes near the limit, so no reader's page can reach it."""
    conn = sqlite3.connect(PACKAGE / "jacksonpd.db")
    tables = [r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")]
    longest = 0
    for table in tables:
        for column in [r[1] for r in conn.execute(f"pragma table_info([{table}])")]:
            value = conn.execute(f"select max(length(cast([{column}] as blob))) from [{table}]").fetchone()[0]
            longest = max(longest, value or 0)
    assert 0 < longest < guard.VALUE_LIMIT / 10


# --- functions that leak or load code, and the file's path -------------------------------------


@pytest.mark.parametrize(
    ("sql", "words"),
    [
        ("select fts3_tokenizer('simple')", ("not authorized",)),
        ("select hex(fts3_tokenizer('porter'))", ("not authorized",)),
        ("select load_extension('/tmp/x.so')", ("not authorized",)),
        ("select * from pragma_database_list", ("not authorized",)),
        ("select file from pragma_database_list()", ("not authorized",)),
    ],
)
def test_functions_that_leak_are_refused(site: Site, sql: str, words: tuple[str, ...]) -> None:
    """A heap address, a loaded library and the file's path are never given to a query."""
    message = _error(site.sql(sql), 400, *words)
    assert str(PACKAGE) not in message


def test_the_database_path_is_on_no_page(site: Site) -> None:
    """The folder the database sits in appears on no page a reader can open."""
    folder = str(PACKAGE.resolve())
    pages = [
        "/",
        "/.json",
        "/jacksonpd",
        "/jacksonpd.json",
        "/jacksonpd/statements.json",
        "/-/databases.json",
        "/-/metadata.json",
        "/-/versions.json",
        "/-/settings.json",
        "/-/threads.json",
        "/jacksonpd.json?sql=select+*+from+pragma_database_list",
        "/jacksonpd/statements.json?_where=1=",
        "/jacksonpd.json?sql=select+*+from+no_such_table",
    ]
    for page in pages:
        assert folder not in site.get(page).text, page
        assert "datapackage/jacksonpd.db" not in site.get(page).text, page


# --- debug pages and methods --------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/-/threads",
        "/-/threads.json",
        "/-/actor.json",
        "/-/messages",
        "/-/allow-debug",
        "/-/permissions",
        "/-/patterns",
        "/-/databases.json",
        "/-/plugins.json",
        "/-/settings.json",
        "/-/config.json",
        "/-/auth-token",
        "/-/logout",
    ],
)
def test_debug_pages_are_not_found(site: Site, path: str) -> None:
    """Datasette's pages for debugging an instance are 404s, in Datasette's error shape."""
    response = site.get(path)
    assert response.status_code == 404
    if path.endswith(".json"):
        _error(response, 404, "not found")
    else:
        assert "<title>Error 404</title>" in response.text


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/jacksonpd/statements"),
        ("POST", "/jacksonpd/statements.json"),
        ("POST", "/jacksonpd.json?sql=select+1"),
        ("PUT", "/jacksonpd/statements.json"),
        ("DELETE", "/jacksonpd/statements/x.json"),
        ("PATCH", "/.json"),
        ("OPTIONS", "/jacksonpd.json"),
        ("PROPFIND", "/jacksonpd.json"),
        ("TRACE", "/.json"),
    ],
)
def test_other_methods_than_get_are_405(site: Site, method: str, path: str) -> None:
    """The site is read-only: any other method gets 405 with Datasette's error shape."""
    response = site.get(path, method)
    if ".json" in path:
        _error(response, 405, "read-only")
    else:
        assert response.status_code == 405
        assert "<title>Method not allowed</title>" in response.text
        assert "read-only" in response.text


def test_head_is_answered_like_get(site: Site) -> None:
    """HEAD still works: it is GET without a body."""
    assert site.get("/jacksonpd/statements", "HEAD").status_code == 200


# --- malformed parameters ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/jacksonpd/statements.json?_through=notjson", ("_through",)),
        ("/jacksonpd/statements.json?_through={}", ("_through",)),
        ("/jacksonpd/statements.json?_through=[]", ("_through",)),
        ("/jacksonpd/statements.json?_through=1", ("_through",)),
        ('/jacksonpd/statements.json?_through={"table":1,"column":2,"value":3}', ("_through",)),
        ('/jacksonpd/statements.json?_through={"table":"x","column":"y","value":"z"}', ("_through",)),
        ("/jacksonpd/statements.json?_timelimit=abc", ("_timelimit",)),
        ("/jacksonpd.json?sql=select+1&_timelimit=abc", ("_timelimit",)),
        ("/jacksonpd/statements.json?kind__in=[", ("__in",)),
        ("/jacksonpd/statements.json?kind__notin=[1,", ("__in",)),
        ("/jacksonpd/statements_detailed.json?_next=abc", ("_next",)),
        ("/jacksonpd/statements_detailed.json?_next=99999999999999999999999", ("_next",)),
        ("/jacksonpd/statements.json?_where=length(printf('%25.*c',900000000,'x'))>0", ("too big",)),
        ("/jacksonpd/statements.json?_where=length(zeroblob(1e9))", ("too big",)),
    ],
)
def test_malformed_parameters_are_400(site: Site, path: str, words: tuple[str, ...]) -> None:
    """A reader's malformed parameter is a 400 that says which, never a 500."""
    _error(site.get(path), 400, *words)


@pytest.mark.parametrize(
    "path",
    [
        "/jacksonpd/statements.blob?_blob_column=text",
        "/jacksonpd/statements.blob?_blob_column=text&_blob_hash=x",
        "/jacksonpd.blob?sql=select+1+as+b&_blob_column=b",
        "/jacksonpd.blob?sql=select+zeroblob(3)+as+b+where+0&_blob_column=b",
        "/jacksonpd.blob?sql=select+null+as+b&_blob_column=b&_blob_hash=x",
    ],
)
def test_a_blob_download_of_what_is_not_binary_is_400(site: Site, path: str) -> None:
    """``.blob`` of text, of a number or of no row is refused; Datasette 0.65 failed on each."""
    response = site.get(path)
    assert response.status_code == 400, response.text[:300]
    assert "<title>Error 400</title>" in response.text


def test_a_blob_download_still_works(site: Site) -> None:
    """A real blob still downloads."""
    response = site.get("/jacksonpd.blob?sql=select+zeroblob(3)+as+b&_blob_column=b")
    assert response.status_code == 200
    assert response.content == b"\0\0\0"


# --- SQL typed by readers waits behind pages ------------------------------------------------------

SLOW = "with recursive r(i) as (select 1 union all select i + 1 from r) select count(*) from r"


def test_pages_do_not_wait_behind_slow_sql(site: Site) -> None:
    """With more slow queries running than Datasette has threads, a table page is answered first.

    Each slow query runs until the time limit (a second). Datasette 0.65 would run three of them
    on its three threads and the table page after them; here they queue on their own lane.
    """

    async def race() -> tuple[list[str], list[int]]:
        finished: list[str] = []
        statuses: list[int] = []

        async def fetch(name: str, path: str) -> None:
            response = await site.ds.client.get(path)
            statuses.append(response.status_code)
            finished.append(name)

        slow = [
            asyncio.ensure_future(fetch("slow", "/jacksonpd.json?" + urlencode({"sql": SLOW})))
            for _ in range(site.ds.setting("num_sql_threads") + 1)
        ]
        await asyncio.sleep(0.05)  # the slow queries have started
        page = asyncio.ensure_future(fetch("page", "/jacksonpd/statements.json?_size=5"))
        await asyncio.gather(*slow, page)
        return finished, statuses

    finished, statuses = site.loop.run_until_complete(race())
    assert finished[0] == "page", finished
    assert all(400 <= s < 500 for s in statuses if s != 200), statuses


def test_slow_sql_beyond_the_queue_is_429(monkeypatch: pytest.MonkeyPatch) -> None:
    """When the lane's queue is full, more SQL typed by readers is answered 429 at once."""
    monkeypatch.setattr(guard, "SQL_SLOTS", 1)
    monkeypatch.setattr(guard, "SQL_QUEUE", 1)
    own = Site(make_datasette(PACKAGE))
    try:

        async def burst() -> list[httpx.Response]:
            path = "/jacksonpd.json?" + urlencode({"sql": SLOW})
            return list(await asyncio.gather(*(own.ds.client.get(path) for _ in range(4))))

        responses = own.loop.run_until_complete(burst())
    finally:
        own.close()
    statuses = sorted(r.status_code for r in responses)
    assert statuses.count(429) == 2, statuses  # one running, one queued, two refused
    refused = next(r for r in responses if r.status_code == 429)
    _error(refused, 429, "try again")
    assert all(s in (400, 429) for s in statuses), statuses  # the others ran out of time


# --- slow clients -------------------------------------------------------------------------------


@pytest.fixture
def tiny_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    """uvicorn with the header deadline shortened to half a second, serving a tiny app."""
    import uvicorn

    monkeypatch.setattr(slow_clients, "HEADER_TIMEOUT", 0.5)

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]})
        await send({"type": "http.response.body", "body": b"ok"})

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, http=guard.HeaderTimeoutProtocol, lifespan="off", log_level="error"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    yield port
    server.should_exit = True
    thread.join(10)


def _read_all(sock: socket.socket, seconds: float) -> bytes:
    sock.settimeout(seconds)
    data = b""
    try:
        while chunk := sock.recv(4096):
            data += chunk
    except TimeoutError:
        pass
    return data


def test_a_client_that_never_finishes_its_headers_is_closed(tiny_server: int) -> None:
    """A header byte every tenth of a second does not keep the socket past the deadline."""
    with socket.create_connection(("127.0.0.1", tiny_server)) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
        began = time.monotonic()
        closed = False
        while time.monotonic() - began < 3:
            try:
                sock.sendall(b"X")
            except OSError:
                closed = True
                break
            time.sleep(0.1)
        data = _read_all(sock, 1)
    assert closed or data.startswith(b"HTTP/1.1 408"), data[:100]
    assert data.startswith(b"HTTP/1.1 408") or data == b""


def test_an_idle_connection_is_closed_and_a_prompt_one_answered(tiny_server: int) -> None:
    """A socket that sends nothing is closed; a request sent at once is answered, kept alive or not."""
    with socket.create_connection(("127.0.0.1", tiny_server)) as idle:
        assert _read_all(idle, 3).startswith(b"HTTP/1.1 408")
    with socket.create_connection(("127.0.0.1", tiny_server)) as prompt:
        prompt.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        time.sleep(0.3)
        prompt.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        data = _read_all(prompt, 3)
    assert data.count(b"HTTP/1.1 200") == 2, data


def test_serve_runs_uvicorn_with_the_header_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    """``jacksonpd serve`` hands uvicorn the protocol with the deadline and bounded headers."""
    import uvicorn

    from jacksonpd.serve.app import serve

    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: seen.update(kwargs))
    serve(Path(PACKAGE))
    assert seen["http"] is guard.HeaderTimeoutProtocol
    assert seen["h11_max_incomplete_event_size"] <= 64 * 1024
    assert seen["timeout_keep_alive"] <= 10


# --- readers' pages before everything else ---------------------------------------------------------


def test_a_page_goes_before_refusals_already_waiting(monkeypatch: pytest.MonkeyPatch) -> None:
    """With the event loop's one slot taken, a table page goes in before twenty waiting refusals.

    The slot is held by a slow query for a second; the refusals queue first, the page after them,
    and the page is still answered first when the slot comes free.
    """
    monkeypatch.setattr(guard, "ADMITTED", 1)
    own = Site(make_datasette(PACKAGE))
    try:

        async def race() -> list[str]:
            finished: list[str] = []

            async def fetch(name: str, method: str, path: str) -> None:
                await own.ds.client.request(method, path)
                finished.append(name)

            slow = asyncio.ensure_future(fetch("slow", "GET", "/jacksonpd.json?" + urlencode({"sql": SLOW})))
            await asyncio.sleep(0.2)  # the slow query holds the slot
            refusals = [
                asyncio.ensure_future(fetch("refusal", "POST", "/jacksonpd/statements")) for _ in range(20)
            ]
            await asyncio.sleep(0.2)  # the refusals are waiting
            page = asyncio.ensure_future(fetch("page", "GET", "/jacksonpd/statements?_size=5"))
            await asyncio.gather(slow, *refusals, page)
            return finished

        finished = own.loop.run_until_complete(race())
    finally:
        own.close()
    assert finished[:2] == ["slow", "page"], finished


def test_heavy_reads_and_typed_sql_have_lanes_of_their_own(site: Site) -> None:
    """Canned queries and scanning filters, typed SQL and other pages each run on their own threads."""
    assert guard._scans(b"text__contains=police&_size=5")
    assert guard._scans(b"speaker__glob=*Moore*")
    assert not guard._scans(b"speaker_id=anthony-moore&kind=quote&_sort=said_on")
    assert not guard._scans(b"_search=police")
    canned = guard._canned_paths(site.ds)
    assert canned.match("/jacksonpd/names_release")
    assert canned.match("/jacksonpd/names_release.json")
    assert not canned.match("/jacksonpd/statements")
    assert not canned.match("/jacksonpd/names_release_x")
    executor = site.ds.executor
    assert isinstance(executor, lanes._Lanes)
    names = {}
    for lane in ("pages", "heavy", "sql"):
        token = lanes._LANE.set(lane)
        try:
            names[lane] = executor.submit(lambda: threading.current_thread().name).result(10)
        finally:
            lanes._LANE.reset(token)
    assert names["heavy"].startswith("jacksonpd-heavy")
    assert names["sql"].startswith("jacksonpd-sql")
    assert not names["pages"].startswith("jacksonpd-")


def test_a_slow_download_does_not_hold_a_slot(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    """A response whose client reads slowly gives its slot up once its body starts going out."""
    monkeypatch.setattr(guard, "ADMITTED", 1)
    reading = asyncio.Event()

    async def app(scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"x" * 10, "more_body": True})
        await send({"type": "http.response.body", "body": b"", "more_body": False})

    guarded = guard.asgi_wrapper(site.ds)(app)

    async def slow_send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.body":
            await reading.wait()  # a client that does not read

    async def fast_send(message: dict[str, Any]) -> None:
        pass

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    def scope(path: str) -> dict[str, Any]:
        return {"type": "http", "method": "GET", "path": path, "query_string": b"", "headers": []}

    async def race() -> bool:
        slow = asyncio.ensure_future(guarded(scope("/jacksonpd.db"), receive, slow_send))
        await asyncio.sleep(0.05)
        try:
            await asyncio.wait_for(guarded(scope("/jacksonpd/statements"), receive, fast_send), 5)
            answered = True
        except TimeoutError:
            answered = False
        reading.set()
        await slow
        return answered

    assert site.loop.run_until_complete(race())


def test_sqlite3_failing_without_an_error_on_typed_sql_is_a_400() -> None:
    """Python's sqlite3 once in a few thousand refused queries under load raised SystemError or gave
    a result without columns; for SQL a reader typed that is a 400 naming no memory address."""
    from datasette.utils import MultiParams

    class Request:
        args = MultiParams({"sql": ["select 1" + " + 1" * 3000]})

    glitch = SystemError(
        "<sqlite3.Connection object at 0x7f65e17f8b80> returned NULL without setting an exception"
    )
    found = client_errors._client_error(Request(), glitch)
    assert found is not None
    assert found[0] == 400
    assert "0x" not in found[1]
    assert client_errors._client_error(Request(), TypeError("'NoneType' object is not iterable")) == found
    # On a page with no typed SQL the same failures stay server errors.
    Request.args = MultiParams({"_size": ["5"]})
    assert client_errors._client_error(Request(), glitch) is None


def test_a_failed_query_resets_its_statement_at_once() -> None:
    """A cursor whose query failed is closed in the thread that ran it, not later by the collector.

    The collector may run in any thread; a reset there raced the next failing query on the same
    connection, which then reported "not an error" (or Python raised SystemError).
    """
    conn = lanes._BudgetConnection(sqlite3.connect(":memory:"))
    failing = conn.cursor()
    with pytest.raises(sqlite3.OperationalError):
        failing.execute("select * from no_such_table")
    with pytest.raises(sqlite3.ProgrammingError, match="closed cursor"):
        failing._cursor.execute("select 1")

    working = conn.cursor().execute("select value from json_each('[1, 2, 3]')")
    assert [working.fetchone(), working.fetchone(), working.fetchmany(5)] == [(1,), (2,), [(3,)]]
