"""One client flavour over the fake Procore for webhook management tests."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from procore_sdk import AsyncProcore, Procore
from procore_sdk._async._webhooks import AsyncWebhooks
from procore_sdk._blocking._webhooks import Webhooks
from procore_sdk.testing import FakeProcore


class Flavour:
    """One client flavour over the fake; ``call`` makes async results look synchronous."""

    def __init__(self, name: str, fake: FakeProcore) -> None:
        self.name = name
        self.fake = fake
        self.loop = asyncio.new_event_loop() if name == "async" else None
        token = fake.issue_token().access_token
        if self.loop is not None:
            self.http: Any = httpx.AsyncClient(transport=fake.async_transport())
            self.client: Any = AsyncProcore(
                access_token=token,
                company_id=fake.company_id,
                base_url=fake.base_url,
                http_client=self.http,
            )
            self.webhooks: Any = getattr(self.client, "webhooks", None) or AsyncWebhooks(
                self.client
            )
        else:
            self.http = httpx.Client(transport=fake.transport())
            self.client = Procore(
                access_token=token,
                company_id=fake.company_id,
                base_url=fake.base_url,
                http_client=self.http,
            )
            self.webhooks = getattr(self.client, "webhooks", None) or Webhooks(self.client)

    def call(self, value: Any) -> Any:
        if self.loop is not None and asyncio.iscoroutine(value):
            return self.loop.run_until_complete(value)
        return value

    def all(self, pager: Any) -> list[Any]:
        return list(self.call(pager.to_list()))

    def close(self) -> None:
        if self.loop is not None:
            self.loop.run_until_complete(self.http.aclose())
            self.loop.close()
        else:
            self.http.close()
