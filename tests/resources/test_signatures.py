"""Every sync/async pair has the same public surface: names, parameters, kinds, defaults."""

from __future__ import annotations

import inspect
from typing import Any

import pytest

from procore_sdk import AsyncProcore, Procore
from procore_sdk._async import _pagination as apag
from procore_sdk._async import _resource_base as abase
from procore_sdk._async import _resource_kinds as akinds
from procore_sdk._async import _resources as ares
from procore_sdk._blocking import _pagination as spag
from procore_sdk._blocking import _resource_base as sbase
from procore_sdk._blocking import _resource_kinds as skinds
from procore_sdk._blocking import _resources as sres


def _pairs() -> list[tuple[type[Any], type[Any]]]:
    pairs: list[tuple[type[Any], type[Any]]] = [
        (AsyncProcore, Procore),
        (apag.AsyncPager, spag.Pager),
        (ares.AsyncResources, sres.Resources),
    ]
    for amod, smod in ((abase, sbase), (akinds, skinds)):
        for name, cls in vars(amod).items():
            if (
                inspect.isclass(cls)
                and name.startswith(("Async", "_Async"))
                and cls.__module__ == amod.__name__
            ):
                twin = getattr(smod, name.replace("Async", "", 1))
                pairs.append((cls, twin))
    return pairs


def _public(cls: type[Any]) -> dict[str, Any]:
    out = {}
    for name in dir(cls):
        if name.startswith("_") and name not in ("__init__", "__aiter__", "__iter__"):
            continue
        out[name] = inspect.getattr_static(cls, name)
    return out


def _normal(name: str) -> str:
    return {
        "__aiter__": "__iter__",
        "aclose": "close",
        "__aenter__": "__enter__",
        "__aexit__": "__exit__",
    }.get(name, name)


def _default(value: Any) -> str:
    return getattr(value, "__qualname__", None) or repr(value)


def _describe(value: Any) -> Any:
    if isinstance(value, property):
        return "property"
    func = value.__func__ if isinstance(value, (staticmethod, classmethod)) else value
    if not callable(func):
        return "attribute"
    params = inspect.signature(func).parameters.values()
    return [(p.name, p.kind, _default(p.default)) for p in params]


@pytest.mark.parametrize(("async_cls", "sync_cls"), _pairs(), ids=lambda c: c.__name__)
def test_sync_and_async_twins_have_the_same_public_signatures(
    async_cls: type[Any], sync_cls: type[Any]
) -> None:
    async_side = {_normal(k): _describe(v) for k, v in _public(async_cls).items()}
    sync_side = {k: _describe(v) for k, v in _public(sync_cls).items()}
    assert async_side.keys() == sync_side.keys()
    for name, described in async_side.items():
        assert described == sync_side[name], name


def test_every_resource_group_has_a_twin_and_a_docstring() -> None:
    names = [n for n, v in vars(ares.AsyncResources).items() if isinstance(v, property)]
    assert len(names) >= 18
    for name in names:
        assert isinstance(getattr(sres.Resources, name), property)
        assert getattr(ares.AsyncResources, name).__doc__


def test_every_public_method_has_a_docstring() -> None:
    for async_cls, sync_cls in _pairs():
        for cls in (async_cls, sync_cls):
            assert cls.__doc__, cls.__name__
            for name, value in _public(cls).items():
                if name.startswith("__") or not callable(value):
                    continue
                assert inspect.getdoc(getattr(cls, name)), f"{cls.__name__}.{name}"
