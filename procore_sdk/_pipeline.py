"""The one call pipeline: the pure steps every API call goes through, in this order (no I/O).

1. :func:`operation_for` resolves the operation and its version from the operation table;
2. :func:`resolve_company` decides the ``Procore-Company-Id`` of the call (one rule);
3. :func:`place_scope` puts each scope and path value where the operation says it travels;
4. :func:`build_options` makes the :class:`~procore_sdk._request.RequestOptions` that the
   client sends (the client's send loop does auth, pacing, retries and error mapping);
5. :func:`~procore_sdk._response.decode_json` decodes the 2xx body (one decoder);
6. :func:`unwrap` removes the operation's envelope (REST v2's ``data``);
7. :func:`~procore_sdk._serde.structure` turns JSON into the model (one converter).

Resources, pagination, Sync actions and webhook management all call these functions rather than
re-implementing a step, so an argument means the same thing in every feature.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from . import _operations
from ._errors import ConfigurationError, InvalidArgumentError
from ._request import RequestOptions
from ._types import UNSET, UnsetType

__all__ = [
    "Placed",
    "build_options",
    "operation_for",
    "place_scope",
    "resolve_company",
    "unwrap",
]


def operation_for(group: str, action: str, version: object = None) -> _operations.Operation:
    """Step 1: the operation ``group.action`` in ``version`` (normalised; the default if None).

    Raises:
        InvalidArgumentError: no such operation, or a version it is not offered in.
        ArgumentTypeError: ``version`` is not a version.
    """
    return _operations.lookup(group, action, version)


def check_company(op: _operations.Operation, company: int | None, name: str) -> None:
    """Refuse a call whose operation needs a company when none is known.

    Raises:
        ConfigurationError: ``op`` takes a required ``company_id`` and ``company`` is ``None``.
    """
    if company is None and any(s.name == "company_id" and s.required for s in op.scope):
        raise ConfigurationError(
            f"{name}: no company_id; pass company_id= or create the client with company_id="
        )


def resolve_company(explicit: int | UnsetType | None, default: int | None) -> int | None:
    """Step 2: the company of a call. An explicit ``company_id=`` wins (``None`` included, which
    means "no company"); left out (``UNSET``), the client's own company applies.

    Per-call values are validated where the call is made (``RequestOptions``); this only picks.
    """
    return default if isinstance(explicit, UnsetType) else explicit


class Placed:
    """Where a call's values travel: the filled path, the query, and the body."""

    __slots__ = ("body", "path", "query")

    def __init__(self, path: str, query: dict[str, Any], body: Any) -> None:
        self.path = path
        self.query = query
        self.body = body

    def __repr__(self) -> str:
        return f"Placed(path={self.path!r}, query={self.query!r}, body={self.body!r})"


def _placeholders(path: str) -> list[str]:
    names: list[str] = []
    rest = path
    while "{" in rest:
        start = rest.index("{")
        end = rest.index("}", start)
        names.append(rest[start + 1 : end])
        rest = rest[end + 1 :]
    return names


def _missing(op: _operations.Operation, name: str) -> InvalidArgumentError:
    return InvalidArgumentError(
        f"{op.name} needs {name}= ({op.method} {op.path}); none was given and the client has "
        f"no default for it",
        argument=name,
    )


def place_scope(
    op: _operations.Operation,
    values: Mapping[str, Any],
    *,
    query: Mapping[str, Any] | None = None,
    body: Any = UNSET,
) -> Placed:
    """Step 3: fill the path's placeholders, and put each scope value in the query or the body,
    as the operation declares (Procore wants ``company_id``/``project_id`` in different places
    per endpoint: path, query, or body).

    ``values`` holds scope and path values by name (``company_id``, ``project_id``, ``id``...);
    ``None`` counts as absent. ``body`` is the JSON body already shaped (wrapped) by the caller,
    or ``UNSET`` for none; body-scoped values are added to it at the top level.

    Raises:
        InvalidArgumentError: a value the operation requires is missing.
    """
    given = {k: v for k, v in values.items() if v is not None}
    path = op.path
    for name in _placeholders(op.path):
        if name not in given:
            raise _missing(op, name)
        path = path.replace("{" + name + "}", quote(str(given[name]), safe=""))
    params: dict[str, Any] = dict(query or {})
    out: Any = None if isinstance(body, UnsetType) else body
    for scope in op.scope:
        if scope.where == "path":
            continue
        if scope.name not in given:
            if scope.required:
                raise _missing(op, scope.name)
            continue
        if scope.where == "query":
            params[scope.name] = given[scope.name]
        else:
            if out is None:
                out = {}
            if not isinstance(out, dict):
                raise InvalidArgumentError(
                    f"{op.name} sends {scope.name} in the JSON body, which must then be an "
                    f"object; got {type(out).__name__}",
                    argument="body",
                )
            out = {scope.name: given[scope.name], **out}
    return Placed(path, params, out)


def build_options(
    op: _operations.Operation,
    placed: Placed,
    *,
    company_id: int | UnsetType | None = UNSET,
    timeout: float | None = None,
    max_retries: int | None = None,
    idempotent: bool = False,
) -> RequestOptions:
    """Step 4: the request the client sends for ``op`` (its arguments are validated here)."""
    return RequestOptions(
        method=op.method,
        url=placed.path,
        params=placed.query or None,
        json=placed.body,
        company_id=company_id,
        timeout=timeout,
        max_retries=max_retries,
        idempotent=idempotent,
    )


def unwrap(op: _operations.Operation | None, data: Any) -> Any:
    """Step 6: the body inside the operation's envelope (REST v2 wraps bodies in ``data``).

    Liberal in what it reads: an enveloped operation whose body comes bare is returned as is.
    With no operation (a raw path), a lone ``data`` key of a v2 path is unwrapped by the caller.
    """
    if op is not None and op.envelope and isinstance(data, Mapping) and op.envelope in data:
        return data[op.envelope]
    return data
