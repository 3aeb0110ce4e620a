"""Turning Procore JSON into models and models into JSON: one cattrs converter, every hook.

Reading is liberal (Procore omits, nulls and adds fields freely): unknown keys go to the model's
``extra``; ints of any size stay ints; money strings become :class:`~decimal.Decimal`; ISO dates
and datetimes are parsed, ``Z`` included on Python 3.10. A value that cannot be read (``"abc"``
for an int, a malformed date, an object where a list belongs) raises
:class:`~procore_sdk.ResponseValidationError` whose ``errors`` name the field path
(``invalid value for type, expected int @ $.vendor.id``). Procore itself stores malformed dates
as ``null`` (Procore docs: Dates, Times & Time Zones), so a malformed date in a response is a real
defect worth surfacing.

Writing is strict: :data:`~procore_sdk._types.UNSET` fields are left out, ``None`` is sent as
``null``, ``Decimal`` is sent as a JSON number (money is a number in requests; Procore API
reference: schemas) unless the request schema types that field as a string, dates as ``YYYY-MM-DD``
and datetimes as ISO 8601 UTC with ``Z`` (Procore docs: Dates, Times & Time Zones).
"""

from __future__ import annotations

import datetime as _dt
import re
import types
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar, Union, get_args, get_origin

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, override

from ._errors import ResponseValidationError
from ._types import UNSET
from .models._base import ReadModel, WriteModel, slot_setter

__all__ = ["converter", "structure", "structure_list", "unstructure"]

T = TypeVar("T")

_INT_TEXT = re.compile(r"[+-]?\d+")
_UTC = _dt.timezone.utc


def _structure_int(value: Any, _: Any) -> int:
    if type(value) is int:
        return value
    if isinstance(value, bool):
        raise TypeError("expected an integer, got a boolean")
    if isinstance(value, str) and _INT_TEXT.fullmatch(value.strip()):
        # Ints of any size: no float round trip (Procore docs: Handling Procore Regions)
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raise ValueError(f"expected an integer, got {value!r}")


def _structure_str(value: Any, _: Any) -> str:
    if type(value) is str:
        return value
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        # V2 ids are strings (Procore docs: New Rest V2 API Version); tolerate a numeric id
        return str(value)
    raise TypeError(f"expected a string, got {type(value).__name__}")


def _structure_bool(value: Any, _: Any) -> bool:
    if type(value) is bool:
        return value
    raise TypeError(f"expected a boolean, got {value!r}")


def _structure_float(value: Any, _: Any) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        return float(value)
    raise TypeError(f"expected a number, got {value!r}")


def _structure_decimal(value: Any, _: Any) -> Decimal:
    # v1 money arrives as a string, elsewhere as a number (Procore API reference: schemas).
    if isinstance(value, bool):
        raise TypeError("expected a number, got a boolean")
    if isinstance(value, float):
        return Decimal(repr(value))  # the shortest repr, not the binary expansion
    if isinstance(value, (str, int)):
        try:
            return Decimal(value)
        except InvalidOperation:
            raise ValueError(f"expected a decimal number, got {value!r}") from None
    raise TypeError(f"expected a number, got {type(value).__name__}")


_fromisoformat = _dt.datetime.fromisoformat
_FRACTION = re.compile(r"T[\d:]+\.(\d+)")


def _parse_datetime(value: Any, _: Any) -> _dt.datetime:
    if type(value) is not str:
        raise TypeError(f"expected an ISO 8601 string, got {type(value).__name__}")
    text = value
    if text[-1:] in ("Z", "z"):
        # Procore sends "...Z" (Procore docs: Dates, Times & Time Zones); fromisoformat only learned
        # "Z" in Python 3.11.
        text = text[:-1] + "+00:00"
    try:
        result = _fromisoformat(text)
    except ValueError:
        # Python 3.10 only reads 3 or 6 fraction digits; pad or cut to microseconds and retry.
        fraction = _FRACTION.search(text)
        if fraction is None:
            raise ValueError(f"expected an ISO 8601 datetime, got {value!r}") from None
        digits = fraction.group(1)[:6].ljust(6, "0")
        try:
            result = _fromisoformat(text[: fraction.start(1)] + digits + text[fraction.end(1) :])
        except ValueError:
            raise ValueError(f"expected an ISO 8601 datetime, got {value!r}") from None
    # Timestamps are UTC (Procore docs: Dates, Times & Time Zones): a naive one is read as UTC so
    # every datetime is aware.
    return result if result.tzinfo is not None else result.replace(tzinfo=_UTC)


def _parse_date(value: Any, _: Any) -> _dt.date:
    if not isinstance(value, str):
        raise TypeError(f"expected a YYYY-MM-DD string, got {type(value).__name__}")
    text = value.strip()
    try:
        if len(text) > 10 and text[10] in "Tt ":
            # POSTed dates carry a time (Procore docs: Dates, Times & Time Zones); such a value may
            # come back in a date field.
            return _parse_datetime(text, None).date()
        return _dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"expected a YYYY-MM-DD date, got {value!r}") from None


def _optional_inner(t: Any) -> Any:
    """``X`` for ``X | None`` (two-member unions only), else ``None``."""
    if get_origin(t) in (Union, types.UnionType):
        args = [a for a in get_args(t) if a is not type(None)]
        if len(args) == 1 and len(get_args(t)) == 2:
            return args[0]
    return None


def _optional_hook(t: Any, conv: cattrs.Converter) -> Callable[[Any, Any], Any]:
    # cattrs' generic Optional handler looks the inner hook up on every call; resolving it once
    # here is most of the cost of reading a record with ~75 mostly-null fields.
    inner_type = _optional_inner(t)
    inner = conv.get_structure_hook(inner_type)

    def structure_optional(value: Any, _: Any) -> Any:
        return None if value is None else inner(value, inner_type)

    return structure_optional


# The JSON kinds a union member reads; a union picks its member by the value's JSON kind.
def _json_kind(t: Any) -> type[Any] | tuple[type[Any], ...]:
    if isinstance(t, type) and issubclass(t, ReadModel):
        return Mapping
    if get_origin(t) is list:
        return list
    if t is float or t is Decimal:
        return (int, float)
    return t if isinstance(t, type) else object


def _shapes(t: Any) -> list[Any]:
    """The non-null members of a union of several JSON shapes (``Stage | str | None``)."""
    if get_origin(t) not in (Union, types.UnionType):
        return []
    members = [a for a in get_args(t) if a is not type(None)]
    return members if len(members) > 1 else []


def _union_hook(t: Any, conv: cattrs.Converter) -> Callable[[Any, Any], Any]:
    # A field Procore sends in several shapes (``project_stage``: an object or a string):
    # the value's own JSON kind picks the member, so no shape is guessed or coerced.
    plan = [(_json_kind(m), conv.get_structure_hook(m), m) for m in _shapes(t)]
    expected = " or ".join(getattr(m, "__name__", str(m)) for _, _, m in plan)

    def structure_union(value: Any, _: Any) -> Any:
        if value is None:
            return None
        for kind, hook, member in plan:
            if isinstance(value, kind) and not (isinstance(value, bool) and kind is not bool):
                return hook(value, member)
        raise TypeError(f"expected {expected}, got {type(value).__name__}")

    return structure_union


def _json_name(field: attrs.Attribute[Any]) -> str:
    return str(field.metadata.get("json", field.name))


class _NeverMatches:
    """A type no JSON value has: fields without a fast path always go through their hook."""


def _fast_datetime(value: Any, _: Any) -> _dt.datetime:
    """``_parse_datetime``, trying the C parser on the text as sent first.

    Python 3.11+ reads ``Z`` and any fraction itself, so the usual timestamp costs one C call;
    anything it rejects (and every value on 3.10) takes ``_parse_datetime``, which gives the
    same result or the same error.
    """
    if type(value) is str:
        try:
            result = _fromisoformat(value)
        except ValueError:
            pass
        else:
            return result if result.tzinfo is not None else result.replace(tzinfo=_UTC)
    return _parse_datetime(value, None)


def _fast_read_model_hook(cls: type[Any], conv: cattrs.Converter) -> Callable[[Any, Any], Any]:
    """Structure ``cls`` by walking only the keys present, resolving every hook once.

    Procore records declare up to ~80 fields and send far fewer non-null ones; looping over the
    present keys (not the declared fields) and skipping the hook when a value already has its
    exact type (``str``, ``int``, ``bool``, ``float``) keeps a listing close to bare JSON speed.
    Unknown keys go to ``extra``. Errors are re-explained with paths by the detailed converter.
    """
    attrs.resolve_types(cls)
    plan: dict[str, tuple[Any, type[Any], Any, Any]] = {}
    for f in attrs.fields(cls):
        if f.name == "extra":
            continue
        target = _optional_inner(f.type) or f.type
        if target is Any:
            hook: Any = None
            fast: type[Any] = _NeverMatches
        else:
            hook = _fast_datetime if target is _dt.datetime else conv.get_structure_hook(target)
            fast = target if target in (str, int, bool, float) else _NeverMatches
        plan[_json_name(f)] = (slot_setter(cls, f.name), fast, hook, target)
    lookup = plan.get
    set_extra = slot_setter(cls, "extra")
    new = object.__new__
    name = cls.__name__

    def structure_read_model(value: Any, _: Any) -> Any:
        if type(value) is not dict and not isinstance(value, Mapping):
            raise TypeError(f"expected a JSON object for {name}, got {type(value).__name__}")
        # Bypass __init__: set only the slots Procore sent; the rest read as None
        # (ReadModel.__getattr__). Frozen models have no other writer.
        instance = new(cls)
        extra: dict[str, Any] | None = None
        for key, item in value.items():
            step = lookup(key)
            if step is None:
                if extra is None:
                    extra = {}
                extra[key] = item
                continue
            setter, fast_type, field_hook, target_type = step
            # null first: most declared fields are null in a Procore record
            if item is not None and type(item) is not fast_type and field_hook is not None:
                item = field_hook(item, target_type)
            setter(instance, item)
        if extra is not None:
            set_extra(instance, extra)
        # else ``extra`` stays unset and is made empty when first read (ReadModel.__getattr__):
        # one dict and one store fewer for the usual record.
        return instance

    return structure_read_model


def _detailed_read_model_hook(cls: type[Any], conv: cattrs.Converter) -> Callable[[Any, Any], Any]:
    """cattrs' generated structure function, which reports every failing field with its path."""
    fields = [f for f in attrs.fields(cls) if f.name != "extra"]
    overrides = {f.name: override(rename=_json_name(f)) for f in fields if _json_name(f) != f.name}
    base = make_dict_structure_fn(cls, conv, extra=override(omit=True), **overrides)  # type: ignore[arg-type]
    name = cls.__name__

    def structure_read_model(value: Any, _: Any) -> Any:
        if not isinstance(value, Mapping):
            raise TypeError(f"expected a JSON object for {name}, got {type(value).__name__}")
        return base(value, cls)

    return structure_read_model


def _to_json(value: Any, as_string: bool = False) -> Any:
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, Decimal):
        if as_string:
            return str(value)
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, _dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(_UTC).replace(tzinfo=None)
        return value.isoformat() + "Z"
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, (ReadModel, WriteModel)):
        return _unstructure_model(value)
    if isinstance(value, Mapping):
        return {str(k): _to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_to_json(v) for v in value]
    return value


_FIELD_PLANS: dict[type[Any], tuple[tuple[str, str, bool], ...]] = {}


def _plan(cls: type[Any]) -> tuple[tuple[str, str, bool], ...]:
    plan = _FIELD_PLANS.get(cls)
    if plan is None:
        plan = tuple(
            (f.name, _json_name(f), f.metadata.get("wire") == "string")
            for f in attrs.fields(cls)
            if f.name != "extra"
        )
        _FIELD_PLANS[cls] = plan
    return plan


def _unstructure_model(obj: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if isinstance(obj, ReadModel):
        out.update(getattr(obj, "extra", {}))
    for name, key, as_string in _plan(type(obj)):
        value = getattr(obj, name)
        if value is UNSET:
            continue  # "leave unchanged": not sent at all
        out[key] = _to_json(value, as_string)
    return out


def _build_converter(*, detailed: bool = False) -> cattrs.Converter:
    conv = cattrs.Converter(detailed_validation=detailed)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(float, _structure_float)
    conv.register_structure_hook(Decimal, _structure_decimal)
    conv.register_structure_hook(_dt.datetime, _parse_datetime)
    conv.register_structure_hook(_dt.date, _parse_date)
    conv.register_structure_hook_factory(
        lambda t: _optional_inner(t) is not None,
        lambda t: _optional_hook(t, conv),
    )
    conv.register_structure_hook_factory(lambda t: bool(_shapes(t)), lambda t: _union_hook(t, conv))
    conv.register_structure_hook_factory(
        lambda t: isinstance(t, type) and issubclass(t, ReadModel),
        lambda t: (_detailed_read_model_hook if detailed else _fast_read_model_hook)(t, conv),
    )
    conv.register_unstructure_hook_factory(
        lambda t: isinstance(t, type) and issubclass(t, (ReadModel, WriteModel)),
        lambda t: _unstructure_model,
    )
    return conv


converter: cattrs.Converter = _build_converter()
"""The SDK's converter; every model hook is registered on it (by ``_build_converter``)."""

# The same hooks with per-field error collection. Used only after ``converter`` failed, to name
# the failing paths: the fast path pays nothing for error bookkeeping.
_explainer: cattrs.Converter = _build_converter(detailed=True)


def _validation_error(exc: Exception, cls: Any, path: str = "$") -> ResponseValidationError:
    errors = cattrs.transform_error(exc, path=path)
    name = getattr(cls, "__name__", repr(cls))
    first = errors[0] if errors else str(exc)
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return ResponseValidationError(
        f"Procore response could not be read as {name}: {first}{more}", errors=errors
    )


def _explain(data: Any, cls: Any, path: str) -> ResponseValidationError:
    """Re-read a value that failed, collecting every error with its path."""
    try:
        _explainer.structure(data, cls)
    except _FAILURES as exc:
        return _validation_error(exc, cls, path)
    return ResponseValidationError(f"Procore response could not be read as {cls.__name__}")


_FAILURES = (
    cattrs.BaseValidationError,
    ValueError,
    TypeError,
    KeyError,
    AttributeError,
    ArithmeticError,
)


def structure(data: Any, cls: type[T]) -> T:
    """Read one decoded JSON value as ``cls``.

    Raises:
        ResponseValidationError: the value does not fit ``cls``; ``errors`` name the paths.
    """
    try:
        return converter.structure(data, cls)
    except _FAILURES as exc:
        raise _explain(data, cls, "$") from exc


def structure_list(data: Any, cls: type[T]) -> list[T]:
    """Read a decoded JSON array as a list of ``cls`` (one page of a listing).

    Raises:
        ResponseValidationError: the value is not a list, or an item does not fit ``cls``;
            the paths name the index (``$[3].id``).
    """
    if not isinstance(data, list):
        raise ResponseValidationError(
            f"Procore response could not be read as a list of {cls.__name__}: "
            f"expected a JSON array, got {type(data).__name__}",
            errors=[f"expected a JSON array @ $, got {type(data).__name__}"],
        )
    hook = converter.get_structure_hook(cls)
    try:
        return [hook(item, cls) for item in data]
    except _FAILURES:
        pass
    for index, item in enumerate(data):  # find the culprit to name its path
        try:
            hook(item, cls)
        except _FAILURES as exc:
            raise _explain(item, cls, f"$[{index}]") from exc
    raise AssertionError("unreachable")  # pragma: no cover


def unstructure(obj: Any) -> dict[str, Any]:
    """Turn a model into a JSON-ready dict.

    UNSET fields are dropped, ``None`` stays ``null``, a read model's ``extra`` is merged back.
    """
    result = converter.unstructure(obj)
    if not isinstance(result, dict):
        raise TypeError(f"expected a model, got {type(obj).__name__}")
    return result
