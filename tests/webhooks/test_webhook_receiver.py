"""The framework-agnostic receiver (PROCORE_API.md §8.5, §12.15): auth, dedupe, dispatch."""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from procore_sdk._errors import ConfigurationError, WebhookVerificationError
from procore_sdk.webhooks import (
    InMemoryDedupeStore,
    WebhookEvent,
    WebhookReceiver,
    WebhookResponse,
)

SECRET = "Bearer s3cr3t-planted-token-XYZZY"
OLD_SECRET = "Bearer old-rotated-token-QWERTY"
AUTH = {"Authorization": SECRET}
BIG_ID = 5982324300946918154


def payload(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": BIG_ID,
        "ulid": "01JKECCF1X1HYDJ36GRNQ4FMFN",
        "timestamp": "2025-02-06T23:34:12.246562Z",
        "metadata": {
            "source_user_id": 5447,
            "source_project_id": None,
            "source_operation_id": None,
            "source_company_id": None,
            "source_application_id": "their-app",
        },
        "user_id": 5447,
        "company_id": 8,
        "project_id": 6778,
        "api_version": "v2.0",
        "event_type": "update",
        "resource_name": "RFIs",
        "resource_id": 379913,
    }
    body.update(overrides)
    return body


def body(**overrides: Any) -> bytes:
    return json.dumps(payload(**overrides)).encode()


def recording_receiver(**kwargs: Any) -> tuple[WebhookReceiver, list[WebhookEvent]]:
    receiver = WebhookReceiver(secrets=[SECRET], **kwargs)
    calls: list[WebhookEvent] = []

    @receiver.on("RFIs", "update")
    def record(event: WebhookEvent) -> None:
        calls.append(event)

    return receiver, calls


# -- configuration ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "secrets",
    [[], [""], ["   "], [SECRET, ""], [" Bearer x"], ["Bearer \n x"], ["Bearer tökén"], [None]],
)
def test_bad_secrets_raise_configuration_error(secrets: list[Any]) -> None:
    with pytest.raises(ConfigurationError) as info:
        WebhookReceiver(secrets=secrets)
    assert "Bearer" not in str(info.value)


def test_single_string_secret_is_refused() -> None:
    with pytest.raises(ConfigurationError):
        WebhookReceiver(secrets=SECRET)


def test_bad_limits_and_store() -> None:
    with pytest.raises(ConfigurationError):
        WebhookReceiver(secrets=[SECRET], max_body_bytes=0)
    with pytest.raises(ConfigurationError):
        WebhookReceiver(secrets=[SECRET], dedupe_store=object())  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError):
        InMemoryDedupeStore(max_keys=0)
    receiver = WebhookReceiver(secrets=[SECRET])
    with pytest.raises(ConfigurationError):
        receiver.add_handler("not callable")  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError):
        receiver.on("", "update")(lambda event: None)


# -- authentication -----------------------------------------------------------------------------


def test_good_auth_dispatches_once() -> None:
    receiver, calls = recording_receiver()
    response = receiver.handle(AUTH, body())
    assert response.status == 200
    assert json.loads(response.body) == {"ok": True}
    assert ("content-type", "application/json") in response.headers
    assert [e.id for e in calls] == [BIG_ID]


def test_header_name_is_case_insensitive_and_pairs_work() -> None:
    receiver, calls = recording_receiver()
    assert receiver.handle({"AUTHORIZATION": SECRET}, body(ulid="A")).status == 200
    assert receiver.handle([("authorization", SECRET)], body(ulid="B")).status == 200
    assert len(calls) == 2


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": ""},
        {"Authorization": "Bearer wrong"},
        {"Authorization": SECRET + "x"},
        {"Authorization": SECRET[:-1]},
        {"X-Authorization": SECRET},
        [("authorization", SECRET), ("authorization", "Bearer other")],
    ],
)
def test_bad_or_missing_auth_is_401_and_runs_nothing(headers: Any) -> None:
    receiver, calls = recording_receiver()
    response = receiver.handle(headers, body())
    assert response.status == 401
    assert json.loads(response.body) == {"error": "unauthorized"}
    assert calls == []
    with pytest.raises(WebhookVerificationError):
        receiver.verify(headers)


def test_non_ascii_and_surrogate_header_values_are_refused_not_crashed() -> None:
    receiver, calls = recording_receiver()
    for value in ("Bearer \udcff", "Bearer tökén", "\x00"):
        assert receiver.handle({"Authorization": value}, body()).status == 401
    assert calls == []


def test_bad_auth_is_checked_before_the_body() -> None:
    receiver, _ = recording_receiver()
    assert receiver.handle({"Authorization": "nope"}, b"not json").status == 401


def test_rotation_accepts_every_configured_secret() -> None:
    receiver = WebhookReceiver(secrets=[OLD_SECRET, SECRET])
    calls: list[str] = []
    receiver.on_any()(lambda event: calls.append(str(event.ulid)))
    assert receiver.handle({"Authorization": OLD_SECRET}, body(ulid="1")).status == 200
    assert receiver.handle({"Authorization": SECRET}, body(ulid="2")).status == 200
    assert receiver.handle({"Authorization": "Bearer third"}, body(ulid="3")).status == 401
    assert calls == ["1", "2"]
    receiver.verify({"authorization": f"  {SECRET}\t"})  # surrounding whitespace is not content


def test_every_secret_is_compared(monkeypatch: pytest.MonkeyPatch) -> None:
    # Timing must not tell which secret matched: each request compares against all of them.
    import hmac

    compared: list[int] = []
    real = hmac.compare_digest

    def counting(a: bytes, b: bytes) -> bool:
        compared.append(1)
        return bool(real(a, b))

    monkeypatch.setattr(hmac, "compare_digest", counting)
    receiver = WebhookReceiver(secrets=[SECRET, OLD_SECRET, "Bearer three"])
    for value in (SECRET, "Bearer three", "wrong"):
        compared.clear()
        receiver.is_authorized({"Authorization": value})
        assert len(compared) == 3


# -- malformed requests -------------------------------------------------------------------------


@pytest.mark.parametrize("raw", [b"not json", b"[]", b"{}", json.dumps({"id": 1}).encode()])
def test_bad_body_is_400(raw: bytes) -> None:
    receiver, calls = recording_receiver()
    response = receiver.handle(AUTH, raw)
    assert response.status == 400
    assert calls == []


def test_unlabelled_body_of_no_known_shape_is_400() -> None:
    receiver, calls = recording_receiver()
    response = receiver.handle(
        AUTH, json.dumps({"id": 1, "timestamp": "2025-02-06T23:34:12Z"}).encode()
    )
    assert response.status == 400
    assert response.outcome == "unsupported_version"
    assert calls == []


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
def test_wrong_method_is_405(method: str) -> None:
    receiver, calls = recording_receiver()
    response = receiver.handle(AUTH, body(), method=method)
    assert response.status == 405
    assert ("allow", "POST") in response.headers
    assert calls == []


def test_body_too_large_is_413() -> None:
    receiver, calls = recording_receiver(max_body_bytes=100)
    response = receiver.handle(AUTH, body())
    assert response.status == 413
    assert calls == []
    assert WebhookReceiver(secrets=[SECRET]).max_body_bytes == 1024 * 1024


# -- dedupe, ignore, dispatch ---------------------------------------------------------------------


def test_duplicate_delivery_dispatches_once() -> None:
    receiver, calls = recording_receiver()
    first = receiver.handle(AUTH, body())
    second = receiver.handle(AUTH, body())
    assert (first.status, second.status) == (200, 200)
    assert json.loads(second.body) == {"duplicate": True}
    assert len(calls) == 1


def test_duplicate_by_id_when_no_ulid() -> None:
    receiver, calls = recording_receiver()
    receiver.handle(AUTH, body(ulid=None))
    receiver.handle(AUTH, body(ulid=None))
    receiver.handle(AUTH, body(ulid=None, id=BIG_ID + 1))
    assert [e.id for e in calls] == [BIG_ID, BIG_ID + 1]


def test_handler_failure_is_500_and_retry_runs_again() -> None:
    receiver = WebhookReceiver(secrets=[SECRET])
    attempts: list[int] = []

    @receiver.on("RFIs", "update")
    def flaky(event: WebhookEvent) -> None:
        attempts.append(1)
        if len(attempts) == 1:
            raise RuntimeError("database down")

    failed = receiver.handle(AUTH, body())
    assert failed.status == 500
    assert b"database down" not in failed.body
    retried = receiver.handle(AUTH, body())
    assert retried.status == 200
    assert json.loads(retried.body) == {"ok": True}
    assert len(attempts) == 2
    assert receiver.handle(AUTH, body()).outcome == "duplicate"
    assert len(attempts) == 2


class AtomicOnlyStore:
    def __init__(self) -> None:
        self.keys: set[str] = set()

    def add(self, key: str) -> bool:
        if key in self.keys:
            return False
        self.keys.add(key)
        return True

    def discard(self, key: str) -> None:
        self.keys.discard(key)


def test_atomic_store_claims_and_releases_on_failure() -> None:
    store = AtomicOnlyStore()
    receiver = WebhookReceiver(secrets=[SECRET], dedupe_store=store)
    attempts: list[int] = []

    @receiver.on_any()
    def flaky(event: WebhookEvent) -> None:
        attempts.append(1)
        if len(attempts) == 1:
            raise ValueError("boom")

    assert receiver.handle(AUTH, body()).status == 500
    assert store.keys == set()
    assert receiver.handle(AUTH, body()).status == 200
    assert store.keys == {"ulid:01JKECCF1X1HYDJ36GRNQ4FMFN"}
    assert receiver.handle(AUTH, body()).outcome == "duplicate"
    assert len(attempts) == 2


def test_failing_store_is_500() -> None:
    class Broken:
        def seen(self, key: str) -> bool:
            raise OSError("redis down")

        def mark(self, key: str) -> None:
            raise OSError("redis down")

    receiver = WebhookReceiver(secrets=[SECRET], dedupe_store=Broken())
    assert receiver.handle(AUTH, body()).status == 500


def test_in_memory_store_is_bounded_lru() -> None:
    store = InMemoryDedupeStore(max_keys=2)
    store.mark("a")
    store.mark("b")
    assert store.seen("a")  # refreshes "a"
    store.mark("c")  # evicts "b", the least recently used
    assert "a" in store
    assert "b" not in store
    assert len(store) == 2
    assert store.add("b") is True
    assert store.add("b") is False
    store.discard("b")
    assert "b" not in store


def test_in_memory_store_is_thread_safe() -> None:
    store = InMemoryDedupeStore(max_keys=100_000)
    wins: list[bool] = []
    lock = threading.Lock()

    def worker() -> None:
        for i in range(500):
            result = store.add(f"k{i}")
            with lock:
                wins.append(result)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(wins) == 500  # each key claimed exactly once


def test_ignore_own_application_and_user() -> None:
    receiver, calls = recording_receiver(ignore_application_ids=["their-app"])
    response = receiver.handle(AUTH, body())
    assert response.status == 200
    assert json.loads(response.body) == {"ignored": "source_application_id"}
    assert calls == []
    other, other_calls = recording_receiver(ignore_application_ids=["my-app"])
    assert other.handle(AUTH, body()).outcome == "ok"
    assert len(other_calls) == 1
    by_user, user_calls = recording_receiver(ignore_user_ids=[5447])
    assert by_user.handle(AUTH, body()).outcome == "ignored"
    assert user_calls == []


def test_routing_by_resource_and_event_type() -> None:
    receiver = WebhookReceiver(secrets=[SECRET])
    seen: list[str] = []
    receiver.on("RFIs", "update")(lambda e: seen.append("rfi-update"))
    receiver.on("rfis", "UPDATE")(lambda e: seen.append("case-insensitive"))
    receiver.on("RFIs", "create")(lambda e: seen.append("rfi-create"))
    receiver.on("Submittals", "*")(lambda e: seen.append("submittals"))
    receiver.on("*", "update")(lambda e: seen.append("any-update"))
    receiver.on_any()(lambda e: seen.append("any"))
    receiver.handle(AUTH, body())
    assert seen == ["rfi-update", "case-insensitive", "any-update", "any"]
    seen.clear()
    v4 = {
        "id": "01JMYXMZRBVKK0PC6XS8SA4QRE",
        "timestamp": "2025-02-24T18:00:01Z",
        "reason": "create",
        "company_id": "8",
        "project_id": "6778",
        "user_id": "5447",
        "resource_type": "RFIs",
        "resource_id": "1",
    }
    receiver.handle(AUTH, json.dumps(v4).encode())
    assert seen == ["rfi-create", "any"]


def test_no_matching_handler_still_200() -> None:
    receiver = WebhookReceiver(secrets=[SECRET])
    receiver.on("Submittals", "create")(lambda e: pytest.fail("must not run"))
    assert receiver.handle(AUTH, body()).status == 200


def test_decorator_returns_the_function() -> None:
    receiver = WebhookReceiver(secrets=[SECRET])

    def handler(event: WebhookEvent) -> None:
        pass

    assert receiver.on("RFIs", "update")(handler) is handler


# -- async handlers and the async shell ---------------------------------------------------------


def test_async_handler_from_sync_handle() -> None:
    receiver = WebhookReceiver(secrets=[SECRET])
    calls: list[Any] = []

    @receiver.on_any()
    async def handler(event: WebhookEvent) -> None:
        await asyncio.sleep(0)
        calls.append(event.id)

    assert receiver.handle(AUTH, body()).status == 200
    assert calls == [BIG_ID]


def test_handle_async_runs_sync_and_async_handlers() -> None:
    receiver = WebhookReceiver(secrets=[SECRET])
    calls: list[str] = []
    receiver.on_any()(lambda e: calls.append("sync"))

    @receiver.on_any()
    async def handler(event: WebhookEvent) -> None:
        calls.append("async")

    async def main() -> tuple[WebhookResponse, WebhookResponse]:
        first = await receiver.async_handle(AUTH, body())
        second = await receiver.async_handle(AUTH, body())
        return first, second

    first, second = asyncio.run(main())
    assert (first.status, second.outcome) == (200, "duplicate")
    assert calls == ["sync", "async"]


def test_handle_async_failure_then_retry() -> None:
    receiver = WebhookReceiver(secrets=[SECRET])
    attempts: list[int] = []

    @receiver.on_any()
    async def flaky(event: WebhookEvent) -> None:
        attempts.append(1)
        if len(attempts) == 1:
            raise RuntimeError("boom")

    async def main() -> list[int]:
        return [(await receiver.async_handle(AUTH, body())).status for _ in range(3)]

    assert asyncio.run(main()) == [500, 200, 200]
    assert len(attempts) == 2


def test_handle_async_rejects_like_handle() -> None:
    receiver, calls = recording_receiver()

    async def main() -> list[int]:
        return [
            (await receiver.async_handle({}, body())).status,
            (await receiver.async_handle(AUTH, b"{")).status,
            (await receiver.async_handle(AUTH, body(), method="GET")).status,
        ]

    assert asyncio.run(main()) == [401, 400, 405]
    assert calls == []


def test_async_handler_inside_running_loop_via_sync_handle_fails_cleanly() -> None:
    receiver = WebhookReceiver(secrets=[SECRET])

    @receiver.on_any()
    async def handler(event: WebhookEvent) -> None:
        pass

    async def main() -> int:
        return receiver.handle(AUTH, body()).status

    assert asyncio.run(main()) == 500


# -- background handlers ------------------------------------------------------------------------


def test_background_handler_runs_after_the_response() -> None:
    receiver = WebhookReceiver(secrets=[SECRET])
    calls: list[str] = []
    receiver.on("RFIs", "update", background=True)(lambda e: calls.append("background"))
    receiver.on("RFIs", "update")(lambda e: calls.append("inline"))
    response = receiver.handle(AUTH, body())
    assert response.status == 200
    assert calls == ["inline"]  # the background one waits for the response to be sent
    assert len(response.background) == 1
    response.run_background()
    assert calls == ["inline", "background"]


def test_background_failure_is_logged_not_raised(caplog: pytest.LogCaptureFixture) -> None:
    receiver = WebhookReceiver(secrets=[SECRET])

    @receiver.on_any(background=True)
    def broken(event: WebhookEvent) -> None:
        raise RuntimeError("late failure")

    @receiver.on_any(background=True)
    async def broken_async(event: WebhookEvent) -> None:
        raise RuntimeError("late async failure")

    with caplog.at_level(logging.ERROR, logger="procore_sdk.webhooks"):
        response = receiver.handle(AUTH, body())
        response.run_background()
        asyncio.run(response.async_run_background())
    assert response.status == 200
    assert sum("background handler failed" in r.getMessage() for r in caplog.records) == 4


def test_background_async_runs_both_kinds() -> None:
    receiver = WebhookReceiver(secrets=[SECRET])
    calls: list[str] = []
    receiver.on_any(background=True)(lambda e: calls.append("sync"))

    @receiver.on_any(background=True)
    async def handler(event: WebhookEvent) -> None:
        calls.append("async")

    async def main() -> None:
        response = await receiver.async_handle(AUTH, body())
        assert calls == []
        await response.async_run_background()

    asyncio.run(main())
    assert calls == ["sync", "async"]


def test_no_background_for_duplicates_or_failures() -> None:
    receiver = WebhookReceiver(secrets=[SECRET])
    receiver.on_any(background=True)(lambda e: None)
    assert len(receiver.handle(AUTH, body()).background) == 1
    assert receiver.handle(AUTH, body()).background == ()


# -- logging and secrets ------------------------------------------------------------------------


def test_logs_outcome_with_event_id_and_resource(caplog: pytest.LogCaptureFixture) -> None:
    receiver, _ = recording_receiver()
    with caplog.at_level(logging.INFO, logger="procore_sdk.webhooks"):
        receiver.handle(AUTH, body())
        receiver.handle(AUTH, body())
    messages = [r.getMessage() for r in caplog.records]
    assert any(str(BIG_ID) in m and "RFIs" in m and "ok" in m for m in messages)
    assert any("duplicate" in m for m in messages)


def test_planted_secret_never_leaks(caplog: pytest.LogCaptureFixture) -> None:
    planted = "Bearer PLANTED-SECRET-4f1c9e"
    with caplog.at_level(logging.DEBUG):
        receiver = WebhookReceiver(secrets=[planted, SECRET], ignore_application_ids=["their-app"])

        @receiver.on_any()
        def fail(event: WebhookEvent) -> None:
            raise RuntimeError("handler broke")

        texts = [repr(receiver), str(receiver)]
        for headers in ({"Authorization": planted}, {"Authorization": planted + "x"}, {}):
            for raw in (body(), body(ulid="other"), b"garbage", body(api_version="v9")):
                response = receiver.handle(headers, raw)
                texts.append(repr(response))
                texts.append(response.body.decode())
        try:
            receiver.verify({"Authorization": planted[:-1]})
        except WebhookVerificationError as exc:
            texts.extend([str(exc), repr(exc)])
        for bad in ([planted, ""], [planted, " x"]):
            try:
                WebhookReceiver(secrets=bad)
            except ConfigurationError as exc:
                texts.extend([str(exc), repr(exc)])
    texts.extend(record.getMessage() for record in caplog.records)
    texts.append(caplog.text)
    assert len(texts) > 10
    for text in texts:
        assert "PLANTED-SECRET" not in text
        assert "s3cr3t" not in text


# -- property-based -------------------------------------------------------------------------------

header_names = st.sampled_from(
    ["Authorization", "authorization", "AUTHORIZATION", "Content-Type", "X-Other", "Host"]
)
header_values = st.one_of(st.text(max_size=40), st.sampled_from([SECRET, SECRET + " ", "Bearer"]))
bodies = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=200).map(str.encode),
    st.fixed_dictionaries(
        {},
        optional={
            "id": st.one_of(st.integers(), st.text(max_size=5), st.none(), st.floats()),
            "ulid": st.one_of(st.text(max_size=5), st.none(), st.integers()),
            "timestamp": st.one_of(
                st.sampled_from(["2025-02-06T23:34:12Z", "bad"]), st.integers(), st.none()
            ),
            "api_version": st.sampled_from(["v2.0", "v3.0", "v2", "v9", "", None]),
            "event_type": st.one_of(st.sampled_from(["create", "update", ""]), st.integers()),
            "resource_name": st.one_of(st.sampled_from(["RFIs", "X"]), st.none()),
            "resource_id": st.one_of(st.integers(), st.text(max_size=3), st.lists(st.integers())),
            "reason": st.sampled_from(["update", "x"]),
            "resource_type": st.sampled_from(["RFIs", ""]),
            "metadata": st.one_of(
                st.none(),
                st.text(max_size=3),
                st.dictionaries(st.text(max_size=25), st.one_of(st.integers(), st.text())),
            ),
            "related_resources": st.one_of(
                st.none(), st.lists(st.dictionaries(st.text(max_size=4), st.integers()))
            ),
            "data": st.one_of(st.none(), st.integers(), st.dictionaries(st.text(), st.text())),
            "project_id": st.one_of(st.none(), st.integers(), st.booleans()),
        },
    ).map(lambda d: json.dumps(d).encode()),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    headers=st.lists(st.tuples(header_names, header_values), max_size=4),
    raw=bodies,
    method=st.sampled_from(["POST", "POST", "post", "GET", "PUT"]),
)
def test_never_5xx_and_never_dispatch_unauthenticated(
    headers: list[tuple[str, str]], raw: bytes, method: str
) -> None:
    receiver = WebhookReceiver(secrets=[SECRET], max_body_bytes=250)
    calls: list[WebhookEvent] = []
    receiver.on_any()(calls.append)
    receiver.on_any(background=True)(calls.append)
    response = receiver.handle(headers, raw, method=method)
    response.run_background()
    assert response.status < 500
    assert response.status in (200, 400, 401, 405, 413)
    json.loads(response.body)
    if not receiver.is_authorized(headers):
        assert calls == []
        assert response.status in (401, 405, 413)
    if calls:
        assert response.status == 200


def test_the_old_async_names_still_work_and_warn() -> None:
    receiver = WebhookReceiver(secrets=[AUTH["Authorization"]])
    receiver.on_any(background=True)(lambda event: None)

    async def scenario() -> int:
        with pytest.warns(DeprecationWarning, match="async_handle"):
            response = await receiver.handle_async(AUTH, body())
        with pytest.warns(DeprecationWarning, match="async_run_background"):
            await response.run_background_async()
        return response.status

    assert asyncio.run(scenario()) == 200
