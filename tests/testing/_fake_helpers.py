"""Helpers shared by the fake Procore tests."""

from __future__ import annotations

import httpx

from procore_sdk.testing import FakeProcore


def dmsa_token(client: httpx.Client, fake: FakeProcore) -> str:
    """A client-credentials access token obtained over HTTP (§2.2)."""
    resp = client.post(
        "/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": fake.client_id,
            "client_secret": fake.client_secret,
        },
    )
    assert resp.status_code == 200, resp.text
    return str(resp.json()["access_token"])
