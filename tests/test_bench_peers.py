"""The benchmark's peers (benchmarks/peers.py) publish the build's statements, so that timing
them beside `jacksonpd build` compares pipelines doing the same job."""

from __future__ import annotations

import importlib
import shutil
import sys
from pathlib import Path

import pytest

from jacksonpd.build import build

from .conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
corpus = importlib.import_module("corpus")  # the benchmarks' modules, not a package
peers = importlib.import_module("peers")


@pytest.mark.parametrize("peer", ["obvious", "fast", "fast-rs"])
def test_peer_statements_are_the_builds(built: Path, tmp_path: Path, peer: str) -> None:
    """Each peer's statements table has the build's rows (ids, speakers, organizations, spans),
    and its full-text index finds what the build's finds."""
    pytest.importorskip("yaml_rs" if peer == "fast-rs" else "sqlite_utils")
    peers.PEERS[peer](built, tmp_path)
    db = built / "datapackage" / "jacksonpd.db"
    expected = list(peers.statements(db))
    assert len(expected) == 200
    assert list(peers.statements(tmp_path / "peer.db")) == expected
    assert peers.searched(tmp_path / "peer.db", "cameras") == peers.searched(db, "cameras") > 0


def test_corpus_has_mentions_and_policies(built: Path) -> None:
    """The corpus publishes mentions and policies in the committed seeds' proportions to
    statements (7 and 4 for 19 there; here for each article's 20)."""
    counts = peers.counts(built / "datapackage" / "jacksonpd.db")
    assert counts["statements"] == 200
    assert counts["mentions"] == 70
    assert counts["policies"] == 40


def test_correct_quote_changes_the_database(built: Path, tmp_path: Path) -> None:
    """The benchmark's correction changes a quote's text, so the rebuilt database differs."""
    root = tmp_path / "corpus"
    shutil.copytree(built, root, symlinks=True)
    before = (root / "datapackage" / "jacksonpd.db").read_bytes()
    record = corpus.correct_quote(root)
    result = build(root)
    assert not result.skipped
    assert (root / "datapackage" / "jacksonpd.db").read_bytes() != before
    new = {row[0]: row[5] for row in peers.statements(root / "datapackage" / "jacksonpd.db")}
    old = {row[0]: row[5] for row in peers.statements(built / "datapackage" / "jacksonpd.db")}
    assert new[record] == old[record].rsplit(" ", 1)[0]
