"""Pure pagination rules: Link parsing, integer headers, envelopes, prefetch URLs (§4)."""

from __future__ import annotations

import httpx
import pytest

from procore_sdk import ResponseValidationError
from procore_sdk._pagination import (
    extract_items,
    link_next_url,
    page_start_params,
    parse_int_header,
    parse_link_header,
    prefetch_urls,
)

DOC_EXAMPLE = (
    '<https://api.procore.com/rest/v1.0/punch_items?page=1&per_page=5>; rel="first", '
    '<https://api.procore.com/rest/v1.0/punch_items?page=2&per_page=5>; rel="prev", '
    '<https://api.procore.com/rest/v1.0/punch_items?page=30&per_page=5>; rel="last", '
    '<https://api.procore.com/rest/v1.0/punch_items?page=4&per_page=5>; rel="next"'
)


def test_documented_example_in_first_prev_last_next_order() -> None:
    links = parse_link_header(DOC_EXAMPLE)
    assert links == {
        "first": "https://api.procore.com/rest/v1.0/punch_items?page=1&per_page=5",
        "prev": "https://api.procore.com/rest/v1.0/punch_items?page=2&per_page=5",
        "last": "https://api.procore.com/rest/v1.0/punch_items?page=30&per_page=5",
        "next": "https://api.procore.com/rest/v1.0/punch_items?page=4&per_page=5",
    }


def test_docs_wrap_the_header_across_lines() -> None:
    assert parse_link_header(DOC_EXAMPLE.replace(", ", ",\n   "))["next"].endswith(
        "page=4&per_page=5"
    )


@pytest.mark.parametrize("value", [None, "", "   "])
def test_absent_or_empty_link(value: str | None) -> None:
    # §4: v2 Document Management sends Link present but empty on a single page.
    assert parse_link_header(value) == {}


def test_bare_rel_several_rels_and_case() -> None:
    links = parse_link_header(
        '<https://x/a?page=2>; REL=next, <https://x/a?page=9>; rel="last end"'
    )
    assert links == {
        "next": "https://x/a?page=2",
        "last": "https://x/a?page=9",
        "end": "https://x/a?page=9",
    }


def test_link_without_rel_is_ignored() -> None:
    assert parse_link_header("<https://x/a?page=2>; title=x") == {}


def test_page_two_has_no_prev() -> None:
    header = (
        '<https://x/p?page=1>; rel="first", <https://x/p?page=9>; rel="last", '
        '<https://x/p?page=3>; rel="next"'
    )
    assert "prev" not in parse_link_header(header)


@pytest.mark.parametrize(("raw", "expected"), [("150", 150), (" 7 ", 7), ("x", None), ("-1", None)])
def test_int_headers(raw: str, expected: int | None) -> None:
    assert parse_int_header(httpx.Headers({"Total": raw}), "Total") == expected
    assert parse_int_header(httpx.Headers(), "Total") is None


def test_extract_items_v1_v2_and_empty() -> None:
    assert extract_items([{"id": 1}]) == [{"id": 1}]
    assert extract_items({"data": [{"id": "1"}]}) == [{"id": "1"}]
    assert extract_items({"data": None}) == []
    assert extract_items(None) == []
    # One record in the envelope (the reference types some v2 lists' data as an object).
    assert extract_items({"data": {"id": "7"}}) == [{"id": "7"}]
    with pytest.raises(ResponseValidationError):
        extract_items({"error": "nope"})
    with pytest.raises(ResponseValidationError):
        extract_items({"data": "text"})


def test_link_next_url_absent_relative_and_merged() -> None:
    assert link_next_url("https://x/rest/v1.0/a?page=1", {}, []) is None
    url = link_next_url(
        "https://x/rest/v1.0/a?page=1&project_id=3",
        {"next": "/rest/v1.0/a?page=2&per_page=5"},
        [("project_id", "3"), ("per_page", "9")],
    )
    # The link's own values win; missing scope params come back.
    assert url == "https://x/rest/v1.0/a?page=2&per_page=5&project_id=3"


def test_prefetch_urls_cover_exactly_the_remaining_pages() -> None:
    urls = prefetch_urls(
        "https://x/a?company_id=1&per_page=100", total=250, per_page=100, max_items=None
    )
    assert [httpx.URL(u).params["page"] for u in urls] == ["2", "3"]
    assert all(httpx.URL(u).params["company_id"] == "1" for u in urls)
    assert prefetch_urls("https://x/a", total=100, per_page=100, max_items=None) == []
    assert len(prefetch_urls("https://x/a", total=1000, per_page=100, max_items=250)) == 2
    assert prefetch_urls("https://x/a", total=10, per_page=0, max_items=None) == []


def test_page_start_params() -> None:
    assert page_start_params([{"id": 5}, {"id": 9}], page_size=2) == {
        "page_start": 9,
        "page_size": 2,
    }
    assert page_start_params([{"id": 5}], page_size=2) is None
    assert page_start_params([], page_size=2) is None
