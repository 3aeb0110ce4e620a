"""Listing benchmarks against the fake Procore: overhead, request count, memory, prefetch.

Run from the repository root::

    python benchmarks/bench_listing.py            # the full run (a few minutes)
    python benchmarks/bench_listing.py --quick    # smaller sizes, for a smoke test

Every figure is a ratio measured in the same run, so the machine's speed cancels out:

1. **overhead**: a typed listing of ``--records`` company users through ``Procore`` against a
   bare httpx loop that follows ``Link`` and decodes JSON, both against the fake Procore served
   over loopback (``fake.serve()``). Target: at most 1.3x.
2. **requests**: the requests the typed listing made against ``ceil(N / largest per_page)``.
   Target: exactly 1.0.
3. **memory**: peak traced memory (``tracemalloc``) while iterating ``--memory-records``
   records, against the peak of fetching a single page (in-process transport, for speed).
   Target: flat (about 1x).
4. **prefetch**: ``AsyncProcore`` listing page by page against ``prefetch=N`` with
   ``--latency`` seconds added to every response by the fake's latency fault, over loopback.
   Target: at least 8x.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import math
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from procore_sdk import AsyncProcore, Procore
from procore_sdk._limits import per_page_max
from procore_sdk.testing import FakeProcore

RESOURCE = "company_users"


def _users_path(fake: FakeProcore) -> str:
    return f"/rest/v1.3/companies/{fake.company_id}/users"


def _best(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def bench_overhead(records: int, repeat: int) -> dict[str, Any]:
    fake = FakeProcore(seed=1, sizes={RESOURCE: records}, hourly_limit=None, spike_limit=None)
    token = fake.issue_token().access_token
    path = _users_path(fake)
    largest = per_page_max("GET", path) or 0
    with fake.serve() as base_url:
        headers = {"Authorization": f"Bearer {token}", "Procore-Company-Id": str(fake.company_id)}

        def bare() -> int:
            count = 0
            with httpx.Client(headers=headers) as http:
                url: str | None = f"{base_url}{path}?per_page={largest}"
                while url:
                    response = http.get(url)
                    response.raise_for_status()
                    count += len(response.json())
                    url = response.links.get("next", {}).get("url")
            return count

        def typed() -> int:
            with Procore(access_token=token, company_id=fake.company_id, base_url=base_url) as c:
                return sum(1 for _ in c.company_users.list())

        def dicts() -> int:
            with Procore(access_token=token, company_id=fake.company_id, base_url=base_url) as c:
                return sum(1 for _ in c.paginate(path))

        assert bare() == records
        before = len(fake.requests)
        assert typed() == records
        sdk_requests = len(fake.requests) - before
        bare_time = _best(bare, repeat)
        typed_time = _best(typed, repeat)
        dict_time = _best(dicts, repeat)
    return {
        "records": records,
        "bare_s": bare_time,
        "typed_s": typed_time,
        "dict_s": dict_time,
        "requests": sdk_requests,
        "expected_requests": math.ceil(records / largest),
        "per_page": largest,
    }


def bench_memory(records: int) -> dict[str, Any]:
    fake = FakeProcore(seed=2, sizes={RESOURCE: records}, hourly_limit=None, spike_limit=None)
    token = fake.issue_token().access_token
    client = Procore(
        access_token=token,
        company_id=fake.company_id,
        base_url=fake.base_url,
        http_client=httpx.Client(transport=fake.transport()),
    )
    fake.requests.clear()
    gc.collect()
    tracemalloc.start()
    client.company_users.list().first_page()
    _, one_page = tracemalloc.get_traced_memory()
    tracemalloc.reset_peak()
    fake.requests.clear()
    started = time.perf_counter()
    count = 0
    for _ in client.company_users.list():
        count += 1
        if count % 200_000 == 0:
            fake.requests.clear()  # the fake's own request log is not the SDK's memory
    elapsed = time.perf_counter() - started
    _, listing = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    client.close()
    assert count == records
    return {"records": records, "one_page_b": one_page, "listing_b": listing, "seconds": elapsed}


async def _async_listing(base_url: str, token: str, company: int, prefetch: int | None) -> int:
    async with AsyncProcore(access_token=token, company_id=company, base_url=base_url) as client:
        count = 0
        async for _ in client.company_users.list(per_page=100, prefetch=prefetch):
            count += 1
        return count


def bench_prefetch(records: int, latency: float, prefetch: int) -> dict[str, Any]:
    fake = FakeProcore(seed=3, sizes={RESOURCE: records}, hourly_limit=None, spike_limit=None)
    token = fake.issue_token().access_token
    fake.add_latency(latency)
    with fake.serve() as base_url:

        def run(pf: int | None) -> float:
            started = time.perf_counter()
            count = asyncio.run(_async_listing(base_url, token, fake.company_id, pf))
            assert count == records
            return time.perf_counter() - started

        sequential = run(None)
        concurrent = statistics.median([run(prefetch) for _ in range(3)])
    return {
        "records": records,
        "pages": math.ceil(records / 100),
        "sequential_s": sequential,
        "prefetch_s": concurrent,
        "prefetch": prefetch,
        "latency": latency,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--memory-records", type=int, default=1_000_000)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--prefetch", type=int, default=16)
    parser.add_argument("--prefetch-records", type=int, default=4_800)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="small sizes (smoke test)")
    parser.add_argument(
        "--only",
        choices=["overhead", "memory", "prefetch"],
        action="append",
        help="run only these parts (repeatable)",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.records, args.memory_records, args.prefetch_records = 10_000, 60_000, 3_200
        args.repeat = 1

    parts = set(args.only or ["overhead", "memory", "prefetch"])
    rows: list[tuple[str, str, str, str]] = []
    if "overhead" in parts:
        rows += _overhead_rows(args)
    if "memory" in parts:
        rows += _memory_rows(args)
    if "prefetch" in parts:
        rows += _prefetch_rows(args)
    _print(rows)
    return 0 if all(r[3] == "ok" for r in rows) else 1


Row = tuple[str, str, str, str]


def _overhead_rows(args: argparse.Namespace) -> list[Row]:
    rows: list[Row] = []
    o = bench_overhead(args.records, args.repeat)
    ratio = o["typed_s"] / o["bare_s"]
    rows.append(
        (
            f"typed listing / bare httpx loop ({o['records']:,} records, loopback)",
            f"{ratio:.2f}x  ({o['typed_s']:.2f}s vs {o['bare_s']:.2f}s)",
            "<= 1.30x",
            "ok" if ratio <= 1.3 else "MISS",
        )
    )
    req_ratio = o["requests"] / o["expected_requests"]
    rows.append(
        (
            f"requests / ceil(N / {o['per_page']})",
            f"{req_ratio:.2f}  ({o['requests']} vs {o['expected_requests']})",
            "= 1.00",
            "ok" if o["requests"] == o["expected_requests"] else "MISS",
        )
    )
    dict_ratio = o["dict_s"] / o["bare_s"]
    rows.append(
        (
            "  of which pagination alone: dict listing (client.paginate) / bare",
            f"{dict_ratio:.2f}x  ({o['dict_s']:.2f}s vs {o['bare_s']:.2f}s)",
            "(informational)",
            "ok",
        )
    )
    return rows


def _memory_rows(args: argparse.Namespace) -> list[Row]:
    rows: list[Row] = []

    m = bench_memory(args.memory_records)
    small = bench_memory(max(args.memory_records // 10, 10 * 2000))
    mem_ratio = m["listing_b"] / m["one_page_b"]
    rows.append(
        (
            f"peak memory: {m['records']:,} records / one page (in-process)",
            f"{mem_ratio:.2f}x  ({m['listing_b'] / 1e6:.1f} MB vs {m['one_page_b'] / 1e6:.1f} MB)",
            "~1x (one page)",
            "ok" if mem_ratio <= 1.5 else "MISS",
        )
    )
    flat = m["listing_b"] / small["listing_b"]
    rows.append(
        (
            f"peak memory: {m['records']:,} records / {small['records']:,} records",
            f"{flat:.2f}x  ({m['listing_b'] / 1e6:.1f} MB vs {small['listing_b'] / 1e6:.1f} MB)",
            "flat (~1x)",
            "ok" if flat <= 1.25 else "MISS",
        )
    )
    return rows


def _prefetch_rows(args: argparse.Namespace) -> list[Row]:
    rows: list[Row] = []

    p = bench_prefetch(args.prefetch_records, args.latency, args.prefetch)
    speedup = p["sequential_s"] / p["prefetch_s"]
    rows.append(
        (
            f"async page-by-page / prefetch={p['prefetch']} ({p['pages']} pages, "
            f"{p['latency'] * 1000:.0f} ms latency)",
            f"{speedup:.1f}x  ({p['sequential_s']:.2f}s vs {p['prefetch_s']:.2f}s)",
            ">= 8x",
            "ok" if speedup >= 8 else "MISS",
        )
    )
    return rows


def _print(rows: list[Row]) -> None:
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    header = ("measure", "ratio", "target", "")
    widths = [max(w, len(h)) for w, h in zip(widths, header, strict=True)]
    line = "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))
    print(line)
    print("-" * len(line))
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))


if __name__ == "__main__":
    sys.exit(main())
