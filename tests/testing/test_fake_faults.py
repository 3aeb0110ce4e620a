"""Rate limits (PROCORE_API.md §6) and fault injection (raw httpx, sync and async)."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest
from _helpers.fake_http import authorize

from procore_sdk.testing import FakeProcore

RATE_BODY = (
    "You have surpassed the max number of requests for an hour. "
    "Please wait until your limit resets."
)
NOW = 1_750_000_000.0


def _client(fake: FakeProcore) -> httpx.Client:
    client = httpx.Client(transport=fake.transport(), base_url=fake.base_url)
    authorize(client, fake)
    return client


def test_rate_headers_on_every_response(api: httpx.Client) -> None:
    # §6: X-Rate-Limit-Limit/Remaining/Reset on every response (even errors).
    for resp in (api.get("/rest/v1.0/me"), api.get("/rest/v1.0/vendors/1")):
        assert {"x-rate-limit-limit", "x-rate-limit-remaining", "x-rate-limit-reset"} <= set(
            resp.headers
        )


def test_spike_limit_gives_429_plain_text_with_retry_after() -> None:
    # §6: 429 with the plain-text body, rate headers and Retry-After (CONFLICT: send both).
    fake = FakeProcore(clock=lambda: NOW, hourly_limit=600, spike_limit=3)
    client = _client(fake)
    remaining = [client.get("/rest/v1.0/me").headers["X-Rate-Limit-Remaining"] for _ in range(3)]
    assert remaining == ["2", "1", "0"]
    resp = client.get("/rest/v1.0/me")
    assert resp.status_code == 429
    assert resp.text == RATE_BODY
    assert resp.headers["Content-Type"].startswith("text/plain")
    assert resp.headers["X-Rate-Limit-Limit"] == "3"
    assert resp.headers["X-Rate-Limit-Remaining"] == "0"
    reset = int(resp.headers["X-Rate-Limit-Reset"])
    assert reset == 1_750_000_010
    assert resp.headers["Retry-After"] == "10"
    fake.advance(10)
    assert client.get("/rest/v1.0/me").status_code == 200


def test_headers_report_window_closer_to_exhaustion() -> None:
    # §6: headers report whichever limit is closer to being hit.
    fake = FakeProcore(clock=lambda: NOW, hourly_limit=5, spike_limit=100)
    client = _client(fake)
    first = client.get("/rest/v1.0/me")
    assert first.headers["X-Rate-Limit-Limit"] == "5"
    fake2 = FakeProcore(clock=lambda: NOW, hourly_limit=3600, spike_limit=25)
    second = _client(fake2).get("/rest/v1.0/me")
    assert second.headers["X-Rate-Limit-Limit"] == "25"
    assert second.headers["X-Rate-Limit-Remaining"] == "24"


def test_hourly_limit_resets_after_the_hour() -> None:
    # §6: the hourly window (60 minutes).
    fake = FakeProcore(clock=lambda: NOW, hourly_limit=2, spike_limit=None)
    client = _client(fake)
    assert [client.get("/rest/v1.0/me").status_code for _ in range(3)] == [200, 200, 429]
    fake.advance(3600)
    assert client.get("/rest/v1.0/me").status_code == 200


def test_injected_503_with_retry_after_then_recovers(api: httpx.Client, fake: FakeProcore) -> None:
    # §6: heavy load -> 503 with Retry-After.
    fault = fake.fail(503, retry_after=7, times=1, path="/rest/v1.0/me")
    resp = api.get("/rest/v1.0/me")
    assert resp.status_code == 503
    assert resp.headers["Retry-After"] == "7"
    assert api.get("/rest/v1.0/me").status_code == 200
    assert fault.hits == 1


def test_injected_429_has_rate_headers_and_body(api: httpx.Client, fake: FakeProcore) -> None:
    # §6: a 429 carries Retry-After, the X-Rate-Limit-* headers and the plain-text body.
    fake.fail(429, retry_after=4)
    resp = api.get("/rest/v1.0/me")
    assert resp.status_code == 429
    assert resp.text == RATE_BODY
    assert resp.headers["Retry-After"] == "4"
    assert resp.headers["X-Rate-Limit-Remaining"] == "0"
    assert int(resp.headers["X-Rate-Limit-Reset"]) >= NOW + 4


def test_real_latency_option_uses_real_sleepers() -> None:
    fake = FakeProcore(real_latency=True)
    assert fake.sleeper is time.sleep
    assert fake.async_sleeper is asyncio.sleep


@pytest.mark.parametrize("status", [500, 502, 429])
def test_injected_status_codes(api: httpx.Client, fake: FakeProcore, status: int) -> None:
    fake.fail(status, times=2, method="GET", path="/rest/v1.0/*")
    codes = [api.get("/rest/v1.0/me").status_code for _ in range(3)]
    assert codes == [status, status, 200]


def test_fault_matches_method_and_regex(api: httpx.Client, fake: FakeProcore) -> None:
    fake.fail(500, times=None, method="POST", path=r"re:/vendors$")
    assert api.get("/rest/v1.0/vendors", params={"company_id": fake.company_id}).status_code == 200
    post = api.post(
        "/rest/v1.0/vendors", json={"company_id": fake.company_id, "vendor": {"name": "x"}}
    )
    assert post.status_code == 500


def test_connect_error_is_raised_before_processing(api: httpx.Client, fake: FakeProcore) -> None:
    fake.drop(times=1, method="POST")
    with pytest.raises(httpx.ConnectError):
        api.post(
            "/rest/v1.0/vendors", json={"company_id": fake.company_id, "vendor": {"name": "Lost"}}
        )
    names = [v["name"] for v in fake.records("vendors")]
    assert "Lost" not in names


def test_dropped_response_after_processing(api: httpx.Client, fake: FakeProcore) -> None:
    fake.drop(after_processing=True, times=1, method="POST")
    with pytest.raises(httpx.RemoteProtocolError):
        api.post(
            "/rest/v1.0/vendors", json={"company_id": fake.company_id, "vendor": {"name": "Kept"}}
        )
    assert "Kept" in [v["name"] for v in fake.records("vendors")]


def test_rate_based_faults_are_seeded() -> None:
    def pattern() -> list[int]:
        fake = FakeProcore(seed=5)
        fake.fail(500, times=None, rate=0.5)
        client = _client(fake)
        return [client.get("/rest/v1.0/me").status_code for _ in range(20)]

    first = pattern()
    assert first == pattern()
    assert 500 in first
    assert 200 in first


def test_latency_uses_the_sleeper_not_real_time(api: httpx.Client, fake: FakeProcore) -> None:
    fake.add_latency(0.25, times=2)
    api.get("/rest/v1.0/me")
    api.get("/rest/v1.0/me")
    api.get("/rest/v1.0/me")
    assert fake.slept == [0.25, 0.25]


def test_async_transport_faults_and_latency() -> None:
    slept: list[float] = []

    async def record(delay: float) -> None:
        slept.append(delay)

    fake = FakeProcore(async_sleeper=record)
    token = fake.issue_token().access_token
    fake.add_latency(0.5, times=1)
    fake.drop(times=1, path="/rest/v1.0/vendors")

    async def main() -> tuple[int, bool]:
        async with httpx.AsyncClient(transport=fake.async_transport(), base_url=fake.base_url) as c:
            c.headers.update(
                {"Authorization": f"Bearer {token}", "Procore-Company-Id": str(fake.company_id)}
            )
            status = (await c.get("/rest/v1.0/me")).status_code
            try:
                await c.get("/rest/v1.0/vendors")
            except httpx.ConnectError:
                return status, True
            return status, False

    assert asyncio.run(main()) == (200, True)
    assert slept == [0.5]
