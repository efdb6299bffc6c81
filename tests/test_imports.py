"""The package's import graph has no cycle.

Every ``import`` and ``from ... import`` of a module inside ``jacksonpd`` counts: those at the
top of a module, those inside functions (run on first use), and those under
``if TYPE_CHECKING:`` (never run, but a cycle there is still a knot a reader must untie). An
import names the module it imports; ``from package import name`` also names ``package.name``
when that is a module. Importing ``a.b`` runs ``a/__init__.py`` too, but that implicit edge is
not counted: every module would then depend on the package it lives in.
"""

from __future__ import annotations

import ast
from pathlib import Path

import jacksonpd

PACKAGE = Path(jacksonpd.__file__).resolve().parent


def _modules() -> dict[str, Path]:
    """Every module of the package by its dotted name (a package by its own name)."""
    found: dict[str, Path] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = ("jacksonpd", *path.relative_to(PACKAGE).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The modules of the package that module ``name`` (at ``path``) imports."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    named: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            named.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            named.add(target)
            named.update(f"{target}.{alias.name}" for alias in node.names)
    return {m for m in named if m in modules and m != name}


def import_graph() -> dict[str, set[str]]:
    """Each module of the package, and the modules of the package it imports."""
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected parts of ``graph`` with more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            part = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                part.append(top)
                if top == node:
                    break
            if len(part) > 1:
                found.append(sorted(part))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_graph_sees_the_package() -> None:
    graph = import_graph()
    assert "jacksonpd.collect.tree" in graph
    assert "jacksonpd.extract.text" in graph
    # A relative import, a function-level one and one from a package's __init__ are all seen.
    assert "jacksonpd.extract.text" in graph["jacksonpd.extract.quotes"]
    assert "jacksonpd.seeds.cited" in graph["jacksonpd.collect.tree"]
    assert "jacksonpd.importers.wapo" in graph["jacksonpd.importers"]


def test_cycles_are_found() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_package_has_no_import_cycle() -> None:
    assert cycles(import_graph()) == []


def test_extraction_depends_on_nothing_of_the_build() -> None:
    graph = import_graph()
    reached: set[str] = set()
    todo = [m for m in graph if m == "jacksonpd.extract" or m.startswith("jacksonpd.extract.")]
    while todo:
        module = todo.pop()
        if module not in reached:
            reached.add(module)
            todo.extend(graph[module])
    for build_side in (
        "jacksonpd.collect.tree",
        "jacksonpd.build",
        "jacksonpd.publish",
        "jacksonpd.seeds.incidents",
    ):
        assert build_side not in reached
