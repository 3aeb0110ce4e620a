"""The client's resource groups as views of the operation table, and the pure helpers that
shape a resource call (no I/O, and no endpoint fact).

A resource group (``client.vendors``) is a group of the operation table, or one of today's
names for one (an alias in ``scripts/operation_overrides.json``): its paths per version, where
each scope parameter travels, the body wrapper, its models, the filters of its list and their
array-ness, its sort dialect and its paging all come from ``procore_sdk._operations``. The
resource classes (``procore_sdk/_async/_resource_base.py``) call each operation through the one
pipeline (``procore_sdk/_async/_calls.py``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from . import _operations
from ._errors import argument_type_error, invalid_argument
from ._operations import Operation, SortStyle
from ._pipeline import operation_for
from ._types import UnsetType
from .models._base import ReadModel, WriteModel

__all__ = [
    "ENDPOINTS",
    "RESOURCE_NAMES",
    "Endpoint",
    "array_form",
    "encode_sort",
    "filter_names",
    "write_body",
    "wrap_body",
]


@attrs.frozen
class Endpoint:
    """A resource group of the client, read from the operation table.

    Attributes:
        name: the attribute on the client (``projects``), which is also its name in the
            operation table (a group, or an alias of one).
    """

    name: str

    def operation(self, action: str, version: object = None) -> Operation:
        """The operation for ``action`` in ``version`` (the default when ``None``).

        Raises:
            InvalidArgumentError: the group has no such action or version.
            ArgumentTypeError: ``version`` is not a version.
        """
        return operation_for(self.name, action, version)

    def versions(self, action: str) -> tuple[str, ...]:
        """The versions offering ``action``, oldest first."""
        return _operations.versions(self.name, action)

    def default(self, action: str) -> str:
        """The version used when a call does not pass ``version=``."""
        return _operations.default_version(self.name, action)

    @property
    def model(self) -> type[ReadModel]:
        """The read model of the group's records (its list's, else its retrieve's)."""
        found: type[ReadModel] = self._model(("list", "retrieve"), _operations.model_of)
        return found

    @property
    def write_model(self) -> type[WriteModel] | None:
        """The write model its create/update accept (dicts are accepted too), or ``None``."""
        try:
            found: type[WriteModel] = self._model(("create", "update"), _operations.write_model_of)
        except LookupError:
            return None
        return found

    def _model(self, actions: Sequence[str], read: Any) -> Any:
        for action in actions:
            if self.versions(action):
                found = read(self.operation(action))
                if found is not None:
                    return found
        raise LookupError(f"the operation table names no model for {self.name}")


RESOURCE_NAMES: tuple[str, ...] = (
    "me",
    "companies",
    "projects",
    "company_users",
    "project_users",
    "vendors",
    "project_vendors",
    "cost_codes",
    "standard_cost_code_lists",
    "standard_cost_codes",
    "line_item_types",
    "rfis",
    "rfi_replies",
    "submittals",
    "observations",
    "punch_items",
    "manpower_logs",
    "notes_logs",
    "weather_logs",
    "work_logs",
)
"""The client's resource groups, by their name on the client (``rfi_replies`` is
``client.rfis.replies``)."""

ENDPOINTS: Mapping[str, Endpoint] = {name: Endpoint(name) for name in RESOURCE_NAMES}
"""Every resource group of the client, by name."""


# -- shaping calls ---------------------------------------------------------------------------

_FILTER = re.compile(r"^filters?\[([^\]]+)\]")


def filter_names(op: Operation) -> dict[str, bool]:
    """``op``'s ``filters[...]`` parameters by attribute (``updated_at``), each with whether
    Procore types it as an array."""
    found: dict[str, bool] = {}
    for param in op.filters:
        match = _FILTER.match(param.name)
        if match is not None:
            name = match.group(1)
            found[name] = found.get(name, False) or param.is_array or param.name.endswith("[]")
    return found


def write_body(data: Any) -> dict[str, Any]:
    """A create/update payload as JSON: write models are unstructured, ``UNSET`` dropped."""
    from ._serde import unstructure

    if isinstance(data, (WriteModel, ReadModel)):
        return unstructure(data)
    if isinstance(data, Mapping):
        return {str(k): v for k, v in data.items() if not isinstance(v, UnsetType)}
    raise argument_type_error(
        "data", data, "a write model or a mapping of attributes (a list of them for a batch)"
    )


def write_items(data: Any) -> Any:
    """A body that is one record or, for batch endpoints, a list of records."""
    if isinstance(data, (list, tuple)):
        return [write_body(item) for item in data]
    return write_body(data)


def wrap_body(op: Operation, data: Any) -> Any:
    """``data`` as ``op``'s JSON body: inside the operation's wrapper key (``{"project":
    {...}}``, Procore's "Working with Sync Actions" and each endpoint's reference), if any.

    A field the reference places beside the wrapper (``app_uid`` next to
    ``app_installation``) goes at the top level, so one mapping can fill the whole body.
    """
    body = write_items(data)
    wrapper = None if op.body is None else op.body.wrapper
    if not wrapper or op.body is None:
        return body
    wrapped = {f.name for f in op.body.wrapped_fields}
    beside = {f.name for f in op.body.fields} - {wrapper} - wrapped
    if isinstance(body, dict) and wrapper in body and wrapper not in wrapped:
        return body  # the whole body, wrapper key included (a batch with fields beside it)
    if isinstance(body, dict) and beside & set(body):
        inner = {k: v for k, v in body.items() if k not in beside}
        return {**{k: body[k] for k in beside if k in body}, wrapper: inner}
    return {wrapper: body}


def array_form(op: Operation, query: Mapping[str, Any]) -> dict[str, Any]:
    """``query`` with each single value of an array-typed filter made a one-item list.

    Procore's filtering guide sends arrays as ``filters[<attr>][]=v``; integrators report
    that some lists answer 400 to ``filters[<attr>]=v`` where the array form works, so a filter
    the operation types as an array always goes in that form.
    """
    filters = query.get("filters")
    if not isinstance(filters, Mapping):
        return dict(query)
    arrays = {name for name, is_array in filter_names(op).items() if is_array}
    if not arrays:
        return dict(query)
    fixed = {
        key: [value]
        if key in arrays
        and value is not None
        and not isinstance(value, (list, tuple, set, frozenset, Mapping, UnsetType))
        else value
        for key, value in filters.items()
    }
    return {**query, "filters": fixed}


def encode_sort(style: SortStyle, sort: str | Sequence[str]) -> dict[str, Any]:
    """``sort=`` in the list's dialect (Procore's "Filtering and Sorting" guide).

    ``fields``: ``"name"`` / ``["-updated_at", "name"]`` become ``sort=-updated_at,name``.
    ``attribute_direction`` (RFIs): ``"-due_date"`` becomes ``sort[attribute]=due_date`` and
    ``sort[direction]=desc``; one field only.

    Raises:
        InvalidArgumentError: the list does not sort, or RFIs got several fields.
        ArgumentTypeError: ``sort`` is not a field name or a list of them.
    """
    if isinstance(sort, str):
        fields = [sort]
    elif isinstance(sort, Sequence) and all(isinstance(f, str) for f in sort):
        fields = list(sort)
    else:
        raise argument_type_error("sort", sort, "a field name or a list of field names")
    fields = [f.strip() for part in fields for f in part.split(",") if f.strip()]
    if style == "none":
        raise invalid_argument(
            "sort", sort, "nothing: Procore does not document sorting on this list"
        )
    if style == "attribute_direction":
        if len(fields) != 1:
            raise invalid_argument(
                "sort",
                sort,
                "one field: this list sorts by one attribute (sort[attribute]/sort[direction])",
            )
        field = fields[0]
        direction = "desc" if field.startswith("-") else "asc"
        return {"sort": {"attribute": field.lstrip("-+"), "direction": direction}}
    return {"sort": ",".join(fields)}
