"""User-facing text cites Procore's own pages, never the section numbers of our fact digest.

Contributors read a digest of Procore's documentation whose sections are numbered ("§4").
Users never see it, so a "§" in a docstring rendered by mkdocstrings, a docs page, an example,
an error or log message, or any other string the package ships is a citation nobody can follow.
"""

from __future__ import annotations

import ast
import importlib
import inspect
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "procore_sdk"
SIGN = "\N{SECTION SIGN}"
PUBLIC_MODULES = [
    "procore_sdk",
    "procore_sdk.auth",
    "procore_sdk.webhooks",
    "procore_sdk.testing",
    "procore_sdk.models",
]


def _public_docstrings(module_name: str) -> Iterator[tuple[str, str]]:
    """``(qualified name, docstring)`` of the module, its ``__all__``, and their members."""
    module = importlib.import_module(module_name)
    yield module_name, inspect.getdoc(module) or ""
    names = getattr(module, "__all__", None)
    assert names, f"{module_name} has no __all__ to walk"
    for name in names:
        obj = getattr(module, name)
        qualified = f"{module_name}.{name}"
        yield qualified, inspect.getdoc(obj) or ""
        if not inspect.isclass(obj):
            continue
        # Inherited members are rendered too (e.g. ``list`` of every resource class).
        for klass in inspect.getmro(obj):
            if not klass.__module__.startswith("procore_sdk"):
                continue
            for attr, member in vars(klass).items():
                if attr.startswith("_") and attr != "__init__":
                    continue
                target = member.fget if isinstance(member, property) else member
                target = getattr(target, "__func__", target)  # classmethod / staticmethod
                yield f"{qualified}.{attr}", getattr(target, "__doc__", None) or ""


@pytest.mark.parametrize("module_name", PUBLIC_MODULES)
def test_public_docstrings_cite_no_digest_sections(module_name: str) -> None:
    found = [name for name, doc in _public_docstrings(module_name) if SIGN in doc]
    assert found == [], f"docstrings citing digest sections: {found}"


def _text_files() -> list[Path]:
    docs = [path for path in (ROOT / "docs").rglob("*") if path.is_file()]
    examples = [path for path in (ROOT / "examples").rglob("*") if path.is_file()]
    return sorted([ROOT / "README.md", *docs, *examples])


def test_docs_readme_and_examples_cite_no_digest_sections() -> None:
    files = _text_files()
    assert ROOT / "README.md" in files
    assert any(path.suffix == ".md" and "docs" in path.parts for path in files)
    assert any(path.suffix == ".py" and "examples" in path.parts for path in files)
    found = []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:  # images and other binary assets carry no citations
            continue
        found += [
            f"{path.relative_to(ROOT)}:{number}"
            for number, line in enumerate(text.splitlines(), start=1)
            if SIGN in line
        ]
    assert found == [], f"digest section citations in user-facing files: {found}"


def _string_constants(path: Path) -> Iterator[tuple[int, str]]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value


def test_package_strings_cite_no_digest_sections() -> None:
    # Docstrings, messages and f-string parts are all string constants to ``ast``; only
    # comments escape this check (and they are kept free of "§" by hand).
    sources = sorted(PACKAGE.rglob("*.py"))
    assert PACKAGE / "_errors.py" in sources
    found = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in sources
        for line, value in _string_constants(path)
        if SIGN in value
    ]
    assert found == [], f"digest section citations in string literals: {found}"


def test_the_check_sees_an_escaped_section_sign(tmp_path: Path) -> None:
    # "\u00a7" in source is still a "§" once parsed: the generated models once spelled it so.
    source = tmp_path / "mod.py"
    source.write_text('NOTE = "see \\u00a72.6"\n', encoding="utf-8")
    assert [value for _, value in _string_constants(source)] == [f"see {SIGN}2.6"]
