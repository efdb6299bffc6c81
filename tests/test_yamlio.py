"""read_yaml_each reads a long sequence an item at a time with the same data, lines and problems
as read_yaml; LazyLines reads the file again only for a line it was not given."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from jacksonpd import yamlio
from jacksonpd.errors import Problem
from jacksonpd.extract import extract_article
from jacksonpd.extract.draft import draft_yaml
from jacksonpd.seeds import read_registry
from jacksonpd.yamlio import LazyLines, Located, read_yaml, read_yaml_each

from .conftest import REPO

DOC = """\
data_source: curated
agencies:
  - id: a
    name: A
incidents:
  - id: one
    officers:
      - name: X
        role: shooter
  - id: two
    when: 2019-01-02
    officers: []
note: after the items
"""


def _each(path: Path) -> tuple[Located | None, list[object], list[Located]]:
    items: list[Located] = []
    head, problems = read_yaml_each(path, "f.yaml", "incidents", lambda doc, i: items.append(doc))
    return head, list(problems), items


def _both(path: Path) -> tuple[Located, Located, list[Located]] | None:
    """read_yaml's whole document, and read_yaml_each's rest and items, once both gave the same
    problems; ``None`` when neither could read the file."""
    whole, whole_problems = read_yaml(path, "f.yaml")
    head, problems, items = _each(path)
    assert problems == whole_problems
    if whole is None:
        assert head is None
        return None
    assert head is not None
    # Both know the digest of the bytes they parsed, however the document was read.
    assert head.sha256 == whole.sha256 == hashlib.sha256(path.read_bytes()).digest()
    return whole, head, items


def test_items_and_the_rest_are_what_read_yaml_reads(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text(DOC, encoding="utf-8")
    whole, whole_problems = read_yaml(path, "f.yaml")
    assert whole is not None
    head, problems, items = _each(path)
    assert head is not None
    assert problems == whole_problems == []
    assert [item.data for item in items] == whole.data["incidents"]
    assert items[1].data["when"] == "2019-01-02"  # dates stay text, as read_yaml leaves them
    assert head.data == {**whole.data, "incidents": []}
    for item in items:  # each item's lines are the whole document's, keyed from the top
        assert item.lines
        assert all(whole.lines[key] == line for key, line in item.lines.items())
    assert {**head.lines, **items[0].lines, **items[1].lines} == whole.lines


@pytest.mark.parametrize(
    "text",
    [
        "incidents: []\nincidents:\n  - id: x\n",  # a key given twice
        "incidents:\n  - id: x\n    id: y\n",  # a key given twice inside an item
        "incidents:\n  - id: [x\n",  # broken inside an item
        "- a\n- b\n",  # not a mapping
        "incidents: {id: x}\n",  # not a sequence
        "a: 1\n---\nb: 2\n",  # two documents
        "incidents: &items\n  - id: x\nagain: *items\n",  # an anchor on the sequence
        "",  # empty
    ],
)
def test_other_shapes_and_bad_documents_as_read_yaml(tmp_path: Path, text: str) -> None:
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    if (read := _both(path)) is None:
        return
    whole, head, items = read
    if isinstance(whole.data, dict) and isinstance(whole.data.get("incidents"), list):
        assert [item.data for item in items] == whole.data["incidents"]
        assert head.data == {**whole.data, "incidents": []}
    else:
        assert not items
        assert head.data == whole.data


def test_lazy_lines_read_the_file_only_for_lines_not_given(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text(DOC, encoding="utf-8")
    lines = LazyLines({("incidents", 0): 6}, path, "f.yaml")
    path.write_text("# moved down a line\n" + DOC, encoding="utf-8")
    assert Located(None, "f.yaml", lines).line(("incidents", 0)) == 6  # given: the file is not read
    assert Located(None, "f.yaml", lines).line(("incidents", 1, "when")) == 12  # read now


@pytest.mark.parametrize(
    "data",
    [
        DOC.encode() + b"bad: \xff\n",  # not UTF-8, after the items: found while parsing
        b"\xef\xbb\xbf" + DOC.encode(),  # a byte-order mark
        DOC.replace("\n", "\r\n").encode(),  # Windows line ends
        DOC.encode("utf-16"),
    ],
    ids=["late-bad-byte", "bom", "crlf", "utf-16"],
)
def test_bytes_as_read_yaml_reads_them(tmp_path: Path, data: bytes) -> None:
    """The file is parsed as it is read, not decoded whole first: the same data, lines and problems."""
    path = tmp_path / "f.yaml"
    path.write_bytes(data)
    if (read := _both(path)) is None:
        return
    whole, head, items = read
    assert [item.data for item in items] == whole.data["incidents"]
    assert [item.lines for item in items] == [
        {k: v for k, v in whole.lines.items() if k[:2] == ("incidents", i)} for i in range(len(items))
    ]
    assert head.data == {**whole.data, "incidents": []}


# --- the plain reader: what it reads is exactly what libyaml reads -------------------------------


def _libyaml(text: str) -> tuple[str, dict[tuple[str | int, ...], int], list[Problem]] | None:
    """libyaml's data (as its repr, so that True and 1 differ), lines and problems; ``None`` for
    a document it refuses or an empty one."""
    loader = yamlio._Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        lines: dict[tuple[str | int, ...], int] = {}
        problems: list[Problem] = []
        yamlio._index(node, (), lines, problems, "f.yaml")
        return repr(loader.construct_document(node)), lines, problems
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()


def _as_libyaml(text: str) -> bool:
    """Whether the plain reader gave up on ``text`` or read just what libyaml reads; which it did."""
    plain = yamlio._read_plain(text)
    if plain is None:
        return False
    expected = _libyaml(text)
    assert expected is not None, "read a document libyaml refuses"
    assert expected[2] == [], "read a document with problems"
    assert (repr(plain[0]), plain[1]) == expected[:2]
    return True


REAL = sorted((REPO / "seeds").glob("**/*.yaml"))


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_the_plain_reader_reads_the_curated_files(path: Path) -> None:
    assert _as_libyaml(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("stem", [p.stem for p in sorted((REPO / "seeds/articles").glob("*.txt"))])
def test_the_plain_reader_reads_what_the_extractor_drafts(stem: str) -> None:
    """Drafts (PyYAML's layout: sequences not indented under their key, long scalars wrapped)."""
    registry, _ = read_registry(REPO / "seeds/registry")
    article, found = extract_article(REPO / f"seeds/articles/{stem}.txt", registry)
    assert _as_libyaml(draft_yaml(article, found))


READ = [
    "a: 1\nb: -1\nc: 1.5\nd: yes\ne: ~\nf: 2018-02-30\ng: 12:30\nh: a#b\ni: ''\nj: 'it''s'\nk: {}\n",
    "a:\n- x\n- y: 1\n  z:\n  - 2\n  w: 3\nb:\n  c: >-\n    one\n    two\n\n    three\n",
    "d: |\n    one\n    two\ne: |-\n  one\n\n  two\n\nf: -x\ng: [-1, -x, yes]\nh: []\n",
    "a: one  \n  two\n\n  three\nb: 'one\n  two'\nc: \"x: y\"\n",
    "# a comment\n\n- -1\n- x\n  # another\n-   k: v\n    l: w\n",
    "a: 'x   \n  y'\nb: \"x\n\n\n  y  \"\n",
]
LEFT = [
    "a: [x, ]\n",  # a flow sequence not of plain scalars, one per item
    "a: {x: 1}\n",  # a flow mapping
    "- - x\n",  # a sequence in a sequence
    "-\n  c: 1\n",  # an item on the lines below its dash
    "a: 1\na: 2\n",  # a key given twice: libyaml reports it
    "a: 1\n  b: 2\n",  # broken indentation
    "a: &x 1\nb: *x\n",
    'a: "tab\\tescape"\n',
    "yes: 1\n",  # a key that is not text
    "a: b # comment\n",
    "\ta: 1\n",
    "a:\n\tb: 1\n",
    "a: >+\n  x\n",
    "a: |2\n   x\n",
    "a: >\n\n  x\n",
    "a: >\n  x\n   y\n",  # a more indented line in a folded scalar
    "a: |\n  x\n     \n  y\n",  # a blank line holding spaces of the text
    "--- \na: 1\n",
    "a: 'never closed\n",
    "a: 'x' y\n",  # something after the quote
    "a: 'x\n  '\n",  # a break just before the closing quote
    "a:\n  b: 'x\ny'\n",  # a quoted scalar going on less indented (libyaml does not mind)
    "a: 1\r\nb: 2\r\n",
    "a: x\u2028b: y\n",
    "\ufeffa: 1\n",
    "# only a comment\n",
]


@pytest.mark.parametrize("text", READ)
def test_the_plain_reader_reads_these_as_libyaml(text: str) -> None:
    assert _as_libyaml(text)


@pytest.mark.parametrize("text", LEFT)
def test_the_plain_reader_leaves_these_to_libyaml(text: str) -> None:
    assert not _as_libyaml(text)


_KEYS = st.sampled_from(["a", "b", "c", "d", "e", "f", "text", "kind", "null_", "x-y", "_z", "on"])
_WORDS = st.text(alphabet=" abc:#'\"-[],{}&*!|>%@`?\t1.~\u00e9\\", min_size=0, max_size=12)
_SCALARS = st.one_of(_WORDS, st.integers(-5, 5), st.booleans(), st.none(), st.floats(allow_nan=False))
_DATA = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_KEYS, inner, max_size=4)),
    max_leaves=12,
)


@settings(max_examples=400, deadline=None)
@given(
    data=st.dictionaries(_KEYS, _DATA, min_size=1, max_size=4),
    width=st.integers(4, 80),
    indent=st.integers(2, 4),
    flow=st.sampled_from([False, None]),
)
def test_the_plain_reader_reads_dumped_data_as_libyaml(
    data: dict[str, object], width: int, indent: int, flow: bool | None
) -> None:
    """What PyYAML writes (wrapped, quoted, indented or not, in flow style or not)."""
    text = yaml.safe_dump(data, width=width, indent=indent, default_flow_style=flow, allow_unicode=True)
    _as_libyaml(text)


_ROWS = st.sampled_from(
    [
        "a:",
        "b: 1",
        "c: x y",
        "d: 'q",
        'e: "q',
        "q'",
        'q"',
        "f: >-",
        "g: |",
        "h: >",
        "- ",
        "- x",
        "- k: v",
        "-",
        "  ",
        "# c",
        "more words",
        "i: [x, y]",
        "j: []",
        "k: 'x''y'",
        "l: a #b",
        "m: on",
        "",
        'n: ""',
        "o: - x",
        "p: x:",
        "[x]",
        "\tq: 1",
    ]
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 6), _ROWS), min_size=1, max_size=10))
def test_the_plain_reader_reads_any_rows_as_libyaml_or_leaves_them(rows: list[tuple[int, str]]) -> None:
    """Rows of every kind at every indentation: most documents so made are broken, and the plain
    reader must leave each of those to libyaml (which complains) rather than read it otherwise."""
    _as_libyaml("".join(" " * indent + row + "\n" for indent, row in rows))


def test_the_plain_reader_is_what_read_yaml_uses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("a:\n- b: 1\n", encoding="utf-8")
    monkeypatch.setattr(yamlio, "_Loader", None)  # libyaml is not needed: it would fail if used
    doc, problems = read_yaml(path, "f.yaml")
    assert doc is not None
    assert problems == []
    assert doc.data == {"a": [{"b": 1}]}
    assert doc.line(("a", 0, "b")) == 2
