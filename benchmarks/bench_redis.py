"""Many workers on Redis: the cost of a refresh-lock round trip, and the rate 4 workers sustain.

1. Refresh lock: ``with store.lock(key): pass`` (``SET NX PX``, then the release script) on
   ``RedisTokenStore`` and ``AsyncRedisTokenStore``, against a local ``redis-server``.
2. Shared budget: 4 worker processes call the fake Procore (served on loopback) as fast as they
   can, each paced by ``RedisRateLimitPacer`` on one Redis. The fake's hourly window is
   shortened to ``--window`` seconds so that a run sees several windows; the figure is the
   combined rate of the full windows against the allowed rate (``--limit`` per window), and
   the 429s met (target: 90% or more of the allowed rate, no 429).

    python benchmarks/bench_redis.py            # starts a redis-server of its own
    python benchmarks/bench_redis.py --quick
    REDIS_URL=redis://127.0.0.1:6379/15 python benchmarks/bench_redis.py   # an existing Redis

The script exits non-zero when the shared-budget target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import multiprocessing
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import redis

from procore_sdk import Procore
from procore_sdk.contrib.redis import (
    AsyncRedisTokenStore,
    RedisRateLimitPacer,
    RedisTokenStore,
)
from procore_sdk.testing import FakeProcore
from procore_sdk.testing import _ratelimit as fake_limits


@contextlib.contextmanager
def redis_url() -> Iterator[str]:
    if os.environ.get("REDIS_URL"):
        yield os.environ["REDIS_URL"]
        return
    binary = shutil.which("redis-server")
    if binary is None:
        sys.exit("no redis-server on PATH and no REDIS_URL: nothing to measure against")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with tempfile.TemporaryDirectory() as directory:
        process = subprocess.Popen(
            [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", directory],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        url = f"redis://127.0.0.1:{port}/0"
        client = redis.Redis.from_url(url)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.02)
        try:
            yield url
        finally:
            process.terminate()
            process.wait(timeout=10)


def _summary(samples: list[float]) -> str:
    samples = sorted(samples)
    p99 = samples[int(len(samples) * 0.99) - 1]
    return (
        f"median {statistics.median(samples) * 1e6:7.0f} us, "
        f"p99 {p99 * 1e6:7.0f} us ({len(samples)} round trips)"
    )


def bench_lock(url: str, rounds: int) -> None:
    store = RedisTokenStore(url)
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        with store.lock("bench"):
            pass
        samples.append(time.perf_counter() - started)
    print(f"refresh lock, RedisTokenStore:      {_summary(samples)}")

    async def run() -> list[float]:
        astore = AsyncRedisTokenStore(url)
        out = []
        for _ in range(rounds):
            started = time.perf_counter()
            async with astore.lock("bench"):
                pass
            out.append(time.perf_counter() - started)
        return out

    print(f"refresh lock, AsyncRedisTokenStore: {_summary(asyncio.run(run()))}")


def _worker(
    base: str, token: str, company_id: int, url: str, prefix: str, seconds: float, out: Any
) -> None:
    client = Procore(
        access_token=token,
        base_url=base,
        company_id=company_id,
        max_retries=0,
        rate_limit_pacing=RedisRateLimitPacer(url, prefix=prefix, margin=0.05, headroom=4),
    )
    ok = limited = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            client.get("/rest/v1.0/me")
            ok += 1
        except Exception as exc:
            if getattr(exc, "status_code", None) != 429:
                raise
            limited += 1
    out.put((ok, limited))


def bench_budget(url: str, window: float, limit: int, windows: int) -> bool:
    fake_limits.HOUR = window  # type: ignore[misc]  # a short "hour", for a run of seconds
    fake = FakeProcore(seed=1, hourly_limit=limit, spike_limit=None, record_requests=False)
    answered: list[float] = []
    handle = fake.handle

    def timing(*args: Any) -> Any:
        response = handle(*args)
        if response.status == 200:
            answered.append(time.time())
        return response

    fake.handle = timing  # type: ignore[method-assign]
    token = fake.oauth.issue("client_credentials", fake.dmsa_user_id, with_refresh=False)
    prefix = f"bench-{os.getpid()}"  # a budget of this run's own, on any Redis
    redis.Redis.from_url(url).delete(
        *redis.Redis.from_url(url).keys("procore_sdk:budget:*") or ["x"]
    )
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    with fake.serve(server="stdlib") as base:
        processes = [
            context.Process(
                target=_worker,
                args=(
                    base,
                    token.access_token,
                    fake.company_id,
                    url,
                    prefix,
                    windows * window,
                    results,
                ),
            )
            for _ in range(4)
        ]
        for process in processes:
            process.start()
        totals = [results.get(timeout=windows * window + 60) for _ in processes]
        for process in processes:
            process.join()
    limited = sum(t[1] for t in totals)
    per_window: dict[int, int] = {}
    for at in answered:
        per_window[int(at // window)] = per_window.get(int(at // window), 0) + 1
    full = sorted(per_window)[1:-1]
    sustained = sum(per_window[w] for w in full) / (len(full) * window) if full else 0.0
    allowed = limit / window
    ratio = sustained / allowed
    print(
        f"4 workers, shared budget: {sustained:.1f} requests/s sustained over {len(full)} full "
        f"windows, allowed {allowed:.1f}/s: {ratio:.0%} of the allowed rate, {limited} 429s "
        "(target: >= 90%, no 429)"
    )
    return ratio >= 0.9 and limited == 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer rounds and windows")
    parser.add_argument("--window", type=float, default=2.0, help="the fake's window, seconds")
    parser.add_argument("--limit", type=int, default=60, help="requests allowed per window")
    args = parser.parse_args()
    rounds, windows = (200, 4) if args.quick else (2000, 8)
    with redis_url() as url:
        bench_lock(url, rounds)
        ok = bench_budget(url, args.window, args.limit, windows)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
