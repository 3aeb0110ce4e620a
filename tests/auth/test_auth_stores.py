"""Token stores: memory, callables, and the atomic, locked JSON file."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from procore_sdk import _token_store
from procore_sdk._errors import ConfigurationError
from procore_sdk.auth import (
    CallbackTokenStore,
    FileTokenStore,
    LockingTokenStore,
    MemoryTokenStore,
    TokenSet,
    TokenStore,
)

ROOT = Path(__file__).resolve().parents[2]


def pair(n: int) -> TokenSet:
    return TokenSet(
        access_token=f"AT-{n}", refresh_token=f"RT-{n}", expires_at=1000.0 + n, obtained_at=n
    )


def test_memory_store_is_keyed() -> None:
    store = MemoryTokenStore()
    assert isinstance(store, TokenStore)
    assert store.load("a") is None
    store.save("a", pair(1))
    store.save("b", pair(2))
    assert store.load("a") == pair(1)
    assert store.load("b") == pair(2)
    store.delete("a")
    assert store.load("a") is None
    assert "AT-" not in repr(store)


def test_callback_store_accepts_mappings_and_tokensets() -> None:
    rows: dict[str, Any] = {}
    deleted: list[str] = []
    store = CallbackTokenStore(
        load=rows.get, save=lambda k, t: rows.__setitem__(k, t.to_dict()), delete=deleted.append
    )
    store.save("u1", pair(1))
    assert rows["u1"]["refresh_token"] == "RT-1"
    assert store.load("u1") == pair(1)
    rows["u2"] = pair(2)
    assert store.load("u2") == pair(2)
    store.delete("u1")
    assert deleted == ["u1"]
    with store.lock("u1"):  # no lock given: a no-op
        pass


def test_file_store_round_trip_keys_and_mode(tmp_path: Path) -> None:
    path = tmp_path / "tokens.json"
    store = FileTokenStore(path)
    assert isinstance(store, LockingTokenStore)
    assert store.load("a") is None
    store.save("a", pair(1))
    store.save("b", pair(2))
    other = FileTokenStore(path)  # another process would see the same
    assert other.load("a") == pair(1)
    assert other.load("b") == pair(2)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(store.lock_path).st_mode) == 0o600
    store.delete("a")
    assert other.load("a") is None
    assert other.load("b") == pair(2)
    assert "AT-" not in repr(store)
    # Only the store file and its lock file are left: no temporary files.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tokens.json", "tokens.json.lock"]


def test_file_store_save_inside_lock_is_reentrant(tmp_path: Path) -> None:
    store = FileTokenStore(tmp_path / "t.json")
    with store.lock("a"), store.lock("b"):
        store.save("a", pair(1))
    assert store.load("a") == pair(1)


@pytest.mark.parametrize("failing", ["fsync", "replace", "write"])
def test_crash_during_save_leaves_old_tokens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    path = tmp_path / "tokens.json"
    store = FileTokenStore(path)
    store.save("a", pair(1))

    class Crash(Exception):
        pass

    def boom(*args: Any, **kwargs: Any) -> Any:
        raise Crash

    if failing == "write":
        real_fdopen = os.fdopen

        class HalfWriter:
            """Writes half of the document to the temporary file, flushes it, then dies."""

            def __init__(self, handle: Any) -> None:
                self.handle = handle

            def __enter__(self) -> HalfWriter:
                return self

            def __exit__(self, *exc: object) -> None:
                self.handle.close()

            def write(self, text: str) -> int:
                self.handle.write(text[: len(text) // 2])
                self.handle.flush()
                raise Crash

        monkeypatch.setattr(
            _token_store.os, "fdopen", lambda *a, **k: HalfWriter(real_fdopen(*a, **k))
        )
    else:
        monkeypatch.setattr(_token_store.os, failing, boom)
    with pytest.raises(Crash):
        store.save("a", pair(2))
    monkeypatch.undo()
    assert FileTokenStore(path).load("a") == pair(1)
    assert [p.name for p in tmp_path.glob("*.tmp")] == []


def test_corrupt_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "tokens.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="not valid JSON"):
        FileTokenStore(path).load("a")
    path.write_text('{"something": "else"}', encoding="utf-8")
    with pytest.raises(ConfigurationError, match="FileTokenStore document"):
        FileTokenStore(path).load("a")


def test_o_excl_fallback_lock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_token_store, "_fcntl", None)
    store = FileTokenStore(tmp_path / "t.json", stale_lock_after=100.0)
    assert store.lock_path.name == "t.json.lck"
    with store.lock("a"):
        assert store.lock_path.exists()
        store.save("a", pair(1))
    assert not store.lock_path.exists()
    # A lock file left by a crashed process is broken once stale.
    store.lock_path.write_text("12345")
    old = store.lock_path.stat().st_mtime - 1000
    os.utime(store.lock_path, (old, old))
    store.save("b", pair(2))
    assert store.load("b") == pair(2)
    # A fresh foreign lock is waited for, then given up after lock_timeout.
    waits: list[float] = []
    impatient = FileTokenStore(tmp_path / "t.json", lock_timeout=0.0)
    impatient._sleep = waits.append
    store.lock_path.write_text("999")
    with pytest.raises(TimeoutError):
        impatient.save("c", pair(3))


def test_killed_writer_leaves_a_readable_file(tmp_path: Path) -> None:
    path = tmp_path / "tokens.json"
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        from procore_sdk._token_store import FileTokenStore
        from procore_sdk._oauth import TokenSet
        store = FileTokenStore({str(path)!r})
        n = 0
        while True:
            n += 1
            store.save("k", TokenSet(access_token="AT-%d" % n, refresh_token="RT-%d" % n))
            if n == 5:
                print("ready", flush=True)
        """
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == b"ready"
        proc.send_signal(signal.SIGKILL)  # at an arbitrary point of a save loop
    finally:
        proc.wait(timeout=10)
    tokens = FileTokenStore(path).load("k")
    assert tokens is not None
    n = int(tokens.access_token.split("-")[1])
    assert n >= 5
    assert tokens.refresh_token == f"RT-{n}"
