"""Rate-limit pacing: how close a long job runs to the allowed rate, and how many 429s it meets.

DESIGN.md target: under a rate limit, throughput reaches 90% of the allowed rate with zero 429s
received. Procore's windows are 10 seconds (spike) and an hour (Procore docs: Rate Limiting), so a
faithful run takes real minutes; this benchmark runs the fake Procore and the client on one
*virtual* clock
instead: the client's sleeper advances the clock rather than waiting, and each request costs
``--request-seconds`` of virtual time. The ratios are those of real time, without the wait.

One worker sends requests back to back (the client paces itself from the
``X-Rate-Limit-*`` headers); a second row turns pacing off to show what it saves (429s, each
retried after ``Retry-After``).

    python benchmarks/bench_rate_limit.py
    python benchmarks/bench_rate_limit.py --requests 3000 --spike 25 --hourly 3600
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from procore_sdk import Procore
from procore_sdk.testing import FakeProcore


class VirtualClock:
    """Unix time that only moves when something sleeps or a request is charged."""

    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += max(0.0, seconds)


def run(
    requests: int, spike: int, hourly: int | None, request_seconds: float, pacing: bool
) -> dict[str, float]:
    clock = VirtualClock()
    fake = FakeProcore(
        seed=11, spike_limit=spike, hourly_limit=hourly, clock=clock, record_requests=False
    )
    statuses: Counter[int] = Counter()

    def charge(response: httpx.Response) -> None:
        # Every response costs virtual time, as a real round trip would.
        clock.now += request_seconds
        if response.request.url.path.startswith("/rest/"):
            statuses[response.status_code] += 1

    http = httpx.Client(transport=fake.transport(), event_hooks={"response": [charge]})
    client = Procore(
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        company_id=fake.company_id,
        base_url=fake.base_url,
        http_client=http,
        clock=clock,
        sleep=clock.sleep,
        max_retries=10,
        max_retry_wait=3600,
        rate_limit_pacing=pacing,
    )
    client.get("/rest/v1.0/me")  # token and the first rate-limit headers
    start = clock.now
    statuses.clear()
    for _ in range(requests):
        client.get("/rest/v1.0/companies")
    elapsed = clock.now - start
    allowed_rate = spike / 10.0 if hourly is None else min(spike / 10.0, hourly / 3600.0)
    return {
        "rate": requests / elapsed,
        "allowed": allowed_rate,
        "ratio": (requests / elapsed) / allowed_rate,
        "429s": float(statuses[429]),
        "elapsed": elapsed,
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument(
        "--spike",
        type=int,
        default=25,
        help="requests per 10 s (Procore docs: Rate Limiting, example: 25)",
    )
    parser.add_argument(
        "--hourly", type=int, default=None, help="requests per hour (off by default)"
    )
    parser.add_argument(
        "--request-seconds", type=float, default=0.05, help="virtual cost of one round trip"
    )
    args = parser.parse_args()

    paced = run(args.requests, args.spike, args.hourly, args.request_seconds, pacing=True)
    unpaced = run(args.requests, args.spike, args.hourly, args.request_seconds, pacing=False)
    print(
        f"{args.requests:,} requests, limit {args.spike}/10 s"
        + (f", {args.hourly}/h" if args.hourly else "")
    )
    ok_rate = paced["ratio"] >= 0.90
    ok_429 = paced["429s"] == 0
    rows = [
        ("paced: throughput / allowed rate", f"{paced['ratio']:.2f}x", ">= 0.90x", ok_rate),
        ("paced: 429s received", f"{paced['429s']:.0f}", "0", ok_429),
        ("unpaced: throughput / allowed rate", f"{unpaced['ratio']:.2f}x", "(info)", None),
        ("unpaced: 429s received (then retried)", f"{unpaced['429s']:.0f}", "(info)", None),
    ]
    print(f"{'measure':<42}{'value':>10}  {'target':>10}")
    print("-" * 70)
    for name, value, target, ok in rows:
        verdict = "" if ok is None else ("ok" if ok else "MISS")
        print(f"{name:<42}{value:>10}  {target:>10}  {verdict}")
    return 0 if ok_rate and ok_429 else 1


if __name__ == "__main__":
    sys.exit(main())
