"""The read stage of a cold build, alone: what the readers spend on an article, and the memory
the build process holds while it reads.

- ``--articles K``: CPU seconds (of this process) to read the first ``K`` articles of a corpus
  with their annotations, as a reader process does (records made rows, pickled), ``--repeats``
  times; the median and each run.
- ``--memory``: the peak of Python's own allocations (``tracemalloc``) in the build's process
  while it reads the whole corpus into a row store (the readers are processes of their own), and
  what it still holds at the end.

Usage::

    python benchmarks/corpus.py work/n100000 --statements 100000
    python benchmarks/coldread.py work/n100000 --articles 1000 --repeats 3
    python benchmarks/coldread.py work/n100000 --memory
"""

from __future__ import annotations

import argparse
import pickle
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jacksonpd.collect.articles import _pickled, _read_article_job  # noqa: E402
from jacksonpd.collect.tree import _article_jobs, read_all  # noqa: E402
from jacksonpd.publish.rows import RowStore  # noqa: E402
from jacksonpd.schemas import load_schemas  # noqa: E402
from jacksonpd.seeds.registry import read_registry  # noqa: E402


def readers(root: Path, articles: int, repeats: int) -> list[float]:
    """CPU seconds to read the first ``articles`` articles, ``repeats`` times."""
    with tempfile.TemporaryDirectory() as scratch:
        store = RowStore(Path(scratch) / "rows.sqlite", load_schemas(root / "schemas"))
        registry, problems = read_registry(root / "seeds" / "registry", "seeds/registry")
        assert not problems, problems
        jobs = _article_jobs(root / "seeds", "seeds", True, store, set(), [])[:articles]
        times = []
        for _ in range(repeats):
            began = time.process_time()
            parts = [_pickled(_read_article_job(job, registry)) for job in jobs]
            times.append(time.process_time() - began)
            assert not pickle.loads(parts[-1]).problems  # our own bytes
        store.close()
    return times


def memory(root: Path) -> tuple[float, float, float]:
    """The traced peak and what is still held after the read (MB), and its wall seconds."""
    with tempfile.TemporaryDirectory() as scratch:
        store = RowStore(Path(scratch) / "rows.sqlite", load_schemas(root / "schemas"))
        tracemalloc.start()
        began = time.perf_counter()
        read_all(root / "seeds", store=store)
        held, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        store.close()
    return peak / 2**20, held / 2**20, time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path, help="A corpus made by benchmarks/corpus.py.")
    parser.add_argument("--articles", type=int, default=1000, help="Articles to read (CPU mode).")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--memory", action="store_true", help="Measure the read's memory instead.")
    args = parser.parse_args()
    if args.memory:
        peak, held, seconds = memory(args.root)
        print(f"{args.root.name}: traced peak {peak:.1f} MB, held after the read {held:.1f} MB", end="")
        print(f" ({seconds:.0f} s)")
        return
    times = readers(args.root, args.articles, args.repeats)
    runs = ", ".join(f"{t:.2f}" for t in times)
    print(f"{args.articles} articles: CPU s median {statistics.median(times):.2f} ({runs})")


if __name__ == "__main__":
    main()
