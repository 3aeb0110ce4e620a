"""The command line runs on the core install: the standard library, the SDK and its four
runtime dependencies (a nicer table or progress bar may only come from an optional extra)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

CLI = Path(__file__).resolve().parents[2] / "procore_sdk" / "_cli"
RUNTIME = {"httpx", "attrs", "cattrs", "typing_extensions"}


def _top_level_imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_the_cli_imports_only_the_standard_library_and_the_runtime_four() -> None:
    files = sorted(CLI.glob("*.py"))
    assert files
    # tomllib is the standard library's TOML reader from 3.11 (not in 3.10's module list); tomli
    # is 3.10's, imported only there and only when installed.
    allowed = set(sys.stdlib_module_names) | RUNTIME | {"procore_sdk", "tomllib", "tomli"}
    for path in files:
        extra = _top_level_imports(path) - allowed
        assert not extra, f"{path.name} imports {sorted(extra)}"
