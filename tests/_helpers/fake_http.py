"""Raw httpx against the fake Procore: a token, and a client that acts as a DMSA app."""

from __future__ import annotations

from typing import Any

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


def create_v1_hook(
    api: httpx.Client, fake: FakeProcore, namespace: str, destination_url: str, **hook: Any
) -> Any:
    """A company hook made through the v1.0 webhooks API (§8.2); ``hook`` adds or overrides
    fields of the ``hook`` object. Fails the test unless the fake answers 201."""
    resp = api.post(
        "/rest/v1.0/webhooks/hooks",
        json={
            "company_id": fake.company_id,
            "hook": {
                "api_version": "v2",
                "namespace": namespace,
                "destination_url": destination_url,
                **hook,
            },
        },
    )
    assert resp.status_code == 201, resp.text
    return resp.json()
