"""Cold start: wall time of ``python -c "import jacksonpd"`` and ``jacksonpd extract ARTICLE``.

Usage::

    python benchmarks/coldstart.py          # best of 7 runs each
    python benchmarks/coldstart.py -n 15

Each run is a new interpreter, so nothing is cached in memory between runs (the operating
system's file cache is warm after the first). The best of N is reported, with the median, since
other work on the machine only ever makes a run slower.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "seeds" / "articles" / "2018-03-27-task-force.txt"
COMMANDS = {
    "import jacksonpd": [sys.executable, "-c", "import jacksonpd"],
    "jacksonpd extract ARTICLE": [sys.executable, "-m", "jacksonpd", "extract", str(ARTICLE)],
    "jacksonpd --help": [sys.executable, "-m", "jacksonpd", "--help"],
}


def timed(command: list[str]) -> float:
    """Seconds one run of ``command`` takes, wall clock."""
    began = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=7, help="Runs per command (best and median reported).")
    args = parser.parse_args()
    for name, command in COMMANDS.items():
        times = [timed(command) for _ in range(args.n)]
        best, median = min(times), statistics.median(times)
        print(f"{name:<28} best {best:.3f} s   median {median:.3f} s   ({args.n} runs)")


if __name__ == "__main__":
    main()
