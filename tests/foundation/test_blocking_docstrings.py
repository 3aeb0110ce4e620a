"""The generated blocking twin describes itself: no sync class, function or module docstring
says "async", "await", "coroutine" or "event loop" about itself (``help(Procore)`` once said
"Asynchronous client"). A sentence that names the other flavour ("Async clients ...") may."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from procore_sdk import Procore

BLOCKING = Path(__file__).resolve().parents[2] / "procore_sdk" / "_blocking"
ASYNC_WORDS = re.compile(
    r"\b(asynchronous|async|await|awaits|awaited|awaitable|coroutines?|event loop|"
    r"AsyncProcore)\b",
    re.IGNORECASE,
)
OTHER_FLAVOUR = re.compile(r"\bAsync clients?\b")


def _docstrings(path: Path) -> list[tuple[str, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in [tree, *ast.walk(tree)]:
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            doc = ast.get_docstring(node)
            if doc:
                found.append((getattr(node, "name", path.stem), doc))
    return found


def _offending(doc: str) -> list[str]:
    sentences = re.split(r"(?<=[.;:])\s+", " ".join(doc.split()))
    return [s for s in sentences if ASYNC_WORDS.search(s) and not OTHER_FLAVOUR.search(s)]


@pytest.mark.parametrize("path", sorted(BLOCKING.glob("*.py")), ids=lambda p: p.name)
def test_blocking_docstrings_do_not_call_themselves_async(path: Path) -> None:
    bad = [(name, s) for name, doc in _docstrings(path) for s in _offending(doc)]
    assert not bad, bad


def test_help_procore_says_synchronous() -> None:
    assert (Procore.__doc__ or "").startswith("Synchronous (blocking) client")


def test_the_check_sees_an_async_sentence() -> None:
    assert _offending("Asynchronous client for the Procore REST API.")
    assert _offending("Stores with coroutine methods are awaited.")
    assert not _offending("Async clients await stores with coroutine methods.")
