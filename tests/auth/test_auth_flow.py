"""The authorization code flow, revoke/token info helpers, and the pure OAuth core."""

from __future__ import annotations

import asyncio
import logging
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from _support import FakeClock
from auth._auth_fakes import CLIENT_ID, CLIENT_SECRET, LOGIN, NOW, REDIRECT, TokenServer, flow

from procore_sdk._blocking import _auth as sync_auth
from procore_sdk._errors import ConfigurationError, OAuthError
from procore_sdk._oauth import (
    TokenSet,
    callback_params,
    parse_token_response,
)
from procore_sdk.auth import (
    OOB_REDIRECT_URI,
    AuthorizationCodeFlow,
    MemoryTokenStore,
    RefreshTokenAuth,
    async_fetch_token_info,
    async_revoke_token,
    fetch_token_info,
    resolve_login_url,
    revoke_token,
    states_match,
)


def test_authorization_url_and_state() -> None:
    f = flow(TokenServer())
    url, state = f.authorization_url()
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{LOGIN}/oauth/authorize"
    query = parse_qs(parts.query)
    assert query == {
        "response_type": ["code"],
        "client_id": [CLIENT_ID],
        "redirect_uri": [REDIRECT],
        "state": [state],
    }
    assert len(state) >= 40
    assert f.authorization_url()[1] != state  # fresh each time
    url2, state2 = f.authorization_url(state="mine", prompt="login")
    assert state2 == "mine"
    assert parse_qs(urlsplit(url2).query)["prompt"] == ["login"]
    assert f.verify_state(state, state)
    assert not f.verify_state(state, state[:-1] + "x")
    assert not f.verify_state(state, None)
    assert not states_match(None, None)


def test_environment_login_hosts() -> None:
    assert resolve_login_url("sandbox") == "https://login-sandbox.procore.com"
    assert resolve_login_url("federal") == "https://login.procoregov.com"
    assert resolve_login_url(login_url="http://127.0.0.1:8000/") == "http://127.0.0.1:8000"
    with pytest.raises(ConfigurationError):
        resolve_login_url("mars")
    with pytest.raises(ConfigurationError):
        AuthorizationCodeFlow(CLIENT_ID, "", REDIRECT)
    f = AuthorizationCodeFlow(CLIENT_ID, CLIENT_SECRET, REDIRECT, environment="monthly_sandbox")
    assert f.authorization_url()[0].startswith("https://login-sandbox-monthly.procore.com/")


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_handle_callback_exchanges_and_stores(flavour: str) -> None:
    server = TokenServer()
    store = MemoryTokenStore()
    f = flow(server, token_store=store)
    _url, state = f.authorization_url()
    server.codes.add("CODE-123")
    callback = {"code": ["CODE-123"], "state": [state]}  # parse_qs shape
    if flavour == "sync":
        tokens = f.handle_callback(callback, expected_state=state, key="user-9")
    else:
        tokens = asyncio.run(f.async_handle_callback(callback, expected_state=state, key="user-9"))
    assert server.requests == [
        {
            "grant_type": "authorization_code",
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "code": "CODE-123",
            "redirect_uri": REDIRECT,
        }
    ]
    assert store.load("user-9") == tokens
    assert tokens.refresh_token in server.valid_refresh
    assert tokens.expires_at == NOW + 5400
    # The grant object for this user: a client built with it refreshes from the store.
    auth = f.auth("user-9")
    assert isinstance(auth, RefreshTokenAuth)
    assert auth.key == "user-9"
    assert auth.token_store is store
    manager = sync_auth.build_token_manager(
        client_id=None,
        client_secret=None,
        access_token=None,
        auth=auth,
        token_store=None,
        login_url=LOGIN,
        http=httpx.Client(transport=httpx.MockTransport(server.handle)),
        clock=FakeClock(NOW + 6000),
    )
    fresh = manager.get_token()
    assert fresh != tokens.access_token
    assert server.requests[-1]["refresh_token"] == tokens.refresh_token
    assert server.requests[-1]["redirect_uri"] == REDIRECT


def test_callback_errors() -> None:
    server = TokenServer()
    f = flow(server)
    _, state = f.authorization_url()
    with pytest.raises(OAuthError) as info:
        f.handle_callback(
            f"error=access_denied&error_description=The+user+denied&state={state}",
            expected_state=state,
            key="k",
        )
    assert info.value.error == "access_denied"
    assert info.value.error_description == "The user denied"
    with pytest.raises(OAuthError) as info:
        f.handle_callback(
            {"code": "CODE-SECRET-1", "state": "forged"}, expected_state=state, key="k"
        )
    assert info.value.error == "state_mismatch"
    assert "CODE-SECRET-1" not in str(info.value)
    with pytest.raises(OAuthError) as info:
        f.handle_callback({"state": state}, expected_state=state, key="k")
    assert info.value.error == "missing_code"
    # A used or expired code: Procore's invalid_grant, with its description.
    with pytest.raises(OAuthError) as info:
        f.handle_callback({"code": "CODE-SECRET-2", "state": state}, expected_state=state, key="k")
    assert info.value.error == "invalid_grant"
    assert info.value.status_code == 400
    assert "invalid" in (info.value.error_description or "")
    assert "CODE-SECRET-2" not in str(info.value)
    assert server.token_requests == 1  # only the last one reached Procore


def test_callback_params_shapes() -> None:
    assert callback_params("?code=a&state=b") == {"code": "a", "state": "b"}
    # §9.2: the iframe helper returns the code in the fragment.
    assert callback_params("https://app/cb#code=a&state=b") == {"code": "a", "state": "b"}
    assert callback_params("https://app/cb?code=a&state=b") == {"code": "a", "state": "b"}
    assert callback_params({"code": ["a", "z"], "state": "b", "x": []}) == {
        "code": "a",
        "state": "b",
    }


def test_out_of_band_variant() -> None:
    server = TokenServer()
    f = AuthorizationCodeFlow.out_of_band(
        CLIENT_ID,
        CLIENT_SECRET,
        login_url=LOGIN,
        http_client=httpx.Client(transport=httpx.MockTransport(server.handle)),
        clock=FakeClock(NOW),
    )
    url, _ = f.authorization_url()
    assert parse_qs(urlsplit(url).query)["redirect_uri"] == [OOB_REDIRECT_URI]
    server.codes.add("PASTED")
    tokens = f.exchange_code("PASTED", key="me")
    assert server.requests[0]["redirect_uri"] == "urn:ietf:wg:oauth:2.0:oob"
    assert f.token_store.load("me") == tokens
    assert f.auth("me").redirect_uri is None  # not sent with refreshes


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_revoke_and_token_info_helpers(flavour: str) -> None:
    server = TokenServer()
    access, refresh = server.issue_pair()

    async def async_handler(request: httpx.Request) -> httpx.Response:
        return server.handle(request)

    if flavour == "sync":
        http = httpx.Client(transport=httpx.MockTransport(server.handle))
        info = fetch_token_info(access, login_url=LOGIN, http_client=http)
        revoke_token(
            refresh,
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            login_url=LOGIN,
            http_client=http,
        )
    else:
        ahttp = httpx.AsyncClient(transport=httpx.MockTransport(async_handler))

        async def main() -> object:
            result = await async_fetch_token_info(access, login_url=LOGIN, http_client=ahttp)
            await async_revoke_token(
                refresh,
                client_id=CLIENT_ID,
                client_secret=CLIENT_SECRET,
                login_url=LOGIN,
                http_client=ahttp,
            )
            return result

        info = asyncio.run(main())  # type: ignore[assignment]
    assert info.resource_owner_id == 42
    assert info.raw["new_field"] is True
    assert server.revoked == [refresh]
    assert access not in repr(info)


def test_flow_revoke_deletes_stored_tokens() -> None:
    server = TokenServer()
    f = flow(server)
    server.codes.add("C")
    tokens = f.exchange_code("C", key="u")
    f.revoke("u")
    assert server.revoked == [tokens.refresh_token]
    assert f.token_store.load("u") is None
    asyncio.run(f.async_revoke("u"))  # nothing stored: nothing sent
    assert len(server.revoked) == 1


def test_token_response_parsing_is_liberal() -> None:
    request = httpx.Request("POST", f"{LOGIN}/oauth/token")
    response = httpx.Response(
        200,
        json={
            "access_token": "A",
            "token_type": "Bearer",
            "expires_in": "7200",
            "created_at": "garbage",
            "refresh_token": "R",
            "scope": "public",
            "extra": {"nested": 1},
        },
        request=request,
    )
    tokens = parse_token_response(response, now=100.0)
    assert tokens.expires_at == 7300.0
    assert tokens.created_at == 100.0
    assert tokens.lifetime == 7200.0
    assert tokens.refresh_margin() == 300.0
    assert tokens.scope == "public"
    assert TokenSet.from_dict(tokens.to_dict()) == tokens
    # No refresh token (client credentials) and no expiry.
    bare = parse_token_response(httpx.Response(200, json={"access_token": "A"}), now=1.0)
    assert bare.refresh_token is None
    assert not bare.needs_refresh(1e12)
    for bad in (httpx.Response(200, text="<html>"), httpx.Response(502, text="Bad gateway")):
        with pytest.raises(OAuthError) as info:
            parse_token_response(bad, now=1.0)
        assert info.value.status_code == bad.status_code


def test_flow_repr_and_logs_hide_secrets(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    server = TokenServer(prefix="PLANTED-")
    f = flow(server)
    server.codes.add("PLANTED-CODE")
    tokens = f.exchange_code("PLANTED-CODE", key="u")
    text = "\n".join([repr(f), str(f), repr(tokens), repr(f.auth("u")), caplog.text])
    assert "PLANTED" not in text
    assert CLIENT_SECRET not in text


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_callback_with_a_state_but_no_expected_state_is_refused(flavour: str) -> None:
    """Login CSRF: a callback carrying a state the app cannot check is not exchanged.

    An attacker can send a victim their own callback URL (their code, their state); an app
    that lost (or never stored) the state and passes ``expected_state=None`` would otherwise
    log the victim into the attacker's Procore account.
    """
    server = TokenServer()
    store = MemoryTokenStore()
    f = flow(server, token_store=store)
    server.codes.add("ATTACKER-CODE")
    callback = "https://app.example.test/oauth/callback?code=ATTACKER-CODE&state=attacker"

    def handle() -> object:
        if flavour == "sync":
            return f.handle_callback(callback, expected_state=None, key="victim")
        return asyncio.run(f.async_handle_callback(callback, expected_state=None, key="victim"))

    with pytest.raises(OAuthError) as info:
        handle()
    assert info.value.error == "state_mismatch"
    assert "expected_state" in str(info.value)
    assert "ATTACKER-CODE" not in str(info.value)
    assert server.token_requests == 0  # the code was never exchanged
    assert store.load("victim") is None
    # A flow that sent no state, and whose callback carries none, still works.
    tokens = f.handle_callback({"code": "ATTACKER-CODE"}, expected_state=None, key="me")
    assert store.load("me") == tokens
