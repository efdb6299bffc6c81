"""The time of ``jacksonpd diff`` between two large packages, as a whole command.

It generates the synthetic corpus (``benchmarks/corpus.py``) of N statements, builds it (the
first release), then makes a realistic change: one quote's text corrected (with its entry in
``seeds/corrections.yaml``, which the build requires) and one article added. It builds again,
then times ``jacksonpd diff OLD NEW`` in a fresh process, several times, and prints the median
wall time and the peak memory (VmHWM) of the diff's process.

Usage::

    python benchmarks/diff.py                      # N = 100k
    python benchmarks/diff.py --statements 1000000 --runs 3
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus

_CHILD = """
import sys
from jacksonpd.cli import cli
try:
    cli.main(sys.argv[1:], standalone_mode=False)
finally:
    status = open("/proc/self/status").read()
    hwm = [int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")]
    print("VmHWM_MB", hwm[0] / 1024 if hwm else -1, file=sys.stderr)
"""


_BUILD = """
import json, sys
from jacksonpd import build
print(json.dumps(build(sys.argv[1]).timings))
"""


def _build(root: Path) -> tuple[float, float]:
    """Build ``root`` in a fresh process: its wall time, and the time of its release stage (the
    comparison with the previous release, which checks the corrections)."""
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _BUILD, str(root)], check=True, capture_output=True, text=True
    )
    timings = json.loads(done.stdout.strip().splitlines()[-1])
    return time.perf_counter() - began, float(timings.get("release", 0.0))


def _change(root: Path) -> str:
    """Correct one quote (dropping its last word, as a curator fixing a span would) and add an
    article; returns the corrected statement's id."""
    record = corpus.correct_quote(root)
    registry = (root / "seeds/registry/people.yaml").read_text(encoding="utf-8")
    person = json.loads(next(line for line in registry.splitlines() if line.startswith("- {"))[2:])
    people = [{"id": person["id"], "name": person["name"], "title": person["title"]}]
    corpus._write_article(root, random.Random(1), 9_999_999, dt.date(2026, 11, 30), people)
    return record


def _diff(old: Path, new: Path) -> tuple[float, float, str]:
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, "diff", str(old), str(new)], capture_output=True, text=True, check=True
    )
    seconds = time.perf_counter() - began
    hwm = float(done.stderr.split("VmHWM_MB", 1)[1].split()[0])
    return seconds, hwm, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--work", type=Path, default=None, help="folder to work in (default: a temporary one)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jacksonpd-diff-bench-") as scratch:
        work = args.work or Path(scratch)
        root = work / "corpus"
        counts = corpus.generate(root, args.statements)
        first = _build(root)
        released = work / "released"
        if released.exists():
            shutil.rmtree(released)
        shutil.copytree(root / "datapackage", released, ignore=shutil.ignore_patterns("*.db", "*.xlsx"))
        record = _change(root)
        second = _build(root)
        runs = [_diff(released, root / "datapackage") for _ in range(args.runs)]
        seconds = statistics.median(r[0] for r in runs)
        peak = max(r[1] for r in runs)
        summary = [line for line in runs[0][2].splitlines() if ": " in line and "unchanged" not in line][:8]
        print(f"corpus: {counts}")
        print(
            f"first build {first[0]:.1f} s; build after the change {second[0]:.1f} s, of which "
            f"{second[1]:.1f} s comparing with the previous release (corrected {record})"
        )
        print(
            f"jacksonpd diff: median {seconds:.2f} s over {args.runs} runs; peak memory {peak:.0f} MB (VmHWM)"
        )
        print("\n".join(summary))


if __name__ == "__main__":
    main()
