"""A fake Procore for tests, examples and benchmarks: ``FakeProcore`` and its helpers.

``FakeProcore`` serves Procore's documented behaviour (OAuth, company header, pagination,
filters, Sync, webhooks, rate limits) in memory, through an httpx transport, an ASGI app or a
real loopback socket. See ``procore_sdk.testing.vcr`` for cassette helpers.

The fake's own records of webhooks are ``FakeHook``, ``FakeTrigger``, ``FakeDelivery`` and
``FakeDeliveryAttempt``, so that they never read as the SDK's models
(``procore_sdk.models.Hook``...). Their former names ``Hook``, ``Trigger``, ``Delivery`` and
``DeliveryAttempt`` still work and warn with a ``DeprecationWarning``.
"""

from __future__ import annotations

import warnings

from .._lazy import TYPE_CHECKING, attach

if TYPE_CHECKING:
    from typing import Any

    from ._app import DEFAULT_SIZES, FakeProcore, RecordedRequest, Validator
    from ._faults import DroppedConnection, Fault, FaultKind
    from ._oauth import IssuedToken
    from ._responses import FakeResponse
    from ._webhooks import FakeDelivery, FakeDeliveryAttempt, FakeHook, FakeTrigger

    # The former names (below) stay valid for type checkers, as they were while the module's
    # __getattr__ was visible to them; at run time they warn.
    Hook = FakeHook
    Trigger = FakeTrigger
    Delivery = FakeDelivery
    DeliveryAttempt = FakeDeliveryAttempt

__all__ = [
    "FakeProcore",
    "DEFAULT_SIZES",
    "FakeResponse",
    "RecordedRequest",
    "Validator",
    "Fault",
    "FaultKind",
    "DroppedConnection",
    "IssuedToken",
    "FakeDelivery",
    "FakeDeliveryAttempt",
    "FakeHook",
    "FakeTrigger",
]

# Where each name in __all__ lives (the TYPE_CHECKING imports above, for type checkers); each
# loads on first use, so the pytest plugin can import this package for nothing.
_EXPORTS: dict[str, tuple[str, ...]] = {
    "._app": ("DEFAULT_SIZES", "FakeProcore", "RecordedRequest", "Validator"),
    "._faults": ("DroppedConnection", "Fault", "FaultKind"),
    "._oauth": ("IssuedToken",),
    "._responses": ("FakeResponse",),
    "._webhooks": ("FakeDelivery", "FakeDeliveryAttempt", "FakeHook", "FakeTrigger"),
}

# Former names, documented in the testing reference; they collided with procore_sdk.models' Hook,
# Trigger and Delivery, which the client returns.
_DEPRECATED = {
    "Hook": "FakeHook",
    "Trigger": "FakeTrigger",
    "Delivery": "FakeDelivery",
    "DeliveryAttempt": "FakeDeliveryAttempt",
}


def _deprecated(name: str) -> Any:
    if name in _DEPRECATED:
        new = _DEPRECATED[name]
        warnings.warn(
            f"procore_sdk.testing.{name} is deprecated; use procore_sdk.testing.{new} "
            f"(procore_sdk.models.{name} is the SDK's model, a different class)",
            DeprecationWarning,
            stacklevel=3,
        )
        from . import _webhooks

        return getattr(_webhooks, new)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# Hidden from type checkers: a module __getattr__ would make every misspelt name type-check.
if not TYPE_CHECKING:
    __getattr__, __dir__ = attach(__name__, _EXPORTS, fallback=_deprecated)

del TYPE_CHECKING, attach
