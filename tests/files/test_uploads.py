"""Uploads through both flows, from both clients, against the fake Procore and its storage.

Procore docs: Working with Direct File Uploads; Working with the Unified Upload API (v2.1).
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from _support import FakeClock
from files._files_support import DIRECT_PART, UNIFIED_PART, pattern

from procore_sdk import APIStatusError, InvalidArgumentError
from procore_sdk.testing import FakeProcore

FLOWS = [("direct", DIRECT_PART), ("unified", UNIFIED_PART)]
SDK_HEADERS = ("authorization", "procore-company-id", "procore-sdk-version", "procore-sdk-language")


def stored(fake: FakeProcore, upload_id: str) -> bytes:
    upload = fake.files.uploads[upload_id]
    return fake.files.storage.objects[upload.key]


def storage_requests(fake: FakeProcore, method: str | None = None) -> list[Any]:
    return [
        r
        for r in fake.requests
        if r.path.startswith("/_storage/") and (method is None or r.method == method)
    ]


def api_requests(fake: FakeProcore, method: str, suffix: str) -> list[Any]:
    return [
        r
        for r in fake.requests
        if r.method == method and r.path.startswith("/rest/") and r.path.endswith(suffix)
    ]


@pytest.mark.parametrize(("flow", "part"), FLOWS)
def test_an_empty_file(
    flow: str, part: int, fake: FakeProcore, make_client: Callable[..., Any]
) -> None:
    client = make_client()
    upload_id = client.transfers.upload(
        b"", project_id=fake.project_id, flow=flow, file_name="e.txt"
    )
    assert stored(fake, upload_id) == b""
    assert fake.files.uploads[upload_id].file_name == "e.txt"


def test_a_direct_file_of_one_part_is_one_form_post(
    fake: FakeProcore, make_client: Callable[..., Any], tmp_path: Path
) -> None:
    data = pattern(DIRECT_PART)
    path = tmp_path / "A-101.pdf"
    path.write_bytes(data)
    client = make_client()
    upload_id = client.transfers.upload(path, project_id=fake.project_id)
    assert stored(fake, upload_id) == data
    assert [r.method for r in storage_requests(fake)] == ["POST"]
    created = api_requests(fake, "POST", "/uploads")[0]
    assert created.path == f"/rest/v1.1/projects/{fake.project_id}/uploads"
    assert created.json == {
        "response_filename": "A-101.pdf",
        "response_content_type": "application/pdf",
    }


def test_a_direct_file_above_8_mib_in_one_segment_is_streamed_not_posted(
    fake: FakeProcore, make_client: Callable[..., Any]
) -> None:
    data = pattern(9 * 1024 * 1024, seed=7)
    client = make_client()
    upload_id = client.transfers.upload(
        data, project_id=fake.project_id, part_size=16 * 1024 * 1024, file_name="big.pdf"
    )
    assert stored(fake, upload_id) == data
    assert [r.method for r in storage_requests(fake)] == ["PUT"]
    assert len(api_requests(fake, "PATCH", f"/uploads/{upload_id}")) == 1


def test_a_unified_file_of_exactly_one_part(
    fake: FakeProcore, make_client: Callable[..., Any]
) -> None:
    data = pattern(UNIFIED_PART)
    client = make_client()
    upload_id = client.transfers.upload(
        data, project_id=fake.project_id, flow="unified", file_name="one.bin"
    )
    assert stored(fake, upload_id) == data
    created = api_requests(fake, "POST", "/uploads")[0]
    assert created.path == (
        f"/rest/v2.1/companies/{fake.company_id}/projects/{fake.project_id}/uploads"
    )
    assert created.json["file_size"] == UNIFIED_PART
    assert created.json["sha256"] == hashlib.sha256(data).hexdigest()
    assert [s["size"] for s in created.json["segments"]] == [UNIFIED_PART]
    assert fake.files.uploads[upload_id].status == "available"


@pytest.mark.parametrize(("flow", "part"), FLOWS)
def test_a_size_on_a_part_boundary(
    flow: str, part: int, fake: FakeProcore, make_client: Callable[..., Any]
) -> None:
    data = pattern(2 * part, seed=1)
    client = make_client()
    upload_id = client.transfers.upload(
        io.BytesIO(data), project_id=fake.project_id, flow=flow, part_size=part
    )
    assert stored(fake, upload_id) == data
    assert len(storage_requests(fake, "PUT")) == 2
    created = api_requests(fake, "POST", "/uploads")[0]
    assert [s["size"] for s in created.json["segments"]] == [part, part]


@pytest.mark.parametrize(("flow", "part"), FLOWS)
def test_a_multi_part_file_keeps_its_parts_in_order(
    flow: str, part: int, fake: FakeProcore, make_client: Callable[..., Any], tmp_path: Path
) -> None:
    data = pattern(3 * part + 1234, seed=2)
    path = tmp_path / "model.ifc"
    path.write_bytes(data)
    seen: list[tuple[int, int | None]] = []
    client = make_client()
    upload_id = client.transfers.upload(
        path,
        project_id=fake.project_id,
        flow=flow,
        part_size=part,
        concurrency=3,
        on_progress=lambda done, total: seen.append((done, total)),
    )
    assert stored(fake, upload_id) == data
    assert len(storage_requests(fake, "PUT")) == 4
    # Progress after each part, ending at the whole file.
    assert len(seen) == 4
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert seen[-1] == (len(data), len(data))
    completed = api_requests(fake, "PATCH", f"/uploads/{upload_id}")[0]
    etags = [fake.files.storage.etags[fake.files.uploads[upload_id].part_key(i)] for i in range(4)]
    if flow == "direct":
        assert completed.json == {"segments": [{"etag": e} for e in etags]}
    else:
        assert completed.json == {"part_etags": etags}


@pytest.mark.parametrize(("flow", "part"), FLOWS)
def test_a_failed_part_is_retried_alone(
    flow: str, part: int, fake: FakeProcore, make_client: Callable[..., Any], clock: FakeClock
) -> None:
    data = pattern(2 * part + 10, seed=3)
    fake.fail(500, method="PUT", path="/_storage/uploads/*/parts/1", times=1)
    client = make_client(max_retries=2)
    upload_id = client.transfers.upload(
        data, project_id=fake.project_id, flow=flow, part_size=part, concurrency=1
    )
    assert stored(fake, upload_id) == data
    puts = [r.path.rsplit("/", 1)[1] for r in storage_requests(fake, "PUT")]
    assert puts == ["0", "1", "1", "2"]
    assert len(api_requests(fake, "POST", "/uploads")) == 1  # the upload was not started again
    assert clock.sleeps  # backed off through the injected sleeper


def test_a_part_failing_past_the_retries_raises(
    fake: FakeProcore, make_client: Callable[..., Any]
) -> None:
    fake.fail(503, method="PUT", path="/_storage/*", times=None)
    client = make_client(max_retries=1)
    with pytest.raises(APIStatusError) as caught:
        client.transfers.upload(
            pattern(2 * DIRECT_PART), project_id=fake.project_id, part_size=DIRECT_PART
        )
    assert caught.value.status_code == 503
    # The presigned query (the signature) never reaches the message.
    assert "Signature" not in str(caught.value)


@pytest.mark.parametrize(("flow", "part"), FLOWS)
def test_an_expired_part_url_is_refreshed_through_get(
    flow: str, part: int, fake: FakeProcore, make_client: Callable[..., Any]
) -> None:
    data = pattern(2 * part, seed=4)
    fake.files.storage.expire_next_urls(1)  # the first part's URL is stale on arrival
    client = make_client()
    upload_id = client.transfers.upload(
        data, project_id=fake.project_id, flow=flow, part_size=part, concurrency=1
    )
    assert stored(fake, upload_id) == data
    puts = [r.path.rsplit("/", 1)[1] for r in storage_requests(fake, "PUT")]
    assert puts == ["0", "0", "1"]
    reads = api_requests(fake, "GET", f"/uploads/{upload_id}")
    assert reads  # fresh URLs came from GET
    assert reads[0].at <= api_requests(fake, "PATCH", f"/uploads/{upload_id}")[0].at


@pytest.mark.parametrize(("flow", "part"), FLOWS)
def test_storage_never_sees_the_token_or_any_sdk_header(
    flow: str, part: int, fake: FakeProcore, make_client: Callable[..., Any]
) -> None:
    client = make_client()
    client.transfers.upload(
        pattern(part + 1), project_id=fake.project_id, flow=flow, part_size=part
    )
    client.transfers.upload(b"small", project_id=fake.project_id, flow=flow)
    sent = storage_requests(fake)
    assert sent
    for request in sent:
        assert not set(SDK_HEADERS) & set(request.headers), request.headers
        assert "procore" not in request.headers.get("user-agent", "").lower()


def test_unified_uploads_are_polled_until_available(
    fake: FakeProcore, make_client: Callable[..., Any], clock: FakeClock
) -> None:
    fake.files.processing_polls = 3
    client = make_client()
    upload_id = client.transfers.upload(b"pdf", project_id=fake.project_id, flow="unified")
    assert fake.files.uploads[upload_id].status == "available"
    assert len(clock.sleeps) == 3
    assert clock.sleeps == sorted(clock.sleeps)  # backing off


def test_company_level_uploads(fake: FakeProcore, make_client: Callable[..., Any]) -> None:
    client = make_client()
    client.transfers.upload(b"a", file_name="a.txt")
    client.transfers.upload(b"b", file_name="b.txt", flow="unified")
    paths = [r.path for r in api_requests(fake, "POST", "/uploads")]
    assert paths == [
        f"/rest/v1.1/companies/{fake.company_id}/uploads",
        f"/rest/v2.1/companies/{fake.company_id}/uploads",
    ]


def test_arguments_are_checked_naming_them(
    fake: FakeProcore, make_client: Callable[..., Any]
) -> None:
    client = make_client()
    with pytest.raises(InvalidArgumentError, match="flow"):
        client.transfers.upload(b"x", flow="s3")
    with pytest.raises(InvalidArgumentError, match="concurrency"):
        client.transfers.upload(b"x", concurrency=0)
    with pytest.raises(InvalidArgumentError, match="project_id"):
        client.transfers.upload(b"x", project_id=-1)
    with pytest.raises(TypeError, match="on_progress"):
        client.transfers.upload(b"x", on_progress="print")
    with pytest.raises(InvalidArgumentError, match="content_type"):
        client.transfers.upload(b"x", content_type="")
    with pytest.raises(InvalidArgumentError, match="available_timeout"):
        client.transfers.upload(b"x", flow="unified", available_timeout=-1)
    with pytest.raises(TypeError, match="project_id"):
        client.transfers.upload(b"x", project_id="12")
    with pytest.raises(InvalidArgumentError, match="folder_id"):
        list(client.transfers.walk(folder_id=0))
    assert not fake.requests  # nothing was sent


def test_an_http_client_with_its_own_auth_sends_none_to_storage(
    flavour: Any, fake: FakeProcore, make_client: Callable[..., Any], clock: FakeClock
) -> None:
    import httpx
    from _support import SyncView

    from procore_sdk import AsyncProcore, Procore

    made = make_client().transfers.create_file(b"abc", project_id=fake.project_id, name="a")
    with httpx.Client(transport=fake.transport()) as raw:
        link = raw.get(
            made["file_versions"][0]["url"],
            headers={"Authorization": f"Bearer {fake.issue_token().access_token}"},
        )
    storage_url = link.headers["location"]
    # A client whose httpx client carries its own auth (a proxy's, say).
    options: dict[str, Any] = {"access_token": "t", "base_url": "https://elsewhere.test"}
    basic = ("proxy-user", "proxy-password")
    if flavour.is_async:
        http = httpx.AsyncClient(transport=fake.async_transport(), auth=basic)
        client: Any = SyncView(AsyncProcore(http_client=http, **options), flavour)
    else:
        client = Procore(
            http_client=httpx.Client(transport=fake.transport(), auth=basic), **options
        )
    out = io.BytesIO()
    client.transfers.download(storage_url, out)
    assert out.getvalue() == b"abc"
    assert "authorization" not in storage_requests(fake, "GET")[-1].headers


@pytest.mark.parametrize(("flow", "part"), FLOWS)
def test_parts_are_streamed_with_one_declared_length(
    flow: str, part: int, flavour: Any, fake: FakeProcore, clock: FakeClock
) -> None:
    import httpx
    from _support import SyncView

    from procore_sdk import AsyncProcore, Procore

    seen: list[httpx.Headers] = []

    def note(request: httpx.Request) -> None:
        if request.url.path.startswith("/_storage/"):
            seen.append(request.headers)

    inner_sync, inner_async = fake.transport(), fake.async_transport()

    class Sync(httpx.BaseTransport):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            note(request)
            return inner_sync.handle_request(request)

    class Async(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            note(request)
            return await inner_async.handle_async_request(request)

    options: dict[str, Any] = {
        "access_token": fake.issue_token().access_token,
        "company_id": fake.company_id,
        "base_url": fake.base_url,
        "clock": clock,
    }
    if flavour.is_async:
        http = httpx.AsyncClient(transport=Async())
        client: Any = SyncView(AsyncProcore(http_client=http, **options), flavour)
    else:
        client = Procore(http_client=httpx.Client(transport=Sync()), **options)
    data = pattern(2 * part + 5)
    upload_id = client.transfers.upload(data, project_id=fake.project_id, flow=flow, part_size=part)
    assert stored(fake, upload_id) == data
    assert [h.get_list("content-length") for h in seen] == [[str(part)], [str(part)], ["5"]]
    assert all("transfer-encoding" not in h for h in seen)


def test_the_async_client_hashes_off_the_event_loop(
    flavour: Any, fake: FakeProcore, make_client: Callable[..., Any], monkeypatch: Any
) -> None:
    import threading

    from procore_sdk._async import _transfers as async_transfers
    from procore_sdk._blocking import _transfers as blocking_transfers

    threads: list[str] = []
    module = async_transfers if flavour.is_async else blocking_transfers
    original = module.digest_parts

    def spy(*args: Any) -> Any:
        threads.append(threading.current_thread().name)
        return original(*args)

    monkeypatch.setattr(module, "digest_parts", spy)
    make_client().transfers.upload(b"x" * 10, project_id=fake.project_id, flow="unified")
    main = threading.main_thread().name
    assert len(threads) == 1
    assert (threads[0] != main) == flavour.is_async


def test_a_unified_upload_that_never_becomes_available_raises(
    fake: FakeProcore, make_client: Callable[..., Any], clock: FakeClock
) -> None:
    from procore_sdk import ProcoreError

    fake.files.processing_polls = 1_000
    client = make_client()
    with pytest.raises(ProcoreError, match="not available after 10 s"):
        client.transfers.upload(
            b"pdf", project_id=fake.project_id, flow="unified", available_timeout=10
        )
    assert sum(clock.sleeps) <= 10


def test_logs_name_storage_paths_but_never_signatures_or_tokens(
    fake: FakeProcore, make_client: Callable[..., Any], caplog: Any
) -> None:
    import logging

    token = fake.issue_token().access_token
    client = make_client(access_token=token)
    with caplog.at_level(logging.DEBUG, logger="procore_sdk"):
        made = client.transfers.create_file(
            pattern(DIRECT_PART + 1), project_id=fake.project_id, name="a.bin"
        )
        client.transfers.download(made["file_versions"][0]["url"], io.BytesIO())
    text = caplog.text
    assert "(storage) -> 200" in text
    assert "X-Amz-Signature" not in text
    assert token not in text


def test_client_uploads_is_the_transfers_object() -> None:
    # Procore's guides call it uploads: client.uploads.upload(path, project_id=...) works too.
    from procore_sdk import AsyncProcore, Procore

    for client in (Procore(access_token="t"), AsyncProcore(access_token="t")):
        assert client.uploads is client.transfers
