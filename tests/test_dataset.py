"""load(): typed records from a published package, including the one shipped with jacksonpd."""

from __future__ import annotations

from pathlib import Path

import pytest

import jacksonpd
from jacksonpd.dataset import Dataset, published_path

from .conftest import REPO


def test_load_without_path_reads_the_published_package(seeds_dataset: Dataset) -> None:
    """jacksonpd.load() returns exactly the records the seeds build, typed."""
    pkg = jacksonpd.load()
    assert pkg == seeds_dataset
    assert all(isinstance(s, jacksonpd.Statement) for s in pkg.statements)


def test_published_path_is_in_the_checkout_or_the_wheel() -> None:
    """The shipped package is found in either place it can be installed."""
    path = published_path()
    assert path.name == "datapackage.json"
    assert path.is_file()
    assert path.parent.name in ("datapackage", "_published")


def test_load_accepts_the_folder_or_the_descriptor() -> None:
    """A folder and its datapackage.json load the same records."""
    assert jacksonpd.load(REPO / "datapackage") == jacksonpd.load(REPO / "datapackage/datapackage.json")


def test_load_a_missing_package(tmp_path: Path) -> None:
    """A path with no package gives a JacksonpdError naming it."""
    with pytest.raises(jacksonpd.JacksonpdError) as info:
        jacksonpd.load(tmp_path)
    assert [p.code for p in info.value.problems] == ["missing-file"]


def test_records_answer_questions() -> None:
    """The records are usable directly: who spoke about investigating all shootings?"""
    pkg = jacksonpd.load()
    [statement] = [s for s in pkg.statements if "inter-local agreement" in s.text]
    assert statement.speaker_id == "anthony-moore"
    text = pkg.source(statement.source_id).text
    assert text is not None
    assert text[statement.start : statement.end] == statement.text
