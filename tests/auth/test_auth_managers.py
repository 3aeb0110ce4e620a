"""Token managers, both flavours: renewal, single flight, 401 handling, refresh failures."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from _support import FakeClock
from auth._auth_fakes import CLIENT_ID, CLIENT_SECRET, LOGIN, NOW, Drive, TaskGate, TokenServer

from procore_sdk._async import _auth as async_auth
from procore_sdk._blocking import _auth as sync_auth
from procore_sdk._errors import (
    APIConnectionError,
    APITimeoutError,
    ArgumentTypeError,
    ConfigurationError,
    OAuthError,
    ReauthorizationRequiredError,
    TokenStoreError,
)
from procore_sdk._oauth import TokenSet
from procore_sdk.auth import (
    AccessTokenAuth,
    CallbackTokenStore,
    ClientCredentialsAuth,
    MemoryTokenStore,
    RefreshTokenAuth,
)


@pytest.fixture(params=["sync", "async"])
def drive(request: pytest.FixtureRequest) -> Iterator[Drive]:
    d = Drive(request.param)
    yield d
    d.close()


def seeded_store(
    server: TokenServer, *, key: str = "user-1", expires_at: float
) -> MemoryTokenStore:
    """A store holding a live pair whose access token expires at ``expires_at``."""
    access, refresh = server.issue_pair()
    store = MemoryTokenStore()
    store.save(
        key,
        TokenSet(
            access_token=access,
            refresh_token=refresh,
            expires_at=expires_at,
            obtained_at=expires_at - 5400,
        ),
    )
    return store


# --- client credentials (§2.1) ---


def test_client_credentials_cached_until_margin_then_requested_again(drive: Drive) -> None:
    server = TokenServer(expires_in=900)
    clock = FakeClock(NOW)
    manager = drive.build(server, clock, client_id=CLIENT_ID, client_secret=CLIENT_SECRET)
    first = drive.run(manager.get_token())
    assert server.grants("client_credentials") == 1
    assert server.requests[0] == {
        "grant_type": "client_credentials",
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
    }
    # Margin is a tenth of the 900 s lifetime (90 s), not a hard-coded number.
    clock.now = NOW + 900 - 91
    assert drive.run(manager.get_token()) == first
    assert server.token_requests == 1
    clock.now = NOW + 900 - 89
    second = drive.run(manager.get_token())
    assert second != first
    assert server.token_requests == 2


def test_client_credentials_auth_object_and_shared_store(drive: Drive) -> None:
    server = TokenServer()
    clock = FakeClock(NOW)
    store = MemoryTokenStore()
    auth = ClientCredentialsAuth(
        client_id=CLIENT_ID, client_secret=CLIENT_SECRET, token_store=store
    )
    one = drive.build(server, clock, auth=auth)
    two = drive.build(server, clock, auth=auth)
    assert drive.run(one.get_token()) == drive.run(two.get_token())
    # The second manager adopted the token the first saved: one request for both.
    assert server.token_requests == 1
    assert store.load(f"client_credentials:{CLIENT_ID}") is not None


def test_client_credentials_401_compare_and_clear(drive: Drive) -> None:
    server = TokenServer()
    clock = FakeClock(NOW)
    manager = drive.build(server, clock, client_id=CLIENT_ID, client_secret=CLIENT_SECRET)
    old = drive.run(manager.get_token())
    assert drive.run(manager.handle_unauthorized(old)) is True
    new = drive.run(manager.get_token())
    assert new != old
    assert server.token_requests == 2
    # A late 401 for the old token does not throw away the new one.
    assert drive.run(manager.handle_unauthorized(old)) is True
    assert drive.run(manager.get_token()) == new
    assert server.token_requests == 2


def test_static_token_401_is_final(drive: Drive) -> None:
    server = TokenServer()
    manager = drive.build(server, FakeClock(), access_token="STATIC-SECRET-TOKEN")
    assert drive.run(manager.get_token()) == "STATIC-SECRET-TOKEN"
    assert drive.run(manager.handle_unauthorized("STATIC-SECRET-TOKEN")) is False
    manager2 = drive.build(server, FakeClock(), auth=AccessTokenAuth(access_token="OTHER-TOKEN"))
    assert drive.run(manager2.get_token()) == "OTHER-TOKEN"
    assert "SECRET" not in repr(manager)
    assert "OTHER-TOKEN" not in repr(manager2)


# --- refresh tokens (§2.4) ---


def test_refresh_seeded_by_refresh_token_saves_rotated_pair(drive: Drive) -> None:
    server = TokenServer()
    clock = FakeClock(NOW)
    _, refresh = server.issue_pair()
    store = MemoryTokenStore()
    manager = drive.refresh_manager(
        server, clock, store, refresh_token=refresh, redirect_uri="https://app.example/cb"
    )
    token = drive.run(manager.get_token())
    assert server.requests == [
        {
            "grant_type": "refresh_token",
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "refresh_token": refresh,
            "redirect_uri": "https://app.example/cb",
        }
    ]
    saved = store.load("user-1")
    assert saved is not None
    assert saved.access_token == token
    assert saved.refresh_token in server.valid_refresh
    # Expiry counts from our clock, not the server's (skewed) created_at.
    assert saved.expires_at == NOW + 5400


def test_proactive_refresh_uses_rotated_token(drive: Drive) -> None:
    server = TokenServer()
    clock = FakeClock(NOW)
    store = seeded_store(server, expires_at=NOW + 1000)
    manager = drive.refresh_manager(server, clock, store)
    first = drive.run(manager.get_token())
    assert server.token_requests == 0  # still valid, from the store
    clock.now = NOW + 1000 - 100  # inside the margin (lifetime 5400 s -> 300 s)
    second = drive.run(manager.get_token())
    assert second != first
    clock.now += 5400 - 299
    third = drive.run(manager.get_token())
    assert third != second
    sent = [r["refresh_token"] for r in server.requests]
    assert len(sent) == 2
    assert sent[0] != sent[1]


def test_401_compare_and_clear_refreshes_once(drive: Drive) -> None:
    server = TokenServer()
    clock = FakeClock(NOW)
    store = seeded_store(server, expires_at=NOW + 3000)
    manager = drive.refresh_manager(server, clock, store)
    failed = drive.run(manager.get_token())
    assert drive.run(manager.handle_unauthorized(failed)) is True
    assert server.grants("refresh_token") == 1
    replay = drive.run(manager.get_token())
    assert replay != failed
    # Other requests that failed with the same old token: no second refresh.
    for _ in range(3):
        assert drive.run(manager.handle_unauthorized(failed)) is True
    assert drive.run(manager.get_token()) == replay
    assert server.grants("refresh_token") == 1


def test_invalid_grant_raises_reauthorization_once(drive: Drive) -> None:
    server = TokenServer()
    clock = FakeClock(NOW)
    store = seeded_store(server, key="procore-user-77", expires_at=NOW - 1)
    server.valid_refresh.clear()  # the stored refresh token is dead
    manager = drive.refresh_manager(server, clock, store, key="procore-user-77")
    with pytest.raises(ReauthorizationRequiredError) as info:
        drive.run(manager.get_token())
    assert info.value.error == "invalid_grant"
    assert "procore-user-77" in str(info.value)
    assert "authorization code flow again" in str(info.value)
    # The dead token is never sent again.
    with pytest.raises(ReauthorizationRequiredError):
        drive.run(manager.get_token())
    assert server.grants("refresh_token") == 1


def test_invalid_grant_recovers_from_store_rotated_by_another_process(drive: Drive) -> None:
    server = TokenServer()
    clock = FakeClock(NOW)
    store = seeded_store(server, expires_at=NOW - 1)
    other_pair = TokenSet(access_token="AT-other", refresh_token="RT-other", expires_at=NOW + 5000)

    def another_process_won(form: dict[str, str]) -> None:
        # A process without our lock rotated the pair and saved it just before our request.
        if form.get("grant_type") == "refresh_token":
            server.valid_refresh.discard(form["refresh_token"])
            store.save("user-1", other_pair)

    server.before_token_response = another_process_won
    manager = drive.refresh_manager(server, clock, store)
    assert drive.run(manager.get_token()) == "AT-other"
    assert server.grants("refresh_token") == 1


def test_lost_refresh_response_never_refreshes_twice(drive: Drive) -> None:
    server = TokenServer()
    clock = FakeClock(NOW)
    store = seeded_store(server, expires_at=NOW - 1)
    server.drop_after_rotate = True
    manager = drive.refresh_manager(server, clock, store)
    with pytest.raises(ReauthorizationRequiredError) as info:
        drive.run(manager.get_token())
    assert isinstance(info.value.__cause__, httpx.RemoteProtocolError)
    assert "lost" in str(info.value)
    for _ in range(3):
        with pytest.raises(ReauthorizationRequiredError):
            drive.run(manager.get_token())
        with pytest.raises(ReauthorizationRequiredError):
            drive.run(manager.handle_unauthorized("whatever"))
    assert server.grants("refresh_token") == 1
    # The user authorizes again (or another process saves a pair): the manager recovers.
    access, refresh = server.issue_pair()
    store.save(
        "user-1", TokenSet(access_token=access, refresh_token=refresh, expires_at=NOW + 3000)
    )
    assert drive.run(manager.get_token()) == access


def test_connect_error_keeps_refresh_token(drive: Drive) -> None:
    server = TokenServer()
    clock = FakeClock(NOW)
    store = seeded_store(server, expires_at=NOW - 1)
    down = {"value": True}

    def handler(request: httpx.Request) -> httpx.Response:
        if down["value"]:
            raise httpx.ConnectError("connection refused")
        return server.handle(request)

    manager = drive.build(
        server,
        clock,
        auth=RefreshTokenAuth(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, key="user-1"),
        token_store=store,
    )
    manager._http = drive.http(handler)
    with pytest.raises(APIConnectionError) as info:
        drive.run(manager.get_token())
    assert not isinstance(info.value, ReauthorizationRequiredError)
    down["value"] = False
    # The request never left: the same refresh token is still good and is used now.
    drive.run(manager.get_token())
    assert server.grants("refresh_token") == 1


def test_early_renewal_that_cannot_connect_keeps_the_current_token(drive: Drive) -> None:
    server = TokenServer()
    clock = FakeClock(NOW)
    store = seeded_store(server, expires_at=NOW + 100)  # inside the 300 s margin
    current = store.load("user-1")
    assert current is not None
    down = {"value": True}

    def handler(request: httpx.Request) -> httpx.Response:
        if down["value"]:
            raise httpx.ConnectError("connection refused")
        return server.handle(request)

    manager = drive.refresh_manager(server, clock, store)
    manager._http = drive.http(handler)
    assert drive.run(manager.get_token()) == current.access_token
    clock.now = NOW + 100  # now really expired: the failure surfaces
    with pytest.raises(APIConnectionError):
        drive.run(manager.get_token())
    down["value"] = False
    assert drive.run(manager.get_token()) != current.access_token
    assert server.grants("refresh_token") == 1


def test_refresh_answer_without_refresh_token_keeps_the_old_one(drive: Drive) -> None:
    server = TokenServer()
    store = seeded_store(server, expires_at=NOW - 1)
    old = store.load("user-1")
    assert old is not None

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"access_token": "AT-new", "expires_in": 5400})

    clock = FakeClock(NOW)
    manager = drive.refresh_manager(server, clock, store)
    manager._http = drive.http(handler)
    assert drive.run(manager.get_token()) == "AT-new"
    saved = store.load("user-1")
    assert saved is not None
    assert saved.refresh_token == old.refresh_token
    manager._http = drive.http(server.handle)
    clock.now += 5400
    drive.run(manager.get_token())  # the kept refresh token is still usable
    assert server.requests[-1]["refresh_token"] == old.refresh_token
    assert server.grants("refresh_token") == 1


def test_failed_save_keeps_the_new_pair_in_memory(drive: Drive) -> None:
    server = TokenServer()
    rows: dict[str, Any] = {}
    _, refresh = server.issue_pair()
    rows["user-1"] = TokenSet(access_token="AT-0", refresh_token=refresh, expires_at=NOW - 1)
    failures = [OSError("disk full")]

    def save(key: str, tokens: TokenSet) -> None:
        if failures:
            raise failures.pop()
        rows[key] = tokens

    store = CallbackTokenStore(load=rows.get, save=save)
    clock = FakeClock(NOW)
    manager = drive.refresh_manager(server, clock, store)
    with pytest.raises(TokenStoreError, match="disk full"):
        drive.run(manager.get_token())
    # The rotated pair was not lost: it is used, and saved by the next call.
    token = drive.run(manager.get_token())
    assert token in server.valid_access
    clock.now += 5400
    drive.run(manager.get_token())
    assert server.grants("refresh_token") == 2
    assert rows["user-1"].access_token == drive.run(manager.get_token())


def test_client_credentials_timeout_maps_to_api_timeout_error(drive: Drive) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out")

    server = TokenServer()
    manager = drive.build(server, FakeClock(), client_id=CLIENT_ID, client_secret=CLIENT_SECRET)
    manager._http = drive.http(handler)
    with pytest.raises(APITimeoutError):
        drive.run(manager.get_token())


def test_invalid_client_is_an_oauth_error_not_reauthorization(drive: Drive) -> None:
    server = TokenServer()
    store = seeded_store(server, expires_at=NOW - 1)
    manager = drive.refresh_manager(server, FakeClock(NOW), store, client_secret="WRONG-SECRET-999")
    with pytest.raises(OAuthError) as info:
        drive.run(manager.get_token())
    assert not isinstance(info.value, ReauthorizationRequiredError)
    assert info.value.error == "invalid_client"
    assert info.value.status_code == 401


def test_server_error_on_refresh_burns_token(drive: Drive) -> None:
    server = TokenServer()
    store = seeded_store(server, expires_at=NOW - 1)
    server.fail_refresh_with = (500, {"error": "server_error"})
    manager = drive.refresh_manager(server, FakeClock(NOW), store)
    with pytest.raises(ReauthorizationRequiredError):
        drive.run(manager.get_token())
    server.fail_refresh_with = None
    with pytest.raises(ReauthorizationRequiredError):
        drive.run(manager.get_token())
    assert server.grants("refresh_token") == 1  # §2.4: never sent twice


def test_no_tokens_for_key_asks_for_authorization(drive: Drive) -> None:
    manager = drive.refresh_manager(TokenServer(), FakeClock(NOW), MemoryTokenStore(), key="u9")
    with pytest.raises(ReauthorizationRequiredError, match="u9"):
        drive.run(manager.get_token())


def test_store_wins_over_seed(drive: Drive) -> None:
    server = TokenServer()
    store = seeded_store(server, expires_at=NOW + 3000)
    manager = drive.refresh_manager(
        server, FakeClock(NOW), store, refresh_token="RT-stale-seed", access_token="AT-seed"
    )
    token = drive.run(manager.get_token())
    assert token == store.load("user-1").access_token  # type: ignore[union-attr]


def test_seed_access_token_used_until_401(drive: Drive) -> None:
    server = TokenServer()
    _, refresh = server.issue_pair()
    manager = drive.refresh_manager(
        server, FakeClock(NOW), None, refresh_token=refresh, access_token="AT-seed"
    )
    assert drive.run(manager.get_token()) == "AT-seed"
    assert drive.run(manager.handle_unauthorized("AT-seed")) is True
    assert drive.run(manager.get_token()) != "AT-seed"
    assert server.grants("refresh_token") == 1


def test_for_key_shares_store(drive: Drive) -> None:
    server = TokenServer()
    store = seeded_store(server, key="a", expires_at=NOW + 3000)
    store.save("b", TokenSet(access_token="AT-b", refresh_token="RT-b", expires_at=NOW + 3000))
    manager = drive.refresh_manager(server, FakeClock(NOW), store, key="a")
    other = manager.for_key("b")
    assert drive.run(other.get_token()) == "AT-b"
    assert other.key == "b"
    assert other.token_store is store


def test_revoke_and_token_info(drive: Drive) -> None:
    server = TokenServer()
    store = seeded_store(server, expires_at=NOW + 3000)
    stored = store.load("user-1")
    assert stored is not None
    manager = drive.refresh_manager(server, FakeClock(NOW), store)
    info = drive.run(manager.token_info())
    assert info.resource_owner_id == 42
    assert info.scopes == ("public",)
    assert info.application_uid == CLIENT_ID
    assert info.expires_in_seconds == 5000
    drive.run(manager.revoke())
    assert server.revoked == [stored.refresh_token]
    assert store.load("user-1") is None
    with pytest.raises(ReauthorizationRequiredError):
        drive.run(manager.get_token())


def test_callback_store_lock_is_held_around_refresh(drive: Drive) -> None:
    server = TokenServer()
    rows: dict[str, dict[str, Any]] = {}
    events: list[str] = []
    _, refresh = server.issue_pair()
    rows["user-1"] = TokenSet(
        access_token="AT-0", refresh_token=refresh, expires_at=NOW - 1
    ).to_dict()

    class RowLock:
        def __enter__(self) -> None:
            events.append("lock")

        def __exit__(self, *exc: object) -> None:
            events.append("unlock")

    def save(key: str, tokens: TokenSet) -> None:
        events.append("save")
        rows[key] = tokens.to_dict()

    server.before_token_response = lambda form: events.append("refresh")
    store = CallbackTokenStore(load=rows.get, save=save, lock=lambda key: RowLock())
    manager = drive.refresh_manager(server, FakeClock(NOW), store)
    token = drive.run(manager.get_token())
    # §2.4: the new pair is saved before the lock is released.
    assert events == ["lock", "refresh", "save", "unlock"]
    assert rows["user-1"]["access_token"] == token


# --- single flight ---


def test_200_tasks_make_one_refresh() -> None:
    server = TokenServer()
    clock = FakeClock(NOW)
    store = seeded_store(server, expires_at=NOW - 1)
    gate = TaskGate(200)

    async def handler(request: httpx.Request) -> httpx.Response:
        await gate.wait()  # hold the token request until every task waits
        return server.handle(request)

    async def main() -> list[str]:
        http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
        manager = async_auth.build_token_manager(
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            access_token=None,
            auth=RefreshTokenAuth(key="user-1"),
            token_store=store,
            login_url=LOGIN,
            http=http,
            clock=clock,
        )

        async def one() -> str:
            gate.arrive()
            token: str = await manager.get_token()
            return token

        return await asyncio.gather(*(one() for _ in range(200)))

    tokens = asyncio.run(main())
    assert server.grants("refresh_token") == 1
    assert len(set(tokens)) == 1


def test_32_threads_make_one_refresh() -> None:
    server = TokenServer()
    clock = FakeClock(NOW)
    store = seeded_store(server, expires_at=NOW - 1)
    arrived = 0
    arrived_guard = threading.Lock()
    all_arrived = threading.Event()

    def handler(request: httpx.Request) -> httpx.Response:
        all_arrived.wait(timeout=10)  # bounded: never hangs the suite
        return server.handle(request)

    manager = sync_auth.build_token_manager(
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        access_token=None,
        auth=RefreshTokenAuth(key="user-1"),
        token_store=store,
        login_url=LOGIN,
        http=httpx.Client(transport=httpx.MockTransport(handler)),
        clock=clock,
    )
    results: list[str] = []
    errors: list[BaseException] = []

    def worker() -> None:
        nonlocal arrived
        with arrived_guard:
            arrived += 1
            if arrived == 32:
                all_arrived.set()
        try:
            results.append(manager.get_token())
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(32)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=20)
    assert not errors
    assert len(results) == 32
    assert len(set(results)) == 1
    assert server.grants("refresh_token") == 1


def test_two_clients_on_one_store_and_key_share_the_flight() -> None:
    server = TokenServer()
    store = seeded_store(server, expires_at=NOW - 1)
    clock = FakeClock(NOW)
    gate = TaskGate(20)

    async def handler(request: httpx.Request) -> httpx.Response:
        await gate.wait()  # hold the token request until every task waits
        return server.handle(request)

    async def main() -> None:
        managers = [
            async_auth.build_token_manager(
                client_id=CLIENT_ID,
                client_secret=CLIENT_SECRET,
                access_token=None,
                auth=RefreshTokenAuth(key="user-1"),
                token_store=store,
                login_url=LOGIN,
                http=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
                clock=clock,
            )
            for _ in range(2)
        ]

        async def one(i: int) -> str:
            gate.arrive()
            token: str = await managers[i % 2].get_token()
            return token

        tokens = await asyncio.gather(*(one(i) for i in range(20)))
        assert len(set(tokens)) == 1

    asyncio.run(main())
    assert server.grants("refresh_token") == 1


# --- configuration ---


def test_build_token_manager_configuration_errors(drive: Drive) -> None:
    server = TokenServer()
    with pytest.raises(ConfigurationError, match="client_id and client_secret"):
        drive.build(server, FakeClock(), auth=RefreshTokenAuth(refresh_token="RT-x"))
    with pytest.raises(ConfigurationError, match="twice"):
        drive.build(
            server,
            FakeClock(),
            auth=RefreshTokenAuth(client_id="a", client_secret="b", token_store=MemoryTokenStore()),
            token_store=MemoryTokenStore(),
        )
    with pytest.raises(ArgumentTypeError, match="grant object"):
        drive.build(server, FakeClock(), auth="not-a-grant")
    with pytest.raises(ConfigurationError, match="No credentials"):
        drive.build(server, FakeClock())
    with pytest.raises(ConfigurationError):
        RefreshTokenAuth(key="")
    # The client's credentials fill in a grant object's.
    manager = drive.build(
        server,
        FakeClock(),
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        auth=RefreshTokenAuth(refresh_token=server.issue_pair()[1]),
    )
    drive.run(manager.get_token())
    assert server.grants("refresh_token") == 1
    # A ready manager passes through.
    assert drive.build(server, FakeClock(), auth=manager) is manager


# --- secrets ---


def test_secrets_never_in_repr_str_or_logs(drive: Drive, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="procore_sdk")
    server = TokenServer(prefix="PLANTED-")
    store = seeded_store(server, expires_at=NOW - 1)
    seed_refresh = "PLANTED-SEED-REFRESH"
    auth = RefreshTokenAuth(
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        refresh_token=seed_refresh,
        access_token="PLANTED-SEED-ACCESS",
        key="user-1",
    )
    manager = drive.build(server, FakeClock(NOW), auth=auth, token_store=store)
    token = drive.run(manager.get_token())
    tokens = store.load("user-1")
    server.valid_refresh.clear()
    with pytest.raises(ReauthorizationRequiredError):
        drive.run(manager.handle_unauthorized(token))
    texts = [repr(auth), str(auth), repr(manager), repr(tokens), str(tokens), caplog.text]
    try:
        drive.run(manager.get_token())
    except ReauthorizationRequiredError as exc:
        texts += [str(exc), repr(exc)]
    cc = ClientCredentialsAuth(client_id=CLIENT_ID, client_secret=CLIENT_SECRET)
    texts += [repr(cc), repr(AccessTokenAuth(access_token="PLANTED-STATIC"))]
    joined = "\n".join(texts)
    assert "PLANTED" not in joined
    assert CLIENT_SECRET not in joined
    assert tokens is not None
    assert tokens.access_token.startswith("PLANTED-")


def _file_store_with_expired_pair(server: TokenServer, path: Any) -> None:
    from procore_sdk.auth import FileTokenStore

    access, refresh = server.issue_pair()
    FileTokenStore(path).save(
        "user-1", TokenSet(access_token=access, refresh_token=refresh, expires_at=NOW - 1)
    )


@pytest.mark.timeout(30)
def test_two_file_store_instances_on_one_path_async(tmp_path: Any) -> None:
    """Two clients each building FileTokenStore(path): one refresh, and no self-deadlock."""
    from procore_sdk.auth import FileTokenStore

    server = TokenServer()
    path = tmp_path / "tokens.json"
    _file_store_with_expired_pair(server, path)
    gate = TaskGate(20)

    async def handler(request: httpx.Request) -> httpx.Response:
        await gate.wait()  # hold the token request until every task waits
        return server.handle(request)

    async def main() -> set[str]:
        managers = [
            async_auth.build_token_manager(
                client_id=CLIENT_ID,
                client_secret=CLIENT_SECRET,
                access_token=None,
                auth=RefreshTokenAuth(key="user-1"),
                token_store=FileTokenStore(path),
                login_url=LOGIN,
                http=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
                clock=FakeClock(NOW),
            )
            for _ in range(2)
        ]

        async def one(i: int) -> str:
            gate.arrive()
            token: str = await managers[i % 2].get_token()
            return token

        return set(await asyncio.gather(*(one(i) for i in range(20))))

    assert len(asyncio.run(main())) == 1
    assert server.grants("refresh_token") == 1


@pytest.mark.timeout(30)
def test_two_file_store_instances_on_one_path_threads(tmp_path: Any) -> None:
    from procore_sdk.auth import FileTokenStore

    server = TokenServer()
    path = tmp_path / "tokens.json"
    _file_store_with_expired_pair(server, path)
    go = threading.Barrier(8, timeout=10)
    managers = [
        sync_auth.build_token_manager(
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            access_token=None,
            auth=RefreshTokenAuth(key="user-1"),
            token_store=FileTokenStore(path),
            login_url=LOGIN,
            http=httpx.Client(transport=httpx.MockTransport(server.handle)),
            clock=FakeClock(NOW),
        )
        for _ in range(2)
    ]
    results: list[str] = []

    def worker(i: int) -> None:
        go.wait()
        results.append(managers[i % 2].get_token())

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=20)
    assert len(results) == 8
    assert len(set(results)) == 1
    assert server.grants("refresh_token") == 1
