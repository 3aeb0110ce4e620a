"""Run the fake Procore: ``python -m procore_sdk.testing --port 8765``."""

from __future__ import annotations

import argparse
import sys
import threading
from collections.abc import Callable

from ._app import FakeProcore


def add_arguments(parser: argparse.ArgumentParser, *, port: int = 8765) -> None:
    """The fake's options (shared with ``procore fake``)."""
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=port, help="0 picks a free port")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--client-id", default=None)
    parser.add_argument("--client-secret", default=None)
    parser.add_argument(
        "--size",
        action="append",
        default=[],
        metavar="COLLECTION=N",
        help="records to seed, e.g. --size vendors=100000 (repeatable)",
    )
    # Rate limits (Procore docs: Rate Limiting), e.g. for pacing measurements.
    parser.add_argument("--hourly-limit", type=int, default=100_000)
    parser.add_argument("--spike-limit", type=int, default=10_000)
    parser.add_argument("--reset-rounding", choices=["up", "down"], default="up")
    parser.add_argument("--window-start", choices=["clock", "first_request"], default="clock")
    parser.add_argument("--report-window", choices=["closer", "spike"], default="closer")
    parser.add_argument("--server", choices=["auto", "uvicorn", "stdlib"], default="auto")
    # A stand-in for a far-away server, e.g. to measure what async prefetch gives.
    parser.add_argument(
        "--latency", type=float, default=0.0, help="seconds added to every matching response"
    )
    parser.add_argument(
        "--latency-path",
        default=None,
        metavar="GLOB",
        help="with --latency: only paths matching this glob (default: every path)",
    )


def fake_from_arguments(args: argparse.Namespace) -> FakeProcore:
    """The fake the parsed options describe."""
    sizes = {}
    for item in args.size:
        name, _, count = item.partition("=")
        sizes[name] = int(count)
    fake = FakeProcore(
        seed=args.seed,
        sizes=sizes,
        client_id=args.client_id,
        client_secret=args.client_secret,
        base_url=f"http://{args.host}:{args.port}",
        hourly_limit=args.hourly_limit,
        spike_limit=args.spike_limit,
        reset_rounding=args.reset_rounding,
        window_start=args.window_start,
        report_window=args.report_window,
    )
    if args.latency:
        fake.add_latency(args.latency, path=args.latency_path)
    return fake


def serve_from_arguments(
    args: argparse.Namespace, announce: Callable[[FakeProcore, str], None]
) -> int:
    """Build the fake from parsed options, call ``announce(fake, url)``, serve until
    interrupted (Ctrl-C or SIGTERM)."""
    fake = fake_from_arguments(args)
    with fake.serve(args.host, args.port, server=args.server) as url:
        # With --port 0 the real port is known only now; Link headers must carry it.
        fake.base_url = url
        announce(fake, url)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
    return 0


def _announce(fake: FakeProcore, url: str) -> None:
    # The fake's client secret is deterministic (see FakeProcore); `procore fake` prints it.
    print(f"Fake Procore at {url}", flush=True)
    print(f"client_id={fake.client_id} company_id={fake.company_id}", flush=True)


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, serve until interrupted (Ctrl-C or SIGTERM)."""
    parser = argparse.ArgumentParser(prog="python -m procore_sdk.testing", description=__doc__)
    add_arguments(parser)
    return serve_from_arguments(parser.parse_args(argv), _announce)


if __name__ == "__main__":
    sys.exit(main())
