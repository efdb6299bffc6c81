"""The site under abuse: `jacksonpd serve` with 200 connections for 10 s, most of them hostile.

It starts `jacksonpd serve --no-build` on 127.0.0.1 for a built package (by default the one
``python benchmarks/run.py`` leaves, or any folder holding ``datapackage/``), and opens
``--connections`` client connections that send requests back to back for ``--seconds``:
``--readers`` of them send the pages readers use (table, filtered, faceted, search, row and
canned-query pages), the rest only hostile requests (900 MB strings, slow recursive CTEs, a
result of many large values, functions that leak, malformed parameters, POSTs and other methods,
debug pages, garbage request lines and oversized headers). Beside them ``--slow`` clients open
sockets and send a header line now and then without ever finishing.

It prints the requests sent, the answers by status, the good requests' p50/p95/max, the server's
peak memory (``VmHWM``), the database file's SHA-256 before and after, and what became of the slow
clients; then whether each target holds. It only ever connects to 127.0.0.1, every loop is bounded
in time, and it stops the server it started.

Usage::

    python benchmarks/corpus.py /tmp/bench/n1000000 --statements 1000000
    jacksonpd build --root /tmp/bench/n1000000
    python benchmarks/load.py /tmp/bench/n1000000
    python benchmarks/load.py /tmp/bench/n1000000 --connections 50 --seconds 5   # a quicker look
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

HOST = "127.0.0.1"  # the only address this benchmark ever connects to
REQUEST_TIMEOUT = 30.0


@dataclass(frozen=True)
class Request:
    """One request of the mix: raw bytes to send, and whether a reader would send it."""

    name: str
    raw: bytes
    good: bool


@dataclass
class Tally:
    """What the clients saw."""

    statuses: Counter[tuple[bool, int]] = field(default_factory=Counter)  # (good, status) -> n
    failures: Counter[str] = field(default_factory=Counter)  # good requests not answered 200
    transport: Counter[str] = field(default_factory=Counter)  # connection errors and time-outs
    good_ms: dict[str, list[float]] = field(default_factory=lambda: {"page": [], "canned": []})
    hostile_ms: list[float] = field(default_factory=list)
    slow_closed_after: list[float] = field(default_factory=list)
    slow_open_at_end: int = 0


def _get(path: str, method: str = "GET") -> bytes:
    return f"{method} {path} HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n".encode()


def _sql(sql: str) -> str:
    return "/jacksonpd.json?" + urlencode({"sql": sql, "_shape": "arrays"})


def mix(db: Path) -> tuple[list[Request], list[Request]]:
    """The good requests and the hostile ones, built from what the database holds."""
    conn = sqlite3.connect(f"file:{db}?mode=ro&immutable=1", uri=True)
    try:
        statements = conn.execute(
            "select statement_id, speaker_id, kind, text from statements "
            "where rowid in (select rowid from statements order by rowid limit 20 offset 1000)"
        ).fetchall()
        people = [r[0] for r in conn.execute("select person_id from people limit 20")]
        sources = [r[0] for r in conn.execute("select source_id from sources limit 20")]
    finally:
        conn.close()
    metadata = json.loads((db.parent / "metadata.json").read_text(encoding="utf-8"))
    canned = metadata["databases"]["jacksonpd"].get("queries", {})
    good: list[Request] = []
    for statement_id, speaker, kind, text in statements[:5]:
        term = text.split()[-1].strip(".,;:\"'")
        good += [
            Request("table page", _get("/jacksonpd/statements"), True),
            Request("table page json", _get("/jacksonpd/statements.json?_size=50"), True),
            Request(
                "filtered page", _get(f"/jacksonpd/statements?speaker_id={quote(speaker)}&kind={kind}"), True
            ),
            Request("faceted page", _get("/jacksonpd/statements?_facet=kind&_facet=speaker_id"), True),
            Request("search", _get(f"/jacksonpd/statements?_search={quote(term)}"), True),
            Request("row page", _get(f"/jacksonpd/statements/{quote(statement_id)}"), True),
        ]
    good += [Request("person page", _get(f"/jacksonpd/people/{quote(p)}"), True) for p in people[:5]]
    good += [Request("source page", _get(f"/jacksonpd/sources/{quote(s)}"), True) for s in sources[:5]]
    for name in canned:
        params = {"speaker": "Moore"} if ":speaker" in canned[name]["sql"] else {}
        suffix = ("?" + urlencode(params)) if params else ""
        good.append(Request(f"canned {name}", _get(f"/jacksonpd/{name}{suffix}"), True))

    cte = "with recursive r(i) as (select 1 union all select i + 1 from r) select count(*) from r"
    hostile = [
        Request("printf 900 MB", _get(_sql("select length(printf('%.*c', 900000000, 'x'))")), False),
        Request("hex(zeroblob) 800 MB", _get(_sql("select length(hex(zeroblob(400000000)))")), False),
        Request("randomblob 900 MB", _get(_sql("select length(randomblob(900000000))")), False),
        Request("many large values", _get(_sql("select zeroblob(900000) from statements")), False),
        Request("slow recursive CTE", _get(_sql(cte)), False),
        Request("cross join", _get(_sql("select count(*) from statements a, statements b")), False),
        Request("fts3_tokenizer", _get(_sql("select fts3_tokenizer('simple')")), False),
        Request("database path", _get(_sql("select * from pragma_database_list")), False),
        Request(
            "_where printf",
            _get("/jacksonpd/statements.json?_where=" + quote("length(printf('%.*c', 900000000, 'x')) > 0")),
            False,
        ),
        Request("malformed _through", _get("/jacksonpd/statements.json?_through=notjson"), False),
        Request("_through list", _get("/jacksonpd/statements.json?_through=%5B%5D"), False),
        Request("malformed __in", _get("/jacksonpd/statements.json?kind__in=%5B"), False),
        Request("malformed _timelimit", _get("/jacksonpd/statements.json?_timelimit=abc"), False),
        Request("malformed _next", _get("/jacksonpd/statements_detailed.json?_next=abc"), False),
        Request("blob of text", _get("/jacksonpd/statements.blob?_blob_column=text"), False),
        Request("bad sort", _get("/jacksonpd/statements.json?_sort=no_such_column"), False),
        Request("unknown table", _get("/jacksonpd/no_such_table"), False),
        Request("POST table", _get("/jacksonpd/statements", "POST"), False),
        Request("PUT", _get("/jacksonpd/statements.json", "PUT"), False),
        Request("PROPFIND", _get("/jacksonpd.json", "PROPFIND"), False),
        Request("debug threads", _get("/-/threads.json"), False),
        Request("debug databases", _get("/-/databases.json"), False),
        Request("debug messages", _get("/-/messages"), False),
        Request("garbage", b"\x16\x03\x01 NOT HTTP\r\n\r\n", False),
        Request(
            "oversized headers",
            _get("/").replace(b"\r\n\r\n", b"\r\nX-Big: " + b"a" * 1_000_000 + b"\r\n\r\n"),
            False,
        ),
        Request("long SQL", _get(_sql("select 1" + " + 1" * 3000)), False),
    ]
    return good, hostile


#: Pages any reader may ask for that read every row: with ``--slow-pages`` they join the hostile mix.
SLOW_PAGES = [
    Request("substring filter", _get("/jacksonpd/statements.json?text__contains=zzzq"), False),
    Request("view filter", _get("/jacksonpd/statements_detailed.json?speaker__contains=zzq"), False),
    Request("common search sorted", _get("/jacksonpd/statements.json?_search=the&_sort=text"), False),
]


async def _send(raw: bytes, port: int) -> tuple[int, float]:
    """Send one request on a new connection; the status and the milliseconds to the last byte."""
    began = time.perf_counter()
    reader, writer = await asyncio.wait_for(asyncio.open_connection(HOST, port), REQUEST_TIMEOUT)
    try:
        writer.write(raw)
        await writer.drain()
        head = await asyncio.wait_for(reader.readline(), REQUEST_TIMEOUT)
        while await asyncio.wait_for(reader.read(1 << 16), REQUEST_TIMEOUT):
            pass
    finally:
        writer.close()
    parts = head.split()
    status = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
    return status, (time.perf_counter() - began) * 1000


async def _client(n: int, requests: list[Request], port: int, stop: float, tally: Tally) -> None:
    rng = random.Random(n)
    while time.monotonic() < stop:
        request = rng.choice(requests)
        try:
            status, ms = await _send(request.raw, port)
        except (OSError, TimeoutError) as exc:
            tally.transport[
                f"{'good' if request.good else 'hostile'} {request.name}: {type(exc).__name__}"
            ] += 1
            if request.good:
                tally.failures[f"{request.name}: {type(exc).__name__}"] += 1
            continue
        tally.statuses[request.good, status] += 1
        if request.good:
            if status == 200:
                tally.good_ms["canned" if request.name.startswith("canned") else "page"].append(ms)
            else:
                tally.failures[f"{request.name}: {status}"] += 1
        else:
            tally.hostile_ms.append(ms)


async def _slow_client(port: int, stop: float, tally: Tally) -> None:
    """Open a socket and dribble header bytes, never finishing; note when the server closes it.

    It keeps at it for 15 s at least, past a 10 s header deadline, however short the run.
    """
    began = time.monotonic()
    stop = max(stop, began + 15)
    try:
        reader, writer = await asyncio.open_connection(HOST, port)
    except OSError:
        tally.transport["slow client: could not connect"] += 1
        return
    try:
        writer.write(b"GET /jacksonpd/statements HTTP/1.1\r\nHost: " + HOST.encode() + b"\r\n")
        while time.monotonic() < stop:
            writer.write(b"X-Slow: 1\r\n")
            await writer.drain()
            try:
                if await asyncio.wait_for(reader.read(1024), 1.0) == b"":
                    tally.slow_closed_after.append(time.monotonic() - began)
                    return
                # The server answered (408): wait for it to close.
                await asyncio.wait_for(reader.read(), 5.0)
                tally.slow_closed_after.append(time.monotonic() - began)
                return
            except TimeoutError:
                continue
        tally.slow_open_at_end += 1
    except (ConnectionError, OSError):
        tally.slow_closed_after.append(time.monotonic() - began)
    finally:
        writer.close()


async def load(
    port: int,
    good: list[Request],
    hostile: list[Request],
    connections: int,
    seconds: float,
    readers: int,
    slow: int,
) -> Tally:
    """Run the clients for ``seconds`` (each request in flight then may take its time-out more)."""
    tally = Tally()
    stop = time.monotonic() + seconds
    tasks = [_client(n, good if n < readers else hostile, port, stop, tally) for n in range(connections)]
    tasks += [_slow_client(port, stop, tally) for _ in range(slow)]
    await asyncio.gather(*tasks)
    return tally


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        port: int = s.getsockname()[1]
        return port


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def _server(root: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    out = log.open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "jacksonpd", "serve", "--root", str(root), "--port", str(port), "--no-build"],
        stdout=out,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"the server did not start:\n{log.read_text(errors='replace')[-2000:]}")
        try:
            status, _ = asyncio.run(_send(_get("/-/versions.json"), port))
            if status == 200:
                return process
        except (OSError, TimeoutError):
            pass
        time.sleep(0.2)
    process.kill()
    sys.exit("the server did not start within 120 s")


def _lines(tally: Tally) -> Iterator[str]:
    good = sum(n for (g, _), n in tally.statuses.items() if g)
    hostile = sum(n for (g, _), n in tally.statuses.items() if not g)
    yield f"requests answered: {good + hostile} ({good} good, {hostile} hostile)"
    for kind in (True, False):
        by_status = {s: n for (g, s), n in sorted(tally.statuses.items()) if g is kind}
        yield f"  {'good' if kind else 'hostile'} by status: {by_status}"
    yield f"  connection errors and time-outs: {sum(tally.transport.values())} {dict(tally.transport)}"
    every = tally.good_ms["page"] + tally.good_ms["canned"]
    for name, values in (
        ("pages", tally.good_ms["page"]),
        ("canned queries", tally.good_ms["canned"]),
        ("all good", every),
    ):
        yield (
            f"{name} answered 200 (ms): {len(values)}, p50 {_percentile(values, 0.5):.0f}, "
            f"p95 {_percentile(values, 0.95):.0f}, max {max(values, default=float('nan')):.0f}"
        )
    hostile = tally.hostile_ms
    yield f"hostile (ms): p50 {_percentile(hostile, 0.5):.0f}, p95 {_percentile(hostile, 0.95):.0f}"
    if tally.failures:
        yield f"good requests not answered 200: {dict(tally.failures)}"
    closed = tally.slow_closed_after
    yield (
        f"slow clients: {len(closed)} closed by the server"
        + (f" after {statistics.median(closed):.1f} s (median)" if closed else "")
        + f", {tally.slow_open_at_end} still open at the end"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path, help="A folder holding a built datapackage/ (jacksonpd.db).")
    parser.add_argument("--connections", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--readers", type=int, default=20, help="Connections sending good requests only.")
    parser.add_argument("--slow", type=int, default=50, help="Clients that never finish their headers.")
    parser.add_argument(
        "--slow-pages", action="store_true", help="Add pages that read every row to the hostile requests."
    )
    args = parser.parse_args()
    db = args.root / "datapackage" / "jacksonpd.db"
    if not db.is_file():
        sys.exit(f"{db} does not exist: build it first (see the usage in {Path(__file__).name})")
    good, hostile = mix(db)
    if args.slow_pages:
        hostile += SLOW_PAGES
    before = _sha256(db)
    port = _free_port()
    log = Path(os.environ.get("TMPDIR", "/tmp")) / f"jacksonpd-load-{port}.log"
    process = _server(args.root, port, log)
    try:
        print("each good request alone, before the load (ms, the second of two):")
        for request in {r.name: r for r in good}.values():
            asyncio.run(_send(request.raw, port))
            status, ms = asyncio.run(_send(request.raw, port))
            print(f"  {request.name:34} {status} {ms:7.0f}")
        began = time.monotonic()
        tally = asyncio.run(
            load(port, good, hostile, args.connections, args.seconds, args.readers, args.slow)
        )
        elapsed = time.monotonic() - began
        alive = process.poll() is None
        peak = _peak_mb(process.pid) if alive else float("nan")
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
    after = _sha256(db)
    rows = sqlite3.connect(f"file:{db}?mode=ro&immutable=1", uri=True).execute(
        "select count(*) from statements"
    )
    print(
        f"jacksonpd load test: {rows.fetchone()[0]:,} statements, {args.connections} connections "
        f"({args.readers} of them readers) and {args.slow} slow clients for {args.seconds:.0f} s "
        f"(all done in {elapsed:.1f} s), {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}"
    )
    for line in _lines(tally):
        print(line)
    print(f"server peak memory (VmHWM): {peak:.0f} MB; still up: {alive}")
    same = "unchanged" if before == after else "CHANGED"
    print(f"database sha256 before {before[:16]}, after {after[:16]}: {same}")
    server_errors = sum(n for (_, s), n in tally.statuses.items() if s >= 500)
    every = tally.good_ms["page"] + tally.good_ms["canned"]
    targets = {
        "every good request answered": not tally.failures,
        "pages p95 under 500 ms": _percentile(tally.good_ms["page"], 0.95) < 500,
        "all good p95 under 500 ms": _percentile(every, 0.95) < 500,
        "no 5xx": server_errors == 0,
        "peak memory under 500 MB": peak < 500,
        "database unchanged": before == after,
        "slow clients closed": tally.slow_open_at_end == 0,
    }
    for name, held in targets.items():
        print(f"  {'yes' if held else 'NO '}  {name}")
    sys.exit(0 if all(targets.values()) else 1)


if __name__ == "__main__":
    main()
