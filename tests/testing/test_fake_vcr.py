"""procore_sdk.testing.vcr: redaction, never-recorded OAuth, cassette scanning, replays."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
import vcr

from procore_sdk.testing import FakeProcore
from procore_sdk.testing.vcr import (
    REDACTED,
    before_record_response,
    scan_cassettes,
    vcr_config,
)

CASSETTES = Path(__file__).resolve().parents[1] / "cassettes"
STATIC = {"Authorization": "Bearer static-test-token", "Procore-Company-Id": "8"}


def _replayer() -> vcr.VCR:
    return vcr.VCR(record_mode="none", **vcr_config())


def test_replay_documented_link_example() -> None:
    # §4: the documented Link example, replayed through raw httpx.
    cassette = str(CASSETTES / "procore_pagination_link.yaml")
    with _replayer().use_cassette(cassette), httpx.Client() as client:
        resp = client.get(
            "https://api.procore.com/rest/v1.0/punch_items",
            params={"page": 3, "per_page": 5},
            headers=STATIC,
        )
    assert resp.headers["Total"] == "150"
    assert list(resp.links) == ["first", "prev", "last", "next"]
    assert resp.links["next"]["url"].endswith("page=4&per_page=5")


def test_replay_documented_sync_response() -> None:
    # §7.1: the documented Sync response shape.
    cassette = str(CASSETTES / "procore_sync_response.yaml")
    with _replayer().use_cassette(cassette), httpx.Client() as client:
        resp = client.patch(
            "https://api.procore.com/rest/v1.0/projects/sync",
            json={"company_id": 8, "updates": [{"id": 4, "name": "Updated Project 1"}]},
            headers=STATIC,
        )
    body = resp.json()
    assert resp.status_code == 200
    assert body["errors"][0]["errors"] == {"id": ["Entity with this ID not found"]}


def test_replay_documented_rate_limit() -> None:
    # §6: 429 plain text with the rate headers.
    cassette = str(CASSETTES / "procore_rate_limited.yaml")
    with _replayer().use_cassette(cassette), httpx.Client() as client:
        resp = client.get(
            "https://api.procore.com/rest/v1.0/projects",
            params={"company_id": 8},
            headers=STATIC,
        )
    assert resp.status_code == 429
    assert resp.headers["X-Rate-Limit-Remaining"] == "0"
    assert resp.text.startswith("You have surpassed")


def test_hand_written_cassettes_are_clean() -> None:
    assert scan_cassettes([CASSETTES]) == []


def test_scanner_flags_secrets(tmp_path: Path) -> None:
    dirty = tmp_path / "dirty.yaml"
    jwt = "eyJ0eXAiOiJKV1QiLCJhbGciOiJFUzUxMiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl"
    dirty.write_text(
        "\n".join(
            [
                "      Authorization:",
                "      - Bearer 0123456789abcdef0123",
                f"    body: {jwt}",
                '      string: \'{"refresh_token": "abcdef123456"}\'',
                "    body: grant_type=refresh_token&client_secret=hunter22",
                "    uri: https://login.procore.com/oauth/token",
                "    uri: https://app.example.com/cb?code=abc123&state=x",
                '      string: \'{"code": "01-100", "access_token": "REDACTED"}\'',
            ]
        )
    )
    kinds = [(f.line, f.kind) for f in scan_cassettes([dirty])]
    assert (2, "bearer") in kinds
    assert (3, "jwt") in kinds
    assert (4, "field:refresh_token") in kinds
    assert (5, "field:client_secret") in kinds
    assert (6, "oauth-endpoint") in kinds
    assert (7, "field:code") in kinds
    assert not [k for k in kinds if k[0] == 8]  # cost code "code" and redacted values are fine
    assert all("hunter22" not in f.excerpt for f in scan_cassettes([dirty]))


def test_recording_redacts_and_skips_oauth(tmp_path: Path) -> None:
    fake = FakeProcore()
    cassette = tmp_path / "recorded.yaml"
    recorder = vcr.VCR(record_mode="all", **vcr_config())
    # vcrpy hooks httpx's network transport, so record over a loopback socket.
    with (
        fake.serve(server="stdlib") as url,
        recorder.use_cassette(str(cassette)),
        httpx.Client(base_url=url) as client,
    ):
        token = client.post(
            "/oauth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": fake.client_id,
                "client_secret": fake.client_secret,
            },
        ).json()["access_token"]
        headers = {
            "Authorization": f"Bearer {token}",
            "Procore-Company-Id": str(fake.company_id),
        }
        client.get("/rest/v1.0/me", headers=headers, params={"token": token})
        client.post(
            "/rest/v1.0/vendors",
            headers=headers,
            json={"company_id": fake.company_id, "vendor": {"name": "V", "password": "pw-123"}},
        )
    text = cassette.read_text()
    assert token not in text
    assert fake.client_secret not in text
    assert "pw-123" not in text
    assert "/oauth/token" not in text
    assert REDACTED in text
    assert "/rest/v1.0/me" in text
    assert scan_cassettes([cassette]) == []


def test_before_record_response_scrubs_json_and_cookies() -> None:
    response = {
        "headers": {"Set-Cookie": ["session=abc"], "Content-Type": ["application/json"]},
        "body": {"string": b'{"access_token": "t0ken", "items": [{"client_secret": "s"}]}'},
    }
    cleaned = before_record_response(response)
    assert cleaned["headers"]["Set-Cookie"] == [REDACTED]
    body = cleaned["body"]["string"]
    assert b"t0ken" not in body
    assert b'"s"' not in body


@pytest.mark.parametrize("path", ["/oauth/token", "/oauth/revoke", "/oauth/token/info"])
def test_oauth_paths_never_recorded(path: str) -> None:
    from procore_sdk.testing.vcr import before_record_request

    class Req:
        uri = f"https://login.procore.com{path}"
        headers: dict[str, str] = {}
        body = None

    assert before_record_request(Req()) is None
