"""read_yaml_each reads a long sequence an item at a time with the same data, lines and problems
as read_yaml; LazyLines reads the file again only for a line it was not given."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from jacksonpd.seeds.yamlio import LazyLines, Located, read_yaml, read_yaml_each

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


def test_a_key_text_kept_for_one_key_is_not_given_to_another() -> None:
    """A key's text is made once and kept: each key still gets its own JSON, a ``True`` (equal to
    ``1`` as a dict key) its own, and a colon in a key is escaped, cached or not."""
    from jacksonpd.seeds.yamlio import _key_text

    for _ in range(2):  # made, then kept
        assert _key_text(("statements", 1)) == '["statements",1]'
        assert _key_text(("statements", True)) == '["statements",true]'
        assert _key_text(("a:b", 2)) == '["a\\u003ab",2]'
        assert json.loads(_key_text(("x", 3, "text"))) == ["x", 3, "text"]


def test_a_seed_file_that_grows_as_it_is_read_is_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A seed file is read to its size and one byte more: one that has grown since its size was
    taken is read on to its end (or to the bound, which then refuses it)."""
    import os

    from jacksonpd.seeds import seedfile

    path = tmp_path / "grows.yaml"
    path.write_bytes(b"a: 1\n" * 1000)
    real = os.fstat

    def smaller(fd: int) -> os.stat_result:  # as taken before the file grew to what it is
        st = real(fd)
        return os.stat_result((*st[:6], 10, *st[7:]))

    monkeypatch.setattr(os, "fstat", smaller)
    assert seedfile.read_seed_bytes(path, "grows.yaml") == b"a: 1\n" * 1000
    monkeypatch.setitem(seedfile.LIMITS, "bytes", 4000)  # it is over the bound, as read
    monkeypatch.setattr(seedfile, "seed_file_problem", lambda *_: None)  # taken while small
    with pytest.raises(seedfile.SeedFileError, match="limit-exceeded"):
        seedfile.read_seed_bytes(path, "grows.yaml")
