"""One measured client run, in a fresh process: ``python -m benchmarks._worker '<json spec>'``.

Each run is a new interpreter, so runs do not warm each other's caches and the process's peak
resident memory (``ru_maxrss``) belongs to that run alone. It prints one JSON object: ``wall``
and ``cpu`` seconds (``time.perf_counter`` and ``time.process_time`` around the measured work,
imports excluded unless the row is about them), ``rss_before``/``rss_peak`` in bytes and the
row's counts.
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

COMPANY = 4_200_000_001
CLIENT_ID, CLIENT_SECRET = "bench-client", "bench-secret"  # the bench servers' own credentials


def _rss() -> int:
    """Peak resident memory of this process so far, in bytes."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux


def _rss_now() -> int:
    """Resident memory now, in bytes (the peak so far may be a transient of the imports)."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize()


def _measure(work: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    rss_before = _rss_now()
    wall, cpu = time.perf_counter(), time.process_time()
    out = work()
    out["wall"] = time.perf_counter() - wall
    out["cpu"] = time.process_time() - cpu
    out["rss_before"], out["rss_peak"] = rss_before, _rss()
    return out


def listing(spec: dict[str, Any]) -> dict[str, Any]:
    import httpx

    from procore_sdk import AsyncProcore, Procore

    base, version, mode = spec["base_url"], spec["version"], spec["mode"]
    common: dict[str, Any] = {"access_token": "bench-access", "company_id": COMPANY}

    def typed() -> dict[str, Any]:
        with Procore(base_url=base, **common) as client:
            pager = client.projects.list(version=version, max_items=spec.get("max_items"))
            return {"count": sum(1 for _ in pager)}

    def typed_async() -> dict[str, Any]:
        async def run() -> int:
            async with AsyncProcore(base_url=base, **common) as client:
                count = 0
                async for _ in client.projects.list(version=version):
                    count += 1
                return count

        return {"count": asyncio.run(run())}

    def dicts() -> dict[str, Any]:
        with Procore(base_url=base, **common) as client:
            pager = client.paginate(f"/rest/{version}/projects", params={"company_id": COMPANY})
            return {"count": sum(1 for _ in pager)}

    def bare() -> dict[str, Any]:
        headers = {"Authorization": "Bearer bench-access", "Procore-Company-Id": str(COMPANY)}
        count = 0
        with httpx.Client(headers=headers) as http:
            url: str | None = (
                f"{base}/rest/{version}/projects?company_id={COMPANY}&per_page={spec['per_page']}"
            )
            while url:
                response = http.get(url)
                response.raise_for_status()
                count += len(response.json())
                url = response.links.get("next", {}).get("url")
        return {"count": count}

    modes = {"typed": typed, "typed_async": typed_async, "dicts": dicts, "bare": bare}
    return _measure(modes[mode])


def prefetch(spec: dict[str, Any]) -> dict[str, Any]:
    from procore_sdk import AsyncProcore

    async def run() -> dict[str, Any]:
        # End to end: the client starts without a token, so the token request is in the time.
        async with AsyncProcore(
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            company_id=COMPANY,
            base_url=spec["base_url"],
        ) as client:
            count = 0
            pager = client.projects.list(
                version=spec["version"], per_page=spec["per_page"], prefetch=spec["prefetch"]
            )
            async for _ in pager:
                count += 1
            return {"count": count}

    return _measure(lambda: asyncio.run(run()))


def rate_limit(spec: dict[str, Any]) -> dict[str, Any]:
    import httpx

    from procore_sdk import Procore

    statuses: dict[int, int] = {}

    def count(response: httpx.Response) -> None:
        if response.request.url.path.startswith("/rest/"):
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

    def work() -> dict[str, Any]:
        with Procore(
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            company_id=COMPANY,
            base_url=spec["base_url"],
            http_client=httpx.Client(event_hooks={"response": [count]}),
            rate_limit_pacing=spec["paced"],
            max_retries=50,
            max_retry_wait=3600,
        ) as client:
            client.get("/rest/v1.0/me")  # the token and the first rate-limit headers
            statuses.clear()
            started = time.monotonic()
            done = 0
            while time.monotonic() - started < spec["seconds"]:
                client.get("/rest/v1.0/me")
                done += 1
            elapsed = time.monotonic() - started
        return {"done": done, "elapsed": elapsed, "statuses": statuses}

    return _measure(work)


def sync(spec: dict[str, Any]) -> dict[str, Any]:
    from procore_sdk import Procore

    n = spec["items"]
    prefix = spec["prefix"]  # new origin ids per run: every item creates a vendor
    items = [
        {"name": f"Vendor {i}", "origin_id": f"{prefix}-{i}", "city": "Austin"} for i in range(n)
    ]

    # A cap, so a Sync that keeps every entity fails this run instead of the machine.
    cap = int(spec.get("memory_cap", 6e9))
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    def work() -> dict[str, Any]:
        try:
            return run()
        except MemoryError:
            return {"error": f"MemoryError: more than the {cap / 1e9:.0f} GB address-space cap"}

    def run() -> dict[str, Any]:
        with Procore(
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            company_id=spec["company_id"],
            base_url=spec["base_url"],
            rate_limit_pacing=False,
        ) as client:
            result = client.vendors.sync(items, batch_size=1000)
            return {"succeeded": result.succeeded, "failed": result.failed}

    return _measure(work)


def first_call(spec: dict[str, Any]) -> dict[str, Any]:
    # Everything a script does before its first answer: import, client, token, one request.
    wall, cpu = time.perf_counter(), time.process_time()
    from procore_sdk import Procore

    imported = time.perf_counter() - wall
    with Procore(
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        company_id=COMPANY,
        base_url=spec["base_url"],
    ) as client:
        first = client.projects.list().first_page()
    return {
        "count": len(first),
        "import": imported,
        "wall": time.perf_counter() - wall,
        "cpu": time.process_time() - cpu,
        "rss_before": 0,
        "rss_peak": _rss(),
    }


def files(spec: dict[str, Any]) -> dict[str, Any]:
    """Upload a generated file of ``size`` bytes (written to disk a chunk at a time, never held
    in memory), then download it back; wall time of each and peak memory."""
    import hashlib
    import tempfile

    from benchmarks._files_server import generate
    from procore_sdk import Procore

    size = spec["size"]
    with tempfile.TemporaryDirectory(prefix="procore-bench-") as tmp:
        source, copy = Path(tmp) / "big.bin", Path(tmp) / "back.bin"
        with source.open("wb") as handle:
            for piece in generate(size):
                handle.write(piece)
        with Procore(base_url=spec["base_url"], access_token="bench", company_id=COMPANY) as c:
            rss_before = _rss_now()
            started = time.perf_counter()
            upload_id = c.transfers.upload(source, project_id=1)
            uploaded = time.perf_counter()
            c.transfers.download(f"{spec['base_url']}/files/{upload_id}", copy)
            downloaded = time.perf_counter()
        digest = hashlib.sha256()
        with copy.open("rb") as handle:
            while piece := handle.read(1 << 20):
                digest.update(piece)
        expected = hashlib.sha256()
        for piece in generate(size):
            expected.update(piece)
    return {
        "size": size,
        "upload_wall": uploaded - started,
        "download_wall": downloaded - uploaded,
        "same": digest.digest() == expected.digest(),
        "rss_before": rss_before,
        "rss_peak": _rss(),
    }


KINDS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "files": files,
    "listing": listing,
    "prefetch": prefetch,
    "rate_limit": rate_limit,
    "sync": sync,
    "first_call": first_call,
}


def main() -> int:
    spec = json.loads(sys.argv[1])
    print(json.dumps(KINDS[spec["kind"]](spec)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
