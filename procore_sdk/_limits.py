"""Per-endpoint page sizes, read from the operation table (pure; shared by the client and the
fake Procore).

The client asks for the largest page an endpoint allows, so a full listing costs
``ceil(N / per_page)`` requests; the fake Procore clamps ``per_page`` with the same facts and
pages only what Procore pages. Each fact is the operation's own (``largest_page``,
``default_page``, ``paging`` in ``procore_sdk._operations``, generated from Procore's OpenAPI
document and ``scripts/operation_overrides.json``); a concrete path is matched to its
operation by :func:`procore_sdk._operations.match`.
"""

from __future__ import annotations

from . import _operations

__all__ = [
    "is_paginated",
    "per_page_default",
    "per_page_max",
]


def _paged(method: str, path: str) -> _operations.Operation | None:
    op = _operations.match(method, path)
    return op if op is not None and op.paging == "page" else None


def is_paginated(method: str, path: str) -> bool:
    """Whether ``method path`` pages with ``page``/``per_page`` and ``Link`` (Procore's
    pagination guide). v1 webhook deliveries page otherwise (``page_size``/``page_start``).

    Args:
        method: HTTP method.
        path: a concrete path (``/rest/v1.0/projects/12/rfis``), a template or an absolute URL.
    """
    return _paged(method, path) is not None


def per_page_max(method: str, path: str) -> int | None:
    """The largest ``per_page`` an endpoint accepts, or ``None`` if it does not page with
    ``per_page`` (or Procore does not document the path).

    Args:
        method: HTTP method.
        path: a concrete path, a path template or an absolute URL.
    """
    op = _paged(method, path)
    return None if op is None else op.largest_page


def per_page_default(method: str, path: str) -> int | None:
    """The page size an endpoint uses when ``per_page`` is not sent, or ``None``.

    Args:
        method: HTTP method.
        path: a concrete path, a path template or an absolute URL.
    """
    op = _paged(method, path)
    return None if op is None else op.default_page
