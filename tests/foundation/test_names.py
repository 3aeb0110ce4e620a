"""Names that explain themselves: no public name means two things, one convention for async.

The async convention is the one ``scripts/unasync.py`` assumes: an async class is ``AsyncX``
and its blocking twin ``X``; a module-level async function is ``async_x`` and its twin ``x``.
"""

from __future__ import annotations

import ast
import importlib
import io
import pkgutil
import tokenize
import warnings
from pathlib import Path

import pytest

import procore_sdk
import procore_sdk.testing

ROOT = Path(__file__).resolve().parents[2]
ASYNC_DIR = ROOT / "procore_sdk" / "_async"
BLOCKING_DIR = ROOT / "procore_sdk" / "_blocking"


def _public_modules() -> list[str]:
    """``procore_sdk`` and every module under it whose dotted name has no private part."""
    names = ["procore_sdk"]
    for info in pkgutil.walk_packages(procore_sdk.__path__, "procore_sdk."):
        parts = info.name.split(".")[1:]
        if not any(p.startswith("_") for p in parts):
            names.append(info.name)
    return names


def test_no_name_is_exported_by_two_public_modules_with_different_meanings() -> None:
    meanings: dict[str, dict[int, str]] = {}
    for module_name in _public_modules():
        module = importlib.import_module(module_name)
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name)
            meanings.setdefault(name, {}).setdefault(id(obj), module_name)
    clashes = {name: sorted(by_id.values()) for name, by_id in meanings.items() if len(by_id) > 1}
    assert clashes == {}


def test_the_public_modules_checked_include_testing_and_models() -> None:
    # The clash check above is only as good as the modules it walks.
    assert {"procore_sdk.models", "procore_sdk.testing", "procore_sdk.webhooks"} <= set(
        _public_modules()
    )


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Hook", "FakeHook"),
        ("Trigger", "FakeTrigger"),
        ("Delivery", "FakeDelivery"),
        ("DeliveryAttempt", "FakeDeliveryAttempt"),
    ],
)
def test_the_fakes_former_webhook_names_still_work_and_warn(old: str, new: str) -> None:
    with pytest.warns(DeprecationWarning, match=rf"procore_sdk\.testing\.{new}"):
        cls = getattr(procore_sdk.testing, old)
    assert cls is getattr(procore_sdk.testing, new)
    assert old not in procore_sdk.testing.__all__


def test_the_fakes_new_names_do_not_warn() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        from procore_sdk.testing import FakeDelivery, FakeHook  # noqa: F401


def test_an_unknown_testing_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="Nope"):
        procore_sdk.testing.Nope  # noqa: B018


# -- the async convention over procore_sdk/_async -----------------------------------------


def _async_modules() -> list[Path]:
    return sorted(p for p in ASYNC_DIR.glob("*.py") if p.name != "__init__.py")


def _top_level(path: Path) -> list[ast.stmt]:
    return ast.parse(path.read_text(encoding="utf-8")).body


@pytest.mark.parametrize("path", _async_modules(), ids=lambda p: p.name)
def test_every_public_async_class_is_named_async_x_with_a_twin_x(path: Path) -> None:
    sync_module = importlib.import_module(f"procore_sdk._blocking.{path.stem}")
    classes = [n.name for n in _top_level(path) if isinstance(n, ast.ClassDef)]
    public = [c for c in classes if not c.startswith("_")]
    unprefixed = {c for c in public if not c.startswith("Async")}
    assert unprefixed == set(), f"{path.name}: pure helpers belong outside _async"
    for name in public:
        twin = name.removeprefix("Async")
        assert isinstance(getattr(sync_module, twin, None), type), f"{name} has no twin {twin}"


@pytest.mark.parametrize("path", _async_modules(), ids=lambda p: p.name)
def test_every_module_level_coroutine_is_named_async_x_with_a_twin_x(path: Path) -> None:
    sync_module = importlib.import_module(f"procore_sdk._blocking.{path.stem}")
    for node in _top_level(path):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        public = not node.name.startswith("_")
        if isinstance(node, ast.AsyncFunctionDef) and public:
            # A public coroutine named like its twin would read the same in both clients.
            assert node.name.startswith("async_"), f"{path.name}: {node.name}"
        if node.name.startswith("async_"):
            twin = node.name.removeprefix("async_")
            assert callable(getattr(sync_module, twin, None)), f"{node.name} has no twin {twin}"


@pytest.mark.parametrize("path", sorted(BLOCKING_DIR.glob("*.py")), ids=lambda p: p.name)
def test_no_identifier_in_the_blocking_twin_still_says_async(path: Path) -> None:
    # unasync rewrites ``async_x`` and ``AsyncX`` only at the start of a name: ``_async_x``
    # or ``x_async`` would survive into the blocking client and read as async there.
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
    names = {t.string for t in tokens if t.type == tokenize.NAME}
    assert {n for n in names if "async" in n.lower()} == set()


# Names an outside interface fixes (httpx.AsyncBaseTransport).
INTERFACE_NAMES = {"handle_async_request"}
# The convention (as AuthorizationCodeFlow.async_exchange_code has it) is ``async_x``.


def test_every_coroutine_that_says_async_says_it_first() -> None:
    package = ROOT / "procore_sdk"
    found = set()
    for path in sorted(package.rglob("*.py")):
        if path.parent == BLOCKING_DIR:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = getattr(node, "name", "")
            if (
                isinstance(node, ast.AsyncFunctionDef)
                and "async" in name
                and not name.lstrip("_").startswith("async_")
                and name not in INTERFACE_NAMES
            ):
                found.add((path.relative_to(package).as_posix(), name))
    assert found == set()
