"""The fake's upload endpoints and storage check what Procore and S3 check, seen through raw
httpx (never through the SDK): sizes, hashes, exact signed headers, ETag order, expiry, owner,
and no ``Authorization`` at storage.

Procore docs: Working with Direct File Uploads; Working with the Unified Upload API (v2.1).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import httpx
import pytest
from _helpers.fake_http import authorize
from files._files_support import DIRECT_PART, UNIFIED_PART, pattern

from procore_sdk.testing import FakeProcore


@pytest.fixture
def api(fake: FakeProcore) -> Iterator[httpx.Client]:
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as client:
        yield authorize(client, fake)


@pytest.fixture
def bare(fake: FakeProcore) -> Iterator[httpx.Client]:
    with httpx.Client(transport=fake.transport()) as client:
        yield client


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _unified(api: httpx.Client, fake: FakeProcore, parts: list[bytes]) -> httpx.Response:
    whole = b"".join(parts)
    return api.post(
        f"/rest/v2.1/companies/{fake.company_id}/projects/{fake.project_id}/uploads",
        json={
            "file_name": "f.bin",
            "file_size": len(whole),
            "content_type": "application/octet-stream",
            "sha256": _sha(whole),
            "segments": [{"size": len(p), "sha256": _sha(p)} for p in parts],
        },
    )


def _direct(api: httpx.Client, fake: FakeProcore, parts: list[bytes]) -> httpx.Response:
    return api.post(
        f"/rest/v1.1/projects/{fake.project_id}/uploads",
        json={"segments": [{"size": len(p), "sha256": _sha(p)} for p in parts]},
    )


def test_unified_parts_of_exactly_5_mib_are_refused(api: httpx.Client, fake: FakeProcore) -> None:
    resp = _unified(api, fake, [b"a" * (5 * 1024 * 1024), b"b"])
    assert resp.status_code == 400
    assert resp.json()["error"]["details"][0]["reason_code"] == "INVALID_PROPERTY"
    assert _unified(api, fake, [b"a" * UNIFIED_PART, b"b"]).status_code == 201


def test_direct_segments_below_5_mib_are_refused_except_the_last(
    api: httpx.Client, fake: FakeProcore
) -> None:
    assert _direct(api, fake, [b"a" * 100, b"b"]).status_code == 422
    assert _direct(api, fake, [b"a" * DIRECT_PART, b"b"]).status_code == 201


def test_storage_refuses_an_authorization_header(
    api: httpx.Client, bare: httpx.Client, fake: FakeProcore
) -> None:
    part = b"x" * 10
    seg = _unified(api, fake, [part]).json()["data"]["segments"][0]
    refused = bare.put(
        seg["url"], content=part, headers={**seg["headers"], "Authorization": "Bearer t"}
    )
    assert refused.status_code == 400
    assert b"Only one auth mechanism" in refused.content
    refused = bare.put(
        seg["url"], content=part, headers={**seg["headers"], "Procore-Company-Id": "1"}
    )
    assert refused.status_code == 400
    assert bare.put(seg["url"], content=part, headers=seg["headers"]).status_code == 200


def test_storage_checks_size_hash_and_signed_headers(
    api: httpx.Client, bare: httpx.Client, fake: FakeProcore
) -> None:
    part = pattern(DIRECT_PART)
    seg = _direct(api, fake, [part, b"tail"]).json()["segments"][0]
    headers = {**seg["headers"], "Content-Type": "application/octet-stream"}
    # A body of the wrong length, or the right length with other bytes.
    short = bare.put(seg["url"], content=part[:-1], headers=headers)
    assert short.status_code == 400
    assert b"IncompleteBody" in short.content
    wrong = bare.put(seg["url"], content=b"!" + part[1:], headers=headers)
    assert wrong.status_code == 400
    assert b"XAmzContentSHA256Mismatch" in wrong.content
    # The signed headers must come exactly (here: without the content type).
    assert bare.put(seg["url"], content=part, headers=seg["headers"]).status_code == 403
    ok = bare.put(seg["url"], content=part, headers=headers)
    assert ok.status_code == 200
    assert ok.headers["etag"] == f'"{hashlib.md5(part).hexdigest()}"'


def test_storage_urls_expire(api: httpx.Client, bare: httpx.Client, fake: FakeProcore) -> None:
    seg = _unified(api, fake, [b"x"]).json()["data"]["segments"][0]
    fake.advance(fake.files.storage.url_lifetime + 1)
    expired = bare.put(seg["url"], content=b"x", headers=seg["headers"])
    assert expired.status_code == 403
    assert b"Request has expired" in expired.content


def test_etags_must_come_in_part_order(
    api: httpx.Client, bare: httpx.Client, fake: FakeProcore
) -> None:
    parts = [pattern(UNIFIED_PART, seed=1), b"second"]
    created = _unified(api, fake, parts).json()["data"]
    etags = [
        bare.put(s["url"], content=p, headers=s["headers"]).headers["etag"]
        for s, p in zip(created["segments"], parts, strict=True)
    ]
    path = (
        f"/rest/v2.1/companies/{fake.company_id}/projects/{fake.project_id}/uploads/"
        f"{created['upload_id']}"
    )
    assert api.patch(path, json={"part_etags": etags[::-1]}).status_code == 422
    # null for a part not yet sent leaves the upload receiving.
    partial = api.patch(path, json={"part_etags": [etags[0], None]})
    assert partial.json()["data"]["status"] == "receiving"
    assert api.patch(path, json={"part_etags": etags}).json()["data"]["status"] == "complete"
    statuses = [api.get(path).json()["data"]["status"] for _ in range(2)]
    assert statuses == ["complete", "available"]


def test_only_the_creator_may_use_an_upload(api: httpx.Client, fake: FakeProcore) -> None:
    created = _unified(api, fake, [b"x"]).json()["data"]
    other = fake.issue_token(user_id=fake.user_id)
    path = (
        f"/rest/v2.1/companies/{fake.company_id}/projects/{fake.project_id}/uploads/"
        f"{created['upload_id']}"
    )
    resp = api.get(path, headers={"Authorization": f"Bearer {other.access_token}"})
    assert resp.status_code == 403


def test_the_direct_form_post_keeps_the_file(
    api: httpx.Client, bare: httpx.Client, fake: FakeProcore
) -> None:
    form = api.post(
        f"/rest/v1.1/projects/{fake.project_id}/uploads",
        json={"response_filename": "a.pdf", "response_content_type": "application/pdf"},
    ).json()
    assert set(form["fields"]) >= {"key", "policy", "x-amz-signature", "Content-Type"}
    altered = {**form["fields"], "policy": "forged"}
    forged = bare.post(form["url"], data=altered, files={"file": ("a.pdf", b"%PDF")})
    assert forged.status_code == 403
    sent = bare.post(form["url"], data=form["fields"], files={"file": ("a.pdf", b"%PDF\x00\xff")})
    assert sent.status_code == 204
    assert fake.files.storage.objects[fake.files.uploads[form["uuid"]].key] == b"%PDF\x00\xff"


def test_file_links_need_the_token_and_redirect_to_storage(
    api: httpx.Client, bare: httpx.Client, fake: FakeProcore
) -> None:
    form = api.post(f"/rest/v1.1/projects/{fake.project_id}/uploads", json={}).json()
    bare.post(form["url"], data=form["fields"], files={"file": ("a", b"abc")})
    made = api.post(
        "/rest/v1.0/files",
        params={"project_id": fake.project_id},
        json={"file": {"name": "a", "upload_uuid": form["uuid"]}},
    ).json()
    link = made["file_versions"][0]["url"]
    assert bare.get(link).status_code == 401
    redirect = api.get(link)
    assert redirect.status_code == 302
    fetched = bare.get(redirect.headers["location"])
    assert fetched.content == b"abc"
    ranged = bare.get(redirect.headers["location"], headers={"Range": "bytes=1-"})
    assert ranged.status_code == 206
    assert (ranged.content, ranged.headers["content-range"]) == (b"bc", "bytes 1-2/3")
