"""Pagination rules, without I/O: ``Link``/``Total``/``Per-Page`` parsing, pages, next requests.

Procore pages with ``page``/``per_page`` and describes the position in the ``Link``, ``Total``
and ``Per-Page`` response headers (Procore docs: Using Pagination). The rules here follow the
``Link`` header's ``next`` exactly and never invent page numbers, with one exception the caller
opts into: prefetching, where ``Total`` and ``Per-Page`` say exactly which pages exist.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Generic, Literal, TypeVar

import attrs
import httpx

from . import _operations
from ._errors import ResponseValidationError
from ._query import QueryItems
from ._ratelimit import RateLimit

__all__ = [
    "Page",
    "Scheme",
    "apply_paging",
    "extract_items",
    "link_next_url",
    "page_start_params",
    "parse_int_header",
    "parse_link_header",
    "prefetch_urls",
]

T = TypeVar("T")

Scheme = Literal["link", "page_start", "none"]
"""How an endpoint pages: ``link`` (``page``/``per_page`` + ``Link``; Procore docs: Using
Pagination), ``page_start`` (v1 webhook deliveries: ``page_size``/``page_start``; Procore API
reference: List Webhooks Deliveries) or ``none`` (one response)."""


def apply_paging(
    op: _operations.Operation | None, per_page: int | None, query: dict[str, Any]
) -> tuple[Scheme, int | None]:
    """How ``op`` pages, with its page size added to ``query``: ``(scheme, page_start size)``.

    ``page``/``per_page`` lists ask for ``per_page`` or the operation's largest page, so a full
    listing costs ``ceil(N / largest page)`` requests (requests are Procore's rate budget);
    v1 webhook deliveries take ``page_size`` (``per_page``, the query's, or the operation's
    default). Other operations, and ``None`` (a path Procore does not document), get no page
    size and the ``link`` scheme, which reads one response unless a ``Link`` names a next page.
    A ``per_page``/``page_size`` already in ``query`` wins over the operation's.
    """
    if op is not None and op.paging == "page_start":
        size = per_page or int(query.get("page_size") or 0) or op.default_page or op.largest_page
        if size is not None:
            query["page_size"] = size
        return "page_start", size
    if op is not None and op.paging == "page":
        size = per_page if per_page is not None else op.largest_page
        if size is not None:
            query.setdefault("per_page", size)
    return "link", None


# One link-value: <url> followed by ;-separated parameters (RFC 5988, as in Procore docs:
# Using Pagination).
_LINK_VALUE = re.compile(r"<([^>]*)>((?:\s*;\s*[^;,<]*)*)")
_REL = re.compile(r"""rel\s*=\s*(?:"([^"]*)"|([^\s;,"]+))""", re.IGNORECASE)


def parse_link_header(value: str | None) -> dict[str, str]:
    """Map each ``rel`` of a ``Link`` header to its URL.

    Accepts the rels in any order (Procore's example sends first, prev, last, next), a header
    that is present but empty (Procore docs: Document Management Integration Technical
    Guide), quoted or bare ``rel`` values and several space-separated rels on one link. The
    first URL given for a rel wins.

    Args:
        value: the raw header, or ``None``.

    Returns:
        ``{"next": "https://...", "last": "https://..."}``; empty when there is no link.
    """
    links: dict[str, str] = {}
    if not value or not value.strip():
        return links
    for match in _LINK_VALUE.finditer(value):
        url = match.group(1).strip()
        rel_match = _REL.search(match.group(2))
        if not rel_match or not url:
            continue
        for rel in (rel_match.group(1) or rel_match.group(2) or "").split():
            links.setdefault(rel.lower(), url)
    return links


def parse_int_header(headers: Mapping[str, str], name: str) -> int | None:
    """An integer header such as ``Total`` or ``Per-Page``; ``None`` when absent or unreadable."""
    raw = headers.get(name)
    if raw is None:
        return None
    try:
        number = int(raw.strip())
    except ValueError:
        return None
    return number if number >= 0 else None


def extract_items(body: Any, *, envelope: str | None = None) -> list[Any]:
    """The records of one page's decoded body.

    v1 lists are bare JSON arrays; v2 wraps them in ``{"data": [...]}`` (Procore docs: New
    Rest V2 API Version). Both are accepted whatever the endpoint claims (be liberal in what you
    read); an empty body is an empty page.

    Raises:
        ResponseValidationError: the body is neither an array nor an object with an array (or
            one record) under ``envelope`` / ``data``.
    """
    if body is None or body == "":
        return []
    if isinstance(body, list):
        return body
    if isinstance(body, Mapping):
        for key in (envelope, "data"):
            if key is not None and key in body:
                inner = body[key]
                if inner is None:
                    return []
                if isinstance(inner, list):
                    return inner
                if isinstance(inner, Mapping):
                    # One record in the envelope where a list was expected (the reference types
                    # some v2 lists' ``data`` as an object): a page of one.
                    return [inner]
    raise ResponseValidationError(
        f"expected a JSON array of records (or a 'data' envelope), got {type(body).__name__}",
        errors=[f"expected a JSON array @ $, got {type(body).__name__}"],
    )


def link_next_url(
    current_url: str,
    links: Mapping[str, str],
    original_query: QueryItems,
) -> str | None:
    """The absolute URL of the next page, from the ``Link`` header's ``next``.

    A relative ``next`` (the Ruby SDK shows ``projects?per_page=100&page=2``) is resolved
    against the current URL. The documented example (Procore docs: Using Pagination) drops query
    parameters such as ``project_id`` (UNCONFIRMED for real responses), so parameters of the
    first request that the link lacks are added back; the link's own values, ``page`` included,
    always win.

    Args:
        current_url: the URL of the page just fetched.
        links: the parsed ``Link`` header.
        original_query: the encoded query of the first request.

    Returns:
        The next URL, or ``None`` when there is no ``next``.
    """
    raw = links.get("next")
    if not raw:
        return None
    url = httpx.URL(current_url).join(raw)
    present = {key for key, _ in url.params.multi_items()}
    missing = [(k, v) for k, v in original_query if k not in present and v is not None]
    if missing:
        merged = [*url.params.multi_items(), *((k, str(v)) for k, v in missing)]
        url = url.copy_with(params=merged)
    return str(url)


def prefetch_urls(first_url: str, *, total: int, per_page: int, max_items: int | None) -> list[str]:
    """The URLs of pages 2..last, built from the first page's request URL.

    Only valid when the server reported ``Total`` and ``Per-Page``: together they say exactly
    which pages exist (``ceil(Total / Per-Page)``), so no page is guessed.

    Args:
        first_url: the absolute URL of the first page's request.
        total: the ``Total`` header.
        per_page: the ``Per-Page`` header.
        max_items: stop once this many records are covered.
    """
    if per_page <= 0:
        return []
    wanted = total if max_items is None else min(total, max_items)
    last = math.ceil(wanted / per_page)
    url = httpx.URL(first_url)
    base = [(k, v) for k, v in url.params.multi_items() if k not in ("page", "per_page")]
    return [
        str(url.copy_with(params=[*base, ("page", str(n)), ("per_page", str(per_page))]))
        for n in range(2, last + 1)
    ]


def page_start_params(
    items: Sequence[Any], *, page_size: int, id_key: str = "id"
) -> dict[str, Any] | None:
    """The next ``page_start`` request of a v1 webhook deliveries listing, or ``None`` at the end.

    ``page_start`` is "the last id of the previous page" (Procore API reference: List Webhooks
    Deliveries); a page shorter than ``page_size`` (or empty) is the last one.
    """
    if not items or len(items) < page_size:
        return None
    last = items[-1]
    last_id = last.get(id_key) if isinstance(last, Mapping) else getattr(last, id_key, None)
    if last_id is None:
        return None
    return {"page_start": last_id, "page_size": page_size}


@attrs.frozen(kw_only=True)
class Page(Generic[T]):
    """One page of a listing: its records and what the response said about the rest.

    Attributes:
        items: the records of this page, typed.
        total: the ``Total`` header (records in the whole listing), when sent.
        per_page: the ``Per-Page`` header, when sent.
        next_url: the next page's URL (from ``Link``), or ``None`` on the last page.
        links: every ``rel`` of the ``Link`` header.
        url: the URL this page was fetched from.
        status_code: the HTTP status.
        headers: the response headers.
        rate_limit: the parsed ``X-Rate-Limit-*`` headers, when sent.
    """

    items: list[T]
    total: int | None = None
    per_page: int | None = None
    next_url: str | None = None
    links: Mapping[str, str] = attrs.field(factory=dict)
    url: str = ""
    status_code: int = 200
    headers: httpx.Headers = attrs.field(factory=httpx.Headers, repr=False)
    rate_limit: RateLimit | None = None

    @property
    def has_next(self) -> bool:
        """Whether the server named a next page."""
        return self.next_url is not None

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @classmethod
    def from_response(
        cls,
        response: httpx.Response,
        items: list[T],
        *,
        next_url: str | None,
        links: Mapping[str, str],
    ) -> Page[T]:
        """Build a page from an ``httpx.Response`` and its already-typed records."""
        headers = response.headers
        return cls(
            items=items,
            total=parse_int_header(headers, "Total"),
            per_page=parse_int_header(headers, "Per-Page"),
            next_url=next_url,
            links=links,
            url=str(response.request.url),
            status_code=response.status_code,
            headers=headers,
            rate_limit=RateLimit.from_headers(headers),
        )
