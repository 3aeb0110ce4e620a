"""Procore's documented examples, as cassettes, replayed with vcrpy through the real client.

Each cassette in ``tests/cassettes`` was written by hand from PROCORE_API.md (its ``source``
names the section). The token endpoint is never recorded, so the client uses a static token.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import vcr

import procore_sdk as sdk
from procore_sdk import Procore, capture_responses
from procore_sdk.testing.vcr import scan_cassettes, vcr_config

CASSETTES = Path(__file__).parent / "cassettes"


def _recorder() -> vcr.VCR:
    return vcr.VCR(**vcr_config(), record_mode="none", cassette_library_dir=str(CASSETTES))


def _client(**kwargs: object) -> Procore:
    return Procore(access_token="replay-token", company_id=8, sleep=lambda s: None, **kwargs)  # type: ignore[arg-type]


def test_cassettes_hold_no_secrets() -> None:
    assert scan_cassettes([CASSETTES]) == []


def test_link_example_through_the_pager() -> None:
    """§4: page 3 of 150 punch items, 5 a page; the pager reads Total and follows Link's next."""
    with _recorder().use_cassette("procore_pagination_link.yaml"):
        pager = _client().paginate("/rest/v1.0/punch_items", params={"page": 3}, per_page=5)
        page = pager.first_page()
    assert [item["id"] for item in page.items] == [11, 12, 13, 14, 15]
    assert page.total == 150
    assert page.per_page == 5
    assert page.next_url == "https://api.procore.com/rest/v1.0/punch_items?page=4&per_page=5"


def test_sync_example_through_projects_sync() -> None:
    """§7.1: one entity updated, one item error, always HTTP 200."""
    with _recorder().use_cassette("procore_sync_response.yaml"):
        result = _client().projects.sync(
            [
                {"id": 4, "name": "Updated Project 1"},
                {"id": 0, "name": "No project has this id value"},
            ],
            company_id=8,
        )
    assert [entity.id for entity in result.entities] == [4]
    (error,) = result.errors
    assert error.index == 1
    assert error.id == 0
    assert dict(error.messages) == {"id": ("Entity with this ID not found",)}


def test_plain_text_429_through_the_client() -> None:
    """§6: the plain-text 429 with rate headers becomes a RateLimitError carrying them."""
    with (
        _recorder().use_cassette("procore_rate_limited.yaml"),
        capture_responses() as captured,
        pytest.raises(sdk.RateLimitError) as info,
    ):
        _client(max_retries=0).get("/rest/v1.0/projects", params={"company_id": 8})
    assert captured.responses == []  # a failed call is not a response
    error = info.value
    assert error.retry_after == 3.0
    assert error.rate_limit == sdk.RateLimit(limit=25, remaining=0, reset=1466182247.0)
    assert "surpassed the max number of requests" in str(error)
