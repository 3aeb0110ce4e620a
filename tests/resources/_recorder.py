"""A mock Procore that records each request, for the resource tests."""

from __future__ import annotations

import json
from typing import Any

import httpx

COMPANY = 1
PROJECT = 22


class Recorder:
    """Answers every call with one record (or a list of one for GET lists), recording it."""

    def __init__(self, record: dict[str, Any] | None = None) -> None:
        self.record = record or {"id": 5, "name": "x"}
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.method == "DELETE":
            return httpx.Response(204)
        last = request.url.path.rstrip("/").rsplit("/", 1)[-1]
        if request.method == "GET" and not last.isdigit() and last != "me":
            return httpx.Response(200, json=[self.record])
        return httpx.Response(200, json=self.record)

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]

    def body(self) -> Any:
        return json.loads(self.last.content)

    def query(self) -> dict[str, str]:
        return dict(self.last.url.params)
