"""The scale benchmark: jacksonpd's build against the machine's practical limit, in one run.

For each size N (statements; incidents are a tenth of N) it generates the synthetic corpus
(``benchmarks/corpus.py``), builds it cold in a fresh process, and runs beside it, each in a
fresh process and from the same seeds, the pipelines a user would write (``benchmarks/peers.py``:
obvious, fast and unvalidated, fast with yaml-rs): their wall and CPU seconds, their ratio to
the build's and their libraries' versions. It prints the build's rows per second, peak memory and
the time of each stage, and times a rebuild with nothing changed and one after a quote is
corrected. On the rows the build published, in the same run, it measures

- the practical limit: ``csv.writer`` for every table, then one ``sqlite3`` ``executemany``
  transaction per table into plain tables;
- the obvious pipeline: frictionless validating each CSV against its schema, then sqlite-utils
  ``insert_all``;

and prints the ratios build/limit (higher is better; 1.0 is the limit) and obvious/build (the
obvious pipeline's time over the build's).

It also measures a ceiling: what no build of these seeds can do without, each part alone —
parsing every seed file (over every core, the data thrown away), the compiled validator over the
published CSVs, and the full-text index on the limit's database — and the best build/limit and
obvious/build a build doing that and the limit's work could reach, were it spread perfectly over
every core. With ``--datasette`` it measures page latency on the largest database, with the
indexes and full-text search the build creates and without them.

Usage::

    python benchmarks/run.py                          # N = 10k, 100k, 1M
    python benchmarks/run.py --sizes 10000 --datasette
    python benchmarks/run.py --sizes 100000 --repeats 3   # builds and peers alternated, medians
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import itertools
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from resource import RUSAGE_CHILDREN, getrusage
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))

import corpus  # noqa: E402
import peers  # noqa: E402

_CHILD = """
import json, resource, sys, time
from jacksonpd.build import build
began = time.perf_counter()
result = build(sys.argv[1], force=sys.argv[2] == "force")
elapsed = time.perf_counter() - began
# Linux keeps ru_maxrss across exec: it would be this benchmark's own peak when that is larger.
# VmHWM is the peak of this process's memory alone.
status = open("/proc/self/status").read() if sys.platform == "linux" else ""
hwm = [int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")]
peak = (hwm[0] if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) / 1024
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"seconds": elapsed, "peak_mb": peak, "workers_mb": workers, "timings": result.timings,
                  "counts": result.counts, "skipped": result.skipped,
                  "republished": getattr(result, "republished", None)}))
"""


def _timed(args: list[str]) -> tuple[str, float, float]:
    """Run ``args`` in a fresh process: its output, wall seconds (start-up included) and CPU
    seconds (its own and its workers', user and system)."""
    before = getrusage(RUSAGE_CHILDREN)
    began = time.perf_counter()
    out = subprocess.run(
        args, check=True, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"}
    )
    wall = time.perf_counter() - began
    after = getrusage(RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return out.stdout, wall, cpu


def run_build(root: Path, force: bool) -> dict[str, Any]:
    """Build ``root`` in a fresh process; its wall time, peak memory and stage times (``seconds``
    is the build call's; ``wall`` and ``cpu`` the whole process's, as the peers are timed)."""
    stdout, wall, cpu = _timed([sys.executable, "-c", _CHILD, str(root), "force" if force else "again"])
    result: dict[str, Any] = json.loads(stdout.strip().splitlines()[-1])
    return result | {"wall": wall, "cpu": cpu}


def run_peer(peer: str, root: Path, out: Path) -> dict[str, Any]:
    """Run one pipeline of :mod:`peers` on ``root``'s seeds in a fresh process, into ``out``."""
    stdout, wall, cpu = _timed(
        [sys.executable, str(ROOT / "benchmarks" / "peers.py"), peer, str(root), str(out)]
    )
    return {"wall": wall, "cpu": cpu, "versions": json.loads(stdout.strip().splitlines()[-1])}


def cold_build(root: Path) -> dict[str, Any]:
    """A cold build: nothing remembered from an earlier build (its cache deleted), forced."""
    for stale in root.glob(".datapackage-cache.sqlite*"):
        stale.unlink()
    return run_build(root, force=True)


def compare_peers(root: Path, work: Path, repeats: int) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """The cold build and every peer on the same seeds, alternately ``repeats`` times: the median
    wall and CPU seconds of each (the build's last result otherwise), and the peers' versions.
    Each peer's statements must be the build's."""
    builds: list[dict[str, Any]] = []
    runs: dict[str, list[dict[str, Any]]] = {peer: [] for peer in peers.PEERS}
    for _ in range(repeats):
        builds.append(cold_build(root))
        for peer in peers.PEERS:
            runs[peer].append(run_peer(peer, root, work / peer))
    built = list(peers.statements(root / "datapackage" / "jacksonpd.db"))
    for peer in peers.PEERS:
        assert list(peers.statements(work / peer / "peer.db")) == built, f"{peer}: not the build's statements"

    def median(results: list[dict[str, Any]]) -> dict[str, Any]:
        return results[-1] | {k: statistics.median(r[k] for r in results) for k in ("wall", "cpu")}

    return median(builds), {peer: median(results) for peer, results in runs.items()}


def read_tables(folder: Path) -> dict[str, tuple[list[str], list[list[str]]]]:
    """The published CSVs as header and rows: the same rows the baselines write."""
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    tables = {}
    for resource in descriptor["resources"]:
        with (folder / resource["path"]).open(encoding="utf-8", newline="") as f:
            reader = csv.reader(f)
            header = next(reader)
            tables[resource["name"]] = (header, list(reader))
    return tables


def limit(tables: dict[str, tuple[list[str], list[list[str]]]], work: Path) -> float:
    """Seconds for plain csv.writer plus one sqlite3 executemany transaction per table."""
    out = work / "limit"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    began = time.perf_counter()
    for name, (header, rows) in tables.items():
        with (out / f"{name}.csv").open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(rows)
    conn = sqlite3.connect(out / "limit.db")
    for name, (header, rows) in tables.items():
        cols = ", ".join(f"[{c}]" for c in header)
        conn.execute(f"create table [{name}] ({cols})")
        with conn:
            conn.executemany(f"insert into [{name}] values ({', '.join('?' * len(header))})", rows)
    conn.close()
    return time.perf_counter() - began


def parse_seeds(root: Path) -> float:
    """Seconds to parse every seed file over every core, keeping nothing: articles decoded,
    YAML by jacksonpd's own reader (its fastest), incident files an incident at a time."""
    seeds = root / "seeds"
    files = sorted(str(p) for p in seeds.rglob("*") if p.is_file() and p.parent.name != "incidents")
    incidents = sorted(str(p) for p in (seeds / "incidents").glob("*.yaml"))
    began = time.perf_counter()
    with ProcessPoolExecutor(os.cpu_count()) as pool:
        parsed = [pool.submit(_parse_incidents, path) for path in incidents]
        chunks = [files[i : i + 500] for i in range(0, len(files), 500)]
        assert sum(pool.map(_parse_files, chunks)) == len(files)
        assert all(f.result() > 0 for f in parsed)
    return time.perf_counter() - began


def _parse_files(paths: list[str]) -> int:
    from jacksonpd.seeds.yamlio import read_yaml

    for name in paths:
        path = Path(name)
        if path.suffix == ".yaml":
            doc, problems = read_yaml(path, name)
            assert doc is not None, problems
            assert not problems, problems
        else:
            path.read_bytes().decode("utf-8")
    return len(paths)


def _parse_incidents(name: str) -> int:
    from jacksonpd.seeds.yamlio import read_yaml_each

    count = itertools.count()
    read_yaml_each(Path(name), name, "incidents", lambda item, index: next(count))
    return next(count)


def validate_alone(folder: Path) -> float:
    """Seconds for the compiled validator (the build's) over the published CSVs, alone."""
    from jacksonpd.check.tablecheck import check_tables
    from jacksonpd.models import RECORD_TYPES
    from jacksonpd.schemas import load_schemas

    schemas = load_schemas(ROOT / "schemas")
    tables = {cls.resource: schemas.tables[cls.resource] for cls in RECORD_TYPES}
    began = time.perf_counter()
    problems = check_tables(folder, tables, "datapackage")
    assert not problems, problems[:3]
    return time.perf_counter() - began


def fts_alone(work: Path) -> float:
    """Seconds to build the package's full-text index (the build's, same tables and tokenizer)
    on the limit's database."""
    from jacksonpd.publish.sqlite import create_fts

    conn = sqlite3.connect(work / "limit" / "limit.db")
    began = time.perf_counter()
    with conn:
        create_fts(conn)
    conn.close()
    return time.perf_counter() - began


def obvious(folder: Path, tables: dict[str, tuple[list[str], list[list[str]]]], work: Path) -> float:
    """Seconds for frictionless validating each CSV, then sqlite-utils insert_all."""
    from frictionless import Resource, Schema
    from sqlite_utils import Database

    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    out = work / "obvious.db"
    out.unlink(missing_ok=True)
    began = time.perf_counter()
    for resource in descriptor["resources"]:
        schema = {k: v for k, v in resource["schema"].items() if k != "foreignKeys"}
        report = Resource(
            path=resource["path"], basepath=str(folder), schema=Schema.from_descriptor(schema)
        ).validate()
        assert report.valid, report.flatten(["type", "note"])[:3]
    db = Database(out)
    for name, (header, rows) in tables.items():
        db[name].insert_all((dict(zip(header, row, strict=True)) for row in rows), batch_size=1000)
    db.close()
    return time.perf_counter() - began


def datasette_latency(db: Path, repeats: int = 15) -> dict[str, tuple[float, float]]:
    """Median and p95 milliseconds of the pages readers use most, in-process."""
    from datasette.app import Datasette

    from jacksonpd.serve.app import SETTINGS, make_datasette

    conn = sqlite3.connect(db)
    speaker, kind, text = conn.execute("select speaker_id, kind, text from statements limit 1").fetchone()
    has_fts = conn.execute("select count(*) from sqlite_master where name = 'statements_fts'").fetchone()[0]
    conn.close()
    term = text.split()[-1]  # the synthetic quotes end with a case number: a selective search
    search = f"_search={term}" if has_fts else f"text__contains={term}"
    pages = {
        "table page": "/jacksonpd/statements",
        "filtered page": f"/jacksonpd/statements?speaker_id={speaker}&kind={kind}",
        "faceted page": "/jacksonpd/statements?_facet=kind&_facet=speaker_id",
        "full-text search": f"/jacksonpd/statements?{search}",
    }
    # With FTS: the site `jacksonpd serve` runs, settings and plugin included; without: bare.
    ds = make_datasette(db.parent) if has_fts else Datasette(immutables=[str(db)], settings=SETTINGS)

    async def measure() -> dict[str, tuple[float, float]]:
        out = {}
        for name, path in pages.items():
            await ds.client.get(path)  # warm up
            times = []
            for _ in range(repeats):
                began = time.perf_counter()
                response = await ds.client.get(path)
                times.append((time.perf_counter() - began) * 1000)
                assert response.status_code == 200, (path, response.status_code)
            times.sort()
            out[name] = (statistics.median(times), times[int(len(times) * 0.95) - 1])
        return out

    return asyncio.run(measure())


def without_indexes(db: Path, work: Path) -> Path:
    """A copy of the database without the indexes, full-text tables and facet counts of the build."""
    from jacksonpd.publish.sqlite import FACET_COUNTS

    copy = work / "bare" / db.name  # the same name: Datasette names a database after its file
    copy.parent.mkdir(exist_ok=True)
    shutil.copy(db, copy)
    conn = sqlite3.connect(copy)
    for (name,) in conn.execute(
        "select name from sqlite_master where type = 'index' and sql is not null"
    ).fetchall():
        conn.execute(f"drop index [{name}]")
    for (name,) in conn.execute(
        "select name from sqlite_master where type = 'table' and name like '%_fts'"
    ).fetchall():
        conn.execute(f"drop table [{name}]")
    conn.execute(f"drop table [{FACET_COUNTS}]")
    conn.commit()
    conn.execute("vacuum")
    conn.close()
    return copy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="Statements, comma-separated.")
    parser.add_argument(
        "--work", type=Path, default=None, help="Folder for the corpora (default: a temporary one)."
    )
    parser.add_argument(
        "--repeats", type=int, default=1, help="Cold builds and peer runs, alternated (median)."
    )
    parser.add_argument("--datasette", action="store_true", help="Measure Datasette on the largest database.")
    parser.add_argument(
        "--datasette-only", type=Path, metavar="DB", help="Only measure Datasette, on this built database."
    )
    args = parser.parse_args()
    if args.datasette_only:
        compare_datasette(args.datasette_only, Path(tempfile.mkdtemp(prefix="jacksonpd-bench-")))
        return
    work = args.work or Path(tempfile.mkdtemp(prefix="jacksonpd-bench-"))
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"jacksonpd scale benchmark, {os.cpu_count()} CPUs, corpora in {work}")
    header = (
        f"{'N':>9} {'rows':>9} {'build s':>8} {'rows/s':>8} {'peak MB':>8} {'worker':>7} "
        f"{'rebuild':>8} {'1 fix':>6} {'fix MB':>7} "
        f"{'limit s':>8} {'obvious s':>9} {'build/limit':>11} {'obvious/build':>13}"
    )
    print(header, flush=True)
    lines = []
    ceilings = []
    cores = os.cpu_count() or 1
    stages: dict[int, dict[str, float]] = {}
    stages_fixed: dict[int, dict[str, float]] = {}
    pipelines: list[str] = []
    for n in sizes:
        root = work / f"n{n}"
        corpus.generate(root, n)
        built, peer_runs = compare_peers(root, work / f"peers-n{n}", args.repeats)
        pipelines += peer_lines(n, built, peer_runs)
        again = run_build(root, force=False)
        assert again["skipped"], "a rebuild with nothing changed should be skipped"
        # A curator's correction: one quote's text changes, so rows and database bytes change.
        corpus.correct_quote(root)
        fixed = run_build(root, force=False)
        assert not fixed["skipped"], "a rebuild after a correction must build"
        tables = read_tables(root / "datapackage")
        rows = sum(len(r) for _, r in tables.values())
        limit_s = limit(tables, root)
        obvious_s = obvious(root / "datapackage", tables, root)
        del tables
        parse_s = parse_seeds(root)
        validate_s = validate_alone(root / "datapackage")
        fts_s = fts_alone(root)
        # Work no build of these seeds avoids: parsing them (on every core), the limit's, the
        # validation and the full-text index; at best spread over every core with nothing idle.
        best_s = (parse_s * cores + limit_s + validate_s + fts_s) / cores
        ceilings.append(
            f"{n:>9,} {parse_s:>8.1f} {validate_s:>10.1f} {fts_s:>6.1f} {best_s:>8.1f} "
            f"{limit_s / best_s:>11.2f} {obvious_s / best_s:>13.2f}"
        )
        build_s = built["seconds"]
        stages[n] = built["timings"]
        stages_fixed[n] = fixed["timings"]
        lines.append(
            f"{n:>9,} {rows:>9,} {build_s:>8.1f} {rows / build_s:>8,.0f} {built['peak_mb']:>8.0f} "
            f"{built['workers_mb']:>7.0f} "
            f"{again['seconds'] / build_s:>7.1%} {fixed['seconds'] / build_s:>6.0%} {fixed['peak_mb']:>7.0f} "
            f"{limit_s:>8.1f} {obvious_s:>9.1f} "
            f"{limit_s / build_s:>11.2f} {obvious_s / build_s:>13.2f}"
        )
        print(lines[-1], flush=True)
    print(
        f"\npipelines from the same seeds, each in a fresh process, cold (median of {args.repeats}); "
        "wall and CPU seconds, start-up included"
    )
    print(f"{'N':>9} {'pipeline':<16} {'wall s':>8} {'CPU s':>8} {'vs jacksonpd build':>20}")
    print("\n".join(pipelines))
    print(f"\nceiling: each part alone (s), and the best a build doing them all reaches on {cores} cores")
    print(
        f"{'N':>9} {'parse':>8} {'validate':>10} {'FTS':>6} {'best s':>8} {'build/limit':>11} "
        f"{'obvious/build':>13}"
    )
    print("\n".join(ceilings))
    for title, table in (("full build", stages), ("rebuild after one correction", stages_fixed)):
        print(f"\nstage seconds, {title}:")
        names = list(next(iter(table.values())))
        print(f"{'N':>9} " + " ".join(f"{s:>10}" for s in names))
        for n, t in table.items():
            print(f"{n:>9,} " + " ".join(f"{t.get(s, 0):>10.2f}" for s in names))
    if args.datasette:
        compare_datasette(work / f"n{sizes[-1]}" / "datapackage" / "jacksonpd.db", work)


def peer_lines(n: int, built: dict[str, Any], runs: dict[str, dict[str, Any]]) -> list[str]:
    """The peers' table rows for one size: wall and CPU seconds and the wall ratio to the build."""
    lines = [f"{n:>9,} {'jacksonpd build':<16} {built['wall']:>8.1f} {built['cpu']:>8.1f} {1:>20}"]
    for peer, run in runs.items():
        ratio = run["wall"] / built["wall"]
        said = f"{ratio:.2f}x slower" if ratio >= 1 else f"{1 / ratio:.2f}x faster"
        used = ", ".join(f"{name} {v}" for name, v in run["versions"].items())
        lines.append(f"{n:>9,} {peer:<16} {run['wall']:>8.1f} {run['cpu']:>8.1f} {said:>20}   ({used})")
    return lines


def compare_datasette(db: Path, work: Path) -> None:
    """Print page latency on ``db`` as ``jacksonpd serve`` serves it, and on a bare copy."""
    with_ix = datasette_latency(db)
    bare = datasette_latency(without_indexes(db, work))
    statements = sqlite3.connect(db).execute("select count(*) from statements").fetchone()[0]
    print(
        f"\nDatasette on {statements:,} statements (ms, median / p95): as served, with the build's "
        "indexes, FTS and facet counts | a bare copy without them"
    )
    for page in with_ix:
        (m1, p1), (m2, p2) = with_ix[page], bare[page]
        print(f"  {page:<18} {m1:>7.1f} / {p1:>7.1f}   | {m2:>8.1f} / {p2:>8.1f}")


if __name__ == "__main__":
    main()
