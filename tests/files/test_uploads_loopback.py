"""End to end over a real loopback socket: upload with either flow, create the file, download it
back, from both clients; storage (served by the fake on the same socket) never sees the token."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from _helpers.flavour import Flavour
from _support import SyncView
from files._files_support import DIRECT_PART, UNIFIED_PART, pattern

from procore_sdk import AsyncProcore, Procore
from procore_sdk.testing import FakeProcore


@pytest.mark.parametrize(("flow", "part"), [("direct", DIRECT_PART), ("unified", UNIFIED_PART)])
def test_upload_and_download_over_a_socket(
    flow: str, part: int, flavour: Flavour, tmp_path: Path
) -> None:
    fake = FakeProcore(seed=61)
    data = pattern(2 * part + 999, seed=8)
    source = tmp_path / "Drawings.pdf"
    source.write_bytes(data)
    with fake.serve() as url:
        options: dict[str, Any] = {
            "base_url": url,
            "login_url": url,
            "client_id": fake.client_id,
            "client_secret": fake.client_secret,
            "company_id": fake.company_id,
        }
        client: Any = (
            SyncView(AsyncProcore(**options), flavour) if flavour.is_async else Procore(**options)
        )
        try:
            upload_id = client.transfers.upload(
                source, project_id=fake.project_id, flow=flow, part_size=part, concurrency=3
            )
            made = client.post(
                "/rest/v1.0/files",
                params={"project_id": fake.project_id},
                json={"file": {"name": "Drawings.pdf", "upload_uuid": upload_id}},
            )
            target = tmp_path / "back.pdf"
            client.transfers.download(made["file_versions"][0]["url"], target)
        finally:
            if flavour.is_async:
                flavour.run(client.unwrapped.aclose())
            else:
                client.close()
    assert hashlib.sha256(target.read_bytes()).hexdigest() == hashlib.sha256(data).hexdigest()
    storage = [r for r in fake.requests if r.path.startswith("/_storage/")]
    assert len([r for r in storage if r.method == "PUT"]) == 3
    for request in storage:
        assert "authorization" not in request.headers
        assert "procore-company-id" not in request.headers
