"""The Python signature of every ``group.action`` method, derived from the operation table (pure).

One method serves every version of an action (``version=`` picks one), so its keywords are the
union of the versions' parameters; a keyword the chosen version lacks is refused at the call.
The generated resource classes, the docs reference and the CLI all read these signatures, and
the call pipeline maps keywords back to the wire with them, so each name is decided once here.

Naming rules (what a reader of Procore's API reference can predict):

- ``{id}`` in the path is the first positional argument ``id``; the request body is the next,
  ``data``. Everything else is keyword-only.
- Scope and other path parameters keep their names (``project_id``, ``rfi_id``); ``company_id``
  is every method's option (the client's company by default), not listed here.
- Query parameters are snake_case (``dayRange`` -> ``day_range``, ``scope[category]`` ->
  ``scope_category``, ``cost_code_id[]`` -> ``cost_code_id``). Paging parameters are the
  pager's and ``sort`` is every sortable list's option, so neither is listed.
- ``filters[status]`` is ``status``; ``filters[id]`` is ``ids`` (``id`` names one record);
  ``filters[updated_at][gt]`` is ``updated_at_gt``. A filter whose name another parameter already
  takes is ``filter_<name>``.
- A name that is a Python keyword gets a trailing ``_`` (``from_``).
"""

from __future__ import annotations

import json
import keyword
import re
from collections.abc import Iterable
from functools import cache
from typing import Literal, NamedTuple

from . import Operation, Param, _index, default_version, versions

__all__ = [
    "OPTION_NAMES",
    "Argument",
    "Method",
    "annotation",
    "is_date_name",
    "method",
    "methods",
    "python_name",
    "returns_of",
]

ArgumentKind = Literal["id", "path", "scope", "query", "filter"]
Returns = Literal["pager", "list", "object", "none"]

OPTION_NAMES: frozenset[str] = frozenset(
    {
        "data",
        "sort",
        "filters",
        "params",
        "per_page",
        "max_items",
        "prefetch",
        "version",
        "company_id",
        "timeout",
        "max_retries",
        "unknown",
    }
)
"""Keywords every generated method may take besides its operation's parameters."""

_PAGING = frozenset({"page", "per_page", "page_size", "page_start"})
_SORT = frozenset({"sort", "sort[attribute]", "sort[direction]"})
_CAMEL = re.compile(r"(?<=[a-z0-9])([A-Z])")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_FILTER = re.compile(r"^filters?\[([^\]]+)\](.*)$")
_DATE_NAME = re.compile(r"(^|_)(at|date|dates|datetime|on)$|^date")


class Argument(NamedTuple):
    """One parameter of a method, with how it travels.

    Attributes:
        name: the Python name.
        wires: ``(version, wire name)`` for each version that has it (a path placeholder, a
            query name or ``filters[...]``); see :meth:`wire`.
        kind: ``id`` (the record's path id), ``path``, ``scope``, ``query`` or ``filter``.
        type: the JSON type in the reference (``integer``, ``string``, ``boolean``...).
        is_array: whether the reference types it as an array.
        enum: the values the reference allows (empty: any).
        required: required in every version that has it, and every version has it.
    """

    name: str
    wires: tuple[tuple[str, str], ...]
    kind: ArgumentKind
    type: str
    is_array: bool
    enum: tuple[str, ...]
    required: bool

    def wire(self, version: str | None) -> str | None:
        """The wire name in ``version``, or ``None`` when that version lacks the parameter."""
        for offered, wire in self.wires:
            if offered == (version or ""):
                return wire
        return None


class Method(NamedTuple):
    """A method of a resource group: one action over all its versions."""

    group: str
    action: str
    versions: tuple[str, ...]
    default_version: str
    operations: tuple[Operation, ...]
    arguments: tuple[Argument, ...]
    returns: Returns
    has_body: bool
    body_required: bool
    sortable: bool

    @property
    def default(self) -> Operation:
        """The operation a call without ``version=`` goes to."""
        return next(op for op in self.operations if op.version == self.default_version)

    def argument(self, name: str) -> Argument | None:
        """The argument with Python name ``name``."""
        for found in self.arguments:
            if found.name == name:
                return found
        return None


def python_name(wire: str) -> str:
    """A wire name in snake_case: ``dayRange`` -> ``day_range``, ``scope[x]`` -> ``scope_x``."""
    text = _CAMEL.sub(r"_\1", wire).lower()
    text = _NON_WORD.sub("_", text).strip("_") or "value"
    if text[0].isdigit():
        text = "p_" + text
    return text + "_" if keyword.iskeyword(text) or text in ("self", "cls") else text


def is_date_name(name: str) -> bool:
    """Whether a parameter named ``name`` holds a date or datetime (``updated_at``, ``due_date``),
    so it accepts ``date``/``datetime`` values, and ranges for filters."""
    return bool(_DATE_NAME.search(name))


_JSON_TYPES = {"integer": "int", "number": "float", "boolean": "bool", "string": "str"}


def annotation(argument: Argument) -> str:
    """The Python annotation of ``argument`` as generated code writes it (without ``None``).

    Names it uses: ``Literal``, ``Sequence``, ``Any`` (typing), ``DateLike`` and ``DateRange``
    (``procore_sdk._list_query``). Ids are ``int | str`` (REST v2.x sends string ids).
    """
    if argument.kind in ("id", "path"):
        return "int | str"
    if argument.kind == "scope":
        return "int"
    if argument.enum and argument.type in ("string", "any"):
        values = [json.dumps(v) for v in argument.enum]
        if all(v.isdigit() for v in argument.enum):
            # Numeric codes sent as strings (observation statuses "0".."3"): ints read better.
            values = list(argument.enum) + values
        base = "Literal[" + ", ".join(values) + "]"
    elif argument.type == "string" and is_date_name(argument.name):
        base = "DateLike"
    else:
        base = _JSON_TYPES.get(argument.type, "Any")
    if base == "DateLike" and argument.kind == "filter":
        return "DateRange | DateLike | Sequence[DateLike]"
    if argument.name == "include_deleted" and argument.kind == "filter":
        base += " | bool"  # True is "with" (deleted records too)
    # Any filter takes several values (``filters[x][]=a&filters[x][]=b``, Procore's "Filtering
    # on List Actions"); query parameters only where the reference types them as arrays.
    if argument.is_array or argument.kind == "filter":
        return f"{base} | Sequence[{base}]"
    return base


def _filter_name(wire: str) -> str:
    match = _FILTER.match(wire)
    if match is None:
        return python_name(wire)
    attribute, rest = match.groups()
    if attribute == "id" and rest in ("", "[]"):
        return "ids"
    return python_name(attribute + rest)


def returns_of(op: Operation) -> Returns:
    """What a call of ``op`` gives: a pager, a list, an object or nothing (see :class:`Method`)."""
    return _returns(op)


def _returns(op: Operation) -> Returns:
    kind = op.response.kind
    # A list action whose reference declares no body still answers an array of records.
    if kind == "array" or (kind == "none" and op.action.startswith("list")):
        if op.paging != "none":
            return "pager"
        if kind == "array":
            return "list"
    return "object" if kind == "object" else "none"


def _candidates(op: Operation) -> Iterable[tuple[str, str, ArgumentKind, Param | None, bool]]:
    """``(python name, wire, kind, param, required)`` of ``op``'s parameters, before clashes."""
    for placeholder in op.path_params:
        kind: ArgumentKind = "id" if placeholder == "id" else "path"
        yield python_name(placeholder), placeholder, kind, None, True
    for scope in op.scope:
        if scope.name != "company_id":
            yield python_name(scope.name), scope.name, "scope", None, scope.required
    scope_names = {s.name for s in op.scope} | set(op.path_params)
    paged = _returns(op) == "pager"
    for param in op.query:
        if param.name in scope_names or param.name in _SORT:
            continue
        if paged and param.name in _PAGING:
            continue  # the pager's own (page size is the largest the endpoint allows)
        if python_name(param.name) in ("filters", "company_id"):
            continue  # every method's ``filters=`` and ``company_id=`` options send them
        yield python_name(param.name), param.name, "query", param, param.required
    for param in op.filters:
        yield _filter_name(param.name), param.name, "filter", param, param.required


def _derive(group: str, action: str) -> Method:
    index = _index()
    offered = versions(group, action)
    ops = tuple(index.by_name[(group, action, v)] for v in offered)
    per_op = [list(_candidates(op)) for op in ops]
    # A filter yields its name to any other parameter of the method, in any version.
    taken = set(OPTION_NAMES) - {"data"}
    taken |= {c[0] for found in per_op for c in found if c[2] != "filter"}
    found: dict[str, Argument] = {}
    seen_in: dict[str, int] = {}
    for op, candidates in zip(ops, per_op, strict=True):
        names_here: set[str] = set()
        for name, wire, kind, param, required in candidates:
            if kind == "filter" and name in taken:
                name = "filter_" + name
            if name in names_here:  # ``filters[x]`` and ``filters[x][]`` in one operation
                continue
            names_here.add(name)
            type_ = "integer" if param is None else param.type
            is_array = param is not None and (param.is_array or wire.endswith("[]"))
            enum = () if param is None else param.enum
            previous = found.get(name)
            if previous is None:
                found[name] = Argument(
                    name, ((op.version or "", wire),), kind, type_, is_array, enum, required
                )
            else:
                found[name] = previous._replace(
                    wires=(*previous.wires, (op.version or "", wire)),
                    required=previous.required and required,
                    is_array=previous.is_array or is_array,
                    type=previous.type if previous.type == type_ else "any",
                    enum=tuple(dict.fromkeys(previous.enum + enum))
                    if previous.enum and enum
                    else (),
                )
            seen_in[name] = seen_in.get(name, 0) + 1
    chosen = default_version(group, action)
    default_op = next(op for op in ops if op.version == chosen)
    returns = _returns(default_op)
    arguments = [
        arg._replace(required=arg.required and seen_in[arg.name] == len(ops))
        for arg in found.values()
        # A pager's own options (``per_page``) win over an unpaged version's query parameter.
        if not (returns == "pager" and arg.name in OPTION_NAMES)
    ]
    # Positional first (``id``), then required keywords, then the rest, each in table order.
    arguments.sort(key=lambda a: (a.kind != "id", not a.required))
    return Method(
        group,
        action,
        offered,
        chosen,
        ops,
        tuple(arguments),
        returns,
        any(op.body is not None for op in ops),
        all(op.body is not None and op.body.required for op in ops),
        any(op.sort != "none" for op in ops),
    )


@cache
def method(group: str, action: str) -> Method:
    """The method ``group.action`` (table names, not aliases).

    Raises:
        KeyError: the table has no such method.
    """
    if not versions(group, action):
        raise KeyError(f"{group}.{action}")
    return _derive(group, action)


def methods() -> tuple[Method, ...]:
    """Every method, by group then action."""
    names = sorted({(op.group, op.action) for op in _index().all if op.version is not None})
    return tuple(method(group, action) for group, action in names)
