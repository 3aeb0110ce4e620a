"""A generated method's keywords, bound to one operation's wire (pure, no I/O).

Every generated resource method passes its keywords here (``locals()``); the signature rules of
``procore_sdk/_operations/_signature.py`` map each Python name back to the chosen version's
wire name, so the mapping is written once for every method, the CLI included.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from ._config import check_mapping
from ._endpoints import array_form, encode_sort
from ._errors import argument_type_error, invalid_argument
from ._operations import Operation
from ._operations._signature import Argument, Method, is_date_name
from ._query import format_range, format_value
from ._types import UnsetType

__all__ = ["Bound", "bind", "refuse_unknown"]

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
    is_filter = argument.kind == "filter"
    if is_filter and isinstance(value, tuple) and is_date_name(argument.name):
        return format_range(argument.name, value)
    if is_filter and argument.name == "include_deleted" and value is True:
        value = "with"  # Procore takes "only" or "with" (deleted records too)
    several = _is_sequence(value) or isinstance(value, tuple)
    if several and not (argument.is_array or is_filter):
        raise argument_type_error(
            argument.name, value, f"one value ({method.group}.{method.action} takes no list here)"
        )
    for item in list(value) if several else [value]:
        if not isinstance(item, Mapping):  # an object parameter travels as name[key]=value
            format_value(item, argument=argument.name)  # refuses what a query cannot carry
    if argument.enum:
        for item in list(value) if several else [value]:
            # Numeric codes are strings in the reference ("0".."3"); an int reads the same.
            if isinstance(item, bool) or str(item) not in argument.enum:
                raise invalid_argument(
                    argument.name, item, "one of " + ", ".join(repr(v) for v in argument.enum)
                )
    return value


def refuse_unknown(method: Method, op: Operation, unknown: Mapping[str, Any]) -> None:
    """Refuse keywords a method does not take, naming the closest ones it does.

    Generated methods collect them in ``**unknown`` (typed ``Never``, so a type checker
    reports them first); Procore would ignore an unknown filter and return unfiltered records.

    Raises:
        InvalidArgumentError: for the first unknown keyword.
    """
    for name, value in unknown.items():
        accepted = sorted(a.name for a in method.arguments if a.wire(op.version))
        if name == "sort":
            detail = "nothing: Procore documents no sorting on this list"
        else:
            close = difflib.get_close_matches(name, accepted, n=3)
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            detail = (
                f"a keyword of {method.group}.{method.action} {op.version}: Procore documents no "
                f"filters[{name}] or {name} parameter there{hint}; it takes "
                + (", ".join(accepted) or "no parameters")
            )
        raise invalid_argument(name, value, detail)


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
        argument = method.argument(name)
        if argument is None:
            continue  # an option (version=, per_page=...) or self
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
            if method.returns == "pager" and param.name in ("page", "per_page"):
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
