"""Sentinels and small shared type aliases."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any, Final, Literal, TypeAlias, TypeVar, Union

__all__ = ["UNSET", "Headers", "JSON", "Params", "Unset", "UnsetType"]


class UnsetType(enum.Enum):
    """Type of ``UNSET``: "leave unchanged" / "not given", as opposed to ``None`` ("null")."""

    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> Literal[False]:
        return False


UNSET: Final = UnsetType.UNSET
"""Marks an argument or write-model field that was not given.

In write models it means "leave this field unchanged"; ``None`` means "set it to null".
"""

T = TypeVar("T")
Unset: TypeAlias = Union[T, UnsetType]
"""``Unset[int]`` is ``int | UnsetType``: a value, or ``UNSET``."""

JSON: TypeAlias = Any
"""A decoded JSON value."""
Params: TypeAlias = Mapping[str, Any]
Headers: TypeAlias = Mapping[str, str]
