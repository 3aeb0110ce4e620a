"""Sync 100,000 vendors through the in-process fake Procore and print items per second.

Run from the repository root::

    python benchmarks/bench_sync.py                       # 100,000 vendors, both clients
    python benchmarks/bench_sync.py --items 20000 --concurrency 4 --invalid 0.03

Each run checks the result accounts for every input (entities + item errors == items, nothing
unaccounted) and prints the rate. The fake runs in-process, so the figure measures the SDK
(planning, JSON, matching, typed models) plus the fake's own work, not the network.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx

from procore_sdk import AsyncProcore, Procore, SyncResult
from procore_sdk.testing import FakeProcore


def _items(n: int, invalid: float, prefix: str) -> list[dict[str, Any]]:
    every = round(1 / invalid) if invalid > 0 else 0
    return [
        {
            "name": "" if every and i % every == 0 else f"Vendor {i}",
            "origin_id": f"{prefix}-{i}",
            "city": "Austin",
        }
        for i in range(n)
    ]


def _report(label: str, n: int, seconds: float, result: SyncResult[Any], calls: int) -> None:
    assert result.succeeded + result.failed == n, result.summary()
    assert result.unaccounted == (), result.summary()
    print(
        f"{label:<6} {n:>8,} items in {seconds:6.2f} s = {n / seconds:>9,.0f} items/s "
        f"({calls} calls, {result.succeeded:,} entities, {result.failed:,} errors, "
        f"{len(result.unaccounted)} unaccounted)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--invalid", type=float, default=0.03, help="share of invalid items")
    args = parser.parse_args()

    fake = FakeProcore(seed=0, hourly_limit=None, spike_limit=None)
    common: dict[str, Any] = {
        "access_token": fake.issue_token().access_token,
        "company_id": fake.company_id,
        "base_url": fake.base_url,
        "rate_limit_pacing": False,
    }
    options = {"batch_size": args.batch_size, "concurrency": args.concurrency}

    items = _items(args.items, args.invalid, "S")
    before = len(fake.requests)
    with Procore(http_client=httpx.Client(transport=fake.transport()), **common) as client:
        started = time.perf_counter()
        result = client.vendors.sync(items, **options)
        elapsed = time.perf_counter() - started
    _report("sync", args.items, elapsed, result, len(fake.requests) - before)

    items = _items(args.items, args.invalid, "A")

    async def run_async() -> tuple[float, SyncResult[Any]]:
        http = httpx.AsyncClient(transport=fake.async_transport())
        async with AsyncProcore(http_client=http, **common) as client:
            started = time.perf_counter()
            result = await client.vendors.sync(items, **options)
            return time.perf_counter() - started, result

    before = len(fake.requests)
    elapsed, result = asyncio.run(run_async())
    _report("async", args.items, elapsed, result, len(fake.requests) - before)


if __name__ == "__main__":
    main()
