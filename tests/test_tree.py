"""The test tree's own rules: one home for shared helpers, no copies, names that say what is tested.

- Helpers used by more than one folder live in ``tests/_support.py`` or ``tests/_helpers/``; a
  test module never imports another test module, nor a helper of another folder.
- No two conftests repeat each other or a fixture of ``tests/conftest.py``; there is one
  ``FakeClock``.
- Test files are named by what they test, not by when or why they were written.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
FOLDERS = {p.name for p in TESTS.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))}


_HISTORY_WORDS = re.compile(r"(^|_)(fix|fixes|fixed|regression|bug\d*|issue\d*|v\d+|new|old)(_|$)")


def _python_files() -> list[Path]:
    return sorted(p for p in TESTS.rglob("*.py") if "cassettes" not in p.parts)


def _imported_modules(path: Path) -> set[str]:
    modules: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            modules.add(node.module)
        elif isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
            modules.add(f"{path.parent.name}.{node.module}")
        elif isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
    return modules


def test_no_test_module_imports_another_test_module() -> None:
    found = set()
    for path in _python_files():
        for module in _imported_modules(path):
            if module.rpartition(".")[2].startswith("test_"):
                found.add((path.relative_to(TESTS).as_posix(), module))
    assert found == set(), "shared test code belongs in tests/_helpers"


def test_no_folder_imports_a_helper_of_another_folder() -> None:
    found = []
    for path in _python_files():
        rel = path.relative_to(TESTS)
        own = rel.parts[0] if len(rel.parts) > 1 else None
        for module in _imported_modules(path):
            top, _, rest = module.partition(".")
            if top in FOLDERS and top != own and not rest.rpartition(".")[2].startswith("test_"):
                found.append((rel.as_posix(), module))
    assert found == [], "shared test code belongs in tests/_helpers"


def test_no_conftest_repeats_another_or_a_root_fixture() -> None:
    conftests = sorted(TESTS.rglob("conftest.py"))
    texts = [p.read_text(encoding="utf-8") for p in conftests]
    assert len(set(texts)) == len(texts)

    def fixtures(path: Path) -> set[str]:
        return {
            node.name
            for node in ast.parse(path.read_text(encoding="utf-8")).body
            if isinstance(node, ast.FunctionDef)
            and any("fixture" in ast.unparse(d) for d in node.decorator_list)
        }

    root = fixtures(TESTS / "conftest.py")
    repeated = {
        p.relative_to(TESTS).as_posix(): fixtures(p) & root for p in conftests if p.parent != TESTS
    }
    assert {k: v for k, v in repeated.items() if v} == {}


def test_there_is_one_fake_clock() -> None:
    homes = [
        path.relative_to(TESTS).as_posix()
        for path in _python_files()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ClassDef) and node.name == "FakeClock"
    ]
    assert homes == ["_support.py"]


@pytest.mark.parametrize(
    "name", sorted({p.stem for p in _python_files() if p.stem.startswith("test_")})
)
def test_test_files_are_named_by_what_they_test(name: str) -> None:
    assert not _HISTORY_WORDS.search(name.removeprefix("test_")), name


@pytest.mark.parametrize(
    "name", ["test_fake_fix_seed_models", "test_pager_v2_paging", "test_auth_regression"]
)
def test_history_names_are_recognised(name: str) -> None:
    assert _HISTORY_WORDS.search(name.removeprefix("test_"))
