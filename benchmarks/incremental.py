"""A curator's rebuilds against a cold build: one quote corrected, one article added.

Generates the synthetic corpus (``benchmarks/corpus.py``) if the folder has none, builds it cold,
then alternates, each build in a fresh process: a cold build (``build --force``, its cache
deleted), a build after one quote is corrected (with its entry in ``seeds/corrections.yaml``),
and a build after one article is added. Prints each run's wall and CPU seconds (the process's
and its workers', start-up included), the medians, and each rebuild's median as a share of the
cold build's, with how many articles the rebuilds read again, and the median seconds of each of
the build's stages.

Usage::

    python benchmarks/incremental.py DIR --statements 100000 --repeats 3
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus
from run import cold_build, run_build


def _corrected(root: Path, which: int) -> None:
    """Correct one more quote, keeping the entries of the corrections made before it."""
    path = root / "seeds/corrections.yaml"
    before = path.read_text(encoding="utf-8").removeprefix("corrections:\n") if path.exists() else ""
    corpus.correct_quote(root, which)
    path.write_text(path.read_text(encoding="utf-8") + before, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path, help="A folder outside the repository.")
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    root: Path = args.root
    if not (root / "seeds").is_dir():
        corpus.generate(root, args.statements)
    cold_build(root)  # a publication, and the state it keeps
    runs: dict[str, list[dict[str, Any]]] = {"cold": [], "1 fix": [], "1 article added": []}
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at the start")
    print(f"{'run':<16} {'wall s':>7} {'CPU s':>7} {'build s':>8} republished")
    for k in range(args.repeats):
        runs["cold"].append(cold_build(root))
        _corrected(root, 10 + k)
        runs["1 fix"].append(run_build(root, force=False))
        latest = sorted((root / "seeds/articles").glob("*.txt"))[-1].stem
        corpus.add_article(root, f"{latest[:10]}-zadded-{k:04d}")
        runs["1 article added"].append(run_build(root, force=False))
        for name, done in runs.items():
            r = done[-1]
            times = f"{r['wall']:>7.1f} {r['cpu']:>7.1f} {r['seconds']:>8.1f}"
            print(f"{name:<16} {times} {r.get('republished')}")
    cold = statistics.median(r["wall"] for r in runs["cold"])
    print(f"\nmedians of {args.repeats}, load average {os.getloadavg()[0]:.2f} at the end")
    for name, done in runs.items():
        wall = statistics.median(r["wall"] for r in done)
        cpu = statistics.median(r["cpu"] for r in done)
        print(f"{name:<16} wall {wall:>6.1f} s  CPU {cpu:>6.1f} s  {wall / cold:>6.1%} of cold")
    print("\nstage seconds (medians; the CSVs and the database are written at once for a large package)")
    stages = list(dict.fromkeys(stage for done in runs.values() for r in done for stage in r["timings"]))
    print(f"{'run':<16} " + " ".join(f"{stage:>9}" for stage in stages))
    for name, done in runs.items():
        medians = [statistics.median(r["timings"].get(stage, 0.0) for r in done) for stage in stages]
        print(f"{name:<16} " + " ".join(f"{m:>9.2f}" for m in medians))


if __name__ == "__main__":
    main()
