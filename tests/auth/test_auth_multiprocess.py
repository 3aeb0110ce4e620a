"""Several processes sharing a FileTokenStore make one refresh per expiry (§2.4).

The token endpoint is a loopback http.server in this process, counting refresh requests;
each child process builds its own sync token manager on the shared file.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from auth._auth_fakes import CLIENT_ID, CLIENT_SECRET, TokenServer

from procore_sdk.auth import FileTokenStore, TokenSet

ROOT = Path(__file__).resolve().parents[2]
NOW = 1_700_000_000.0

CHILD = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, sys.argv[1])
    import httpx
    from procore_sdk._blocking._auth import build_token_manager
    from procore_sdk.auth import FileTokenStore, RefreshTokenAuth

    path, login, now = sys.argv[2], sys.argv[3], float(sys.argv[4])
    manager = build_token_manager(
        client_id=%r, client_secret=%r, access_token=None,
        auth=RefreshTokenAuth(key="user-1"), token_store=FileTokenStore(path),
        login_url=login, http=httpx.Client(), clock=lambda: now,
    )
    print("ready", flush=True)
    sys.stdin.readline()  # start together
    print(manager.get_token(), flush=True)
    """
) % (CLIENT_ID, CLIENT_SECRET)


@pytest.fixture
def token_endpoint() -> Iterator[tuple[str, TokenServer]]:
    server = TokenServer()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", "0"))
            request = httpx.Request(
                "POST",
                f"http://127.0.0.1{self.path}",
                content=self.rfile.read(length),
                headers=dict(self.headers.items()),
            )
            response = server.handle(request)
            self.send_response(response.status_code)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(response.content)))
            self.end_headers()
            self.wfile.write(response.content)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", server
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


def run_round(path: Path, login: str, now: float, processes: int = 3) -> list[str]:
    children = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, str(ROOT), str(path), login, str(now)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(processes)
    ]
    try:
        for child in children:
            assert child.stdout is not None
            assert child.stdout.readline().strip() == "ready"
        for child in children:
            assert child.stdin is not None
            child.stdin.write("go\n")
            child.stdin.flush()
        tokens = []
        for child in children:
            out, err = child.communicate(timeout=30)
            assert child.returncode == 0, err
            tokens.append(out.strip())
        return tokens
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
                child.wait(timeout=10)


@pytest.mark.slow
def test_three_processes_one_refresh_per_expiry(
    tmp_path: Path, token_endpoint: tuple[str, TokenServer]
) -> None:
    login, server = token_endpoint
    path = tmp_path / "tokens.json"
    access, refresh = server.issue_pair()
    FileTokenStore(path).save(
        "user-1",
        TokenSet(access_token=access, refresh_token=refresh, expires_at=NOW - 10),
    )
    first = run_round(path, login, NOW)
    assert server.grants("refresh_token") == 1
    assert len(set(first)) == 1
    assert first[0] != access
    # Across the next expiry: again exactly one refresh, with the rotated token.
    second = run_round(path, login, NOW + 5400)
    assert server.grants("refresh_token") == 2
    assert len(set(second)) == 1
    assert second[0] != first[0]
    sent = [r["refresh_token"] for r in server.requests]
    assert sent[0] == refresh
    assert sent[1] != refresh
