"""The public surface: exports, typing marker, sync/async signature parity (issue 2, item 10)."""

from __future__ import annotations

import inspect
import subprocess
import sys
from pathlib import Path

import procore_sdk
from procore_sdk import AsyncProcore, Procore

ROOT = Path(__file__).resolve().parents[2]


def _public_methods(cls: type) -> dict[str, inspect.Signature]:
    methods = {}
    for name, member in inspect.getmembers(cls):
        if name.startswith("_") and name not in {
            "__init__",
            "__enter__",
            "__exit__",
            "__aenter__",
            "__aexit__",
        }:
            continue
        if callable(member) or isinstance(member, property):
            methods[name] = inspect.signature(member) if callable(member) else None
    return methods


def _shape(sig: inspect.Signature | None) -> list[tuple[str, object, object]] | None:
    if sig is None:
        return None
    return [(p.name, p.kind, p.default) for p in sig.parameters.values()]


TWIN_NAMES = {"__aenter__": "__enter__", "__aexit__": "__exit__", "aclose": "close"}


def test_procore_and_async_procore_have_the_same_signatures() -> None:
    sync_methods = _public_methods(Procore)
    async_methods = {TWIN_NAMES.get(k, k): v for k, v in _public_methods(AsyncProcore).items()}
    assert set(sync_methods) == set(async_methods)
    for name, sig in sync_methods.items():
        assert _shape(sig) == _shape(async_methods[name]), name
        member = getattr(AsyncProcore, {v: k for k, v in TWIN_NAMES.items()}.get(name, name))
        if name in {"request", "get", "post", "put", "patch", "delete"}:
            assert inspect.iscoroutinefunction(member), name


def test_all_is_exactly_the_public_names() -> None:
    public = {n for n in dir(procore_sdk) if not n.startswith("_")} - {"annotations"}
    modules = {n for n in public if inspect.ismodule(getattr(procore_sdk, n))}
    assert set(procore_sdk.__all__) - {"__version__"} == public - modules
    for name in procore_sdk.__all__:
        obj = getattr(procore_sdk, name)
        if isinstance(obj, type):
            assert obj.__module__ == "procore_sdk", name


def test_py_typed_and_version() -> None:
    assert (ROOT / "procore_sdk" / "py.typed").exists()
    assert procore_sdk.__version__.count(".") == 2


def test_sync_twin_is_generated_and_current() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "unasync.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
