"""Redis stopped and restarted mid-run: what tokens, pacing and dedupe do, and that they recover.

- token stores raise TokenStoreError (naming Redis, never a token); requests that need no
  refresh go on with the pair in memory; after the restart (an empty Redis: no persistence)
  the pair in memory is refreshed and saved again, never lost;
- pacing falls back to the process's own budget, with a warning;
- dedupe fails closed: the receiver answers 500, so Procore delivers the event again.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest
from contrib._redis_server import RedisServer

from procore_sdk import Procore, TokenStoreError
from procore_sdk.auth import RefreshTokenAuth, TokenSet
from procore_sdk.contrib.redis import (
    RedisDedupeStore,
    RedisRateLimitPacer,
    RedisStoreError,
    RedisTokenStore,
)
from procore_sdk.testing import FakeProcore
from procore_sdk.webhooks import WebhookReceiver

KEY = "user-1"
SECRET = "Bearer outage-secret-0123456789"


@pytest.fixture
def served() -> Iterator[tuple[FakeProcore, str]]:
    fake = FakeProcore(seed=7)
    with fake.serve(server="stdlib") as url:
        yield fake, url


def test_redis_stopped_and_restarted_mid_run(
    redis_server: RedisServer, served: tuple[FakeProcore, str], caplog: pytest.LogCaptureFixture
) -> None:
    fake, url = served
    issued = fake.oauth.issue("authorization_code", fake.dmsa_user_id, with_refresh=True)
    store = RedisTokenStore(redis_server.url, timeout=0.5)
    seeded = TokenSet(access_token=issued.access_token, refresh_token=issued.refresh_token)
    store.save(KEY, seeded)
    receiver = WebhookReceiver([SECRET], dedupe_store=RedisDedupeStore(redis_server.url))
    handled: list[str] = []
    receiver.on()(lambda event: handled.append(event.ulid))
    client = Procore(
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        base_url=url,
        login_url=url,
        company_id=fake.company_id,
        auth=RefreshTokenAuth(key=KEY),
        token_store=store,
        rate_limit_pacing=RedisRateLimitPacer(redis_server.url, timeout=0.5),
    )
    with client:
        client.get("/rest/v1.0/me")
        assert receiver.handle({"Authorization": SECRET}, _event("A")).status == 200

        redis_server.stop()
        with caplog.at_level(logging.WARNING, logger="procore_sdk"):
            client.get("/rest/v1.0/me")  # the pair in memory; pacing on the local budget
        assert "pacing on this process's own view" in caplog.text
        # Dedupe fails closed: 500, so Procore retries; the handler did not run.
        assert receiver.handle({"Authorization": SECRET}, _event("B")).status == 500
        with pytest.raises(RedisStoreError, match=r"redis://127\.0\.0\.1:\d+/0"):
            RedisDedupeStore(redis_server.url, timeout=0.5).add("x")
        # A refresh cannot read the shared store: the SDK's error, naming Redis, no token.
        fake.oauth.expire_all()
        with pytest.raises(TokenStoreError, match="could not load") as raised:
            client.get("/rest/v1.0/me")
        assert issued.refresh_token not in str(raised.value)
        assert fake.oauth.requests["refresh_token"] == 0  # nothing was burned

        redis_server.start()  # empty: no persistence
        client.get("/rest/v1.0/me")  # refreshes from the pair in memory, saves it
        assert fake.oauth.issued["refresh_token"] == 1
        live = store.load(KEY)
        assert live is not None
        assert fake.oauth.check(live.access_token) is not None
        assert receiver.handle({"Authorization": SECRET}, _event("B")).status == 200
    assert handled == ["A", "B"]


def _event(ulid: str) -> bytes:
    return json.dumps(
        {
            "id": ord(ulid),
            "ulid": ulid,
            "timestamp": "2025-02-06T23:34:12.246562Z",
            "metadata": {},
            "user_id": 5447,
            "company_id": 8,
            "project_id": 6778,
            "api_version": "v2.0",
            "event_type": "update",
            "resource_name": "RFIs",
            "resource_id": 379913,
        }
    ).encode()
