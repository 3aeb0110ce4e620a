"""The package's modules import each other as a DAG: no module needs itself to load.

Imports under ``if TYPE_CHECKING:`` are left out (they never run). For ``procore_sdk.testing``
imports inside functions count too: a deferred import is how a cycle hides, and the fake's
modules had one (``_app`` -> ``_resources`` -> ``_app``) before ``_responses`` became a leaf.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "procore_sdk"


def _module_names() -> dict[str, Path]:
    names = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(body: Iterable[ast.stmt], *, deferred: bool) -> Iterator[ast.Import | ast.ImportFrom]:
    for node in body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        elif isinstance(node, ast.If):
            if not _is_type_checking(node.test):
                yield from _imports(node.body, deferred=deferred)
            yield from _imports(node.orelse, deferred=deferred)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody):
                yield from _imports(block, deferred=deferred)
            for handler in node.handlers:
                yield from _imports(handler.body, deferred=deferred)
        elif deferred and isinstance(
            node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.With)
        ):
            yield from _imports(node.body, deferred=deferred)


def _graph(*, deferred_under: str) -> dict[str, set[str]]:
    """Module -> the package's modules it imports when loaded (and, under ``deferred_under``,
    when its functions run)."""
    modules = _module_names()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        deferred = name == deferred_under or name.startswith(deferred_under + ".")
        targets: set[str] = set()
        for node in _imports(tree.body, deferred=deferred):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
                continue
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                targets.add(submodule if submodule in modules else source)
        graph[name] = {t for t in targets if t in modules and t != name}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
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
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_package_has_no_import_cycle_at_load_time() -> None:
    assert _cycles(_graph(deferred_under="procore_sdk.testing")) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    # Guards the check above against passing because it cannot see anything.
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]


def test_the_fakes_response_module_is_a_leaf() -> None:
    graph = _graph(deferred_under="procore_sdk.testing")
    assert graph["procore_sdk.testing._responses"] == set()
    # The parts of the fake that answer requests build responses without importing _app.
    for part in ("_resources", "_sync_action", "_webhooks"):
        assert "procore_sdk.testing._app" not in graph[f"procore_sdk.testing.{part}"], part
