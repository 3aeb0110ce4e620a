"""The typed keywords every resource list accepts, mapped to Procore's query (no I/O)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeAlias, Union

from ._config import check_mapping
from ._endpoints import encode_sort, filter_names
from ._errors import InvalidArgumentError, argument_type_error, invalid_argument
from ._operations import Operation
from ._query import format_range

__all__ = ["DateLike", "DateRange", "ListFilters", "Scalars"]

DateLike: TypeAlias = Union[_dt.datetime, _dt.date, str]
DateRange: TypeAlias = "tuple[DateLike | None, DateLike | None]"
"""``(start, end)``: sent as ``filters[...]=<start>...<end>`` in ISO 8601 UTC (Procore
docs: Filtering and Sorting on List Actions). Either end may be ``None`` for an open range; naive
datetimes are taken as UTC."""
Scalars: TypeAlias = Union[str, int, Sequence[Union[str, int]]]


class ListFilters:
    """The typed list keywords shared by every resource, mapped to Procore's query
    (Procore docs: Filtering and Sorting on List Actions).

    ``ids`` → ``filters[id][]``; ``updated_at``/``created_at`` ``(start, end)`` →
    ``filters[updated_at]=start...end`` (either end may be ``None``: ``(since, None)`` is
    "changed since"); ``origin_id``, ``status``, ``include_deleted`` (``"only"``/``"with"``, or
    ``True`` for ``"with"``) → ``filters[...]``; ``sort`` in the endpoint's dialect;
    ``filters`` and ``params`` pass anything else through. A filter Procore types as an array
    on the chosen version is sent as ``filters[<attr>][]=v`` even with one value (see
    :func:`procore_sdk._endpoints.array_form`). What a list accepts is its operation's, in the
    operation table: its ``filters[...]``, its top-level parameters and its sort dialect.
    """

    @staticmethod
    def build(
        op: Operation,
        name: str,
        *,
        ids: Sequence[int | str] | None = None,
        updated_at: DateRange | None = None,
        created_at: DateRange | None = None,
        origin_id: Scalars | None = None,
        status: Scalars | None = None,
        include_deleted: bool | str | None = None,
        search: str | None = None,
        sort: str | Sequence[str] | None = None,
        view: str | None = None,
        filters: Mapping[str, Any] | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """The query parameters of one list call.

        Raises:
            InvalidArgumentError: a typed filter Procore does not document on this list (it
                would be silently ignored and return unfiltered records), or a bad value.
            ArgumentTypeError: ``filters``/``params`` is not a mapping, or a range end is not
                a date.
        """
        if ids is not None and (isinstance(ids, (str, bytes)) or not isinstance(ids, Iterable)):
            raise argument_type_error("ids", ids, "a list of record ids")
        typed: dict[str, Any] = {
            "id": list(ids) if ids is not None else None,
            "updated_at": None if updated_at is None else format_range("updated_at", updated_at),
            "created_at": None if created_at is None else format_range("created_at", created_at),
            "origin_id": origin_id,
            "status": status,
            "include_deleted": _include_deleted(include_deleted),
        }
        documented = filter_names(op)
        top_level = {q.name for q in op.query}
        query: dict[str, Any] = {}
        chosen_filters: dict[str, Any] = {}
        for key, value in typed.items():
            if value is None:
                continue
            if key not in documented:
                accepted = ", ".join(sorted(documented)) or "none"
                argument = "ids" if key == "id" else key
                raise InvalidArgumentError(
                    f"{argument}: {name}.list() ({op.version}) does not document filters[{key}]; "
                    f"the typed filters it accepts are one of: {accepted}. Use "
                    "filters={...} to send it anyway",
                    argument=argument,
                )
            chosen_filters[key] = value
        if search is not None:
            if "search" in top_level:
                query["search"] = search
            elif "search" in documented:
                chosen_filters["search"] = search
            else:
                raise invalid_argument(
                    "search", search, f"None: {name}.list() documents no search parameter"
                )
        if view is not None:
            if "view" in top_level:
                query["view"] = view
            elif "serializer_view" in top_level:
                query["serializer_view"] = view
            else:
                raise invalid_argument(
                    "view", view, f"None: {name}.list() documents no view parameter"
                )
        chosen_filters.update(check_mapping("filters", filters))
        if chosen_filters:
            query["filters"] = chosen_filters
        if sort is not None:
            query.update(encode_sort(op.sort, sort))
        query.update(check_mapping("params", params))
        return query


def _include_deleted(value: bool | str | None) -> str | None:
    # filters[include_deleted]=only (deleted only) or with (both) (Procore docs: Filtering
    # and Sorting on List Actions).
    if value is None or value is False:
        return None
    if value is True:
        return "with"
    if value not in ("only", "with"):
        raise invalid_argument("include_deleted", value, "'only', 'with', True or False")
    return value
