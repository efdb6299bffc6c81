"""`jacksonpd serve` under load: good requests answered correctly, hostile ones refused, no crash.

A bounded run (a few seconds, 127.0.0.1 only) of concurrent search, facet, table and canned-query
requests mixed with SQL that writes, runs away or reaches for the file system. Every good answer
is checked against the same query run directly on the database file; every bad request must get a
4xx with an error message; the server must stay up and the database must not change. The run's
figures (requests served, errors, p95) are printed: `pytest -s tests/test_load.py`.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import attrs
import pytest

from jacksonpd.publish.canned import PAGE_SIZE

from .conftest import free_port

#: Values for the parameters of canned queries; the page's are what the site fills in for a
#: first page.
CANNED_PARAMS: dict[str, str | int] = {
    "speaker": "Moore",
    "date": "2018-10-20",
    "_page_size": PAGE_SIZE,
    "_page_start": 0,
}
DURATION = 3.0  # seconds of load
WORKERS = 8

Check = Callable[[int, Any], str | None]  # (status, body) -> what is wrong, or None


@attrs.frozen
class Request:
    """One request of the mix and how to judge its answer."""

    name: str
    path: str
    check: Check
    hostile: bool = False


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, Path]]:
    """`jacksonpd serve` on a private copy of the published package, on 127.0.0.1."""
    from .conftest import REPO

    root = tmp_path_factory.mktemp("served")
    for name in ("seeds", "schemas", "datapackage"):
        shutil.copytree(REPO / name, root / name)
    port = free_port()
    log = (root / "server.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "jacksonpd", "serve", "--root", str(root), "--port", str(port), "--no-build"],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _ = _get(http.client.HTTPConnection("127.0.0.1", port, timeout=5), "/-/versions.json")
                if status == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the server did not start: {(root / 'server.log').read_text()}")
            time.sleep(0.1)
        yield port, root / "datapackage/jacksonpd.db"
        assert process.poll() is None, "the server died under load"
    finally:
        process.terminate()
        process.wait(10)
        log.close()


def _get(conn: http.client.HTTPConnection, path: str) -> tuple[int, Any]:
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    try:
        return response.status, json.loads(body)
    except ValueError:
        return response.status, body.decode("utf-8", "replace")


def _query(db: Path, sql: str, params: tuple[Any, ...] | dict[str, str | int] = ()) -> list[list[Any]]:
    """Run ``sql`` on the database file directly, read-only: the answer Datasette must give."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return [list(row) for row in conn.execute(sql, params)]


def _rows_equal(expected: list[list[Any]]) -> Check:
    def check(status: int, body: Any) -> str | None:
        if status != 200 or not isinstance(body, dict):
            return f"status {status}: {str(body)[:200]}"
        return None if body["rows"] == expected else f"rows differ: {body['rows'][:3]} != {expected[:3]}"

    return check


def _refused(*words: str) -> Check:
    """A 4xx whose error message says why (one of ``words``, case-insensitively)."""

    def check(status: int, body: Any) -> str | None:
        if not 400 <= status < 500:
            return f"expected a refusal, got {status}: {str(body)[:200]}"
        text = json.dumps(body) if isinstance(body, dict) else str(body)
        if status == 429 and "try again" in text:
            return None  # too many typed queries at once: refused before it ran, which is fine too
        if words and not any(w.lower() in text.lower() for w in words):
            return f"refused without saying why ({words}): {text[:200]}"
        return None

    return check


def _sql(sql: str, **params: str) -> str:
    return "/jacksonpd.json?" + urlencode({"sql": sql, "_shape": "arrays", **params})


def _mix(db: Path) -> list[Request]:
    """Good requests with the answer each must get, then hostile ones."""
    metadata = json.loads((db.parent / "metadata.json").read_text(encoding="utf-8"))
    canned = metadata["databases"]["jacksonpd"]["queries"]
    good: list[Request] = []
    for term in ("transparency", "officers", "investigation", "task force"):
        sql = (
            "select statement_id from statements where rowid in "
            "(select rowid from statements_fts where statements_fts match ?) order by statement_id"
        )
        match = " ".join(f'"{w}"' for w in term.split())
        good.append(
            Request(
                f"search {term!r}",
                f"/jacksonpd/statements.json?_search={quote(term)}&_shape=arrays&_col=statement_id"
                "&_sort=statement_id&_nocol=source_id&_size=max",
                _search_check(_query(db, sql, (match,))),
            )
        )
    for table, column in (("statements", "kind"), ("events", "status"), ("figures", "qualifier")):
        expected = dict(_query(db, f"select {column}, count(*) from {table} group by {column}"))
        good.append(
            Request(
                f"facet {table}.{column}",
                f"/jacksonpd/{table}.json?_facet={column}",
                _facet(column, expected),
            )
        )
    for name, query in canned.items():
        params = {p: CANNED_PARAMS[p] for p in re.findall(r"(?<!:):(\w+)", query["sql"])}
        good.append(
            Request(
                f"canned {name}",
                f"/jacksonpd/{name}.json?"
                + urlencode({"_shape": "arrays", **{k: v for k, v in params.items() if k[0] != "_"}}),
                _rows_equal(_query(db, query["sql"], params)),
            )
        )
    count = _query(db, "select count(*) from statements")[0][0]
    good.append(Request("table page", "/jacksonpd/statements.json?_size=max", _count(count)))
    good.append(Request("html table page", "/jacksonpd/statements", _html))
    good.append(
        Request("arbitrary select", _sql("select count(*) from statements_detailed"), _rows_equal([[count]]))
    )

    hostile = [
        ("insert", "insert into statements (statement_id) values ('x')", ("select",)),
        ("update", "update statements set text = 'x'", ("select",)),
        ("delete", "delete from statements", ("select",)),
        ("drop", "drop table statements", ("select",)),
        (
            "update in a CTE",
            "with x as (select 1) update statements set text = 'x'",
            ("select", "not allowed"),
        ),
        ("pragma write", "pragma writable_schema = 1", ("select", "not allowed")),
        ("attach", "attach database '/tmp/jacksonpd-attack.db' as attack", ("select",)),
        ("readfile", "select readfile('/etc/passwd')", ("no such function", "not authorized")),
        ("load_extension", "select load_extension('/tmp/x.so')", ("not authorized", "no such function")),
        (
            "writefile",
            "select writefile('/tmp/jacksonpd-attack', 'x')",
            ("no such function", "not authorized"),
        ),
        (
            "runaway recursion",
            "with recursive r(i) as (select 1 union all select i + 1 from r) select count(*) from r",
            ("too long", "interrupted"),
        ),
        (
            "runaway cross join",
            "select count(*) from statements a, statements b, statements c, statements d, statements e, "
            "statements f, statements g",
            ("too long", "interrupted"),
        ),
        ("syntax error", "select from where", ("syntax error",)),
        ("two statements", "select 1; delete from statements", ("one statement", "select", "single")),
        ("printf 900 MB", "select length(printf('%.*c', 900000000, 'x'))", ("too big",)),
        ("format 900 MB", "select length(format('%900000000d', 1))", ("too big",)),
        ("hex(zeroblob) 800 MB", "select length(hex(zeroblob(400000000)))", ("too big",)),
        ("randomblob 900 MB", "select length(randomblob(900000000))", ("too big",)),
        ("many large values", "select zeroblob(900000) from statements", ("over 16 MB",)),
        ("fts3_tokenizer", "select fts3_tokenizer('simple')", ("not authorized",)),
        ("database path", "select file from pragma_database_list", ("not authorized",)),
    ]
    bad = [Request(f"hostile {name}", _sql(sql), _refused(*why), hostile=True) for name, sql, why in hostile]
    bad += [
        Request("hostile path traversal", "/datapackage/..%2f..%2f..%2fetc/passwd", _refused(), hostile=True),
        Request(
            "hostile unknown table", "/jacksonpd/no_such_table.json", _refused("not found"), hostile=True
        ),
        Request(
            "hostile bad sort",
            "/jacksonpd/statements.json?_sort=no_such_column",
            _refused("sort"),
            hostile=True,
        ),
        Request(
            "hostile huge page",
            "/jacksonpd/statements.json?_size=100000",
            _refused("_size must be"),
            hostile=True,
        ),
        Request(
            "hostile bad facet", "/jacksonpd/statements.json?_facet=no_such_column", _refused(), hostile=True
        ),
        Request("hostile POST-only write", "/-/permissions", _refused(), hostile=True),
        Request(
            "hostile _through",
            "/jacksonpd/statements.json?_through=notjson",
            _refused("_through"),
            hostile=True,
        ),
        Request("hostile __in", "/jacksonpd/statements.json?kind__in=%5B", _refused("__in"), hostile=True),
        Request(
            "hostile _timelimit",
            "/jacksonpd/statements.json?_timelimit=x",
            _refused("_timelimit"),
            hostile=True,
        ),
        Request("hostile debug threads", "/-/threads.json", _refused("not found"), hostile=True),
        Request("hostile debug databases", "/-/databases.json", _refused("not found"), hostile=True),
        Request(
            "hostile blob of text", "/jacksonpd/statements.blob?_blob_column=text", _refused(), hostile=True
        ),
    ]
    # Readers outnumber attackers: each good request comes four times to each hostile one.
    return good * 4 + bad


def _search_check(expected: list[list[Any]]) -> Check:
    def check(status: int, body: Any) -> str | None:
        if status != 200 or not isinstance(body, dict):
            return f"status {status}: {str(body)[:200]}"
        got = sorted(row[0] for row in body["rows"])
        want = [row[0] for row in expected]
        return None if got == want and want else f"search found {got}, expected {want}"

    return check


def _facet(column: str, expected: dict[str, int]) -> Check:
    def check(status: int, body: Any) -> str | None:
        if status != 200 or not isinstance(body, dict):
            return f"status {status}"
        results = body["facet_results"]
        results = results.get("results", results)  # Datasette 1.0 nests them
        got = {r["value"]: r["count"] for r in results[column]["results"]}
        return None if got == expected else f"facet {got} != {expected}"

    return check


def _count(expected: int) -> Check:
    def check(status: int, body: Any) -> str | None:
        if status != 200 or not isinstance(body, dict):
            return f"status {status}"
        return None if len(body["rows"]) == expected else f"{len(body['rows'])} rows, expected {expected}"

    return check


def _html(status: int, body: Any) -> str | None:
    return None if status == 200 and isinstance(body, str) and "<table" in body else f"status {status}"


def test_serving_under_load(server: tuple[int, Path]) -> None:
    """Concurrent good and hostile requests for a few seconds: every answer is right, the site stays up."""
    port, db = server
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    mix = _mix(db)
    # Each request once, sequentially first, so a wrong answer is reported plainly.
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    wrong = {r.name: why for r in set(mix) if (why := r.check(*_get(conn, r.path)))}
    assert wrong == {}

    latencies: list[float] = []
    failures: Counter[str] = Counter()
    served = Counter[str]()
    lock = threading.Lock()
    stop = time.monotonic() + DURATION

    def worker(offset: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        i = offset
        # For the time given, and at least once through the mix: on a loaded machine a few seconds
        # may not reach every kind of request, and each must be answered under concurrency.
        while time.monotonic() < stop or i - offset < len(mix):
            request = mix[i % len(mix)]
            i += 1
            began = time.perf_counter()
            try:
                status, body = _get(conn, request.path)
            except (OSError, http.client.HTTPException) as exc:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                with lock:
                    failures[f"{request.name}: {type(exc).__name__}"] += 1
                continue
            elapsed = time.perf_counter() - began
            why = request.check(status, body)
            with lock:
                served["hostile" if request.hostile else "good"] += 1
                if why:
                    failures[f"{request.name}: {why[:120]}"] += 1
                elif not request.hostile:
                    latencies.append(elapsed)

    threads = [threading.Thread(target=worker, args=(n * 7,)) for n in range(WORKERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    latencies.sort()
    p50 = latencies[len(latencies) // 2] * 1000
    p95 = latencies[int(len(latencies) * 0.95)] * 1000
    print(
        f"\nload test: {sum(served.values())} requests in {DURATION:.0f} s from {WORKERS} clients "
        f"({served['good']} good, {served['hostile']} hostile), {sum(failures.values())} wrong answers, "
        f"good requests p50 {p50:.1f} ms, p95 {p95:.1f} ms"
    )
    assert dict(failures) == {}
    assert served["good"] > 0
    assert served["hostile"] > 0
    # Still up, still right, and nothing was written.
    assert _get(http.client.HTTPConnection("127.0.0.1", port, timeout=30), "/-/versions.json")[0] == 200
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest
    assert not Path("/tmp/jacksonpd-attack.db").exists()
    assert not Path("/tmp/jacksonpd-attack").exists()


#: Requests with other methods than GET: each must be refused with 405 in Datasette's shape.
OTHER_METHODS = [
    ("POST", "/jacksonpd/statements"),
    ("POST", "/jacksonpd/statements.json"),
    ("PUT", "/jacksonpd/statements.json"),
    ("DELETE", "/jacksonpd.json"),
    ("PROPFIND", "/.json"),
]


def _request(conn: http.client.HTTPConnection, method: str, path: str) -> tuple[int, Any]:
    conn.request(method, path, body=b"a=b" if method in ("POST", "PUT") else None)
    response = conn.getresponse()
    body = response.read()
    try:
        return response.status, json.loads(body)
    except ValueError:
        return response.status, body.decode("utf-8", "replace")


def test_readers_are_served_while_most_requests_are_hostile(server: tuple[int, Path]) -> None:
    """Four hostile requests to each good one, other methods and slow clients among them.

    Every good request must still get its right answer, every hostile one a 4xx (no 5xx, no dropped
    connection), the server must stay up, and the database must not change.
    """
    port, db = server
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    mix = _mix(db)
    good = [r for r in mix if not r.hostile]
    hostile = [r for r in mix if r.hostile]
    # Slow clients: sockets that start a request and never finish its headers, held for the run.
    slow = []
    for _ in range(10):
        sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        sock.sendall(b"GET /jacksonpd/statements HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        slow.append(sock)

    statuses: Counter[tuple[str, int]] = Counter()
    wrong: Counter[str] = Counter()
    latencies: list[float] = []
    lock = threading.Lock()
    stop = time.monotonic() + DURATION

    def worker(n: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        i = n
        while time.monotonic() < stop:
            i += 1
            request: Request | None
            if i % 5 == 0:
                request, method = good[i // 5 % len(good)], "GET"
                path = request.path
            elif i % 5 == 1:
                request, (method, path) = None, OTHER_METHODS[i % len(OTHER_METHODS)]
            else:
                request, method = hostile[i % len(hostile)], "GET"
                path = request.path
            began = time.perf_counter()
            try:
                status, body = _request(conn, method, path)
            except (OSError, http.client.HTTPException) as exc:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                with lock:
                    wrong[f"{method} {path[:60]}: {type(exc).__name__}"] += 1
                continue
            elapsed = time.perf_counter() - began
            if request is None:
                why = (
                    None
                    if status == 405 and isinstance(body, dict) and body.get("ok") is False
                    else (f"expected 405 in Datasette's shape, got {status}")
                )
            else:
                why = request.check(status, body)
            with lock:
                statuses["good" if request is not None and not request.hostile else "hostile", status] += 1
                if why:
                    wrong[f"{request.name if request else method}: {why[:120]}"] += 1
                elif request is not None and not request.hostile:
                    latencies.append(elapsed)

    threads = [threading.Thread(target=worker, args=(n * 3,)) for n in range(WORKERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for sock in slow:
        sock.close()

    latencies.sort()
    served_good = sum(n for (kind, _), n in statuses.items() if kind == "good")
    p50, p95 = latencies[len(latencies) // 2] * 1000, latencies[int(len(latencies) * 0.95)] * 1000
    print(
        f"\nhostile load: {sum(statuses.values())} requests in {DURATION:.0f} s from {WORKERS} clients and "
        f"{len(slow)} slow ones, {served_good} good (p50 {p50:.1f} ms, p95 {p95:.1f} ms), "
        f"by status {dict(sorted(statuses.items()))}"
    )
    assert dict(wrong) == {}
    assert served_good > 0
    assert not [s for (_, s) in statuses if s >= 500]
    assert _get(http.client.HTTPConnection("127.0.0.1", port, timeout=30), "/-/versions.json")[0] == 200
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest
