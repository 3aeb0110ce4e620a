"""Base classes of every model; the serde layer keys its hooks on them."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import attrs

__all__ = ["ReadModel", "WriteModel", "slot_setter"]

_DECLARED: dict[type[Any], frozenset[str]] = {}


def _declared(cls: type[Any]) -> frozenset[str]:
    names = _DECLARED.get(cls)
    if names is None:
        names = _DECLARED[cls] = frozenset(a.name for a in attrs.fields(cls))
    return names


def slot_setter(cls: type[Any], name: str) -> Callable[[Any, Any], None]:
    """The slot descriptor's ``__set__``: writes a frozen slotted field without ``__setattr__``."""
    for klass in cls.__mro__:
        descriptor = klass.__dict__.get(name)
        if descriptor is not None and hasattr(descriptor, "__set__"):
            setter: Callable[[Any, Any], None] = descriptor.__set__
            return setter
    raise TypeError(f"{cls.__name__}.{name} is not a slot")


@attrs.frozen(kw_only=True)
class ReadModel:
    """A record as Procore returns it.

    Every field is optional (Procore omits and nulls fields freely) and reads as ``None`` when
    Procore did not send it; fields the SDK does not declare are kept in ``extra``. Enum-like
    fields are plain ``str`` so a new value never breaks a client.
    """

    if not TYPE_CHECKING:  # hidden from type checkers, so a misspelt field is still an error

        def __getattr__(self, name: str) -> Any:
            # Only called for a slot never assigned: the fast structuring path assigns just the
            # keys Procore sent (assigning ~80 slots per record would dominate a listing).
            if name in _declared(type(self)):
                if name == "extra":
                    # Left unset by the fast path when Procore sent no unknown key: made empty
                    # and kept on first read, so it is one dict a caller can rely on, as ever.
                    extra: dict[str, Any] = {}
                    slot_setter(type(self), "extra")(self, extra)
                    return extra
                return None
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")


@attrs.frozen(kw_only=True)
class WriteModel:
    """Attributes to send when creating, updating or syncing a record.

    Every field defaults to ``procore_sdk.UNSET`` ("leave unchanged", not sent);
    ``None`` is sent as JSON ``null`` ("clear this field").
    """
