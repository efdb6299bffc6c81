"""`jacksonpd diff`: two packages compared record by record, names withheld in every view."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from jacksonpd import build
from jacksonpd import diff as diff_module
from jacksonpd.cli import cli
from jacksonpd.common_records import differing_spans
from jacksonpd.diff import HIDDEN, PackageDiff, diff_packages
from jacksonpd.errors import JacksonpdError
from jacksonpd.keyed_rows import KeyedTable, key_function

from .conftest import REPO

STATEMENTS = "data/statements.csv"

# A fictional officer, released on a date between the two --as-of builds below.
INCIDENTS = """\
data_source: curated
agencies:
  - id: diff-fixture-police-department
    name: Diff Fixture Police Department
    kind: police_department
    state: MS
incidents:
  - id: 2019-02-01-diff-fixture
    occurred_on: 2019-02-01
    kind: officer_involved_shooting
    city: Diff Fixture City
    state: MS
    agency: diff-fixture-police-department
    officers:
      - name: Thaddeus Lateshown
        role: shooter
        name_released_on: 2019-03-01
        name_released_by: diff-fixture-police-department
"""
NAME = "Thaddeus Lateshown"


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def _write_rows(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    """Two copies of the published package, to edit one of them."""
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(REPO / "datapackage", old)
    shutil.copytree(REPO / "datapackage", new)
    return old, new


def _by_name(diff: PackageDiff, name: str) -> dict[str, object]:
    result: dict[str, object] = diff.to_dict()["resources"][name]
    return result


def test_identical_packages_are_unchanged(pair: tuple[Path, Path]) -> None:
    """Two copies of one package hold the same records, and the text says so."""
    diff = diff_packages(*pair)
    assert diff.unchanged
    assert diff.to_text().endswith("The two packages hold the same records.")


def test_added_removed_and_changed_records(pair: tuple[Path, Path]) -> None:
    """An edited text, a removed row and an added row are reported as such, field by field."""
    old, new = pair
    rows = _rows(new / STATEMENTS)
    header, body = rows[0], rows[1:]
    text = header.index("text")
    edited, dropped = body[0], body[1]
    was = edited[text]
    edited[text] = was + " (corrected)"
    added = list(body[-1])
    added[0] = "zzzz-added-statement"
    _write_rows(new / STATEMENTS, [header, edited, *body[2:], added])

    diff = _by_name(diff_packages(old, new), "statements")
    assert diff["summary"] == {"added": 1, "removed": 1, "changed": 1}
    assert [r["statement_id"] for r in diff["added"]] == ["zzzz-added-statement"]  # type: ignore[attr-defined]
    assert [r["statement_id"] for r in diff["removed"]] == [dropped[0]]  # type: ignore[attr-defined]
    assert diff["changed"] == [
        {"key": [edited[0]], "fields": {"text": {"old": was, "new": was + " (corrected)"}}}
    ]


def test_rows_out_of_key_order_give_the_same_diff(pair: tuple[Path, Path]) -> None:
    """A table not sorted by its key is compared in memory, with the same result as sorted."""
    old, new = pair
    rows = _rows(new / STATEMENTS)
    header, body = rows[0], rows[1:]
    body[0][header.index("text")] += "!"
    _write_rows(new / STATEMENTS, [header, *body])
    sorted_diff = diff_packages(old, new).to_dict()
    _write_rows(new / STATEMENTS, [header, *reversed(body)])
    assert diff_packages(old, new).to_dict() == sorted_diff


def test_fields_and_resources_added_or_removed(pair: tuple[Path, Path]) -> None:
    """A column or a whole resource that only one side has is named, not compared."""
    old, new = pair
    descriptor = json.loads((old / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] != "figures"]
    (old / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    rows = _rows(old / "data/events.csv")
    _write_rows(old / "data/events.csv", [[*r, "x"] for r in rows[:1]] + [[*r, "1"] for r in rows[1:]])

    diff = diff_packages(old, new)
    figures = _by_name(diff, "figures")
    assert figures["resource_added"] is True
    assert figures["summary"]["added"] == len(_rows(new / "data/figures.csv")) - 1  # type: ignore[index]
    events = _by_name(diff, "events")
    assert (events["fields_removed"], events["summary"]) == (["x"], {"added": 0, "removed": 0, "changed": 0})


def test_a_name_the_newer_package_withholds_is_never_shown(repo: Path, tmp_path: Path) -> None:
    """A build with a later --as-of published a name; diffed against the current view, it stays out."""
    (repo / "seeds/incidents").mkdir(exist_ok=True)
    (repo / "seeds/incidents/diff-fixture.yaml").write_text(INCIDENTS, encoding="utf-8")
    build(repo, as_of=_date("2019-03-05"))
    later = tmp_path / "later"
    shutil.copytree(repo / "datapackage", later)
    assert NAME in (later / "data/officers.csv").read_text(encoding="utf-8")  # the premise
    build(repo, as_of=_date("2019-02-15"))

    for args in (
        ["diff", str(later), str(repo / "datapackage")],
        ["diff", str(later), str(repo / "datapackage"), "--format", "json"],
    ):
        result = CliRunner().invoke(cli, args, catch_exceptions=False)
        assert result.exit_code == 0, result.output
        for part in NAME.split():
            assert part not in result.output
        assert "officers" in result.output
    changed = _by_name(diff_packages(later, repo / "datapackage"), "officers")["changed"]
    fields = changed[0]["fields"]  # type: ignore[index]
    assert fields["name"] == {"old": HIDDEN, "new": ""}
    # The other way round the newer side publishes it: a release is news, and shown.
    shown = CliRunner().invoke(cli, ["diff", str(repo / "datapackage"), str(later)], catch_exceptions=False)
    assert NAME in shown.output


def test_git_revisions_of_the_checkout(repo: Path) -> None:
    """OLD may be a git revision: its committed datapackage/ is compared with the one on disk."""
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "datapackage"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "published"], check=True)
    rows = _rows(repo / "datapackage" / STATEMENTS)
    rows[1][rows[0].index("text")] += " (corrected)"
    _write_rows(repo / "datapackage" / STATEMENTS, rows)

    result = CliRunner().invoke(
        cli, ["diff", "HEAD", "--root", str(repo), "--exit-code"], catch_exceptions=False
    )
    assert result.exit_code == 1  # they differ
    assert "statements: 0 added, 0 removed, 1 changed" in result.output
    assert f"changed  {rows[1][0]}" in result.output
    same = CliRunner().invoke(
        cli, ["diff", "HEAD", "HEAD", "--root", str(repo), "--exit-code"], catch_exceptions=False
    )
    assert same.exit_code == 0, same.output


@pytest.mark.parametrize("spec", ["no-such-revision", "--help-me", "missing/folder"])
def test_neither_a_package_nor_a_revision(repo: Path, spec: str) -> None:
    """A side that names nothing is one clear error, no traceback."""
    with pytest.raises(JacksonpdError) as caught:
        diff_packages(spec, repo / "datapackage", repo)
    assert [p.code for p in caught.value.problems] == ["missing-file"]
    result = CliRunner().invoke(cli, ["diff", "--root", str(repo), "--", spec, str(repo / "datapackage")])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "[missing-file]" in result.output


def test_a_descriptor_that_is_not_json(pair: tuple[Path, Path]) -> None:
    """A broken descriptor is a json-error naming the file."""
    old, new = pair
    (old / "datapackage.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(JacksonpdError) as caught:
        diff_packages(old, new)
    assert [(p.code, Path(p.path).name) for p in caught.value.problems] == [
        ("json-error", "datapackage.json")
    ]


_keys = st.lists(st.integers(0, 30), unique=True, max_size=12).map(sorted)


@settings(max_examples=60, deadline=None)
@given(
    old_keys=_keys, new_keys=_keys, values=st.lists(st.sampled_from(["a", "b", ""]), min_size=31, max_size=31)
)
def test_applying_the_diff_to_the_old_table_gives_the_new(
    tmp_path_factory: pytest.TempPathFactory, old_keys: list[int], new_keys: list[int], values: list[str]
) -> None:
    """Removed, added and changed records are exactly what turns the old table into the new."""
    folder = tmp_path_factory.mktemp("prop")
    schema = {
        "fields": [{"name": "k", "type": "integer"}, {"name": "v", "type": "string"}],
        "primaryKey": ["k"],
    }
    tables = {}
    for side, keys, shift in (("old", old_keys, 0), ("new", new_keys, 1)):
        (folder / side).mkdir()
        rows = [["k", "v"], *([str(k), values[(k + shift * (k % 2)) % 31]] for k in keys)]
        _write_rows(folder / side / "t.csv", rows)
        descriptor = {"resources": [{"name": "t", "path": "t.csv", "schema": schema}]}
        (folder / side / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
        tables[side] = {r[0]: r[1] for r in rows[1:]}
    diff = _by_name(diff_packages(folder / "old", folder / "new"), "t")
    rebuilt = dict(tables["old"])
    for row in diff["removed"]:  # type: ignore[attr-defined]
        del rebuilt[row["k"]]
    for row in diff["added"]:  # type: ignore[attr-defined]
        rebuilt[row["k"]] = row["v"]
    for change in diff["changed"]:  # type: ignore[attr-defined]
        assert rebuilt[change["key"][0]] == change["fields"]["v"]["old"]
        rebuilt[change["key"][0]] = change["fields"]["v"]["new"]
    assert rebuilt == tables["new"]


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# Reading only what differs: the records between the bytes both sides share at the start and
# the end, which must give exactly what reading every row gives.

_CELL = st.text(alphabet=st.sampled_from(list('ab ,"\n\ré')), max_size=5)
_EDIT = st.tuples(st.sampled_from(["change", "add", "remove"]), st.integers(0, 10_000), _CELL)
_OFFICERS = {  # a resource whose older names a diff may hide
    "fields": [
        {"name": "k", "type": "integer"},
        {"name": "name", "type": "string"},
        {"name": "v", "type": "string"},
    ],
    "primaryKey": ["k"],
}


def _write_table(path: Path, rows: list[list[str]], *, trailing: bool = True) -> None:
    _write_rows(path, rows)
    if not trailing:  # the last row without its line break
        path.write_bytes(path.read_bytes().removesuffix(b"\r\n"))


def _edited(rows: list[list[str]], edits: list[tuple[str, int, str]]) -> list[list[str]]:
    """``rows`` (sorted by their integer key) after each edit: a cell changed, a row added or removed."""
    rows = [list(r) for r in rows]
    for kind, at, cell in edits:
        if kind == "add":
            key = at % 300
            if all(int(r[0]) != key for r in rows):
                rows.append([str(key), cell, cell[::-1]])
                rows.sort(key=lambda r: int(r[0]))
        elif rows:
            row = rows[at % len(rows)]
            if kind == "remove":
                rows.remove(row)
            else:
                row[1 + at % 2] = cell
    return rows


def _both_ways(folder: Path, name: str = "officers") -> tuple[dict[str, object], dict[str, object]]:
    """The diff of ``folder``'s old and new table as the diff reads it, and read whole."""
    resource = {"name": name, "path": "t.csv", "schema": _OFFICERS}
    args = (name, resource, resource, folder / "old", folder / "new")
    fast = diff_module._diff_resource(*args)
    whole = diff_module._diff_resource(*args, whole=True)
    return attrs.asdict(fast), attrs.asdict(whole)


@settings(max_examples=300, deadline=None)
@given(
    old=st.lists(st.tuples(st.integers(0, 300), _CELL, _CELL), max_size=12, unique_by=lambda r: r[0]),
    edits=st.lists(_EDIT, max_size=5),
    header=st.sampled_from(["same", "renamed", "added"]),
    trailing=st.tuples(st.booleans(), st.booleans()),
)
def test_reading_what_differs_gives_what_reading_everything_gives(
    tmp_path_factory: pytest.TempPathFactory,
    old: list[tuple[int, str, str]],
    edits: list[tuple[str, int, str]],
    header: str,
    trailing: tuple[bool, bool],
) -> None:
    """After any edits (rows changed, added, removed anywhere; cells with commas, quotes and line
    breaks; a header changed; the last line break gone) the diff equals the whole comparison."""
    folder = tmp_path_factory.mktemp("spans")
    before = [[str(k), a, b] for k, a, b in sorted(old)]
    after = _edited(before, edits)
    new_header = {"same": ["k", "name", "v"], "renamed": ["k", "name", "w"], "added": ["k", "name", "v", "x"]}
    extra = [""] if header == "added" else []
    for side, rows, keep in (("old", before, trailing[0]), ("new", after, trailing[1])):
        (folder / side).mkdir()
        head = ["k", "name", "v"] if side == "old" else new_header[header]
        body = rows if side == "old" else [[*r, *extra] for r in rows]
        _write_table(folder / side / "t.csv", [head, *body], trailing=keep)
    fast, whole = _both_ways(folder)
    assert fast == whole
    if header == "same" and (before or trailing[0]) and (after or trailing[1]):
        # Written as the build writes: read without falling back to the whole comparison.
        key_of = key_function(("k",), _OFFICERS)
        paths = (folder / "old/t.csv", folder / "new/t.csv")
        assert diff_module._diff_between("officers", ("k",), key_of, *paths, reveal=False) is not None


def test_an_unchanged_table_is_not_read_and_a_changed_one_only_where_it_differs(
    pair: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """One edited quote: no other table is opened, and of statements only the edited record
    and a shared record on either side of it are read."""
    old, new = pair
    rows = _rows(new / STATEMENTS)
    middle = len(rows) // 2
    rows[middle][rows[0].index("text")] += ', "corrected",\nand more'
    _write_rows(new / STATEMENTS, rows)
    opened: list[str] = []
    read: list[int] = []
    original_open, original_rows = KeyedTable._open, KeyedTable.rows

    def counting_open(self: KeyedTable) -> None:
        opened.append(self.path.name if self.path is not None else "")
        original_open(self)

    def counting_rows(self: KeyedTable) -> Iterator[dict[str, str]]:
        for row in original_rows(self):
            read.append(1)
            yield row

    monkeypatch.setattr(KeyedTable, "_open", counting_open)
    monkeypatch.setattr(KeyedTable, "rows", counting_rows)
    diff = diff_packages(old, new)
    assert [(r.name, len(r.changed)) for r in diff.resources if not r.unchanged] == [("statements", 1)]
    assert opened == ["statements.csv", "statements.csv"]
    assert len(read) == 6  # three records of each side
    assert len(rows) > 10  # the premise: far fewer than every row


def test_a_table_not_as_the_build_writes_it_is_read_whole(tmp_path: Path) -> None:
    """Rows out of key order across the cut, a row of the wrong width, or a quote inside an
    unquoted cell: the diff reads both sides whole, and gives what reading them whole gives."""
    cases = {
        "out of order": (
            [["1", "a", "a"], ["5", "b", "b"], ["3", "c", "c"]],
            [["1", "a", "a"], ["5", "b", "b"], ["3", "d", "c"]],
        ),
        "short row": ([["1", "a", "a"], ["2", "b"]], [["1", "a", "a"], ["2", "c"]]),
    }
    key_of = key_function(("k",), _OFFICERS)
    for case, (before, after) in cases.items():
        folder = tmp_path / case.replace(" ", "-")
        for side, rows in (("old", before), ("new", after)):
            (folder / side).mkdir(parents=True)
            _write_table(folder / side / "t.csv", [["k", "name", "v"], *rows])
        old, new = folder / "old/t.csv", folder / "new/t.csv"
        spans = differing_spans(old, new)
        assert spans is not None  # laid out as the build's: a span to read, found wanting
        assert diff_module._diff_between("t", ("k",), key_of, old, new, reveal=False) is None, case
    fast, whole = _both_ways(tmp_path / "out-of-order")
    assert fast == whole
    stray = tmp_path / "stray"
    for side, text in (("old", 'k,name,v\r\n1,a"b,c\r\n'), ("new", 'k,name,v\r\n1,a"b,d\r\n')):
        (stray / side).mkdir(parents=True)
        (stray / side / "t.csv").write_bytes(text.encode())
    assert differing_spans(stray / "old/t.csv", stray / "new/t.csv") is None  # a quote left open
    fast, whole = _both_ways(stray)
    assert fast == whole
