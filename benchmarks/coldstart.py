"""Cold start: wall time of ``python -c "import jacksonpd"`` and ``jacksonpd extract ARTICLE``.

Usage::

    python benchmarks/coldstart.py          # best of 7 runs each
    python benchmarks/coldstart.py -n 15

Each run is a new interpreter, so nothing is cached in memory between runs (the operating
system's file cache is warm after the first). The best of N wall-clock times is reported, with
the median, since other work on the machine only ever makes a run slower, and the best CPU
time of the process (user and system), which that work does not inflate.

The bytecode is cached, as an installed package runs (pip compiles it on install, and Python
caches it on first import), in a cache of the benchmark's own (``PYTHONPYCACHEPREFIX``), warmed
by one run of each command that is not counted: so a shell that sets ``PYTHONDONTWRITEBYTECODE``
does not time the compiling of the package's sources on every run (about 50 ms of 0.3 s).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "seeds" / "articles" / "2018-03-27-task-force.txt"
COMMANDS = {
    "import jacksonpd": [sys.executable, "-c", "import jacksonpd"],
    "jacksonpd extract ARTICLE": [sys.executable, "-m", "jacksonpd", "extract", str(ARTICLE)],
    "jacksonpd --help": [sys.executable, "-m", "jacksonpd", "--help"],
}


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds one run of ``command`` takes: wall clock, and CPU (user + system) of the process,
    which other work on the machine does not inflate."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=ROOT, env=env)
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=7, help="Runs per command (best and median reported).")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jacksonpd-pycache-") as cache:
        cached = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        cached["PYTHONPYCACHEPREFIX"] = cache
        for name, command in COMMANDS.items():
            timed(command, cached)  # writes the bytecode cache
            runs = [timed(command, cached) for _ in range(args.n)]
            wall, cpu = [w for w, _ in runs], [c for _, c in runs]
            print(
                f"{name:<28} wall best {min(wall):.3f} s, median {statistics.median(wall):.3f} s;"
                f" CPU best {min(cpu):.3f} s ({args.n} runs)"
            )


if __name__ == "__main__":
    main()
