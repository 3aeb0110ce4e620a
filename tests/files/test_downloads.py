"""Creating files in one call, and downloading them back, from both clients.

Procore docs: Secure File Access (the file URL needs the token and redirects to storage, which
must never see it); resuming uses ``Range``.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from _helpers.flavour import Flavour
from _support import FakeClock
from files._files_support import DIRECT_PART, pattern

from procore_sdk import APIConnectionError, APIStatusError, InvalidArgumentError
from procore_sdk.testing import FakeProcore


def test_a_file_is_created_from_a_local_path_in_one_call(
    fake: FakeProcore, make_client: Callable[..., Any], tmp_path: Path
) -> None:
    path = tmp_path / "S-201 Sections.pdf"
    path.write_bytes(b"%PDF sections")
    client = make_client()
    created = client.transfers.create_file(path, project_id=fake.project_id, description="rev B")
    assert created["name"] == "S-201 Sections.pdf"
    assert created["description"] == "rev B"
    assert created["parent_id"] == fake.files.root(("project", fake.project_id))["id"]
    post = next(r for r in fake.requests if r.method == "POST" and r.path == "/rest/v1.0/files")
    assert post.param("project_id") == str(fake.project_id)
    assert post.json["file"]["upload_uuid"] in fake.files.uploads
    assert post.json["file"]["name"] == "S-201 Sections.pdf"


def test_a_company_file_goes_to_the_company_documents(
    fake: FakeProcore, make_client: Callable[..., Any]
) -> None:
    client = make_client()
    created = client.transfers.create_file(b"policy", name="policy.txt")
    assert created["name"] == "policy.txt"
    assert any(
        r.method == "POST" and r.path == f"/rest/v1.0/companies/{fake.company_id}/files"
        for r in fake.requests
    )


@pytest.mark.parametrize("size", [0, 17, DIRECT_PART + 3])
def test_download_returns_the_uploaded_bytes(
    size: int, fake: FakeProcore, make_client: Callable[..., Any], tmp_path: Path
) -> None:
    data = pattern(size, seed=9)
    client = make_client()
    created = client.transfers.create_file(
        data, project_id=fake.project_id, name="x.bin", part_size=DIRECT_PART
    )
    seen: list[tuple[int, int | None]] = []
    target = tmp_path / "back.bin"
    written = client.transfers.download(
        created["file_versions"][0]["url"], target, on_progress=lambda d, t: seen.append((d, t))
    )
    assert written == size
    assert target.read_bytes() == data
    if size:
        assert seen[-1] == (size, size)


def test_the_token_goes_to_procore_and_never_to_storage(
    fake: FakeProcore, make_client: Callable[..., Any]
) -> None:
    client = make_client()
    created = client.transfers.create_file(b"abc", project_id=fake.project_id, name="a.txt")
    out = io.BytesIO()
    client.transfers.download(created["file_versions"][0]["url"], out)
    assert out.getvalue() == b"abc"
    link = [r for r in fake.requests if r.path.startswith("/fas/")]
    fetched = [r for r in fake.requests if r.path.startswith("/_storage/") and r.method == "GET"]
    assert len(link) == 1
    assert len(fetched) == 1
    assert link[0].headers["authorization"] == "[REDACTED]"  # sent (and redacted in the log)
    assert "authorization" not in fetched[0].headers
    assert "procore-company-id" not in fetched[0].headers


class _Breaking:
    """Wraps the fake's transport: the first storage GET breaks after ``keep`` bytes; with
    ``no_range``, storage ignores ``Range`` (answers the whole object)."""

    def __init__(self, fake: FakeProcore, keep: int, *, no_range: bool = False) -> None:
        self.fake = fake
        self.keep = keep
        self.no_range = no_range
        self.broken = 0
        self.ranges: list[str | None] = []

    def _answer(self, request: httpx.Request) -> tuple[httpx.Response, bool]:
        storage_get = request.method == "GET" and request.url.path.startswith("/_storage/")
        if storage_get:
            self.ranges.append(request.headers.get("range"))
            if self.no_range and "range" in request.headers:
                del request.headers["range"]
        status, headers, body = self.fake.handle(
            request.method, str(request.url), list(request.headers.items()), request.read()
        )
        response = httpx.Response(status, headers=headers, content=body, request=request)
        breaks = storage_get and not self.broken
        if breaks:
            self.broken += 1
        return response, breaks

    def _chunks(self, body: bytes) -> Iterator[bytes]:
        yield body[: self.keep]
        raise httpx.ReadError("connection reset mid-body")

    def sync(self) -> httpx.BaseTransport:
        outer = self

        class T(httpx.BaseTransport):
            def handle_request(self, request: httpx.Request) -> httpx.Response:
                response, breaks = outer._answer(request)
                if not breaks:
                    return response
                body = response.content
                return httpx.Response(
                    response.status_code,
                    headers=response.headers,
                    stream=_SyncStream(outer._chunks(body)),
                    request=request,
                )

        return T()

    def asynchronous(self) -> httpx.AsyncBaseTransport:
        outer = self

        class T(httpx.AsyncBaseTransport):
            async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
                await request.aread()
                response, breaks = outer._answer(request)
                if not breaks:
                    return response
                body = response.content
                return httpx.Response(
                    response.status_code,
                    headers=response.headers,
                    stream=_AsyncStream(outer._chunks(body)),
                    request=request,
                )

        return T()


class _SyncStream(httpx.SyncByteStream):
    def __init__(self, chunks: Iterator[bytes]) -> None:
        self.chunks = chunks

    def __iter__(self) -> Iterator[bytes]:
        yield from self.chunks


class _AsyncStream(httpx.AsyncByteStream):
    def __init__(self, chunks: Iterator[bytes]) -> None:
        self.chunks = chunks

    async def __aiter__(self) -> Any:
        for chunk in self.chunks:
            yield chunk


def _breaking_client(
    flavour: Flavour, fake: FakeProcore, clock: FakeClock, breaking: _Breaking
) -> Any:
    from _support import SyncView

    from procore_sdk import AsyncProcore, Procore

    token = fake.issue_token().access_token
    options: dict[str, Any] = {
        "access_token": token,
        "company_id": fake.company_id,
        "base_url": fake.base_url,
        "clock": clock,
        "max_retries": 2,
    }
    if flavour.is_async:
        http = httpx.AsyncClient(transport=breaking.asynchronous())
        return SyncView(AsyncProcore(http_client=http, sleep=clock.async_sleep, **options), flavour)
    return Procore(
        http_client=httpx.Client(transport=breaking.sync()), sleep=clock.sleep, **options
    )


def _url(fake: FakeProcore, make_client: Callable[..., Any], data: bytes) -> str:
    created = make_client().transfers.create_file(data, project_id=fake.project_id, name="d.bin")
    return str(created["file_versions"][0]["url"])


def test_a_broken_download_resumes_with_range(
    flavour: Flavour, fake: FakeProcore, make_client: Callable[..., Any], clock: FakeClock
) -> None:
    data = pattern(3_000_000, seed=5)
    url = _url(fake, make_client, data)
    breaking = _Breaking(fake, keep=1_000_000)
    client = _breaking_client(flavour, fake, clock, breaking)
    out = io.BytesIO()
    assert client.transfers.download(url, out) == len(data)
    assert hashlib.sha256(out.getvalue()).digest() == hashlib.sha256(data).digest()
    assert breaking.ranges == [None, f"bytes={len(data[:1_000_000])}-"]


def test_a_download_restarts_where_storage_cannot_resume(
    flavour: Flavour,
    fake: FakeProcore,
    make_client: Callable[..., Any],
    clock: FakeClock,
    tmp_path: Path,
) -> None:
    data = pattern(2_000_000, seed=6)
    url = _url(fake, make_client, data)
    breaking = _Breaking(fake, keep=500_000, no_range=True)
    client = _breaking_client(flavour, fake, clock, breaking)
    target = tmp_path / "d.bin"
    assert client.transfers.download(url, target) == len(data)
    assert target.read_bytes() == data


def test_download_arguments_are_checked(make_client: Callable[..., Any]) -> None:
    client = make_client()
    with pytest.raises(InvalidArgumentError, match="url"):
        client.transfers.download("files/1", io.BytesIO())
    with pytest.raises(TypeError, match="destination"):
        client.transfers.download("https://app.procore.com/f/1", 42)


def test_a_download_that_keeps_breaking_raises(
    flavour: Flavour, fake: FakeProcore, make_client: Callable[..., Any], clock: FakeClock
) -> None:
    data = pattern(100_000)
    url = _url(fake, make_client, data)
    breaking = _Breaking(fake, keep=10)
    breaking.broken = -10  # break every storage GET
    original = breaking._answer

    def always(request: httpx.Request) -> tuple[httpx.Response, bool]:
        response, _ = original(request)
        return response, request.url.path.startswith("/_storage/")

    breaking._answer = always  # type: ignore[method-assign]
    client = _breaking_client(flavour, fake, clock, breaking)
    with pytest.raises(APIConnectionError, match="broke"):
        client.transfers.download(url, io.BytesIO())


def test_an_expired_token_on_the_file_link_is_renewed_once(
    flavour: Flavour, fake: FakeProcore, clock: FakeClock
) -> None:
    client = flavour.client(
        fake=fake,
        access_token=None,
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        company_id=fake.company_id,
        base_url=fake.base_url,
        login_url=fake.base_url,
        clock=clock,
    )
    made = client.transfers.create_file(b"abc", project_id=fake.project_id, name="a.txt")
    issued = sum(fake.tokens_issued.values())
    fake.expire_tokens()
    out = io.BytesIO()
    client.transfers.download(made["file_versions"][0]["url"], out)
    assert out.getvalue() == b"abc"
    assert sum(fake.tokens_issued.values()) == issued + 1
    links = [r for r in fake.requests if r.path.startswith("/fas/")]
    assert len(links) == 2  # refused once, then answered with the new token


def test_a_link_refused_twice_raises(fake: FakeProcore, make_client: Callable[..., Any]) -> None:
    from procore_sdk import AuthenticationError

    client = make_client()
    made = client.transfers.create_file(b"abc", project_id=fake.project_id, name="a.txt")
    fake.expire_tokens()  # a static token cannot be renewed
    with pytest.raises(AuthenticationError):
        client.transfers.download(made["file_versions"][0]["url"], io.BytesIO())


def test_a_failed_download_to_a_path_leaves_the_old_file(
    fake: FakeProcore, make_client: Callable[..., Any], tmp_path: Path
) -> None:
    client = make_client()
    made = client.transfers.create_file(b"new", project_id=fake.project_id, name="a.txt")
    target = tmp_path / "a.txt"
    target.write_bytes(b"old")
    fake.fail(500, method="GET", path="/_storage/*", times=None)
    with pytest.raises(APIStatusError):
        client.transfers.download(made["file_versions"][0]["url"], target)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]
