"""Raw httpx against the fake Procore: a token, and a client that acts as a DMSA app."""

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


def authorize(client: httpx.Client, fake: FakeProcore) -> httpx.Client:
    """Give ``client`` a DMSA token and the fake's company header (§3); returns it."""
    client.headers["Authorization"] = f"Bearer {dmsa_token(client, fake)}"
    client.headers["Procore-Company-Id"] = str(fake.company_id)
    return client
