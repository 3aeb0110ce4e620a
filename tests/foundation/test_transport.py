"""The request loop, for both clients: headers, retries, pacing, raw responses, 401 replay
(issue 2, items 3, 5, 7, 8; PROCORE_API.md §3, §6)."""

from __future__ import annotations

import json as jsonlib
import threading

import httpx
import pytest
from _support import FakeClock, Runner

import procore_sdk as sdk
from procore_sdk import capture_responses
from procore_sdk._retry import RetryPolicy

VERBS = ["get", "post", "put", "patch", "delete"]


def ok(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json={"ok": True})


@pytest.mark.parametrize("verb", VERBS)
def test_every_verb_carries_the_headers(runner: Runner, verb: str) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(
            204 if verb == "delete" else 200, json=None if verb == "delete" else {"a": 1}
        )

    client = runner.client(handler, company_id=99)
    result = getattr(client, verb)("/rest/v1.0/projects/1")
    assert result == (None if verb == "delete" else {"a": 1})
    (request,) = seen
    assert request.method == verb.upper()
    assert request.headers["Authorization"] == "Bearer test-token"
    assert request.headers["User-Agent"] == f"procore-sdk-python/{sdk.__version__}"
    assert request.headers["Procore-Sdk-Version"] == sdk.__version__
    assert request.headers["Procore-Sdk-Language"] == "python"
    # §3: Procore-Company-Id on every call, DELETE included
    assert request.headers["Procore-Company-Id"] == "99"
    assert str(request.url) == "https://api.procore.com/rest/v1.0/projects/1"


def test_company_header_override_and_absence(runner: Runner) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={})

    client = runner.client(handler, company_id=1)
    client.get("/x", company_id=2)
    client.get("/x", company_id=None)
    client.for_company(3).delete("/x")
    runner.client(handler).get("/x")  # no company known
    assert [r.headers.get("Procore-Company-Id") for r in seen] == ["2", None, "3", None]


def test_json_body_and_content_type(runner: Runner) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(201, json={"id": 5})

    client = runner.client(handler)
    assert client.post("/rest/v1.0/vendors", json={"vendor": {"name": "A"}}) == {"id": 5}
    assert seen[0].headers["Content-Type"] == "application/json"
    assert jsonlib.loads(seen[0].content) == {"vendor": {"name": "A"}}


def test_token_never_sent_to_another_host(runner: Runner) -> None:
    client = runner.client(ok)
    with pytest.raises(sdk.APIError, match="Refusing to send Procore credentials"):
        client.get("https://evil.example.com/rest/v1.0/projects?page=2")


def test_absolute_url_on_api_host_is_followed(runner: Runner) -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, json=[])

    runner.client(handler).get("https://api.procore.com/rest/v1.0/projects?page=2&per_page=5")
    assert seen == ["https://api.procore.com/rest/v1.0/projects?page=2&per_page=5"]


# -- retries --------------------------------------------------------------------------------


def scripted(*steps: object):  # type: ignore[no-untyped-def]
    """A handler that plays ``steps`` in order: a Response, or an exception to raise."""
    calls: list[httpx.Request] = []
    queue = list(steps)

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        step = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(step, Exception):
            raise step
        assert isinstance(step, httpx.Response)
        # A fresh copy each time: a Response's stream is bound to the client that read it.
        return httpx.Response(step.status_code, headers=step.headers, content=step.content)

    return handler, calls


@pytest.mark.parametrize("verb", VERBS)
def test_connect_errors_are_retried_for_every_method(
    runner: Runner, verb: str, clock: FakeClock
) -> None:
    handler, calls = scripted(httpx.ConnectError("refused"), httpx.Response(200, json={}))
    getattr(runner.client(handler, clock=clock), verb)("/x")
    assert len(calls) == 2
    assert len(clock.sleeps) == 1


@pytest.mark.parametrize(
    ("verb", "retried"),
    [("get", True), ("put", True), ("delete", True), ("post", False), ("patch", False)],
)
@pytest.mark.parametrize(
    "failure",
    [
        httpx.Response(500),
        httpx.Response(502),
        httpx.ReadTimeout("slow"),
        httpx.RemoteProtocolError("dropped"),
    ],
)
def test_5xx_and_read_failures_retried_only_when_idempotent(
    runner: Runner, verb: str, retried: bool, failure: object, clock: FakeClock
) -> None:
    handler, calls = scripted(failure, httpx.Response(200, json={}))
    client = runner.client(handler, clock=clock)
    if retried:
        getattr(client, verb)("/x")
        assert len(calls) == 2
    else:
        expected = (
            sdk.InternalServerError
            if isinstance(failure, httpx.Response)
            else sdk.APIConnectionError
        )
        with pytest.raises(expected):
            getattr(client, verb)("/x")
        assert len(calls) == 1  # a POST/PATCH that may have reached Procore is never resent


def test_idempotent_option_allows_retrying_a_patch(runner: Runner, clock: FakeClock) -> None:
    handler, calls = scripted(httpx.Response(500), httpx.Response(200, json={"entities": []}))
    client = runner.client(handler, clock=clock)
    response = runner.run(
        client._send(
            sdk.RequestOptions(method="PATCH", url="/rest/v1.0/vendors/sync", idempotent=True)
        )
    )
    assert response.status_code == 200
    assert len(calls) == 2


@pytest.mark.parametrize("verb", VERBS)
def test_429_retried_for_any_method_after_retry_after(
    runner: Runner, verb: str, clock: FakeClock
) -> None:
    handler, calls = scripted(
        httpx.Response(
            429,
            text="You have surpassed the max number of requests for an hour.",
            headers={"Retry-After": "7"},
        ),
        httpx.Response(200, json={}),
    )
    getattr(runner.client(handler, clock=clock), verb)("/x")
    assert len(calls) == 2
    assert clock.sleeps == [7.0]


def test_429_without_retry_after_waits_until_reset(runner: Runner, clock: FakeClock) -> None:
    reset = int(clock.now) + 9
    handler, calls = scripted(
        httpx.Response(
            429,
            headers={
                "X-Rate-Limit-Limit": "25",
                "X-Rate-Limit-Remaining": "0",
                "X-Rate-Limit-Reset": str(reset),
            },
        ),
        httpx.Response(200, json={}),
    )
    client = runner.client(handler, clock=clock)
    client.post("/x", json={})
    assert len(calls) == 2
    # waited at least until the reset (pacing may add its margin on top)
    assert sum(clock.sleeps) >= 9.0


def test_503_honours_retry_after(runner: Runner, clock: FakeClock) -> None:
    handler, calls = scripted(
        httpx.Response(503, headers={"Retry-After": "3"}), httpx.Response(200, json={})
    )
    runner.client(handler, clock=clock).post("/x", json={})
    assert len(calls) == 2
    assert clock.sleeps == [3.0]


def test_wait_beyond_the_cap_raises_rate_limit_error(runner: Runner, clock: FakeClock) -> None:
    handler, calls = scripted(httpx.Response(429, headers={"Retry-After": "3600"}))
    client = runner.client(handler, clock=clock, max_retry_wait=30)
    with pytest.raises(sdk.RateLimitError) as info:
        client.get("/x")
    assert info.value.retry_after == 3600.0
    assert len(calls) == 1
    assert clock.sleeps == []


def test_retries_exhausted_report_how_many(runner: Runner, clock: FakeClock) -> None:
    handler, calls = scripted(httpx.Response(500, json={"message": "boom"}))
    client = runner.client(handler, clock=clock, max_retries=3)
    with pytest.raises(sdk.InternalServerError) as info:
        client.get("/x")
    assert len(calls) == 4
    assert info.value.retries_taken == 3
    assert "boom" in str(info.value)


def test_max_retries_zero_and_per_call(runner: Runner, clock: FakeClock) -> None:
    handler, calls = scripted(httpx.Response(500))
    client = runner.client(handler, clock=clock, max_retries=0)
    with pytest.raises(sdk.InternalServerError):
        client.get("/x")
    assert len(calls) == 1
    with pytest.raises(sdk.InternalServerError):
        client.get("/x", max_retries=1)
    assert len(calls) == 3


def test_exceptions_are_wrapped_and_chained(runner: Runner, clock: FakeClock) -> None:
    handler, _ = scripted(httpx.ConnectError("refused"))
    with pytest.raises(sdk.APIConnectionError) as info:
        runner.client(handler, clock=clock, max_retries=1).get("/x")
    assert isinstance(info.value.__cause__, httpx.ConnectError)
    handler, _ = scripted(httpx.ReadTimeout("slow"))
    with pytest.raises(sdk.APITimeoutError) as timeout_info:
        runner.client(handler, clock=clock, max_retries=0).get("/x")
    assert isinstance(timeout_info.value.__cause__, httpx.ReadTimeout)


def test_backoff_is_exponential_with_jitter() -> None:
    policy = RetryPolicy(jitter=lambda: 0.0)
    assert [policy.backoff(n) for n in range(6)] == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]
    jittered = RetryPolicy(jitter=lambda: 1.0)
    assert jittered.backoff(2) == pytest.approx(1.5)


# -- raw responses --------------------------------------------------------------------------


def test_capture_responses(runner: Runner, clock: FakeClock) -> None:
    headers = {
        "X-Rate-Limit-Limit": "600",
        "X-Rate-Limit-Remaining": "589",
        "X-Rate-Limit-Reset": "1466182244",
        "Total": "3",
    }
    handler, _ = scripted(httpx.Response(502), httpx.Response(200, json=[1], headers=headers))
    client = runner.client(handler, clock=clock)
    with capture_responses() as captured:
        assert client.get("/rest/v1.0/projects") == [1]
    last = captured.last
    assert last.status_code == 200
    assert last.headers["Total"] == "3"
    assert last.rate_limit == sdk.RateLimit(limit=600, remaining=589, reset=1466182244.0)
    assert last.retries_taken == 1
    assert last.path == "/rest/v1.0/projects"
    with capture_responses() as empty, pytest.raises(LookupError):
        empty.last  # noqa: B018


# -- rate-limit pacing ----------------------------------------------------------------------


def test_pacing_waits_for_reset_when_remaining_hits_zero(runner: Runner, clock: FakeClock) -> None:
    reset = int(clock.now) + 10

    def handler(request: httpx.Request) -> httpx.Response:
        remaining = "0" if clock.now < reset else "24"
        return httpx.Response(
            200,
            json={},
            headers={
                "X-Rate-Limit-Limit": "25",
                "X-Rate-Limit-Remaining": remaining,
                "X-Rate-Limit-Reset": str(reset),
            },
        )

    client = runner.client(handler, clock=clock)
    client.get("/a")  # learns Remaining: 0
    assert clock.sleeps == []
    client.for_company(5).get("/b")  # another company has its own budget
    assert clock.sleeps == []
    client.get("/c")  # waits until the reset before sending
    assert len(clock.sleeps) == 1
    assert clock.now >= reset


def test_pacing_can_be_disabled(runner: Runner, clock: FakeClock) -> None:
    headers = {
        "X-Rate-Limit-Limit": "25",
        "X-Rate-Limit-Remaining": "0",
        "X-Rate-Limit-Reset": str(int(clock.now) + 10),
    }
    client = runner.client(
        lambda r: httpx.Response(200, json={}, headers=headers),
        clock=clock,
        rate_limit_pacing=False,
    )
    client.get("/a")
    client.get("/b")
    assert clock.sleeps == []


def test_pacing_is_shared_by_threads() -> None:
    """32 threads sharing one client with 10 requests left: the rest wait for the reset."""
    clock = FakeClock()
    reset = int(clock.now) + 60
    lock = threading.Lock()
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        with lock:
            waits.append(seconds)

    headers = {
        "X-Rate-Limit-Limit": "100",
        "X-Rate-Limit-Remaining": "10",
        "X-Rate-Limit-Reset": str(reset),
    }
    client = sdk.Procore(
        access_token="t",
        clock=clock,
        sleep=sleep,
        http_client=httpx.Client(
            transport=httpx.MockTransport(lambda r: httpx.Response(200, json={}, headers=headers))
        ),
    )
    client.get("/prime")  # learns the budget: 10 left
    threads = [threading.Thread(target=client.get, args=("/x",)) for _ in range(32)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=10)
    assert len(waits) >= 22  # 10 went straight through (±the in-flight budget updates)
    assert all(w >= 60 for w in waits)


# -- auth replay ----------------------------------------------------------------------------


def test_401_refreshes_client_credentials_once_and_replays(
    runner: Runner, clock: FakeClock
) -> None:
    issued: list[str] = []
    api_calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/token":
            token = f"tok-{len(issued)}"
            issued.append(token)
            return httpx.Response(
                200,
                json={
                    "access_token": token,
                    "token_type": "bearer",
                    "expires_in": 5400,
                    "created_at": int(clock.now),
                },
            )
        api_calls.append(request.headers["Authorization"])
        if request.headers["Authorization"] == "Bearer tok-0":
            return httpx.Response(401, json={"message": "The access token is invalid"})
        return httpx.Response(200, json={"id": 1})

    client = runner.client(
        handler, clock=clock, access_token=None, client_id="cid", client_secret="csecret"
    )
    assert client.get("/rest/v1.0/me") == {"id": 1}
    assert issued == ["tok-0", "tok-1"]
    assert api_calls == ["Bearer tok-0", "Bearer tok-1"]


def test_static_token_401_is_final(runner: Runner) -> None:
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return httpx.Response(401, json={"message": "The access token is invalid"})

    with pytest.raises(sdk.AuthenticationError, match="The access token is invalid"):
        runner.client(handler).get("/rest/v1.0/me")
    assert len(calls) == 1
