"""Property tests: records survive CSV and frictionless; ids come from content, not order."""

from __future__ import annotations

import datetime as dt
import enum
import functools
import operator
import shutil
import tempfile
import typing
from pathlib import Path
from typing import Any

import attrs
import pytest
import yaml
from frictionless import Schema
from frictionless.resources import TableResource
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jacksonpd.collect.tree import read_seeds
from jacksonpd.convert import converter
from jacksonpd.models import ID_PATTERN, RECORD_TYPES, Evidence, Record
from jacksonpd.publish.package import cell, write_csv
from jacksonpd.schemas import load_schemas
from jacksonpd.seeds.article import slugify

from .conftest import REPO

SCHEMAS = load_schemas(REPO / "schemas")
text = st.text(
    st.characters(exclude_categories=("Cs", "Cc"), include_characters="\n"), min_size=1, max_size=40
)
dates = st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31))
numbers = st.floats(-1e12, 1e12, allow_nan=False).map(lambda v: float(round(v, 6)))


ID = r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}"


def _field_strategy(field: dict[str, Any], kind: type) -> st.SearchStrategy[Any]:
    """Values a schema field accepts, drawn from its type and constraints."""
    c = field.get("constraints", {})
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return st.sampled_from(kind)
    if "enum" in c:
        return st.sampled_from(c["enum"])
    if field.get("format") == "uri":
        return st.from_regex(r"https://[a-z]{1,10}\.[a-z]{2,3}(/[a-z0-9_.-]{1,10}){0,3}", fullmatch=True)
    if "pattern" in c:
        pattern = c["pattern"].removeprefix("^").removesuffix("$")
        return st.from_regex(ID if pattern == ID_PATTERN.pattern[1:-1] else pattern, fullmatch=True)
    low, high = c.get("minimum"), c.get("maximum")
    match field["type"]:
        case "date":
            return dates
        case "boolean":
            return st.booleans()
        case "integer":
            return st.integers(low if low is not None else -(10**9), high if high is not None else 10**9)
        case "number":
            lo, hi = (low if low is not None else -1e12), (high if high is not None else 1e12)
            return st.floats(lo, hi, allow_nan=False).map(lambda v: min(max(round(v, 6), lo), hi))
    return text


@st.composite
def records(draw: st.DrawFn, cls: type[Record]) -> Record:
    """Arbitrary valid records of ``cls``, drawn field by field from its Table Schema."""
    schema = {f["name"]: f for f in SCHEMAS.tables[cls.resource]["fields"]}
    hints = typing.get_type_hints(cls)
    values: dict[str, Any] = {}
    for attribute in attrs.fields(cls):
        kind = hints[attribute.name]
        inner = next((a for a in typing.get_args(kind) if a is not type(None)), kind)
        strategy = _field_strategy(schema[attribute.name], inner)
        optional = attribute.default is None
        values[attribute.name] = draw(st.none() | strategy if optional else strategy)
    if "end" in values:  # a span: end after start; or, for a citation, no span at all
        if values["start"] is None:
            values["end"] = values["text"] = None
        else:
            values["end"] = values["start"] + draw(st.integers(1, 10_000))
        values["evidence"] = Evidence.SPAN if values["start"] is not None else Evidence.CITATION
    return cls(**values)


@functools.cache
def _schema(name: str) -> Schema:
    # Foreign keys need the whole package; the package tests check them. Types and constraints stay.
    return Schema.from_descriptor({k: v for k, v in SCHEMAS.tables[name].items() if k != "foreignKeys"})


def round_trip(record: Record, tmp: Path) -> object:
    """Unstructure a record, write it as the package does, read it back with frictionless, structure it."""
    name = record.resource
    columns = SCHEMAS.field_names(name)
    unstructured = converter().unstructure(record)
    path = tmp / f"{name}.csv"
    write_csv(path, columns, [[cell(unstructured[c]) for c in columns]])
    [row] = TableResource(path=path.name, basepath=str(tmp), schema=_schema(name)).read_rows()
    assert row.valid, [(e.type, e.note) for e in row.errors]
    values = {k: v for k, v in dict(row).items() if v is not None}
    return converter().structure(values, type(record))


@pytest.mark.parametrize("cls", RECORD_TYPES, ids=lambda c: c.resource)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_records_survive_csv_and_frictionless(cls: type[Record], data: st.DataObject) -> None:
    """unstructure -> CSV -> frictionless read -> structure gives back the same record, for every type."""
    record = data.draw(records(cls))
    with tempfile.TemporaryDirectory() as folder:
        assert round_trip(record, Path(folder)) == record


@given(st.lists(text, min_size=1, max_size=6))
def test_slugs_depend_on_content_only(words: list[str]) -> None:
    """A slug is a function of the text alone: the same text always gives the same id."""
    joined = " ".join(words)
    assert slugify(joined) == slugify(joined)
    assert slugify(joined) == "" or slugify(joined).replace("-", "").isalnum()


_SLUG_TEXT = st.one_of(
    st.lists(
        st.one_of(
            st.text(st.sampled_from("aZ9'-é́½ﬁ .,’"), max_size=30),  # accents, ½, ﬁ, marks
            st.text(min_size=1, max_size=40),
        ),
        max_size=30,
    ).map("".join),
    # Words of every length, so that the head is often cut inside one.
    st.lists(
        st.builds(operator.mul, st.sampled_from(["a", "é", "a'", "\ufb01"]), st.integers(1, 40)),
        max_size=12,
    ).map(" ".join),
)


@given(_SLUG_TEXT, st.integers(min_value=1, max_value=8))
def test_a_slug_of_some_words_is_the_start_of_the_whole_slug(text: str, words: int) -> None:
    """``slugify(text, n)`` reads only the head of a long text; it must give the first ``n``
    words of the whole text's slug, wherever the head is cut (inside a word, an accent, ``I'm``)."""
    assert slugify(text, words) == "-".join(slugify(text).split("-")[:words] if slugify(text) else [])


def _yaml_lists(root: Path) -> list[tuple[Path, str]]:
    """Every top-level list of every YAML file under ``root``: the inputs whose order is free."""
    found = []
    for path in sorted(root.rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, list):
            found.append((path, ""))
        elif isinstance(data, dict):
            found += [
                (path, key) for key, value in data.items() if isinstance(value, list) and len(value) > 1
            ]
    return found


@pytest.fixture(scope="module")
def seeds_with_incidents(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real seeds plus the fictional incidents fixture, so every kind of input list is there."""
    root = tmp_path_factory.mktemp("ordered") / "seeds"
    shutil.copytree(REPO / "seeds", root)
    (root / "incidents").mkdir(exist_ok=True)
    shutil.copy(REPO / "tests/fixtures/incidents/fixture-incidents.yaml", root / "incidents")
    return root


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_ids_are_stable_under_reordering(seeds_with_incidents: Path, data: st.DataObject) -> None:
    """Shuffling the entries of every annotation, registry and incident list builds the same records.

    Officers within one incident are the exception by design: their order is their number
    (``<incident>-officer-N``), since a withheld officer has no name to derive an id from.
    """
    expected = read_seeds(seeds_with_incidents)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "seeds"
        shutil.copytree(seeds_with_incidents, root)
        lists = _yaml_lists(root)
        assert len(lists) >= 8  # annotations (mentions, statements, ...), registry, incidents
        for path, key in lists:
            doc = yaml.safe_load(path.read_text(encoding="utf-8"))
            items = doc if key == "" else doc[key]
            shuffled = data.draw(st.permutations(items), label=f"{path.name}:{key}")
            if key == "":
                doc = shuffled
            else:
                doc[key] = shuffled
            path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
        assert read_seeds(root) == expected
