"""Evaluate `jacksonpd extract`: precision, recall and F1 per kind, and articles per second.

Usage::

    python benchmarks/extraction.py                        # every part, then the speed
    python benchmarks/extraction.py --part tuning --misses # one part, with every miss
    python benchmarks/extraction.py --corpus 0             # quality only

The evaluation set is ``benchmarks/extraction/`` (see its README), in nineteen parts: ``older``
(the first sixteen articles written for it and the two seed articles, labelled from their
reviewed annotations), ``tuning`` (``t*``), ``held-out-1`` (``x*``), ``held-out-2`` (``y*``),
``held-out-3`` (``z*``), ``held-out-4`` (``w*``) and ``held-out-5`` (``v*``), each held out
until its first score and then studied, ``tuning-long`` (``u*``) and ``tuning-dates`` (``p*``),
long articles labelled before the rules were changed for them, as is ``tuning-speakers``
(``r*``), long articles written to be hard to attribute, and ``tuning-news`` (``n*``), in the
house styles of the outlets a Jackson reader meets; ``held-out-6`` (``s*``),
``held-out-7`` (``k*``), ``held-out-8`` (``m*``), ``held-out-9`` (``q*``), ``held-out-10``
(``j*``), ``held-out-11`` (``g*``), ``held-out-12`` (``b*``) and ``held-out-13`` (``d*``), each
written and labelled by hand before the extractor ever ran on it.

Kinds: "quote text" counts a quote whose words are right; "quote + speaker" one whose words and
speaker are both right; "figures" a figure whose value, qualifier and, for a duration, unit are
right; "day dates" a date of day precision whose day is right; "all dates" (older part only,
the only one with every date labelled) a date whose first day and precision are right. Every
finding's span is checked too: ``body[start:end]`` must be exactly its words.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import attrs
import yaml

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "benchmarks" / "extraction"
sys.path.insert(0, str(ROOT))

from jacksonpd.extract import Extraction, extract  # noqa: E402
from jacksonpd.seeds.article import Article, read_article  # noqa: E402
from jacksonpd.seeds.registry import read_registry  # noqa: E402

KINDS = ("quote text", "quote + speaker", "figures", "day dates", "all dates")
TARGETS = {"quote text": 0.97, "quote + speaker": 0.9, "figures": 0.9, "day dates": 0.95, "all dates": 0.9}
PARTS = (
    "older",
    "tuning",
    "held-out-1",
    "held-out-2",
    "held-out-3",
    "held-out-4",
    "tuning-long",
    "held-out-5",
    "tuning-dates",
    "tuning-speakers",
    "held-out-6",
    "tuning-news",
    "held-out-7",
    "held-out-8",
    "held-out-9",
    "held-out-10",
    "held-out-11",
    "held-out-12",
    "held-out-13",
)
DURATION_UNITS = frozenset(["seconds", "minutes", "hours", "days", "weeks", "months", "years"])


@attrs.frozen
class Score:
    """Counts for one kind: true positives, false positives, false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def part_of(name: str) -> str:
    """Which part of the evaluation set an article file belongs to."""
    parts = {
        "t": "tuning",
        "x": "held-out-1",
        "y": "held-out-2",
        "z": "held-out-3",
        "w": "held-out-4",
        "u": "tuning-long",
        "v": "held-out-5",
        "p": "tuning-dates",
        "r": "tuning-speakers",
        "s": "held-out-6",
        "n": "tuning-news",
        "k": "held-out-7",
        "m": "held-out-8",
        "q": "held-out-9",
        "j": "held-out-10",
        "g": "held-out-11",
        "b": "held-out-12",
        "d": "held-out-13",
    }
    return parts.get(name[0], "older") if name[1:3].isdigit() else "older"


def articles(parts: tuple[str, ...] = PARTS) -> list[tuple[Article, dict[str, Any]]]:
    """The evaluation articles of ``parts`` with their expected answers."""
    paths = sorted((EVAL / "articles").glob("*.txt")) + sorted((ROOT / "seeds" / "articles").glob("*.txt"))
    out = []
    for path in paths:
        if part_of(path.name) not in parts:
            continue
        article, problems = read_article(path, path.name)
        if article is None:
            msg = f"{path}: {problems}"
            raise SystemExit(msg)
        expected = yaml.safe_load((EVAL / "expected" / f"{path.stem}.yaml").read_text(encoding="utf-8"))
        out.append((article, expected))
    return out


def _speaker(name: str | None) -> str:
    return re.sub(r"^(?:the|a|an)\s", "", (name or "").strip().lower())


def _unit(unit: str | None) -> str:
    return unit if unit in DURATION_UNITS else ""


def _text(text: str) -> str:
    return " ".join(text.split())


def keys(kind: str, found: Extraction | dict[str, Any]) -> Counter[tuple[Any, ...]]:
    """What is compared for each kind, as a multiset."""
    if isinstance(found, Extraction):
        if kind == "quote text":
            return Counter(_text(q.text) for q in found.quotes)
        if kind == "quote + speaker":
            return Counter((_text(q.text), _speaker(q.speaker)) for q in found.quotes)
        if kind == "figures":
            return Counter((f.value, f.qualifier.value, _unit(f.unit)) for f in found.figures)
        dates = [(d.date.isoformat(), d.precision.value) for d in found.dates]
        return Counter(d for d in dates if kind == "all dates" or d[1] == "day")
    if kind.startswith("quote"):
        quotes = found.get("quotes") or []
        if kind == "quote text":
            return Counter(_text(q["text"]) for q in quotes)
        return Counter((_text(q["text"]), _speaker(q["speaker"])) for q in quotes)
    if kind == "figures":
        return Counter(
            (float(f["value"]), f["qualifier"], _unit(f.get("unit"))) for f in found.get("figures") or []
        )
    dates = [(str(d["date"]), d["precision"]) for d in found.get("dates") or []]
    return Counter(d for d in dates if kind == "all dates" or d[1] == "day")


def spans_exact(found: Extraction) -> bool:
    """Whether every finding's offsets give exactly its words."""
    t = found.text
    return (
        all(t[q.start : q.end] == q.text for q in found.quotes)
        and all(t[f.start : f.end] == f.as_printed for f in found.figures)
        and all(t[d.start : d.end] == d.date_text for d in found.dates)
    )


def evaluate(part: str, misses: bool = False) -> tuple[dict[str, Score], int, int]:
    """Score the extractor on one part of the evaluation set; print misses when asked.

    Returns the scores per kind, the number of articles and how many had a span that is not exact.
    """
    registry, _ = read_registry(ROOT / "seeds" / "registry")
    kinds = KINDS if part == "older" else KINDS[:-1]
    totals = {kind: Score() for kind in kinds}
    chosen = articles((part,))
    inexact = 0
    for article, expected in chosen:
        found = extract(article.text, article.published_on, registry)
        inexact += not spans_exact(found)
        for kind in kinds:
            want, got = keys(kind, expected), keys(kind, found)
            tp = sum((want & got).values())
            totals[kind] += Score(tp, sum(got.values()) - tp, sum(want.values()) - tp)
            if misses:
                for key in want - got:
                    print(f"  {article.source_id}: missed {kind} {key}")
                for key in got - want:
                    print(f"  {article.source_id}: false {kind} {key}")
    return totals, len(chosen), inexact


def corpus(size: int, seed: int = 2018, length: int = 2048) -> list[tuple[str, dt.date]]:
    """``size`` article bodies of about ``length`` characters: an evaluation article with its
    paragraphs reshuffled, and paragraphs of the next ones added until it is that long."""
    rng = random.Random(seed)
    base = [(a.text.split("\n\n"), a.published_on) for a, _ in articles()]
    out = []
    for i in range(size):
        paragraphs, published_on = base[i % len(base)]
        shuffled = paragraphs[:]
        rng.shuffle(shuffled)
        n = i
        while sum(len(p) + 2 for p in shuffled) < length:
            n += 1
            shuffled.append(rng.choice(base[n % len(base)][0]))
        out.append(("\n\n".join(shuffled), published_on + dt.timedelta(days=rng.randrange(0, 3000))))
    return out


def speed(size: int) -> tuple[float, float, float]:
    """Articles per second and KB per second over a corpus of ``size`` articles, on one core
    (the process's CPU time, which other work on the machine does not inflate), and articles
    per second by the wall clock."""
    registry, _ = read_registry(ROOT / "seeds" / "registry")
    bodies = corpus(size)
    began, began_cpu = time.perf_counter(), time.process_time()
    for text, published_on in bodies:
        extract(text, published_on, registry)
    elapsed, cpu = time.perf_counter() - began, time.process_time() - began_cpu
    return size / cpu, sum(len(t) for t, _ in bodies) / 1024 / cpu, size / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--misses", action="store_true", help="List every miss and false alarm.")
    parser.add_argument("--part", action="append", choices=PARTS, help="Score only this part (repeatable).")
    parser.add_argument("--corpus", type=int, default=10_000, help="Articles for the speed run (0: skip).")
    args = parser.parse_args()
    for part in args.part or PARTS:
        totals, n, inexact = evaluate(part, args.misses)
        print(f"\n{part}: {n} articles, {inexact} with a span that is not exact")
        print(f"{'kind':<16}{'precision':>10}{'recall':>10}{'F1':>8}{'target':>8}   tp  fp  fn")
        for kind, s in totals.items():
            print(
                f"{kind:<16}{s.precision:>10.3f}{s.recall:>10.3f}{s.f1:>8.3f}{TARGETS[kind]:>8.2f}"
                f"  {s.tp:>3} {s.fp:>3} {s.fn:>3}"
            )
    if args.corpus:
        per_second, kb, wall = speed(args.corpus)
        size = kb / per_second * 1024
        print(
            f"speed: {args.corpus} articles of {size:,.0f} characters on average,"
            f" {per_second:,.0f} articles/s ({kb:,.0f} KB/s) on one core, by CPU time"
            f" ({wall:,.0f} articles/s by the wall clock)"
        )


if __name__ == "__main__":
    main()
