"""Per-page latency of the site on a built database: every canned query, every view, searches.

Each canned query is measured on its first page (50 rows) and on a later one (``_next=1000``).

Each page is requested in-process, as ``jacksonpd serve`` serves it (its settings, plugin and
guard), once to warm up and then ``--repeats`` times, one at a time; the script prints the median
and p95 in milliseconds and every status it saw (a query over the time limit is answered 400).

    python benchmarks/corpus.py /tmp/n1m --statements 1000000
    jacksonpd build --root /tmp/n1m --force
    python benchmarks/pages.py /tmp/n1m/datapackage

The words searched are read from the full-text index: the one most statements hold, and one that
about a tenth of them hold.
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import statistics
import time
from pathlib import Path
from urllib.parse import quote

from jacksonpd.publish.canned import PAGE_SIZE
from jacksonpd.publish.datasette import CANNED_QUERIES
from jacksonpd.publish.sqlite import VIEWS
from jacksonpd.serve.app import make_datasette

#: The offset of the later page of each canned query measured (its first row).
LATER_PAGE = 1000
#: Targets (issue: every page fast at a million statements), in milliseconds.
MEDIAN_TARGET = 100.0
P95_TARGET = 200.0


def pages(db: Path) -> dict[str, str]:
    """The pages measured, by name: URL."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        speaker = conn.execute(
            "select p.name from statements s join people p on p.person_id = s.speaker_id limit 1"
        ).fetchone()[0]
        conn.execute("create virtual table temp.vocab using fts5vocab(main, statements_fts, row)")
        (common,) = conn.execute("select term from temp.vocab order by doc desc limit 1").fetchone()
        (docs,) = conn.execute("select max(doc) from temp.vocab").fetchone()
        # A common word, but not the commonest: one in about a tenth of the statements.
        tenth, tenth_docs = conn.execute(
            "select term, doc from temp.vocab where doc <= ? order by doc desc limit 1", (docs // 10,)
        ).fetchone()
        (date,) = conn.execute("select max(occurred_on) from incidents").fetchone() or ("2018-10-20",)
    finally:
        conn.close()
    print(
        f"commonest word: {common!r} in {docs:,} statements; a common word: {tenth!r} in "
        f"{tenth_docs:,}; speaker searched: {speaker.split()[-1]!r}"
    )
    params = {
        "statements_by_speaker": f"speaker={quote(speaker.split()[-1])}",
        "rules_on_date": f"date={date}",
    }
    out = {
        "table statements": "/jacksonpd/statements",
        "statements search (commonest word)": f"/jacksonpd/statements?_search={quote(common)}",
        "statements search (common word)": f"/jacksonpd/statements?_search={quote(tenth)}",
        "statements search, sorted by text": f"/jacksonpd/statements?_search={quote(tenth)}&_sort=text",
    }
    for view in VIEWS:
        out[f"view {view.name}"] = f"/jacksonpd/{view.name}"
        if view.fts_table or view.searched:
            out[f"view {view.name} search"] = f"/jacksonpd/{view.name}?_search={quote(tenth)}"
            out[f"view {view.name} search (commonest)"] = f"/jacksonpd/{view.name}?_search={quote(common)}"
    for name, *_ in CANNED_QUERIES:
        out[f"query {name}"] = f"/jacksonpd/{name}" + (f"?{params[name]}" if name in params else "")
    for name, *_ in CANNED_QUERIES:  # a later page: the index walked to an offset first
        out[f"query {name}, page {LATER_PAGE // PAGE_SIZE + 1}"] = f"/jacksonpd/{name}?" + "&".join(
            ([params[name]] if name in params else []) + [f"_next={LATER_PAGE}"]
        )
    return out


def measure(folder: Path, repeats: int) -> dict[str, tuple[float, float, set[int]]]:
    ds = make_datasette(folder)
    urls = pages(folder / "jacksonpd.db")

    async def run() -> dict[str, tuple[float, float, set[int]]]:
        out = {}
        for name, url in urls.items():
            await ds.client.get(url)  # warm up
            times, statuses = [], set()
            for _ in range(repeats):
                began = time.perf_counter()
                response = await ds.client.get(url)
                times.append((time.perf_counter() - began) * 1000)
                statuses.add(response.status_code)
            times.sort()
            p95 = times[max(0, round(len(times) * 0.95) - 1)]
            out[name] = (statistics.median(times), p95, statuses)
        return out

    return asyncio.run(run())


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("folder", type=Path, help="A published package folder (holds jacksonpd.db).")
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    results = measure(args.folder, args.repeats)
    print(f"{'page':<42} {'median ms':>10} {'p95 ms':>8}  status  target")
    missed = 0
    for name, (median, p95, statuses) in results.items():
        ok = median < MEDIAN_TARGET and p95 < P95_TARGET and statuses == {200}
        missed += not ok
        status = ",".join(str(s) for s in sorted(statuses))
        print(f"{name:<42} {median:>10.1f} {p95:>8.1f}  {status:<6}  {'met' if ok else 'MISSED'}")
    print(f"{len(results) - missed} of {len(results)} pages met the targets")


if __name__ == "__main__":
    main()
