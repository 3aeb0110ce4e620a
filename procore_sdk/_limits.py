"""Per-endpoint page-size limits (pure; shared by the client and the fake Procore).

The client uses :func:`per_page_max` to ask for the largest page an endpoint allows, so a full
listing costs ``ceil(N / per_page)`` requests; the fake Procore uses the same table to clamp
``per_page`` and to decide which endpoints are paginated at all.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = [
    "V1_DEFAULT_PER_PAGE",
    "V1_MAX_PER_PAGE",
    "V2_DEFAULT_PER_PAGE",
    "V2_MAX_PER_PAGE",
    "is_paginated",
    "per_page_default",
    "per_page_max",
]

# Procore advises keeping per_page <= 2,000; older docs allowed 10,000 (Procore docs: Using
# Pagination).
V1_MAX_PER_PAGE: Final = 2000
# The general v1 default is UNCONFIRMED; the Ruby SDK README shows per_page=100 links (Procore docs:
# Using Pagination).
V1_DEFAULT_PER_PAGE: Final = 100
# v2.x collections default to 10 and allow at most 100 (Procore docs: New Rest V2 API Version).
V2_DEFAULT_PER_PAGE: Final = 10
V2_MAX_PER_PAGE: Final = 100

# GET /rest/v1.1/projects defaults to 100, max 300 (Procore API reference: List projects (v1.1)).
_SPECIFIC: Final[dict[str, tuple[int, int]]] = {
    "/rest/v1.1/projects": (100, 300),
}

_SEG = r"[^/]+"
# GET list endpoints that do not paginate (procore_api_subset.json: page=False; older Procore
# pagination docs named company/project files and folders; v1 webhook deliveries page with
# page_size/page_start, Procore API reference: List Webhooks Deliveries).
_UNPAGINATED_TEMPLATES: Final[tuple[str, ...]] = (
    "/rest/v1.0/me",
    "/rest/v1.{v}/companies/{id}/me",
    "/rest/v1.0/companies/{id}/projects",
    "/rest/v1.0/projects/{id}/commitment_change_orders",
    "/rest/v1.0/projects/{id}/prime_change_orders",
    "/rest/v1.0/projects/{id}/daily_log_headers",
    "/rest/v1.0/projects/{id}/daily_logs/count",
    "/rest/v1.0/projects/{id}/manpower_logs/daily_totals",
    "/rest/v1.0/companies/{id}/folders",
    "/rest/v1.0/folders",
    "/rest/v1.{v}/projects/{id}/drawing_revision_terms",
    "/rest/v1.0/projects/{id}/drawing_revisions/{id}/drawing_tiles",
    "/rest/v1.0/observations/items/next_available_number",
    "/rest/v1.0/projects/{id}/observations/items/statuses",
    "/rest/v1.0/projects/{id}/recycle_bin/observations/items",
    "/rest/v1.0/projects/{id}/filters",
    "/rest/v1.0/projects/{id}/filters/{id}",
    "/rest/v1.{v}/punch_items/recycle_bin",
    "/rest/v1.{v}/projects/{id}/rfis/export",
    "/rest/v1.{v}/projects/{id}/submittals/next_available_number",
    "/rest/v1.{v}/projects/{id}/submittals/next_available_number/{id}",
    "/rest/v1.{v}/projects/{id}/submittals/{id}/workflow_data",
    "/rest/v1.1/projects/{id}/submittals/check_number",
    "/rest/v1.0/submittal_associated_attachments",
    "/rest/v1.0/webhooks/hooks",
    "/rest/v1.0/webhooks/hooks/{id}/deliveries",
    "/rest/v1.0/webhooks/hooks/{id}/triggers",
    "/rest/v1.0/webhooks/resources",
    "/rest/v1.0/webhooks/resources/api_versions",
    "/rest/v1.0/company_base_url",
)


def _compile(template: str) -> re.Pattern[str]:
    pattern = re.escape(template).replace(r"\{id\}", _SEG).replace(r"\{v\}", r"\d+")
    return re.compile(pattern + r"/?")


_UNPAGINATED: Final = tuple(_compile(t) for t in _UNPAGINATED_TEMPLATES)
_VERSION = re.compile(r"^/rest/v(\d+)\.(\d+)/")
_ID_SEGMENT = re.compile(r"^(\d+|\{[^}]+\})$")


def _normalise(path: str) -> str:
    # Accept absolute URLs (from Link headers) and query strings.
    if "://" in path:
        path = "/" + path.split("://", 1)[1].split("/", 1)[-1]
    return path.split("?", 1)[0].split("#", 1)[0]


def is_paginated(method: str, path: str) -> bool:
    """Whether ``method path`` is a paginated list endpoint (``page``/``per_page``; Procore docs:
    Using Pagination).

    Args:
        method: HTTP method.
        path: a concrete path (``/rest/v1.0/projects/12``), a template
            (``/rest/v1.0/projects/{id}``) or an absolute URL.
    """
    if method.upper() != "GET":
        return False
    path = _normalise(path).rstrip("/")
    if not path.startswith("/rest/") or path.startswith("/oauth/"):
        return False
    last = path.rsplit("/", 1)[-1]
    # A trailing id (or file extension) means "show one record", which never paginates.
    if _ID_SEGMENT.match(last) or "." in last:
        return False
    return not any(p.fullmatch(path) for p in _UNPAGINATED)


def _page_sizes(method: str, path: str) -> tuple[int, int] | None:
    """``(default, maximum)`` page sizes of an endpoint, or ``None`` if it does not paginate."""
    if not is_paginated(method, path):
        return None
    path = _normalise(path).rstrip("/")
    if path in _SPECIFIC:
        return _SPECIFIC[path]
    match = _VERSION.match(path + "/")
    if match and int(match.group(1)) >= 2:
        return V2_DEFAULT_PER_PAGE, V2_MAX_PER_PAGE
    return V1_DEFAULT_PER_PAGE, V1_MAX_PER_PAGE


def per_page_max(method: str, path: str) -> int | None:
    """The largest ``per_page`` an endpoint accepts, or ``None`` if it does not paginate.

    Values (Procore docs: Using Pagination; New Rest V2 API Version; Procore API reference: List
    projects (v1.1)): ``GET /rest/v1.1/projects`` 300; v2.x collections 100; other v1 lists 2000
    (the documented advice; Procore docs: Using Pagination); unpaginated endpoints ``None``.

    Args:
        method: HTTP method.
        path: a concrete path, a path template or an absolute URL.
    """
    sizes = _page_sizes(method, path)
    return None if sizes is None else sizes[1]


def per_page_default(method: str, path: str) -> int | None:
    """The page size an endpoint uses when ``per_page`` is not sent, or ``None``.

    ``GET /rest/v1.1/projects`` 100 and v2.x 10 are documented (Procore docs: New Rest V2 API
    Version; Procore API reference: List projects (v1.1)); the general v1 default is UNCONFIRMED
    (Procore docs: Using Pagination), so 100 is assumed, as the Ruby SDK README shows.

    Args:
        method: HTTP method.
        path: a concrete path, a path template or an absolute URL.
    """
    sizes = _page_sizes(method, path)
    return None if sizes is None else sizes[0]
