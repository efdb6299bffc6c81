"""Reading a few articles alone, for a build that republishes only what changed
(:mod:`jacksonpd.incremental`): each as :func:`~jacksonpd.collect.tree.read_all` reads it, through
the same cache, so that its rows are those a whole build would store.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from pathlib import Path

from ..seeds.registry import read_registry
from .articles import ArticleJob, ArticlePart, read_parts
from .cache import ArticleCache
from .tree import cache_keys

__all__ = ["read_articles"]


def read_articles(
    seeds: Path,
    stems: list[str],
    columns: Mapping[str, tuple[str, ...]],
    cache: ArticleCache | None,
    digests: MutableMapping[str, bytes],
    shown: str = "seeds",
) -> list[ArticlePart] | None:
    """The parts of the articles named by ``stems`` (each with its annotation, if there is one), in
    the order given, their records made rows of a store with ``columns``; ``None`` if the registry
    has a problem (a whole build says which)."""
    registry, problems = read_registry(seeds / "registry", f"{shown}/registry")
    if problems:
        return None
    jobs = [
        ArticleJob(seeds, stem, (seeds / "annotations" / f"{stem}.yaml").is_file(), shown, True, columns)
        for stem in stems
    ]
    keys, present, context = cache_keys(jobs, cache, seeds, digests)
    missing = [job for i, job in enumerate(jobs) if not keys or keys[i] not in present]
    return list(read_parts(jobs, registry, keys, present, missing, cache, None, context))
