"""A generated method's keywords, bound to one operation's wire (pure, no I/O).

Every generated resource method passes its keywords here (``locals()``); the signature rules of
``procore_sdk/_operations/_signature.py`` map each Python name back to the chosen version's
wire name, so the mapping is written once for every method, the CLI included.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from ._config import check_mapping
from ._endpoints import array_form, encode_sort
from ._errors import argument_type_error, invalid_argument
from ._operations import Operation
from ._operations._signature import OPTION_NAMES, Argument, Method, is_date_name
from ._query import format_range
from ._types import UnsetType

__all__ = ["Bound", "bind"]

_BRACKETS = re.compile(r"\[([^\]]*)\]")


class Bound(NamedTuple):
    """Where a call's values go: path and scope values by name, and the query (nested)."""

    values: dict[str, Any]
    query: dict[str, Any]


def _put(query: dict[str, Any], wire: str, value: Any) -> None:
    # ``filters[a][b]`` -> query["filters"]["a"]["b"]; a trailing ``[]`` is the array form,
    # which the query encoder writes for any list (Procore's "Filtering on List Actions").
    head, _, rest = wire.partition("[")
    keys = [head, *_BRACKETS.findall("[" + rest)] if rest else [head]
    if keys[-1] == "":
        keys.pop()
        if not isinstance(value, (list, tuple, set, frozenset)):
            value = [value]
    node = query
    for key in keys[:-1]:
        child = node.get(key)
        if not isinstance(child, dict):
            child = node[key] = {}
        node = child
    node[keys[-1]] = value


def _is_sequence(value: Any) -> bool:
    return isinstance(value, (list, set, frozenset)) or (
        isinstance(value, Sequence) and not isinstance(value, (str, bytes, tuple))
    )


def _check(method: Method, argument: Argument, value: Any) -> Any:
    """``value`` as sent: a range formatted, enum values checked."""
    if argument.kind == "filter" and isinstance(value, tuple) and is_date_name(argument.name):
        return format_range(argument.name, value)
    values = list(value) if _is_sequence(value) or isinstance(value, tuple) else [value]
    if (_is_sequence(value) or isinstance(value, tuple)) and not argument.is_array:
        raise argument_type_error(
            argument.name, value, f"one value ({method.group}.{method.action} takes no list here)"
        )
    if argument.enum:
        for item in values:
            if item not in argument.enum:
                raise invalid_argument(
                    argument.name, item, "one of " + ", ".join(repr(v) for v in argument.enum)
                )
    return value


def bind(
    method: Method,
    op: Operation,
    given: Mapping[str, Any],
    *,
    sort: str | Sequence[str] | None = None,
    filters: Mapping[str, Any] | None = None,
    params: Mapping[str, Any] | None = None,
) -> Bound:
    """The values and query of one call of ``method`` in ``op``'s version.

    ``given`` holds the method's keywords by Python name (``None`` is "not given"; option
    names and ``self`` are ignored). ``filters`` and ``params`` pass other ``filters[...]``
    and query values through as given.

    Raises:
        InvalidArgumentError: a keyword the chosen version does not take (Procore would ignore
            it and return unfiltered records), a value outside the parameter's enum, or a
            required query parameter missing.
        ArgumentTypeError: a list where the parameter takes one value, or ``filters``/``params``
            not a mapping.
    """
    values: dict[str, Any] = {}
    query: dict[str, Any] = {}
    for name, value in given.items():
        if value is None or isinstance(value, UnsetType) or name == "self":
            continue
        if name in OPTION_NAMES:
            continue
        argument = method.argument(name)
        if argument is None:
            continue
        wire = argument.wire(op.version)
        if wire is None:
            offered = ", ".join(v for v, _ in argument.wires)
            raise invalid_argument(
                name,
                value,
                f"nothing in {op.version}: {method.group}.{method.action} takes it in "
                f"{offered} (pass version=)",
            )
        if argument.kind in ("id", "path", "scope"):
            values[wire] = value
        else:
            _put(query, wire, _check(method, argument, value))
    for param in (*op.query, *op.filters):
        if param.required and not _has(query, param.name) and param.name not in values:
            if op.paging != "none" and param.name in ("page", "per_page"):
                continue
            argument = next((a for a in method.arguments if a.wire(op.version) == param.name), None)
            name = argument.name if argument is not None else param.name
            raise invalid_argument(
                name, None, f"a value: {method.group}.{method.action} requires {param.name}"
            )
    if sort is not None:
        query.update(encode_sort(op.sort, sort))
    if filters is not None:
        extra = check_mapping("filters", filters)
        query["filters"] = {**query.get("filters", {}), **extra}
    if params is not None:
        query.update(check_mapping("params", params))
    return Bound(values, array_form(op, query))


def _has(query: Mapping[str, Any], wire: str) -> bool:
    head, _, rest = wire.partition("[")
    node: Any = query.get(head)
    for key in _BRACKETS.findall("[" + rest) if rest else []:
        if key == "":
            break
        if not isinstance(node, Mapping):
            return False
        node = node.get(key)
    return node is not None
