"""The fake's OAuth endpoints against PROCORE_API.md §2 (raw httpx)."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import httpx
from _helpers.fake_http import dmsa_token

from procore_sdk.testing import FakeProcore


def _creds(fake: FakeProcore) -> dict[str, str]:
    return {"client_id": fake.client_id, "client_secret": fake.client_secret}


def _code_pair(raw: httpx.Client, fake: FakeProcore) -> dict[str, object]:
    code = fake.authorize("https://app.example.com/cb")
    resp = raw.post(
        "/oauth/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": "https://app.example.com/cb",
            **_creds(fake),
        },
    )
    assert resp.status_code == 200
    body: dict[str, object] = resp.json()
    return body


def test_authorize_redirects_with_code_and_state(raw: httpx.Client, fake: FakeProcore) -> None:
    # §2.2: /oauth/authorize returns a 302 to redirect_uri with code and state.
    resp = raw.get(
        "/oauth/authorize",
        params={
            "response_type": "code",
            "client_id": fake.client_id,
            "redirect_uri": "https://app.example.com/cb",
            "state": "xyz",
        },
    )
    assert resp.status_code == 302
    location = urlsplit(resp.headers["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == "https://app.example.com/cb"
    query = parse_qs(location.query)
    assert query["state"] == ["xyz"]
    token = raw.post(
        "/oauth/token",
        data={
            "grant_type": "authorization_code",
            "code": query["code"][0],
            "redirect_uri": "https://app.example.com/cb",
            **_creds(fake),
        },
    )
    assert token.status_code == 200
    assert token.json()["refresh_token"]


def test_token_response_fields_and_default_lifetime(raw: httpx.Client, fake: FakeProcore) -> None:
    # §2.3 fields; §2.4 lifetime 5400.
    body = _code_pair(raw, fake)
    assert set(body) == {"access_token", "token_type", "expires_in", "refresh_token", "created_at"}
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 5400
    assert fake.tokens_issued["authorization_code"] == 1


def test_configurable_lifetime() -> None:
    # §2.4: always use expires_in; the lifetime is configurable.
    fake = FakeProcore(access_token_lifetime=900)
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as raw:
        resp = raw.post("/oauth/token", json={"grant_type": "client_credentials", **_creds(fake)})
    assert resp.json()["expires_in"] == 900


def test_client_credentials_has_no_refresh_token(raw: httpx.Client, fake: FakeProcore) -> None:
    # §2.3: the client-credentials response has no refresh_token.
    resp = raw.post("/oauth/token", data={"grant_type": "client_credentials", **_creds(fake)})
    assert resp.status_code == 200
    assert "refresh_token" not in resp.json()


def test_token_endpoint_accepts_json_form_and_multipart(
    raw: httpx.Client, fake: FakeProcore
) -> None:
    # §2.2 / §12.21: accept JSON, urlencoded and multipart bodies.
    params = {"grant_type": "client_credentials", **_creds(fake)}
    assert raw.post("/oauth/token", json=params).status_code == 200
    assert raw.post("/oauth/token", data=params).status_code == 200
    multipart = raw.post("/oauth/token", files={k: (None, v) for k, v in params.items()})
    assert multipart.status_code == 200
    assert fake.tokens_issued["client_credentials"] == 3


def test_refresh_rotates_and_burns_old_token(raw: httpx.Client, fake: FakeProcore) -> None:
    # §2.4: every refresh returns a new pair; the old refresh token is invalid at once.
    first = _code_pair(raw, fake)
    refresh = {
        "grant_type": "refresh_token",
        "refresh_token": first["refresh_token"],
        **_creds(fake),
    }
    second = raw.post("/oauth/token", data=refresh)
    assert second.status_code == 200
    assert second.json()["refresh_token"] != first["refresh_token"]
    again = raw.post("/oauth/token", data=refresh)
    assert again.status_code == 400
    assert again.json()["error"] == "invalid_grant"
    assert set(again.json()) == {"error", "error_description"}
    assert fake.tokens_issued["refresh_token"] == 1
    assert fake.token_requests["refresh_token"] == 2


def test_failed_refresh_attempt_still_burns_token(raw: httpx.Client, fake: FakeProcore) -> None:
    # §2.4 / §12.1: any refresh call, even a failed one, invalidates the refresh token.
    first = _code_pair(raw, fake)
    bad = raw.post(
        "/oauth/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": first["refresh_token"],
            "client_id": fake.client_id,
            "client_secret": "wrong",
        },
    )
    assert bad.status_code == 401
    assert bad.json()["error"] == "invalid_client"
    good = raw.post(
        "/oauth/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": first["refresh_token"],
            **_creds(fake),
        },
    )
    assert good.status_code == 400


def test_lost_refresh_response_burns_token(raw: httpx.Client, fake: FakeProcore) -> None:
    # §2.4: even a refresh whose response is lost burns the token.
    first = _code_pair(raw, fake)
    fake.drop(after_processing=True, path="/oauth/token")
    refresh = {
        "grant_type": "refresh_token",
        "refresh_token": first["refresh_token"],
        **_creds(fake),
    }
    try:
        raw.post("/oauth/token", data=refresh)
        raise AssertionError("expected a dropped connection")
    except httpx.RemoteProtocolError:
        pass
    assert raw.post("/oauth/token", data=refresh).status_code == 400


def test_authorization_code_is_single_use(raw: httpx.Client, fake: FakeProcore) -> None:
    # §2.2: the code is single-use.
    code = fake.authorize("https://app.example.com/cb")
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": "https://app.example.com/cb",
        **_creds(fake),
    }
    assert raw.post("/oauth/token", data=data).status_code == 200
    assert raw.post("/oauth/token", data=data).status_code == 400


def test_authorization_code_expires_after_10_minutes(raw: httpx.Client, fake: FakeProcore) -> None:
    # §2.2: codes are valid 10 minutes.
    code = fake.authorize("https://app.example.com/cb")
    fake.advance(601)
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": "https://app.example.com/cb",
        **_creds(fake),
    }
    assert raw.post("/oauth/token", data=data).status_code == 400


def test_wrong_client_secret_is_401_oauth_json(raw: httpx.Client, fake: FakeProcore) -> None:
    # §2.2: OAuth JSON error from the token endpoint.
    resp = raw.post(
        "/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": fake.client_id,
            "client_secret": "x",
        },
    )
    assert resp.status_code == 401
    assert resp.json()["error"] == "invalid_client"


def test_expired_revoked_and_unknown_tokens_are_401(raw: httpx.Client, fake: FakeProcore) -> None:
    # §2.5: 401 for expired, revoked or unknown tokens.
    headers = {"Procore-Company-Id": str(fake.company_id)}
    token = dmsa_token(raw, fake)
    ok = raw.get("/rest/v1.0/me", headers={**headers, "Authorization": f"Bearer {token}"})
    assert ok.status_code == 200
    fake.advance(5400)
    expired = raw.get("/rest/v1.0/me", headers={**headers, "Authorization": f"Bearer {token}"})
    assert expired.status_code == 401
    unknown = raw.get("/rest/v1.0/me", headers={**headers, "Authorization": "Bearer nope"})
    assert unknown.status_code == 401
    token2 = dmsa_token(raw, fake)
    assert raw.post("/oauth/revoke", data={"token": token2, **_creds(fake)}).status_code == 200
    revoked = raw.get("/rest/v1.0/me", headers={**headers, "Authorization": f"Bearer {token2}"})
    assert revoked.status_code == 401


def test_expire_tokens_helper(raw: httpx.Client, fake: FakeProcore) -> None:
    # §2.5: an expired access token gets 401.
    token = dmsa_token(raw, fake)
    fake.expire_tokens()
    resp = raw.get(
        "/rest/v1.0/me",
        headers={"Authorization": f"Bearer {token}", "Procore-Company-Id": str(fake.company_id)},
    )
    assert resp.status_code == 401


def test_revoke_is_200_for_unknown_and_revokes_refresh(
    raw: httpx.Client, fake: FakeProcore
) -> None:
    # §2.2: 200 even for invalid tokens; revokes both access and refresh token.
    assert raw.post("/oauth/revoke", data={"token": "unknown", **_creds(fake)}).status_code == 200
    pair = _code_pair(raw, fake)
    assert raw.post("/oauth/revoke", data={"token": pair["access_token"]}).status_code == 200
    refresh = raw.post(
        "/oauth/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": pair["refresh_token"],
            **_creds(fake),
        },
    )
    assert refresh.status_code == 400


def test_token_info(raw: httpx.Client, fake: FakeProcore) -> None:
    # §2.2: /oauth/token/info fields.
    token = dmsa_token(raw, fake)
    fake.advance(400)
    info = raw.get("/oauth/token/info", headers={"Authorization": f"Bearer {token}"})
    assert info.status_code == 200
    body = info.json()
    assert body["resource_owner_id"] == fake.dmsa_user_id
    assert body["expires_in_seconds"] == 5000
    assert body["application"] == {"uid": fake.client_id}
    assert isinstance(body["scopes"], list)
    assert raw.get("/oauth/token/info", headers={"Authorization": "Bearer x"}).status_code == 401


def test_oob_redirect_shows_the_code_on_a_page(raw: httpx.Client, fake: FakeProcore) -> None:
    # §2.1: redirect_uri=urn:ietf:wg:oauth:2.0:oob shows the code on a Procore-hosted page.
    resp = raw.get(
        "/oauth/authorize",
        params={
            "response_type": "code",
            "client_id": fake.client_id,
            "redirect_uri": "urn:ietf:wg:oauth:2.0:oob",
        },
    )
    assert resp.status_code == 200
    code = resp.text.split("<code>")[1].split("</code>")[0]
    token = raw.post(
        "/oauth/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": "urn:ietf:wg:oauth:2.0:oob",
            **_creds(fake),
        },
    )
    assert token.status_code == 200


def test_request_log_can_be_switched_off() -> None:
    fake = FakeProcore(record_requests=False)
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as raw:
        dmsa_token(raw, fake)
    assert fake.requests == []


def test_recorded_requests_never_hold_secrets(raw: httpx.Client, fake: FakeProcore) -> None:
    raw.post("/oauth/token", json={"grant_type": "client_credentials", **_creds(fake)})
    token = dmsa_token(raw, fake)
    raw.get("/rest/v1.0/me", headers={"Authorization": f"Bearer {token}"})
    dump = json.dumps([[r.headers, r.form, r.json] for r in fake.requests])
    assert token not in dump
    assert fake.client_secret not in dump
    assert token not in repr(fake.oauth) + repr(fake)
    assert token not in repr(fake.issue_token())


def test_concurrent_refreshes_with_one_token_succeed_once(
    raw: httpx.Client, fake: FakeProcore
) -> None:
    # §2.4: single-use refresh tokens, even when many threads race with the same one.
    from concurrent.futures import ThreadPoolExecutor

    pair = _code_pair(raw, fake)
    data = {"grant_type": "refresh_token", "refresh_token": pair["refresh_token"], **_creds(fake)}
    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(
            pool.map(lambda _: raw.post("/oauth/token", data=data).status_code, range(32))
        )
    assert sorted(statuses) == [200] + [400] * 31
    assert fake.tokens_issued["refresh_token"] == 1
    assert fake.token_requests["refresh_token"] == 32
