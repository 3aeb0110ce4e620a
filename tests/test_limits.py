"""Tests for procore_sdk._limits (per_page maxima, §4)."""

from __future__ import annotations

import pytest

from procore_sdk._limits import is_paginated, per_page_default, per_page_max


def test_v11_projects_max_300_default_100() -> None:
    # §4: GET /rest/v1.1/projects default 100, max 300.
    assert per_page_max("GET", "/rest/v1.1/projects") == 300
    assert per_page_default("GET", "/rest/v1.1/projects") == 100


@pytest.mark.parametrize(
    "path",
    [
        "/rest/v2.0/companies/1/projects/2/submittals",
        "/rest/v2.0/companies/{company_id}/webhooks/hooks",
        "https://api.procore.com/rest/v2.0/companies/1/webhooks/hooks?page=2",
    ],
)
def test_v2_collections_max_100_default_10(path: str) -> None:
    # §1.3 / §4: v2 default 10, max 100.
    assert per_page_max("GET", path) == 100
    assert per_page_default("GET", path) == 10


@pytest.mark.parametrize(
    "path",
    [
        "/rest/v1.0/projects",
        "/rest/v1.0/vendors",
        "/rest/v1.0/projects/5/rfis",
        "/rest/v1.0/companies",
    ],
)
def test_other_v1_lists_max_2000(path: str) -> None:
    # §4: docs advise per_page <= 2000.
    assert per_page_max("GET", path) == 2000


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/rest/v1.0/me"),
        ("GET", "/rest/v1.0/projects/123"),
        ("GET", "/rest/v1.0/projects/{id}"),
        ("GET", "/rest/v1.0/companies/8/projects"),
        ("GET", "/rest/v1.0/webhooks/hooks/5/deliveries"),
        ("GET", "/rest/v1.0/folders"),
        ("PATCH", "/rest/v1.0/vendors/sync"),
        ("POST", "/rest/v1.0/projects"),
        ("GET", "/oauth/token/info"),
    ],
)
def test_unpaginated_endpoints_return_none(method: str, path: str) -> None:
    assert per_page_max(method, path) is None
    assert per_page_default(method, path) is None
    assert not is_paginated(method, path)


@pytest.mark.parametrize(
    "path",
    [
        # The spec gives these lists no page/per_page parameters.
        "/rest/v1.0/checklist/lists",
        "/rest/v2.0/companies/1/company_security_settings",
        # Not a path of Procore's API.
        "/rest/v1.0/no_such_collection",
    ],
)
def test_what_the_table_does_not_page_has_no_page_size(path: str) -> None:
    assert not is_paginated("GET", path)
    assert per_page_max("GET", path) is None


def test_an_operations_own_page_sizes_come_from_the_table() -> None:
    # OAS RestV10ProjectsProjectIdIncidentsGet: default 1,000 a page.
    assert per_page_default("GET", "/rest/v1.0/projects/5/incidents") == 1000
    # OAS: the v2 ".../ids" lists page 5,000 at a time.
    assert per_page_max("GET", "/rest/v2.0/companies/1/equipment_register/ids") == 5000
