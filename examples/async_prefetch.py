"""List a large collection fast: async page prefetch versus page by page.

    python examples/async_prefetch.py [--records 20000] [--latency 0.1] [--prefetch 16]

A listing follows Procore's ``Link`` headers one page at a time: each page waits for the one
before it, so a long listing over a slow network costs (pages times round-trip time). Once the first
page has arrived, its ``Total`` and ``Per-Page`` headers say how many pages there are
(Procore docs: Using Pagination), so ``list(prefetch=N)`` requests the remaining pages N at a time
(each request still within the client's rate-limit budget) and hands out the records in order, one
page in memory per request in flight.

This example serves the built-in fake Procore with ``--records`` projects and ``--latency``
seconds added to every page (a fault the fake injects, to stand in for a real network), lists
them both ways with ``AsyncProcore`` and prints the times and the speedup. It always runs
offline (it needs a fake with a known size and latency) and writes nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time

from procore_sdk import AsyncProcore
from procore_sdk.testing import FakeProcore


async def list_project_ids(
    client: AsyncProcore, prefetch: int | None, per_page: int | None = None
) -> tuple[list[int], float, int]:
    """List every project; returns (ids in listing order, seconds, pages requested)."""
    started = time.perf_counter()
    ids: list[int] = []
    pages = 0
    # pages() yields each page with its records; iterating the pager itself yields records.
    async for page in client.projects.list(per_page=per_page, prefetch=prefetch).pages():
        pages += 1
        ids.extend(project.id for project in page.items if project.id is not None)
    return ids, time.perf_counter() - started, pages


async def run(records: int, latency: float, prefetch: int, per_page: int | None = None) -> int:
    # Seeded records are generated on demand, so 20,000 projects cost almost nothing to create.
    fake = FakeProcore(seed=9, sizes={"projects": records})
    # Every project page now takes `latency` seconds longer, like a far-away server.
    fake.add_latency(latency, path="/rest/v1.0/projects")
    with fake.serve() as url:
        async with AsyncProcore(
            client_id=fake.client_id,
            client_secret=fake.client_secret,
            company_id=fake.company_id,
            base_url=url,
        ) as client:
            print(f"{records:,} projects on a fake Procore, {latency * 1000:.0f} ms per page")
            one_by_one, slow, pages = await list_project_ids(client, None, per_page)
            print(f"  page by page:  {len(one_by_one):,} projects, {pages} pages in {slow:6.2f} s")
            prefetched, fast, pages = await list_project_ids(client, prefetch, per_page)
            label = f"prefetch={prefetch}:"
            print(f"  {label:<14} {len(prefetched):,} projects, {pages} pages in {fast:6.2f} s")
    if len(one_by_one) != records or prefetched != one_by_one:
        print(f"  ✗ expected the same {records:,} projects, in the same order, both times")
        return 1
    print(f"  ✓ speedup: {slow / fast:.1f}x, the same {records:,} projects in the same order")
    # What is left is CPU time: decoding and typing each page, and here also the fake
    # server's work, as it runs in this process. Prefetch overlaps only the waiting.
    print("    (prefetch overlaps the network waits; the CPU time per page remains)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--latency", type=float, default=0.1, help="seconds added per page")
    parser.add_argument("--prefetch", type=int, default=16, help="pages in flight at once")
    parser.add_argument(
        "--per-page", type=int, help="records per page (default: the largest, 2,000)"
    )
    parser.add_argument("--out", help="ignored: this example writes nothing")
    args = parser.parse_args(argv)
    return asyncio.run(run(args.records, args.latency, args.prefetch, args.per_page))


if __name__ == "__main__":
    sys.exit(main())
