"""A token store that fails to save: the rotated pair survives, and the error is the SDK's own.

Procore's refresh tokens are single-use (Procore's "OAuth 2.0 Authorization Code Grant Flow"
and FAQ pages): once a refresh has rotated the pair, the pair in the store is dead. So when the
save fails, the new pair stays in memory, the next call saves it, and a restart resumes from
the live pair instead of the burnt one.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from _support import FakeClock, Runner
from auth._auth_fakes import (
    CLIENT_ID,
    CLIENT_SECRET,
    NOW,
    Drive,
    FakeProcoreApi,
    TokenServer,
    flow,
    make,
)

from procore_sdk import ProcoreError, TokenStoreError
from procore_sdk.auth import CallbackTokenStore, FileTokenStore, RefreshTokenAuth, TokenSet

ROOT = Path(__file__).resolve().parents[2]


class FlakyRows:
    """A database table of token pairs whose writes fail while ``failures`` is not empty."""

    def __init__(self) -> None:
        self.rows: dict[str, TokenSet] = {}
        self.failures: list[Exception] = []
        self.saves = 0

    def save(self, key: str, tokens: TokenSet) -> None:
        self.saves += 1
        if self.failures:
            error = self.failures.pop(0)
            # Some database drivers quote the statement's parameters in their errors.
            raise type(error)(f"{error} while writing {tokens.to_dict()}")
        self.rows[key] = tokens

    def store(self) -> CallbackTokenStore:
        return CallbackTokenStore(load=self.rows.get, save=self.save)


@pytest.fixture(params=["sync", "async"])
def drive(request: pytest.FixtureRequest) -> Iterator[Drive]:
    d = Drive(request.param)
    yield d
    d.close()


def expired_pair(server: TokenServer) -> TokenSet:
    access, refresh = server.issue_pair()
    return TokenSet(access_token=access, refresh_token=refresh, expires_at=NOW - 1)


def assert_sdk_error_without_tokens(error: BaseException, *secrets: str | None) -> None:
    assert isinstance(error, TokenStoreError)
    assert isinstance(error, ProcoreError)
    assert not isinstance(error, OSError)
    assert isinstance(error.__cause__, OSError)  # the store's own error, for debugging
    assert error.key == "user-1"
    text = "\n".join([str(error), repr(error), repr(error.args)])
    assert "disk full" in text  # what went wrong stays visible
    for secret in secrets:
        assert secret
        assert secret not in text


def test_failed_save_through_the_client_keeps_the_pair_and_saves_it_next_call(
    runner: Runner,
) -> None:
    server = TokenServer()
    api = FakeProcoreApi(server)
    db = FlakyRows()
    old = db.rows["user-1"] = expired_pair(server)
    db.failures = [OSError("disk full")]
    clock = FakeClock(NOW)
    auth = RefreshTokenAuth(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, key="user-1")
    client = make(runner, api, clock, auth=auth, token_store=db.store())
    with pytest.raises(TokenStoreError) as info:
        client.get("/rest/v1.0/me")
    assert server.grants("refresh_token") == 1
    assert old.refresh_token not in server.valid_refresh  # burnt by the refresh
    assert db.rows["user-1"] == old  # the save failed
    (new_refresh,) = server.valid_refresh
    assert_sdk_error_without_tokens(info.value, new_refresh, old.refresh_token)

    # The next call uses the pair Procore issued, and saves it: no second refresh.
    assert client.get("/rest/v1.0/me")["id"] == 42
    assert server.grants("refresh_token") == 1
    assert db.rows["user-1"].refresh_token == new_refresh
    assert api.api_calls == [db.rows["user-1"].access_token]

    # A restart resumes from the live pair, and refreshes it when it expires.
    clock.now += 5400
    restarted = make(runner, api, clock, auth=auth, token_store=db.store())
    assert restarted.get("/rest/v1.0/me")["id"] == 42
    assert server.grants("refresh_token") == 2
    assert server.requests[-1]["refresh_token"] == new_refresh


def test_store_failing_again_keeps_raising_until_it_saves(drive: Drive) -> None:
    server = TokenServer()
    db = FlakyRows()
    db.rows["user-1"] = expired_pair(server)
    db.failures = [OSError("disk full"), OSError("disk full")]
    clock = FakeClock(NOW)
    manager = drive.refresh_manager(server, clock, db.store())
    with pytest.raises(TokenStoreError):
        drive.run(manager.get_token())
    (new_refresh,) = server.valid_refresh
    # Still failing: the caller hears of it again; the pair stays in memory, not refreshed.
    with pytest.raises(TokenStoreError) as info:
        drive.run(manager.get_token())
    assert_sdk_error_without_tokens(info.value, new_refresh)
    token = drive.run(manager.get_token())
    assert token in server.valid_access
    assert db.rows["user-1"].refresh_token == new_refresh
    assert db.saves == 3
    assert server.grants("refresh_token") == 1
    # Saved now: later calls do not write again.
    assert drive.run(manager.get_token()) == token
    assert db.saves == 3


def test_failed_save_does_not_overwrite_a_pair_saved_since(drive: Drive) -> None:
    """A user who authorized again while the store was failing keeps the new authorization."""
    server = TokenServer()
    db = FlakyRows()
    db.rows["user-1"] = expired_pair(server)
    db.failures = [OSError("disk full")]
    manager = drive.refresh_manager(server, FakeClock(NOW), db.store())
    with pytest.raises(TokenStoreError):
        drive.run(manager.get_token())
    access, refresh = server.issue_pair()
    db.rows["user-1"] = TokenSet(access_token=access, refresh_token=refresh, expires_at=NOW + 3000)
    assert drive.run(manager.get_token()) == access
    assert db.rows["user-1"].refresh_token == refresh


def test_failed_exchange_save_is_an_sdk_error_carrying_the_tokens() -> None:
    server = TokenServer()
    db = FlakyRows()
    db.failures = [OSError("disk full")]
    f = flow(server, token_store=db.store())
    server.codes.add("CODE-1")
    with pytest.raises(TokenStoreError) as info:
        f.exchange_code("CODE-1", key="user-1")
    (issued,) = server.valid_refresh
    assert_sdk_error_without_tokens(info.value, issued)
    # The code is spent; the app can still keep the pair it paid for.
    assert info.value.tokens is not None
    assert info.value.tokens.refresh_token == issued


# --- the file store's temporary files ---


def test_file_store_removes_temporary_files_a_crashed_writer_left(tmp_path: Path) -> None:
    path = tmp_path / "tokens.json"
    store = FileTokenStore(path)
    store.save("a", TokenSet(access_token="AT-1"))
    leftovers = [tmp_path / ".tokens.json.k2j4h1x.tmp", tmp_path / ".tokens.json.9a8b7c.tmp"]
    for leftover in leftovers:
        leftover.write_text('{"version": 1, "tok', encoding="utf-8")
    unrelated = [tmp_path / ".other.json.abc.tmp", tmp_path / "tokens.json.bak"]
    for other in unrelated:
        other.write_text("keep", encoding="utf-8")
    store.save("b", TokenSet(access_token="AT-2"))
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(["tokens.json", "tokens.json.lock", *(p.name for p in unrelated)])
    assert FileTokenStore(path).load("a") == TokenSet(access_token="AT-1")


def test_killed_writer_leaves_no_temporary_file_after_the_next_save(tmp_path: Path) -> None:
    path = tmp_path / "tokens.json"
    # The writer is killed while it holds a temporary file: at its first fsync.
    script = textwrap.dedent(
        f"""
        import os, sys
        sys.path.insert(0, {str(ROOT)!r})
        from procore_sdk._token_store import FileTokenStore
        from procore_sdk._oauth import TokenSet
        store = FileTokenStore({str(path)!r})
        store.save("k", TokenSet(access_token="AT-0"))
        real_fsync = os.fsync
        def stop(fd):
            real_fsync(fd)
            print("ready", flush=True)
            sys.stdin.readline()  # wait here until killed
        os.fsync = stop
        store.save("k", TokenSet(access_token="AT-1"))
        """
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == b"ready"
        assert list(tmp_path.glob(".tokens.json.*.tmp"))  # the crash leaves one behind
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=10)
    store = FileTokenStore(path)
    assert store.load("k") == TokenSet(access_token="AT-0")
    store.save("k", TokenSet(access_token="AT-2"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tokens.json", "tokens.json.lock"]
    assert os.stat(path).st_size > 0
