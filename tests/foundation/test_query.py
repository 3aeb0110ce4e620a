"""Procore's query dialect (issue 2, item 4; PROCORE_API.md §5)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import unquote

import pytest

from procore_sdk import UNSET
from procore_sdk._query import encode_params, format_datetime


def test_filters_as_the_issue_states() -> None:
    start = dt.datetime(2016, 9, 23, 16, 30, tzinfo=dt.timezone.utc)
    end = dt.datetime(2016, 9, 23, 17, 0, tzinfo=dt.timezone.utc)
    encoded = encode_params(
        {"filters": {"updated_at": (start, end), "status": ["open", "closed"], "origin_id": "X"}}
    )
    assert encoded == [
        ("filters[updated_at]", "2016-09-23T16:30:00Z...2016-09-23T17:00:00Z"),
        ("filters[status][]", "open"),
        ("filters[status][]", "closed"),
        ("filters[origin_id]", "X"),
    ]


def test_datetimes_are_utc_z() -> None:
    eastern = dt.timezone(dt.timedelta(hours=-5))
    assert format_datetime(dt.datetime(2024, 1, 1, 7, 0, tzinfo=eastern)) == "2024-01-01T12:00:00Z"
    assert format_datetime(dt.datetime(2024, 1, 1, 7, 0)) == "2024-01-01T07:00:00Z"  # naive = UTC
    assert format_datetime(dt.datetime(2024, 1, 1, 7, 0, 0, 250000)) == "2024-01-01T07:00:00.25Z"


def test_dates_bools_none_unset_and_sort() -> None:
    encoded = encode_params(
        {
            "log_date": dt.date(2024, 3, 5),
            "filters": {"include_deleted": "with", "id": [1, 2], "gone": None, "skip": UNSET},
            "sort": {"attribute": "due_date", "direction": "desc"},
            "active": True,
            "range": (dt.date(2024, 1, 1), dt.date(2024, 1, 31)),
        }
    )
    assert encoded == [
        ("log_date", "2024-03-05"),
        ("filters[include_deleted]", "with"),
        ("filters[id][]", "1"),
        ("filters[id][]", "2"),
        ("sort[attribute]", "due_date"),
        ("sort[direction]", "desc"),
        ("active", "true"),
        ("range", "2024-01-01...2024-01-31"),
    ]


def test_bad_values_are_refused() -> None:
    with pytest.raises(TypeError, match="range"):
        encode_params({"filters": {"updated_at": (1, 2, 3)}})
    with pytest.raises(TypeError, match="cannot encode"):
        encode_params({"x": object()})


def test_encoding_reaches_the_wire(runner, clock) -> None:  # type: ignore[no-untyped-def]
    seen: list[str] = []

    def handler(request):  # type: ignore[no-untyped-def]
        import httpx

        seen.append(unquote(str(request.url.query, "ascii")))
        return httpx.Response(200, json=[])

    client = runner.client(handler, clock=clock)
    client.get(
        "/rest/v1.0/projects",
        params={"company_id": 5, "filters": {"status": ["open", "closed"], "origin_id": "A&B"}},
    )
    assert seen == [
        "company_id=5&filters[status][]=open&filters[status][]=closed&filters[origin_id]=A&B"
    ]
