"""Evaluate `jacksonpd extract`: precision, recall and F1 per kind, and articles per second.

Usage::

    python benchmarks/extraction.py             # the table, then the speed on 10,000 articles
    python benchmarks/extraction.py --misses    # also every miss and false alarm, per article
    python benchmarks/extraction.py --corpus 0  # quality only

The evaluation set is ``benchmarks/extraction/`` (twelve articles written for it, with
hand-labelled answers; see its README) plus the two seed articles, labelled from their reviewed
annotations. A quote counts when its text and its speaker are both right; a figure when its value
and qualifier are; a date when its resolved date and precision are.
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
from jacksonpd.seeds import Article, read_article, read_registry  # noqa: E402

KINDS = ("quotes", "figures", "dates")
TARGETS = {"quotes": 0.95, "figures": 0.9, "dates": 0.9}


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


def articles() -> list[tuple[Article, dict[str, Any]]]:
    """The evaluation articles with their expected answers."""
    paths = sorted((EVAL / "articles").glob("*.txt")) + sorted((ROOT / "seeds" / "articles").glob("*.txt"))
    out = []
    for path in paths:
        article, problems = read_article(path, path.name)
        if article is None:
            msg = f"{path}: {problems}"
            raise SystemExit(msg)
        expected = yaml.safe_load((EVAL / "expected" / f"{path.stem}.yaml").read_text(encoding="utf-8"))
        out.append((article, expected))
    return out


def _speaker(name: str | None) -> str:
    return re.sub(r"^the\s", "", (name or "").strip().lower())


def _text(text: str) -> str:
    return " ".join(text.split())


def keys(kind: str, found: Extraction | dict[str, Any]) -> Counter[tuple[Any, ...]]:
    """What is compared for each kind, as a multiset."""
    if isinstance(found, Extraction):
        if kind == "quotes":
            return Counter((_text(q.text), _speaker(q.speaker)) for q in found.quotes)
        if kind == "figures":
            return Counter((f.value, f.qualifier.value) for f in found.figures)
        return Counter((d.date.isoformat(), d.precision.value) for d in found.dates)
    items = found.get(kind) or []
    if kind == "quotes":
        return Counter((_text(q["text"]), _speaker(q["speaker"])) for q in items)
    if kind == "figures":
        return Counter((float(f["value"]), f["qualifier"]) for f in items)
    return Counter((str(d["date"]), d["precision"]) for d in items)


def evaluate(misses: bool = False) -> dict[str, Score]:
    """Score the extractor on the evaluation set; print misses when asked."""
    registry, _ = read_registry(ROOT / "seeds" / "registry")
    totals = {kind: Score() for kind in KINDS}
    for article, expected in articles():
        found = extract(article.text, article.published_on, registry)
        for kind in KINDS:
            want, got = keys(kind, expected), keys(kind, found)
            tp = sum((want & got).values())
            totals[kind] += Score(tp, sum(got.values()) - tp, sum(want.values()) - tp)
            if misses:
                for key in want - got:
                    print(f"  {article.source_id}: missed {kind[:-1]} {key}")
                for key in got - want:
                    print(f"  {article.source_id}: false {kind[:-1]} {key}")
    return totals


def corpus(size: int, seed: int = 2018) -> list[tuple[str, dt.date]]:
    """``size`` article bodies: the evaluation articles with their paragraphs reshuffled."""
    rng = random.Random(seed)
    base = [(a.text.split("\n\n"), a.published_on) for a, _ in articles()]
    out = []
    for i in range(size):
        paragraphs, published_on = base[i % len(base)]
        shuffled = paragraphs[:]
        rng.shuffle(shuffled)
        out.append(("\n\n".join(shuffled), published_on + dt.timedelta(days=rng.randrange(0, 3000))))
    return out


def speed(size: int) -> tuple[float, float]:
    """Articles per second and KB per second over a corpus of ``size`` articles, one core."""
    registry, _ = read_registry(ROOT / "seeds" / "registry")
    bodies = corpus(size)
    began = time.perf_counter()
    for text, published_on in bodies:
        extract(text, published_on, registry)
    elapsed = time.perf_counter() - began
    return size / elapsed, sum(len(t) for t, _ in bodies) / 1024 / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--misses", action="store_true", help="List every miss and false alarm.")
    parser.add_argument("--corpus", type=int, default=10_000, help="Articles for the speed run (0: skip).")
    args = parser.parse_args()
    totals = evaluate(args.misses)
    n = len(articles())
    print(f"extraction on {n} articles ({n - 2} written for the evaluation, 2 seeds)")
    print(f"{'kind':<10}{'precision':>10}{'recall':>10}{'F1':>8}{'target':>8}   tp  fp  fn")
    for kind, s in totals.items():
        print(
            f"{kind:<10}{s.precision:>10.3f}{s.recall:>10.3f}{s.f1:>8.3f}{TARGETS[kind]:>8.2f}"
            f"  {s.tp:>3} {s.fp:>3} {s.fn:>3}"
        )
    if args.corpus:
        per_second, kb = speed(args.corpus)
        print(f"speed: {args.corpus} articles, {per_second:,.0f} articles/s ({kb:,.0f} KB/s) on one core")


if __name__ == "__main__":
    main()
