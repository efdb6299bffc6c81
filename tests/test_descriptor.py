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

    monkeypatch.setattr(descriptor.json, "loads", measured)
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
