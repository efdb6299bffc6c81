"""How long reading one curated YAML file takes: ``read_yaml`` by libyaml alone, and with yaml-rs
where it reads what libyaml reads (the build's default), on the annotations of a generated corpus;
and how many files each reads.

Usage::

    python benchmarks/corpus.py work/n10000 --statements 10000
    python benchmarks/yamlparse.py work/n10000 [--repeats 5]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from jacksonpd.seeds import yamlfast
from jacksonpd.seeds.yamlio import _UnreadLines, read_yaml


def _once(paths: list[Path], fast: bool) -> tuple[float, int]:
    """Seconds to read every file, and how many yaml-rs read."""
    yamlfast.ENABLED = fast
    used = 0
    began = time.perf_counter()
    for path in paths:
        doc, _ = read_yaml(path, path.name)
        used += doc is not None and isinstance(doc.lines, _UnreadLines)
    return time.perf_counter() - began, used


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path, help="A corpus written by benchmarks/corpus.py.")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    paths = sorted((args.root / "seeds/annotations").glob("*.yaml"))
    size = sum(p.stat().st_size for p in paths) / len(paths)
    print(f"{len(paths)} annotations, {size / 1024:.1f} KB each on average")
    seconds: dict[bool, list[float]] = {True: [], False: []}
    used = 0
    for _ in range(args.repeats):  # alternated, so that both see the same machine
        for fast in (False, True):
            took, n = _once(paths, fast)
            seconds[fast].append(took)
            used = n if fast else used
    slow, quick = (statistics.median(seconds[f]) * 1000 / len(paths) for f in (False, True))
    print(f"libyaml alone:      {slow:.3f} ms an annotation (median of {args.repeats})")
    print(f"yaml-rs where safe: {quick:.3f} ms an annotation; {used} of {len(paths)} read by yaml-rs")
    print(f"ratio: {slow / quick:.2f}x")


if __name__ == "__main__":
    main()
