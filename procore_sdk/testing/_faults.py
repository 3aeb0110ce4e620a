"""Scriptable fault injection for the fake Procore."""

from __future__ import annotations

import fnmatch
import random
import re
from typing import Literal

import attrs

__all__ = ["DroppedConnection", "Fault", "FaultInjector", "FaultKind"]

FaultKind = Literal["status", "connect_error", "drop_response", "latency"]


class DroppedConnection(Exception):
    """Raised by the request handler to make the transport drop the connection.

    Attributes:
        after_processing: ``False``: the request never reached the server (connect error);
            ``True``: the server processed it and the response was lost.
    """

    def __init__(self, *, after_processing: bool) -> None:
        super().__init__("connection dropped by fault injection")
        self.after_processing = after_processing


@attrs.define
class Fault:
    """One injected fault rule.

    Attributes:
        kind: ``status`` (answer ``status``), ``connect_error`` (fail before the request is
            processed), ``drop_response`` (process it, then lose the response) or ``latency``.
        status: the status of a ``status`` fault (500, 502, 503, 429, ...).
        retry_after: ``Retry-After`` seconds sent with a ``status`` fault.
        latency: seconds of delay for a ``latency`` fault.
        times: how many requests it affects (``None``: unlimited).
        rate: probability per matching request (seeded RNG), ``None`` = always.
        method: HTTP method to match, ``None`` = any.
        path: a glob (``/rest/v1.0/projects*``) or ``re:<regex>``; ``None`` = any path.
        hits: how many requests it has affected so far.
    """

    kind: FaultKind
    status: int = 500
    retry_after: int | None = None
    latency: float = 0.0
    times: int | None = 1
    rate: float | None = None
    method: str | None = None
    path: str | None = None
    body: str | None = None
    hits: int = 0

    def matches(self, method: str, path: str) -> bool:
        """Whether the rule applies to the request (ignoring times and rate)."""
        if self.method is not None and self.method.upper() != method.upper():
            return False
        if self.path is None:
            return True
        if self.path.startswith("re:"):
            return re.search(self.path[3:], path) is not None
        return fnmatch.fnmatchcase(path, self.path)


class FaultInjector:
    """The active fault rules of a fake.

    Args:
        seed: seeds the RNG used by ``rate``-based rules.
    """

    def __init__(self, seed: int) -> None:
        self.rules: list[Fault] = []
        self._rng = random.Random(seed)  # noqa: S311 - test data, not security

    def add(self, fault: Fault) -> Fault:
        """Activate a rule and return it."""
        self.rules.append(fault)
        return fault

    def clear(self) -> None:
        """Remove every rule."""
        self.rules.clear()

    def take(self, method: str, path: str) -> list[Fault]:
        """The rules that fire for this request (consuming their ``times``)."""
        fired = []
        for rule in self.rules:
            if rule.times is not None and rule.hits >= rule.times:
                continue
            if not rule.matches(method, path):
                continue
            if rule.rate is not None and self._rng.random() >= rule.rate:
                continue
            rule.hits += 1
            fired.append(rule)
        return fired
