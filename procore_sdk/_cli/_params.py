"""Turning command-line text into the SDK's call values (pure, no I/O).

``-p filters[status]=open`` and ``--status open`` both become ``{"filters": {"status":
"open"}}``, which the SDK's query encoder sends as ``filters[status]=open``; a value with
``...`` is a range (``2026-01-01...`` is open-ended), sent as the SDK sends a ``(start, end)``
pair (Procore docs: Filtering and Sorting on List Actions).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .._errors import InvalidArgumentError

__all__ = ["load_data", "nest", "parse_pairs", "parse_value"]

_KEY = re.compile(r"^([^\[\]]+)((?:\[[^\[\]]*\])*)$")


def parse_value(text: str) -> Any:
    """A range ``a...b`` (either end may be empty) as a ``(start, end)`` pair; else the text."""
    if "..." in text:
        start, _, end = text.partition("...")
        return (start or None, end or None)
    return text


def _split(key: str, argument: str) -> list[str]:
    match = _KEY.match(key)
    if match is None:
        raise InvalidArgumentError(
            f"{argument} key must look like name or name[sub][...]; got {key!r}",
            argument=argument,
        )
    head, rest = match.groups()
    return [head, *re.findall(r"\[([^\[\]]*)\]", rest)]


def nest(target: dict[str, Any], wire: str, value: Any, *, argument: str = "-p") -> None:
    """Put ``value`` at ``wire`` (``filters[updated_at][gt]``) as nested mappings; a trailing
    ``[]`` makes the value a list (the encoder writes the brackets back)."""
    parts = _split(wire, argument)
    as_list = parts[-1] == ""
    if as_list:
        parts.pop()
    node = target
    for part in parts[:-1]:
        child = node.setdefault(part, {})
        if not isinstance(child, dict):
            raise InvalidArgumentError(
                f"{argument} {wire!r} nests under {part!r}, which already has a value",
                argument=argument,
            )
        node = child
    last = parts[-1]
    if as_list or last in node:
        previous = node.get(last)
        items = [] if previous is None else previous if isinstance(previous, list) else [previous]
        node[last] = [*items, *(value if isinstance(value, list) else [value])]
    else:
        node[last] = value


def parse_pairs(pairs: Iterable[str], *, argument: str = "-p") -> dict[str, Any]:
    """``["filters[status]=open", "per_page=10"]`` as nested parameters; a repeated key
    collects a list."""
    params: dict[str, Any] = {}
    for pair in pairs:
        key, sep, text = pair.partition("=")
        if not sep or not key:
            raise InvalidArgumentError(
                f"{argument} takes key=value; got {pair!r}", argument=argument
            )
        nest(params, key, parse_value(text), argument=argument)
    return params


def load_data(text: str | None, *, stdin: Any = None) -> Any:
    """``--data``: ``@file.json``, ``@-`` (standard input) or inline JSON."""
    if text is None:
        return None
    if text.startswith("@"):
        name = text[1:]
        if name == "-":
            source = (stdin or sys.stdin).read()
        else:
            try:
                source = Path(name).read_text(encoding="utf-8")
            except OSError as exc:
                raise InvalidArgumentError(
                    f"--data cannot read {name!r}: {exc.strerror}", argument="--data"
                ) from exc
    else:
        source = text
    try:
        return json.loads(source)
    except ValueError as exc:
        raise InvalidArgumentError(
            f"--data must be JSON (inline, @file.json or @-): {exc}", argument="--data"
        ) from exc
