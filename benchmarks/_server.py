"""A minimal Procore for benchmarks, run in its own process so its CPU is not the client's.

It serves ``GET /rest/v1.0/projects`` and ``/rest/v1.1/projects`` with the fake Procore's own
project JSON (taken once from :class:`procore_sdk.testing.FakeProcore`, then repeated with fresh
ids), Procore's ``Link``/``Total``/``Per-Page`` headers (Procore docs: Using Pagination) and
``X-Rate-Limit-*`` headers (Procore docs: Rate Limiting); ``POST /oauth/token``;
``GET /rest/v1.0/me``; and two benchmark-only paths: ``GET /__bench__/stats`` (requests per
path since the last ``POST /__bench__/reset``).

Options: ``--records N`` (records per listing), ``--latency S`` (added to every response),
``--spike LIMIT/WINDOW`` and ``--hourly LIMIT/WINDOW`` (fixed windows that start at the first
request after the previous one ended, so their reset is not a whole second) and
``--reset-rounding down|up`` (how ``X-Rate-Limit-Reset`` is rounded to whole seconds).

    python -m benchmarks._server --port 0 --records 100000    # prints "port N" when ready
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# Page sizes the server enforces: the largest page each version accepts, as the SDK's operation
# table records it (Procore docs: Using Pagination; List Projects v1.0 and v1.1).
VERSIONS = ("v1.0", "v1.1")
TEMPLATES = 200  # distinct records, cycled with fresh ids
ID_BASE = 2_900_000_000
_ID_MARK = "@@bench-id@@"


def _templates() -> dict[str, list[tuple[str, str]]]:
    """Per version: each record's JSON split around its id (fake Procore's own JSON)."""
    import httpx

    from procore_sdk.testing import FakeProcore

    fake = FakeProcore(seed=7, sizes={"projects": TEMPLATES}, hourly_limit=None, spike_limit=None)
    token = fake.issue_token().access_token
    out: dict[str, list[tuple[str, str]]] = {}
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as http:
        for version in VERSIONS:
            response = http.get(
                f"/rest/{version}/projects",
                params={"company_id": fake.company_id, "per_page": TEMPLATES},
                headers={
                    "Authorization": f"Bearer {token}",
                    "Procore-Company-Id": str(fake.company_id),
                },
            )
            response.raise_for_status()
            parts = []
            for record in response.json():
                record["id"] = _ID_MARK
                head, tail = json.dumps(record, separators=(",", ":")).split(f'"{_ID_MARK}"')
                parts.append((head, tail))
            out[version] = parts
    return out


class Window:
    """A fixed window of ``limit`` requests per ``seconds``, starting at its first request."""

    def __init__(self, limit: int, seconds: float) -> None:
        self.limit, self.seconds = limit, seconds
        self.start, self.used = -math.inf, 0

    def roll(self, now: float) -> None:
        if now >= self.start + self.seconds:
            self.start, self.used = now, 0

    @property
    def reset(self) -> float:
        return self.start + self.seconds


class State:
    """What the server knows: its records, rate windows and request counts."""

    def __init__(self, args: argparse.Namespace, clock: Callable[[], float] = time.time) -> None:
        self.clock = clock
        self.records: int = args.records
        self.latency: float = args.latency
        self.rounding: str = args.reset_rounding
        self.windows = [Window(*_window(w)) for w in (args.hourly, args.spike) if w]
        self.templates = _templates()
        self.largest = {v: _largest(v) for v in VERSIONS}
        self.stats: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.cache: dict[tuple[str, int, int], bytes] = {}
        self.cached_bytes = 0

    def rate_limit(self) -> tuple[bool, dict[str, str]]:
        if not self.windows:
            return True, {}
        now = self.clock()
        with self.lock:
            for w in self.windows:
                w.roll(now)
            allowed = all(w.used < w.limit for w in self.windows)
            if allowed:
                for w in self.windows:
                    w.used += 1
            # Headers report the window closest to exhaustion (Procore docs: Rate Limiting).
            w = min(self.windows, key=lambda w: ((w.limit - w.used) / w.limit, -w.reset))
            rounded = math.floor(w.reset) if self.rounding == "down" else math.ceil(w.reset)
            headers = {
                "X-Rate-Limit-Limit": str(w.limit),
                "X-Rate-Limit-Remaining": str(max(w.limit - w.used, 0)),
                "X-Rate-Limit-Reset": str(rounded),
            }
            if not allowed:
                headers["Retry-After"] = str(max(math.ceil(w.reset - now), 1))
        return allowed, headers

    def page(self, version: str, page: int, per_page: int) -> bytes:
        key = (version, page, per_page)
        body = self.cache.get(key)
        if body is not None:
            return body
        parts = self.templates[version]
        first = (page - 1) * per_page
        ids = range(first, min(first + per_page, self.records))
        body = (
            "["
            + ",".join(
                f"{parts[i % TEMPLATES][0]}{ID_BASE + i}{parts[i % TEMPLATES][1]}" for i in ids
            )
            + "]"
        ).encode()
        # Cache pages up to ~400 MB so repeated runs cost the server only the socket write; the
        # million-record listing is generated on the fly.
        if self.cached_bytes + len(body) < 400_000_000:
            self.cache[key] = body
            self.cached_bytes += len(body)
        return body


def _window(text: str) -> tuple[int, float]:
    limit, _, seconds = text.partition("/")
    return int(limit), float(seconds)


def _largest(version: str) -> int:
    from procore_sdk._limits import per_page_max

    return per_page_max("GET", f"/rest/{version}/projects") or 100


def make_handler(state: State) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            self.rfile.read(length)
            path = urlsplit(self.path).path
            if path == "/__bench__/reset":
                with state.lock:
                    state.stats.clear()
                self._send(200, b"{}")
                return
            if state.latency:
                time.sleep(state.latency)
            if path == "/oauth/token":
                state.stats["/oauth/token"] += 1
                body = {
                    "access_token": "bench-access",
                    "token_type": "Bearer",
                    "expires_in": 5400,
                    "refresh_token": "bench-refresh",
                    "created_at": int(state.clock()),
                }
                self._send(200, json.dumps(body).encode())
                return
            self._send(404, b'{"errors":"not found"}')

        def do_GET(self) -> None:
            split = urlsplit(self.path)
            path = split.path
            if path == "/__bench__/stats":
                with state.lock:
                    self._send(200, json.dumps(dict(state.stats)).encode())
                return
            if state.latency:
                time.sleep(state.latency)
            with state.lock:
                state.stats[path] += 1
            allowed, headers = state.rate_limit()
            if not allowed:
                self._send(429, b"You have surpassed the max number of requests.", headers)
                return
            if path == "/rest/v1.0/me":
                self._send(200, b'{"id":1,"login":"bench@example.com","name":"Bench"}', headers)
                return
            version = path.split("/")[2] if path.startswith("/rest/") else ""
            if path != f"/rest/{version}/projects" or version not in state.templates:
                self._send(404, b'{"errors":"not found"}', headers)
                return
            query = parse_qsl(split.query)
            params = dict(query)
            page = max(int(params.get("page", 1)), 1)
            per_page = min(max(int(params.get("per_page", 100)), 1), state.largest[version])
            total = state.records
            last = max(math.ceil(total / per_page), 1)
            kept = [(k, v) for k, v in query if k not in ("page", "per_page")]
            host = f"http://{self.headers.get('Host')}"

            def url(n: int) -> str:
                q = urlencode([*kept, ("page", str(n)), ("per_page", str(per_page))])
                return f"{host}{path}?{q}"

            rels = [("first", 1)] if page >= 2 else []
            if page >= 3:
                rels.append(("prev", page - 1))
            if last > 1:
                rels.append(("last", last))
            if page < last:
                rels.append(("next", page + 1))
            headers["Total"] = str(total)
            headers["Per-Page"] = str(per_page)
            if rels:
                headers["Link"] = ", ".join(f'<{url(n)}>; rel="{r}"' for r, n in rels)
            self._send(200, state.page(version, page, per_page), headers)

    return Handler


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--latency", type=float, default=0.0)
    parser.add_argument("--spike", default=None, metavar="LIMIT/SECONDS")
    parser.add_argument("--hourly", default=None, metavar="LIMIT/SECONDS")
    parser.add_argument("--reset-rounding", choices=["down", "up"], default="up")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    state = State(args)
    server = ThreadingHTTPServer((args.host, args.port), make_handler(state))
    server.daemon_threads = True
    print(f"port {server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
