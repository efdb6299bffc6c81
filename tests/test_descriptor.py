"""Reading a descriptor without its list of sources (jacksonpd.publish.descriptor): what is read
is the descriptor less that list, however it is laid out, and the list is never parsed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from jacksonpd.publish import descriptor


def _package(sources: int) -> dict[str, Any]:
    return {
        "name": "p",
        "description": 'a line\nand "quotes" ]\n  ] ,',
        "version": "1.0.0",
        "sources": [
            {"title": f"Outlet {i}, 2018-03-19: a headline ]\n  ]", "path": f"https://x.org/{i}"}
            for i in range(sources)
        ],
        "resources": [{"name": "incidents", "sources": [{"title": "a dataset"}], "schema": {"fields": []}}],
    }


@pytest.mark.parametrize(
    "package",
    [
        _package(3),
        _package(1),
        _package(0),
        {"name": "p", "sources": [{"title": "last"}]},
        {"sources": [{"title": "only"}]},
        {"name": "p", "resources": [{"sources": [{"title": "a resource's own"}]}]},
        {"name": "p"},
    ],
)
@pytest.mark.parametrize("indent", [2, None, 4, 1])
def test_the_descriptor_less_its_sources(package: dict[str, Any], indent: int | None) -> None:
    """Whatever the layout, what is read is the descriptor without its top-level sources, its
    members in their order; the resources' own sources are kept."""
    text = json.dumps(package, indent=indent, ensure_ascii=False) + "\n"
    expected = {k: v for k, v in package.items() if k != "sources"}
    lean = descriptor.without_sources(text)
    assert lean == expected
    assert list(lean) == list(expected)


def test_the_list_of_sources_is_not_parsed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A descriptor as the build writes it is read without parsing its sources: the text parsed
    is the same size for 10 sources as for 10,000."""
    parsed: list[int] = []
    loads = json.loads

    def measured(text: str) -> Any:
        parsed.append(len(text))
        return loads(text)

    monkeypatch.setattr(json, "loads", measured)
    sizes = []
    for n in (10, 10_000):
        path = tmp_path / f"{n}.json"
        path.write_text(json.dumps(_package(n), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        parsed.clear()
        assert "sources" not in descriptor.read_lean(path)
        sizes.append(sum(parsed))
    assert sizes[0] == sizes[1]


def test_not_json_is_refused() -> None:
    """Text that is not JSON raises ValueError, as json.loads does."""
    with pytest.raises(json.JSONDecodeError):
        descriptor.without_sources('{\n  "sources": [\n    {\n  ]\n')


@pytest.mark.parametrize("n", [0, 1, 3])
def test_written_an_entry_at_a_time_as_dumps_writes_it(tmp_path: Path, n: int) -> None:
    """A descriptor whose sources are a generator, or read back from a file an entry at a time,
    is written with the bytes of json.dumps of it with a list; the README's lines as joined."""
    package = _package(n)
    package["sources"] += [{}, {"title": "nested", "more": [1, {"a": []}, []]}, "a line alone {"]
    expected = json.dumps(package, indent=2, ensure_ascii=False) + "\n"
    streamed = tmp_path / "streamed.json"
    descriptor.write_descriptor(streamed, {**package, "sources": (s for s in package["sources"])})
    assert streamed.read_text(encoding="utf-8") == expected
    read = descriptor.read_streamed(streamed)
    assert isinstance(read["sources"], descriptor.Sources)
    assert list(read) == list(package)
    assert list(read["sources"]) == package["sources"]
    again = tmp_path / "again.json"
    descriptor.write_descriptor(again, read)
    assert again.read_text(encoding="utf-8") == expected
    listed = tmp_path / "listed.json"
    descriptor.write_descriptor(listed, package)
    assert listed.read_text(encoding="utf-8") == expected
    lines = tmp_path / "lines.md"
    descriptor.write_lines(lines, (f"- {s}" for s in package["sources"]))
    assert lines.read_text(encoding="utf-8") == "\n".join(f"- {s}" for s in package["sources"])


def test_a_descriptor_laid_out_otherwise_is_read_whole(tmp_path: Path) -> None:
    """Another layout: the sources are a list, parsed with the rest."""
    package = _package(2)
    path = tmp_path / "other.json"
    path.write_text(json.dumps(package, indent=4), encoding="utf-8")
    assert descriptor.read_streamed(path) == package
