"""Peak memory of a build, per process and per stage: the build process, each reader, the writer.

    python benchmarks/memory.py work/n100000 --cold     # a cold build (cache deleted, forced)
    python benchmarks/memory.py work/n100000 --fix      # one quote corrected, then a rebuild

The build runs in this process; a thread reads ``/proc/PID/status`` of it and of every process
it starts (the readers, forked as the read begins, and the writer of the CSVs, forked for the
write) every 20 ms, and notes each one's resident memory (``VmRSS``, and its anonymous part)
under the stage the build process is in (the stage names of ``BuildResult.timings``; ``reading``
is the read of the seeds, before the stages the build times inside it). At the end it prints the
highest of each by stage, and each process's own peak (``VmHWM``). A forked process's resident
memory counts the pages it shares with the build process, as ``run.py``'s ``worker`` does.
Linux only.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import os
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import corpus  # noqa: E402

_ME = os.getpid()
_stage = ["start"]
_peaks: dict[str, dict[str, int]] = {}  # stage -> process -> highest VmRSS (kB)
_first: dict[int, str] = {}  # pid -> the stage it was first seen in
_hwm: dict[int, int] = {}  # pid -> its VmHWM (kB)


def _status(pid: int) -> dict[str, int]:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return {}
    wanted = ("VmRSS", "VmHWM", "RssAnon")
    return {
        k: int(v.split()[0]) for k, _, v in (line.partition(":") for line in text.splitlines()) if k in wanted
    }


def _descendants() -> list[int]:
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):  # noqa: PTH208 (names, not paths)
        if name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                parent = int(Path(f"/proc/{name}/stat").read_text().rsplit(")", 1)[1].split()[1])
                children.setdefault(parent, []).append(int(name))
    found, todo = [], [_ME]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def _sample() -> None:
    while True:
        for pid in _descendants():
            status = _status(pid)
            if not status:
                continue
            first = _first.setdefault(pid, _stage[0])
            _hwm[pid] = max(_hwm.get(pid, 0), status.get("VmHWM", 0))
            who = "build" if pid == _ME else f"child of {first}"
            peaks = _peaks.setdefault(_stage[0], {})
            peaks[who] = max(peaks.get(who, 0), status.get("VmRSS", 0))
            peaks[f"{who} (anon)"] = max(peaks.get(f"{who} (anon)", 0), status.get("RssAnon", 0))
        time.sleep(0.02)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    how = parser.add_mutually_exclusive_group(required=True)
    how.add_argument("--cold", action="store_true", help="delete the cache and build with --force")
    how.add_argument("--fix", action="store_true", help="correct one quote, then rebuild")
    args = parser.parse_args()
    module = importlib.import_module("jacksonpd.build")  # `jacksonpd.build` is also the function
    timed = getattr(module, "_timed")  # noqa: B009 (a private name, set again below)

    @contextlib.contextmanager
    def labelled(timings: dict[str, float], name: str) -> Iterator[None]:
        if os.getpid() == _ME:
            _stage[0] = name
        with timed(timings, name):
            yield
        if os.getpid() == _ME:
            _stage[0] = "reading" if name == "read" else f"after {name}"

    setattr(module, "_timed", labelled)  # noqa: B010 (a private name, as above)
    if args.cold:
        for stale in args.root.glob(".datapackage-cache.sqlite*"):
            stale.unlink()
    else:
        print("corrected", corpus.correct_quote(args.root))
    threading.Thread(target=_sample, daemon=True).start()
    began = time.perf_counter()
    result = module.build(args.root, force=args.cold)
    time.sleep(0.1)
    summary = {
        "seconds": round(time.perf_counter() - began, 1),
        "republished": result.republished,
        "build VmHWM MB": round(_status(_ME)["VmHWM"] / 1024, 1),
    }
    print(json.dumps(summary))
    for stage, peaks in _peaks.items():
        print(f"  {stage:16}", ", ".join(f"{k} {v / 1024:.1f}" for k, v in peaks.items()))
    for pid, first in _first.items():
        who = "build" if pid == _ME else f"child of {first}"
        print(f"  {who:24} VmHWM {_hwm[pid] / 1024:6.1f} MB")


if __name__ == "__main__":
    main()
