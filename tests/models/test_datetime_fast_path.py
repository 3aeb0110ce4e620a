"""The structuring fast path reads timestamps with one C call, exactly as the full parser does.

``_fast_datetime`` tries ``datetime.fromisoformat`` on the text as Procore sent it and falls
back to ``_parse_datetime`` (Procore docs: Dates, Times & Time Zones), so every value, zone and
error is the same on both paths, and a listing still names a malformed value's path.
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any

import httpx
import pytest
from _helpers.flavour import Flavour

from procore_sdk import ResponseValidationError
from procore_sdk._serde import _fast_datetime, _parse_datetime, structure_list
from procore_sdk.models import CompanyUser

TEXTS = [
    "2024-01-01T00:53:53Z",
    "2024-01-01T00:53:53z",
    "2024-01-01T00:53:53.1Z",
    "2024-01-01T00:53:53.1234567Z",
    "2024-01-01T00:53:53+05:30",
    "2024-01-01T00:53:53-08:00",
    "2024-01-01T00:53:53",
    "2024-01-01 00:53:53Z",
    "2024-01-01",
]
if sys.version_info >= (3, 11):
    # ISO 8601's basic format: Python reads it from 3.11 on (Procore sends the extended one).
    TEXTS.append("20240101T005353Z")
BAD = ["not a date", "", "2024-13-01T00:00:00Z", "2024-01-01T25:00:00Z", 20240101, None, True]


def _outcome(parse: Any, value: Any) -> Any:
    try:
        result = parse(value, None)
    except (TypeError, ValueError) as exc:
        return type(exc), str(exc)
    return result, result.tzinfo


@pytest.mark.parametrize("text", TEXTS + BAD)
def test_fast_datetime_gives_what_the_full_parser_gives(text: Any) -> None:
    fast = _outcome(_fast_datetime, text)
    assert fast == _outcome(_parse_datetime, text)
    if text in TEXTS:
        value, zone = fast
        assert zone is not None  # always aware
        assert value.utcoffset() is not None


def test_z_timestamps_share_the_utc_zone_on_every_path() -> None:
    assert _fast_datetime("2024-01-01T00:00:00Z", None).tzinfo is dt.timezone.utc
    assert _fast_datetime("2024-01-01T00:00:00", None).tzinfo is dt.timezone.utc


def test_a_listing_reads_timestamps_through_the_fast_path_and_names_a_bad_one() -> None:
    page = structure_list([{"id": 1, "created_at": text} for text in TEXTS], CompanyUser)
    assert [u.created_at for u in page] == [_parse_datetime(t, None) for t in TEXTS]
    with pytest.raises(ResponseValidationError) as info:
        structure_list([{"id": 1}, {"id": 2, "created_at": "2024-13-01T00:00:00Z"}], CompanyUser)
    assert any(e.endswith("@ $[1].created_at") for e in info.value.errors), info.value.errors


def test_both_clients_list_aware_timestamps_and_name_a_bad_one(flavour: Flavour) -> None:
    body = [{"id": i, "last_login_at": text} for i, text in enumerate(TEXTS)]
    client = flavour.client(lambda r: httpx.Response(200, json=body), company_id=1)
    users = list(client.company_users.list())
    assert [u.last_login_at for u in users] == [_parse_datetime(t, None) for t in TEXTS]
    assert all(type(u.last_login_at) is dt.datetime for u in users)
    bad = [{"id": 1}, {"id": 2, "last_login_at": "2024-01-01T25:00:00Z"}]
    client = flavour.client(lambda r: httpx.Response(200, json=bad), company_id=1)
    with pytest.raises(ResponseValidationError, match=r"\$\[1\]\.last_login_at"):
        list(client.company_users.list())
