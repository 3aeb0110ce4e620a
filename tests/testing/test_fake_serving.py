"""Three ways to run the fake: in-process, loopback socket (+ subprocess), ASGI; plugin fixtures."""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from _helpers.fake_http import authorize, create_v1_hook, dmsa_token

from procore_sdk.testing import FakeProcore


@pytest.mark.parametrize("server", ["stdlib", "uvicorn"])
def test_loopback_serve_pagination_and_drop(server: str) -> None:
    fake = FakeProcore(seed=3, sizes={"vendors": 25})
    with fake.serve(server=server) as url, httpx.Client(base_url=url) as client:
        assert url.startswith("http://127.0.0.1:")
        authorize(client, fake)
        resp = client.get(
            "/rest/v1.0/vendors", params={"company_id": fake.company_id, "per_page": 10}
        )
        assert resp.status_code == 200
        # §4: Link URLs are absolute on the address the caller used.
        assert resp.links["next"]["url"].startswith(url + "/rest/v1.0/vendors?")
        fake.drop(after_processing=True, times=1)
        with pytest.raises(httpx.HTTPError):
            client.get("/rest/v1.0/me")
        assert client.get("/rest/v1.0/me").status_code == 200


class _Hook(BaseHTTPRequestHandler):
    received: list[tuple[str, Any]]
    event: threading.Event

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        type(self).received.append(
            (self.headers["Authorization"], json.loads(self.rfile.read(length)))
        )
        self.send_response(204)
        self.end_headers()
        type(self).event.set()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def hook_receiver() -> Iterator[tuple[str, type[_Hook]]]:
    handler = type("Hook", (_Hook,), {"received": [], "event": threading.Event()})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook", handler
    server.shutdown()
    server.server_close()


def test_webhook_real_loopback_post_by_background_worker(
    hook_receiver: tuple[str, type[_Hook]],
) -> None:
    # §8.5: real HTTP POSTs; when serving, a background thread delivers automatically.
    url, handler = hook_receiver
    fake = FakeProcore()
    with fake.serve(server="stdlib") as base, httpx.Client(base_url=base) as client:
        authorize(client, fake)
        hook = create_v1_hook(
            client,
            fake,
            "loop",
            url,
            destination_headers={"Authorization": "Bearer hook-secret"},
        )
        client.post(
            f"/rest/v1.0/webhooks/hooks/{hook['id']}/triggers",
            json={
                "company_id": fake.company_id,
                "trigger": {"resource_name": "Projects", "event_type": "create"},
            },
        )
        client.post(
            "/rest/v1.0/projects", json={"company_id": fake.company_id, "project": {"name": "P"}}
        )
        assert handler.event.wait(10)
    auth, payload = handler.received[0]
    assert auth == "Bearer hook-secret"
    assert payload["resource_name"] == "Projects"
    assert fake.deliveries[0].attempts[0].response_status == 204


def test_deliver_pending_posts_over_loopback(hook_receiver: tuple[str, type[_Hook]]) -> None:
    url, handler = hook_receiver
    fake = FakeProcore()
    hub = fake.webhooks
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as client:
        authorize(client, fake)
        hook = client.post(
            f"/rest/v2.0/companies/{fake.company_id}/webhooks/hooks",
            json={"payload_version": "v2.0", "namespace": "n", "destination_url": url},
        ).json()["data"]
        client.post(
            f"/rest/v2.0/companies/{fake.company_id}/webhooks/hooks/{hook['id']}/triggers",
            json={"resource_name": "Company Vendors", "event_type": "create"},
        )
        client.post(
            "/rest/v1.0/vendors", json={"company_id": fake.company_id, "vendor": {"name": "v"}}
        )
    assert hub.deliver_pending() == 1
    assert handler.received[0][1]["resource_name"] == "Company Vendors"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_python_m_procore_sdk_testing_subprocess() -> None:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "procore_sdk.testing", "--port", str(port), "--server", "stdlib"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        fake = FakeProcore(seed=0)  # same seed -> same credentials as the subprocess
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 20
        ready = threading.Event()
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                ready.wait(0.05)
        with httpx.Client(base_url=base) as client:
            token = dmsa_token(client, fake)
            resp = client.get(
                "/rest/v1.0/me",
                headers={
                    "Authorization": f"Bearer {token}",
                    "Procore-Company-Id": str(fake.company_id),
                },
            )
        assert resp.status_code == 200
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        assert proc.stdout is not None
        assert proc.stderr is not None
        proc.stdout.close()
        proc.stderr.close()


def test_asgi_app_through_httpx_asgi_transport() -> None:
    fake = FakeProcore()

    async def main() -> int:
        transport = httpx.ASGITransport(app=fake.asgi_app)
        async with httpx.AsyncClient(transport=transport, base_url="http://fake") as client:
            token = (
                await client.post(
                    "/oauth/token",
                    json={
                        "grant_type": "client_credentials",
                        "client_id": fake.client_id,
                        "client_secret": fake.client_secret,
                    },
                )
            ).json()["access_token"]
            resp = await client.get(
                "/rest/v1.0/vendors",
                params={"company_id": fake.company_id, "per_page": 2},
                headers={
                    "Authorization": f"Bearer {token}",
                    "Procore-Company-Id": str(fake.company_id),
                },
            )
            assert resp.links["next"]["url"].startswith("http://fake/rest/v1.0/vendors")
            return resp.status_code

    assert asyncio.run(main()) == 200


def test_async_transport_lists() -> None:
    fake = FakeProcore(sizes={"rfis": 7})
    token = fake.issue_token().access_token

    async def main() -> list[int]:
        async with httpx.AsyncClient(transport=fake.async_transport(), base_url=fake.base_url) as c:
            resp = await c.get(
                f"/rest/v1.0/projects/{fake.project_id}/rfis",
                params={"per_page": 5, "page": 2},
                headers={
                    "Authorization": f"Bearer {token}",
                    "Procore-Company-Id": str(fake.company_id),
                },
            )
            return [r["id"] for r in resp.json()]

    assert len(asyncio.run(main())) == 2


def test_seeding_is_lazy_deterministic_and_uses_64_bit_ids() -> None:
    # §1.2: ids may exceed 32 bits; seeding 1,000,000 records is cheap.
    big = FakeProcore(seed=9, sizes={"vendors": 1_000_000})
    assert len(big.collections["vendors"].ids(big.company_id)) == 1_000_000
    a = FakeProcore(seed=4).records("projects")
    b = FakeProcore(seed=4).records("projects")
    assert a == b
    assert big.company_id > 2**31
    assert all(p["id"] > 2**31 for p in a)
    # §10.3: ISO 8601 timestamps with Z; v1 money as strings.
    assert a[0]["created_at"].endswith("Z")
    assert isinstance(a[0]["total_value"], str)
    # Arrays of objects in the subset schema are seeded as lists.
    assert a[0]["departments"] == []


def test_pytest_plugin_fixtures_drive_the_real_clients(
    procore_fake: FakeProcore, procore_client: Any, procore_async_client: Any
) -> None:
    me = procore_client.get("/rest/v1.0/me")
    assert me["id"] == procore_fake.dmsa_user_id
    assert procore_fake.tokens_issued["client_credentials"] == 1

    async def main() -> Any:
        return await procore_async_client.get("/rest/v1.0/me")

    assert asyncio.run(main())["id"] == procore_fake.dmsa_user_id


def test_pure_handler_unpacks_to_status_headers_body() -> None:
    fake = FakeProcore()
    token = fake.issue_token().access_token
    status, headers, body = fake.handle(
        "GET",
        "/rest/v1.0/me",
        {"Authorization": f"Bearer {token}", "Procore-Company-Id": str(fake.company_id)},
        b"",
    )
    assert status == 200
    assert ("Content-Type", "application/json; charset=utf-8") in headers
    assert json.loads(body)["id"] == fake.dmsa_user_id
