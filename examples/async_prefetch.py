"""List a large collection fast: async page prefetch versus page by page.

    python examples/async_prefetch.py [--records 20000] [--latency 0.1] [--prefetch 16]

A listing follows Procore's ``Link`` headers one page at a time: each page waits for the one
before it, so a long listing over a slow network costs (pages times round-trip time). Once the first
page has arrived, its ``Total`` and ``Per-Page`` headers say how many pages there are
(Procore docs: Using Pagination), so ``list(prefetch=N)`` requests the remaining pages N at a time
(each request still within the client's rate-limit budget) and hands out the records in order, one
page in memory per request in flight.

This example runs the built-in fake Procore in a separate process (``procore fake``, as a real
server is not in the client's process either) with ``--records`` projects and ``--latency``
seconds added to every page (a fault the fake injects, to stand in for a real network), lists
them both ways with ``AsyncProcore`` and prints the times and the speedup. It always runs
offline (it needs a fake with a known size and latency) and writes nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import subprocess
import sys
import time
from collections.abc import Iterator

from procore_sdk import AsyncProcore

SETTINGS = 5  # `procore fake` prints five PROCORE_*=value lines, then serves


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


@contextlib.contextmanager
def fake_procore(records: int, latency: float) -> Iterator[dict[str, str]]:
    """The fake Procore in its own process; yields its PROCORE_* settings."""
    command = [
        *(sys.executable, "-m", "procore_sdk", "fake", "--port", "0", "--seed", "9"),
        # Seeded records are generated on demand: 20,000 projects cost almost nothing.
        *("--size", f"projects={records}"),
        # Every project page takes `latency` seconds longer, like a far-away server.
        *("--latency", str(latency), "--latency-path", "/rest/v1.0/projects"),
    ]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert server.stdout is not None
        lines = [server.stdout.readline().strip() for _ in range(SETTINGS)]
        settings = dict(line.split("=", 1) for line in lines if "=" in line)
        if len(settings) != SETTINGS:
            raise RuntimeError(f"the fake Procore did not start (exit {server.poll()})")
        yield settings
    finally:
        server.terminate()
        server.wait(timeout=30)
        if server.stdout is not None:
            server.stdout.close()


async def run(records: int, latency: float, prefetch: int, per_page: int | None = None) -> int:
    with fake_procore(records, latency) as settings:
        async with AsyncProcore(
            client_id=settings["PROCORE_CLIENT_ID"],
            client_secret=settings["PROCORE_CLIENT_SECRET"],
            company_id=int(settings["PROCORE_COMPANY_ID"]),
            base_url=settings["PROCORE_BASE_URL"],
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
    # What is left is CPU time: decoding and typing each page. Prefetch overlaps only the
    # waiting (the server works in its own process, as a real one does).
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
