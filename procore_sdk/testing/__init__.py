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
from typing import Any

from ._app import DEFAULT_SIZES, FakeProcore, RecordedRequest, Validator
from ._faults import DroppedConnection, Fault, FaultKind
from ._oauth import IssuedToken
from ._responses import FakeResponse
from ._webhooks import FakeDelivery, FakeDeliveryAttempt, FakeHook, FakeTrigger

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

# Former names, documented in the testing reference; they collided with procore_sdk.models' Hook,
# Trigger and Delivery, which the client returns.
_DEPRECATED = {
    "Hook": FakeHook,
    "Trigger": FakeTrigger,
    "Delivery": FakeDelivery,
    "DeliveryAttempt": FakeDeliveryAttempt,
}


def __getattr__(name: str) -> Any:
    if name in _DEPRECATED:
        new = _DEPRECATED[name]
        warnings.warn(
            f"procore_sdk.testing.{name} is deprecated; use procore_sdk.testing.{new.__name__} "
            f"(procore_sdk.models.{name} is the SDK's model, a different class)",
            DeprecationWarning,
            stacklevel=2,
        )
        return new
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
