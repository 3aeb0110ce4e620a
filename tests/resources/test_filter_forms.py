"""Filter forms on the wire, for both clients (issue 11, items 4 and 14).

- A filter the spec types as an array goes as ``filters[<attr>][]=v`` even with one value.
- ``updated_at=(since, None)`` / ``(None, until)``: open-ended ranges, sent as the closed
  ``<start>...<end>`` Procore documents, with the open end at a bound no record passes.
- A naive datetime is taken as UTC (documented), an aware one converted to UTC.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest
from _helpers.flavour import Flavour

from procore_sdk import ArgumentTypeError, InvalidArgumentError

PROJECT = 22


class Recorder:
    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(200, json=[])

    def pairs(self) -> list[tuple[str, str]]:
        return [(k, v) for k, v in self.requests[-1].url.params.multi_items() if k != "per_page"]


@pytest.fixture
def rec() -> Recorder:
    return Recorder()


def test_one_value_of_an_array_filter_goes_in_the_array_form(
    flavour: Flavour, rec: Recorder
) -> None:
    client = flavour.client(rec)
    # Observations type filters[status] as array<integer>.
    list(client.observations.list(project_id=PROJECT, status=2))
    assert ("filters[status][]", "2") in rec.pairs()
    assert "filters[status]" not in dict(rec.pairs())
    # Through filters= too: RFIs type filters[location_id] as array<integer>.
    list(client.rfis.list(project_id=PROJECT, filters={"location_id": 7}))
    assert ("filters[location_id][]", "7") in rec.pairs()
    # Daily logs build their own filters: manpower logs' vendor_id is an array.
    list(
        client.manpower_logs.list(
            project_id=PROJECT, log_date="2024-01-02", filters={"vendor_id": 9}
        )
    )
    assert ("filters[vendor_id][]", "9") in rec.pairs()


def test_scalar_filters_stay_scalar_and_lists_stay_lists(flavour: Flavour, rec: Recorder) -> None:
    client = flavour.client(rec)
    # RFIs type filters[status] as one string (open, closed, draft).
    list(client.rfis.list(project_id=PROJECT, status="open"))
    assert ("filters[status]", "open") in rec.pairs()
    list(client.observations.list(project_id=PROJECT, status=[1, 2]))
    assert [p for p in rec.pairs() if p[0].startswith("filters[status]")] == [
        ("filters[status][]", "1"),
        ("filters[status][]", "2"),
    ]


def test_array_form_follows_the_chosen_version(flavour: Flavour, rec: Recorder) -> None:
    # Submittals: filters[received_from_id] is one integer in v1.1, an array in v2.0.
    client = flavour.client(rec)
    list(client.submittals.list(project_id=PROJECT, filters={"received_from_id": 3}))
    assert ("filters[received_from_id]", "3") in rec.pairs()
    list(
        client.submittals.list(project_id=PROJECT, version="v2.0", filters={"received_from_id": 3})
    )
    assert ("filters[received_from_id][]", "3") in rec.pairs()


SINCE = dt.datetime(2024, 5, 1, 8, 30, tzinfo=dt.timezone.utc)
UNTIL = dt.datetime(2024, 6, 1, tzinfo=dt.timezone.utc)


@pytest.mark.parametrize(
    ("value", "sent"),
    [
        ((SINCE, None), "2024-05-01T08:30:00Z...9999-12-31T23:59:59Z"),
        ((None, UNTIL), "1970-01-01T00:00:00Z...2024-06-01T00:00:00Z"),
        ((SINCE, UNTIL), "2024-05-01T08:30:00Z...2024-06-01T00:00:00Z"),
        ((dt.date(2024, 5, 1), None), "2024-05-01...9999-12-31"),
        ((None, "2024-06-01"), "1970-01-01...2024-06-01"),
        # A naive datetime is UTC, as documented; an aware one is converted.
        ((dt.datetime(2024, 5, 1, 8, 30), None), "2024-05-01T08:30:00Z...9999-12-31T23:59:59Z"),
        (
            (dt.datetime(2024, 5, 1, 3, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5))), None),
            "2024-05-01T08:30:00Z...9999-12-31T23:59:59Z",
        ),
    ],
)
def test_open_ended_ranges(flavour: Flavour, rec: Recorder, value: Any, sent: str) -> None:
    client = flavour.client(rec)
    list(client.vendors.list(updated_at=value))
    assert ("filters[updated_at]", sent) in rec.pairs()
    list(client.rfis.list(project_id=PROJECT, created_at=value))
    assert ("filters[created_at]", sent) in rec.pairs()
    # The generic verbs read the same tuples.
    client.get("/rest/v1.0/vendors", params={"filters": {"updated_at": value}})
    assert ("filters[updated_at]", sent) in rec.pairs()


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ((None, None), InvalidArgumentError),
        ((SINCE,), ArgumentTypeError),
        ((1, 2), ArgumentTypeError),
    ],
)
def test_bad_ranges_are_refused_naming_the_argument(
    flavour: Flavour, rec: Recorder, value: Any, error: type[Exception]
) -> None:
    client = flavour.client(rec)
    with pytest.raises(error, match="updated_at") as info:
        client.vendors.list(updated_at=value)
    assert isinstance(info.value, ValueError)
    assert rec.requests == []


def test_a_date_filter_takes_one_date_or_procores_own_range_text(
    flavour: Flavour, rec: Recorder
) -> None:
    # A string is sent as given (Procore's "<start>...<end>" text works); a date is ISO 8601.
    client = flavour.client(rec)
    list(client.vendors.list(updated_at="2024-01-01...2024-02-01"))
    assert ("filters[updated_at]", "2024-01-01...2024-02-01") in rec.pairs()
