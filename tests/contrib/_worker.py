"""A worker process for the Redis tests: ``python _worker.py <mode> <json config>``.

It prints ``ready``, waits for a line on stdin (so that all workers start together), works,
and prints one JSON line of results. Modes:

- ``tokens``: 32 threads on one ``Procore`` and 200 tasks on one ``AsyncProcore``, all on one
  Redis token store and key, call ``GET /rest/v1.0/me`` until stdin closes;
- ``refresh-and-die``: refresh under the Redis lock, save the new pair, and die by SIGKILL
  (``stage``: ``before-refresh`` or ``after-save``) without releasing the lock;
- ``list``: list vendors page by page, paced by a shared Redis budget, until ``seconds`` pass.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import threading
import time
from typing import Any

import httpx

from procore_sdk import AsyncProcore, Procore
from procore_sdk.auth import RefreshTokenAuth
from procore_sdk.contrib.redis import (
    AsyncRedisTokenStore,
    RedisRateLimitPacer,
    RedisTokenStore,
)


def _clients_kwargs(config: dict[str, Any]) -> dict[str, Any]:
    return {
        "client_id": config["client_id"],
        "client_secret": config["client_secret"],
        "base_url": config["base"],
        "login_url": config["base"],
        "company_id": config["company_id"],
        # Transport errors only (uvicorn closes idle keep-alive connections under load); a
        # 401 is never retried, and tokens are what these tests are about.
        "max_retries": 2,
        # Longer than the clock jumps of the tokens test, which would end shorter attempts.
        "timeout": 300,
    }


class SharedClock:
    """The workers' clock: real time plus an offset the test sets in Redis (``test:offset``),
    so that the test can make every worker's token expire at once without waiting."""

    def __init__(self, url: str, stop: threading.Event) -> None:
        import redis

        self._redis = redis.Redis.from_url(url)
        self.offset = 0.0
        self._stop = stop
        self.poll()
        threading.Thread(target=self._run, daemon=True).start()

    def poll(self) -> None:
        raw = self._redis.get("test:offset")
        self.offset = float(raw or 0)

    def _run(self) -> None:
        while not self._stop.wait(0.01):
            self.poll()

    def __call__(self) -> float:
        return time.time() + self.offset


def tokens(config: dict[str, Any]) -> dict[str, Any]:
    stop = threading.Event()
    clock = SharedClock(config["redis"], stop)
    results = {"ok": 0, "failed": 0, "errors": []}
    guard = threading.Lock()

    def record(ok: bool, error: BaseException | None = None, where: str = "") -> None:
        with guard:
            if ok:
                results["ok"] += 1
            else:
                results["failed"] += 1
                if len(results["errors"]) < 5:
                    results["errors"].append(f"{where} {type(error).__name__}: {error}"[:120])

    sync_client = Procore(
        clock=clock,
        auth=RefreshTokenAuth(key=config["key"]),
        token_store=RedisTokenStore(config["redis"]),
        **_clients_kwargs(config),
    )

    def thread_loop(caller: str) -> None:
        while not stop.is_set():
            try:
                sync_client.get("/rest/v1.0/me", headers={"X-Caller": caller})
                record(True)
            except Exception as exc:
                record(False, exc, "thread")

    async def tasks_main() -> None:
        # A connection per task: httpx's default pool (100) would starve some of the 200.
        limits = httpx.Limits(max_connections=config["tasks"] + 10)
        client = AsyncProcore(
            http_client=httpx.AsyncClient(limits=limits, timeout=300),
            clock=clock,
            auth=RefreshTokenAuth(key=config["key"]),
            token_store=AsyncRedisTokenStore(config["redis"]),
            **_clients_kwargs(config),
        )

        async def task_loop(caller: str) -> None:
            while not stop.is_set():
                try:
                    await client.get("/rest/v1.0/me", headers={"X-Caller": caller})
                    record(True)
                except Exception as exc:
                    record(False, exc, "task")

        await asyncio.gather(*(task_loop(f"{pid}-task-{n}") for n in range(config["tasks"])))
        await client.aclose()

    pid = os.getpid()
    threads = [
        threading.Thread(target=thread_loop, args=(f"{pid}-thread-{n}",))
        for n in range(config["threads"])
    ]
    threads.append(threading.Thread(target=asyncio.run, args=(tasks_main(),)))
    print("ready", flush=True)
    sys.stdin.readline()
    for thread in threads:
        thread.start()
    sys.stdin.readline()  # stdin closes: stop
    stop.set()
    for thread in threads:
        thread.join()
    sync_client.close()
    return results


class _DyingStore(RedisTokenStore):
    def __init__(self, url: str, stage: str) -> None:
        super().__init__(url, lease=1.0)
        self.stage = stage

    def lock(self, key: str) -> Any:
        outer = super().lock(key)
        stage = self.stage

        class Dying:
            def __enter__(self) -> None:
                outer.__enter__()
                if stage == "before-refresh":
                    print("locked", flush=True)
                    os.kill(os.getpid(), signal.SIGKILL)

            def __exit__(self, *exc: object) -> None:
                outer.__exit__(*exc)

        return Dying()

    def save(self, key: str, tokens: Any) -> None:
        super().save(key, tokens)
        if self.stage == "after-save":
            print("saved", flush=True)
            os.kill(os.getpid(), signal.SIGKILL)


def refresh_and_die(config: dict[str, Any]) -> dict[str, Any]:
    client = Procore(
        auth=RefreshTokenAuth(key=config["key"]),
        token_store=_DyingStore(config["redis"], config["stage"]),
        **_clients_kwargs(config),
    )
    print("ready", flush=True)
    sys.stdin.readline()
    client.get("/rest/v1.0/me")  # the token has expired: refreshes, and dies on the way
    return {"survived": True}


def listing(config: dict[str, Any]) -> dict[str, Any]:
    client = Procore(
        access_token=config["access_token"],
        base_url=config["base"],
        company_id=config["company_id"],
        max_retries=0,
        rate_limit_pacing=RedisRateLimitPacer(
            config["redis"], margin=0.05, headroom=config["headroom"]
        ),
    )
    print("ready", flush=True)
    sys.stdin.readline()
    ok = limited = 0
    deadline = time.monotonic() + config["seconds"]
    while time.monotonic() < deadline:
        try:
            client.get("/rest/v1.0/me")
            ok += 1
        except Exception as exc:
            if getattr(exc, "status_code", None) != 429:
                raise
            limited += 1
    client.close()
    return {"ok": ok, "limited": limited}


def receiver(config: dict[str, Any]) -> dict[str, Any]:
    """A webhook receiver replica on its own port; the handler appends each event id to a
    file of its own (one line per run)."""
    import socketserver
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    from procore_sdk.contrib.redis import RedisDedupeStore
    from procore_sdk.webhooks import WebhookReceiver

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

    class Threading(socketserver.ThreadingMixIn, WSGIServer):
        daemon_threads = True
        request_queue_size = 128

    hook = WebhookReceiver([config["secret"]], dedupe_store=RedisDedupeStore(config["redis"]))
    out = open(config["out"], "a", encoding="utf-8")  # noqa: SIM115
    guard = threading.Lock()

    @hook.on()
    def handle(event: Any) -> None:
        with guard:
            out.write(f"{event.ulid}\n")
            out.flush()

    server = make_server("127.0.0.1", 0, hook.wsgi_app(), Threading, Quiet)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    print(server.server_address[1], flush=True)
    sys.stdin.readline()  # stdin closes: stop
    server.shutdown()
    out.close()
    return {"stopped": True}


MODES = {
    "tokens": tokens,
    "refresh-and-die": refresh_and_die,
    "list": listing,
    "receiver": receiver,
}

if __name__ == "__main__":
    result = MODES[sys.argv[1]](json.loads(sys.argv[2]))
    print(json.dumps(result), flush=True)
