"""Public names that load on first use (PEP 562), for the package and its public subpackages.

A package lists where each public name lives and hands the list to :func:`attach`, which returns
the module-level ``__getattr__`` and ``__dir__``. ``import procore_sdk`` then costs only this
module: the client, httpx and the models load when a name that needs them is first read.
Type checkers and IDEs read the package's ``if TYPE_CHECKING:`` imports instead, and a test
checks that those imports and the list name the same things.

This module imports nothing but the standard library's import machinery, on purpose.
"""

from __future__ import annotations

import importlib
import sys

# Not typing.TYPE_CHECKING: importing typing and collections.abc would cost more than the rest
# of ``import procore_sdk`` (type checkers treat any ``TYPE_CHECKING`` name as true).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping
    from typing import Any

__all__ = ["TYPE_CHECKING", "attach"]


def attach(
    package: str,
    exports: Mapping[str, Iterable[str]],
    *,
    submodules: Iterable[str] = (),
    public_module: str | None = None,
    fallback: Callable[[str], object] | None = None,
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of ``package``.

    Args:
        package: the package's dotted name (its ``__name__``).
        exports: module -> the public names it provides; the module relative to ``package``
            (``"._errors"``) or absolute.
        submodules: subpackages reachable as attributes (``procore_sdk.models``), imported on
            first access as they were when the package imported them eagerly.
        public_module: when set, classes exported here get this ``__module__`` (so they print
            as ``procore_sdk.NotFoundError``, not as their private module's path).
        fallback: called for a name that is neither exported nor a submodule (deprecated
            aliases); it raises ``AttributeError`` itself for unknown names.
    """
    names = {name: source for source, provided in exports.items() for name in provided}
    lazy_submodules = frozenset(submodules)

    def rename_loaded() -> None:
        # Every exported class whose module is already loaded, not only the one asked for: a
        # client raises NotFoundError before anyone reads procore_sdk.NotFoundError.
        assert public_module is not None
        for source, provided in exports.items():
            module = sys.modules.get(_absolute(source, package))
            for name in provided if module is not None else ():
                obj = getattr(module, name, None)
                if isinstance(obj, type) and obj.__module__.startswith(public_module + "._"):
                    obj.__module__ = public_module

    def __getattr__(name: str) -> Any:
        namespace = sys.modules[package].__dict__
        source = names.get(name)
        if source is not None:
            value = getattr(importlib.import_module(source, package), name)
            namespace[name] = value  # later reads skip this function
            if public_module is not None:
                rename_loaded()
            return value
        if name in lazy_submodules:
            return importlib.import_module(f"{package}.{name}")
        if fallback is not None:
            return fallback(name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    def __dir__() -> list[str]:
        namespace = sys.modules[package].__dict__
        return sorted(set(namespace) | set(names) | lazy_submodules)

    return __getattr__, __dir__


def _absolute(source: str, package: str) -> str:
    """``source`` ("._errors", ".._webhook_rules" or absolute) as an absolute module name."""
    level = len(source) - len(source.lstrip("."))
    if not level:
        return source
    base = package.rsplit(".", level - 1)[0] if level > 1 else package
    return f"{base}.{source[level:]}"
