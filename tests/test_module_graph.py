"""The modules' imports form no cycle, lazy imports inside functions included: data
flows one way (reader → model → prose tree → exporters), and no format family imports
another."""

from __future__ import annotations

import ast
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[1] / "src"
FAMILIES = ("pdf", "epub", "anki", "pandoc", "ics")


def module_name(path: Path) -> str:
    parts = path.relative_to(SOURCE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Each confexport module → the confexport modules it imports (anywhere in it).

    ``from package import submodule`` counts as importing the submodule alone."""
    paths = {module_name(path): path for path in (SOURCE / "confexport").rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        imported: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                submodules = {f"{node.module}.{alias.name}" for alias in node.names}
                found = submodules & set(paths)
                imported |= found | ({node.module} if len(found) < len(submodules) else set())
        graph[name] = {module for module in imported if module in paths and module != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    found: list[list[str]] = []
    state: dict[str, str] = {}
    path: list[str] = []

    def visit(module: str) -> None:
        state[module] = "open"
        path.append(module)
        for other in sorted(graph[module]):
            if state.get(other) == "open":
                found.append([*path[path.index(other) :], other])
            elif other not in state:
                visit(other)
        path.pop()
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module)
    return found


def test_the_graph_is_read() -> None:
    graph = import_graph()
    assert "confexport.prose" in graph["confexport.exporters.ics.text"]
    assert cycles({"a": {"b"}, "b": {"a"}}) == [["a", "b", "a"]]


def test_no_module_imports_itself_through_others() -> None:
    assert cycles(import_graph()) == []


def test_no_format_family_imports_another() -> None:
    crossings = [
        f"{module} imports {other}"
        for module, imported in import_graph().items()
        for other in imported
        for family in FAMILIES
        for elsewhere in FAMILIES
        if family != elsewhere
        and module.startswith(f"confexport.exporters.{family}")
        and other.startswith(f"confexport.exporters.{elsewhere}")
    ]
    assert crossings == []
