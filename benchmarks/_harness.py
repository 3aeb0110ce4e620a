"""The benchmark harness: every row, its target and the command that repeats it.

Every client measurement runs in a fresh process (``benchmarks._worker``) against a server in
another process (``benchmarks._server``, or the fake Procore over loopback for Sync), so the
server's CPU is not charged to the client. Compared variants run interleaved (A B A B ..., the
order rotated each round) and each figure is a median with its min-max over the rounds, for
wall time and for the client's CPU time (``time.process_time`` in the client process).

A row that misses its target prints ``MISS``; that is a finding, not a failure: the harness
exits 0 when every row ran and non-zero only when something crashed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
FAKE_CREDENTIALS = ("--client-id", "bench-client", "--client-secret", "bench-secret")
SECTIONS = ("listing", "memory", "prefetch", "rate_limit", "sync", "import", "files")


@dataclass
class Row:
    """One printed line: what was measured, the figure, the target and its verdict."""

    section: str
    name: str
    measured: str
    target: str
    verdict: str  # "ok", "MISS" or "info"
    command: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Spread:
    """A median with the min and max of the runs it came from."""

    median: float
    low: float
    high: float
    runs: int

    @classmethod
    def of(cls, values: Sequence[float]) -> Spread:
        return cls(statistics.median(values), min(values), max(values), len(values))

    def fmt(self, unit: str = "s", scale: float = 1.0, digits: int = 2) -> str:
        m, lo, hi = self.median * scale, self.low * scale, self.high * scale
        return f"{m:.{digits}f}{unit} ({lo:.{digits}f}-{hi:.{digits}f}, n={self.runs})"


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


# -- processes ----------------------------------------------------------------------------------


@contextlib.contextmanager
def bench_server(*args: str, module: str = "benchmarks._server") -> Iterator[str]:
    """``benchmarks._server`` (or ``module``) in a subprocess; yields its base URL."""
    proc = subprocess.Popen(
        [PY, "-m", module, "--port", "0", *args],
        cwd=ROOT,
        env=_env(),
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        if not line.startswith("port "):
            raise RuntimeError(f"benchmark server did not start (exit {proc.wait()})")
        yield f"http://127.0.0.1:{int(line.split()[1])}"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@contextlib.contextmanager
def fake_server() -> Iterator[tuple[str, int]]:
    """The fake Procore over loopback (``python -m procore_sdk.testing``); yields (URL, company)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [PY, "-m", "procore_sdk.testing", "--port", str(port), *FAKE_CREDENTIALS],
        cwd=ROOT,
        env=_env(),
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        first, second = proc.stdout.readline(), proc.stdout.readline()
        if not first.startswith("Fake Procore at"):
            raise RuntimeError(f"fake Procore did not start (exit {proc.wait()})")
        company = int(second.split("company_id=")[1])
        yield f"http://127.0.0.1:{port}", company
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def worker(spec: dict[str, Any]) -> dict[str, Any]:
    """One measured run in a fresh interpreter; raises if it crashed."""
    done = subprocess.run(
        [PY, "-m", "benchmarks._worker", json.dumps(spec)],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"worker {spec['kind']} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def stats(base_url: str, reset: bool = False) -> dict[str, int]:
    import httpx

    if reset:
        httpx.post(f"{base_url}/__bench__/reset")
        return {}
    counts: dict[str, int] = httpx.get(f"{base_url}/__bench__/stats").json()
    return counts


def interleave(
    variants: dict[str, Callable[[], dict[str, Any]]], repeat: int
) -> dict[str, list[dict[str, Any]]]:
    """Run the variants A B C, B C A, ... ``repeat`` rounds; results per variant."""
    names = list(variants)
    out: dict[str, list[dict[str, Any]]] = {n: [] for n in names}
    for r in range(repeat):
        k = r % len(names)
        for name in names[k:] + names[:k]:
            out[name].append(variants[name]())
    return out


def spread(results: list[dict[str, Any]], key: str) -> Spread:
    return Spread.of([r[key] for r in results])


def ratio(a: list[dict[str, Any]], b: list[dict[str, Any]], key: str) -> Spread:
    """Per-round ratios a/b (the rounds are interleaved, so each pair ran side by side)."""
    return Spread.of([x[key] / y[key] for x, y in zip(a, b, strict=True)])


def cmd(*args: object) -> str:
    return "python -m benchmarks " + " ".join(str(a) for a in args)


# -- listing -------------------------------------------------------------------------------------


def _largest_pages() -> dict[str, int]:
    from procore_sdk._limits import per_page_max

    from ._server import VERSIONS

    return {v: per_page_max("GET", f"/rest/{v}/projects") or 100 for v in VERSIONS}


def listing_rows(args: argparse.Namespace) -> list[Row]:
    rows: list[Row] = []
    largest = _largest_pages()
    big_version = max(largest, key=lambda v: largest[v])
    biggest = largest[big_version]
    for n in args.listing_records:
        again = cmd("--only listing", "--listing-records", n, "--repeat", args.repeat)
        with bench_server("--records", str(n)) as base:
            # The default version is whatever projects.list() asks for today.
            stats(base, reset=True)
            probe = worker({"kind": "listing", "mode": "typed", "base_url": base, "version": None})
            paths = stats(base)
            default = next(p.split("/")[2] for p in paths if p.startswith("/rest/"))
            versions = [default] + ([big_version] if big_version != default else [])
            assert probe["count"] == n, probe
            for version in versions:
                label = f"projects.list({'' if version == default else repr(version)})"
                label += f" {version} at {largest[version]}/page, N={n:,}"
                worker(
                    {
                        "kind": "listing",
                        "mode": "bare",
                        "base_url": base,
                        "version": version,
                        "per_page": largest[version],
                    }
                )  # warms the server's page cache, so no variant pays for generating pages

                def run(
                    mode: str, v: str = version, d: str = default, n: int = n, base: str = base
                ) -> Callable[[], dict[str, Any]]:
                    spec = {
                        "kind": "listing",
                        "mode": mode,
                        "base_url": base,
                        "version": None if mode.startswith("typed") and v == d else v,
                        "per_page": largest[v],
                    }

                    def go() -> dict[str, Any]:
                        stats(base, reset=True)
                        out = worker(spec)
                        out["requests"] = sum(
                            c for p, c in stats(base).items() if p.startswith("/rest/")
                        )
                        assert out["count"] == n, out
                        return out

                    return go

                res = interleave(
                    {m: run(m) for m in ("bare", "dicts", "typed", "typed_async")}, args.repeat
                )
                bare, typed = res["bare"], res["typed"]
                data = {
                    k: {"wall": asdict(spread(r, "wall")), "cpu": asdict(spread(r, "cpu"))}
                    for k, r in res.items()
                }
                for key, target, limit in (("wall", "<= 1.20x", 1.2), ("cpu", "<= 1.50x", 1.5)):
                    rs = ratio(typed, bare, key)
                    rows.append(
                        Row(
                            "listing",
                            f"typed / bare httpx, {key}: {label}",
                            f"{rs.fmt('x')}; typed {spread(typed, key).fmt()}, "
                            f"bare {spread(bare, key).fmt()}",
                            target,
                            "ok" if rs.median <= limit else "MISS",
                            again,
                            data,
                        )
                    )
                for key in ("wall", "cpu"):
                    rs = ratio(res["dicts"], bare, key)
                    rows.append(
                        Row(
                            "listing",
                            f"dict listing (client.paginate) / bare, {key}: {label}",
                            f"{rs.fmt('x')}; dicts {spread(res['dicts'], key).fmt()}",
                            "(informational)",
                            "info",
                            again,
                        )
                    )
                rs = ratio(res["typed_async"], typed, "wall")
                rows.append(
                    Row(
                        "listing",
                        f"async typed / sync typed, wall, no latency: {label}",
                        f"{rs.fmt('x')}; async {spread(res['typed_async'], 'wall').fmt()}",
                        "<= 1.10x",
                        "ok" if rs.median <= 1.1 else "MISS",
                        again,
                    )
                )
                made = typed[0]["requests"]
                floor = math.ceil(n / biggest)
                rows.append(
                    Row(
                        "listing",
                        f"requests per listing / ceil(N / {biggest}): {label}",
                        f"{made / floor:.2f} ({made} vs {floor})",
                        "= 1.00",
                        "ok" if made == floor else "MISS",
                        again,
                        {"requests": made, "floor": floor},
                    )
                )
                if version == default:
                    per_100k = made * 100_000 / n
                    floor_100k = math.ceil(100_000 / biggest)
                    rows.append(
                        Row(
                            "listing",
                            f"requests per 100,000 records, projects.list() ({default})",
                            f"{per_100k:.0f} (largest page, {big_version}: {floor_100k})",
                            f"{floor_100k}",
                            "ok" if per_100k <= floor_100k else "MISS",
                            again,
                        )
                    )
    return rows


def memory_rows(args: argparse.Namespace) -> list[Row]:
    big = args.memory_records
    small = max(big // 10, 1)
    again = cmd("--only memory", "--memory-records", big)
    out: dict[int, dict[str, Any]] = {}
    with bench_server("--records", str(big)) as base:
        for n in (small, big):
            spec = {"kind": "listing", "mode": "typed", "base_url": base, "version": None}
            out[n] = worker({**spec, "max_items": n if n < big else None})
            assert out[n]["count"] == n, out[n]
    grow = {n: r["rss_peak"] - r["rss_before"] for n, r in out.items()}
    flat = grow[big] / max(grow[small], 1)
    return [
        Row(
            "memory",
            f"peak memory of a typed listing, {big:,} records (client process)",
            f"+{grow[big] / 1e6:.1f} MB over {out[big]['rss_before'] / 1e6:.0f} MB after import "
            f"(peak RSS {out[big]['rss_peak'] / 1e6:.0f} MB); {out[big]['wall']:.1f}s wall",
            "flat",
            "info",
            again,
            {"records": big, **out[big]},
        ),
        Row(
            "memory",
            f"peak memory growth, {big:,} / {small:,} records",
            f"{flat:.2f}x (+{grow[big] / 1e6:.1f} MB vs +{grow[small] / 1e6:.1f} MB)",
            "<= 1.25x (flat)",
            "ok" if flat <= 1.25 else "MISS",
            again,
        ),
    ]


def prefetch_rows(args: argparse.Namespace) -> list[Row]:
    n, per_page, k = args.prefetch_records, 100, args.prefetch
    again = cmd("--only prefetch", "--prefetch-records", n, "--repeat", args.repeat)
    with bench_server("--records", str(n), "--latency", str(args.latency)) as base:

        def run(prefetch: int | None) -> Callable[[], dict[str, Any]]:
            spec = {
                "kind": "prefetch",
                "base_url": base,
                "version": None,
                "per_page": per_page,
                "prefetch": prefetch,
            }
            return lambda: worker(spec)

        res = interleave({"page_by_page": run(None), "prefetch": run(k)}, args.repeat)
    rs = ratio(res["page_by_page"], res["prefetch"], "wall")
    pages = math.ceil(n / per_page)
    return [
        Row(
            "prefetch",
            f"async page by page / prefetch={k}, {pages} pages, {args.latency * 1000:.0f} ms "
            "latency, end to end with the token",
            f"{rs.fmt('x', digits=1)}; page by page {spread(res['page_by_page'], 'wall').fmt()}, "
            f"prefetch {spread(res['prefetch'], 'wall').fmt()}",
            ">= 8x",
            "ok" if rs.median >= 8 else "MISS",
            again,
            {k2: [r["wall"] for r in v] for k2, v in res.items()},
        )
    ]


def rate_limit_rows(args: argparse.Namespace) -> list[Row]:
    """Paced and unpaced clients, each against its own server, all at once (real time)."""
    spike, hourly, seconds = args.spike, args.hourly, args.rate_seconds
    allowed = min(_per_second(spike), _per_second(hourly))
    again = cmd(
        "--only rate_limit", "--rate-seconds", seconds, "--spike", spike, "--hourly", hourly
    )
    variants = [(r, p) for r in ("down", "up") for p in (True, False)]
    results: dict[tuple[str, bool], dict[str, Any]] = {}
    with contextlib.ExitStack() as stack:
        bases = {
            v: stack.enter_context(
                bench_server("--spike", spike, "--hourly", hourly, "--reset-rounding", v[0])
            )
            for v in variants
        }
        from concurrent.futures import ThreadPoolExecutor

        def go(v: tuple[str, bool]) -> dict[str, Any]:
            return worker(
                {"kind": "rate_limit", "base_url": bases[v], "paced": v[1], "seconds": seconds}
            )

        with ThreadPoolExecutor(len(variants)) as pool:
            for v, r in zip(variants, pool.map(go, variants), strict=True):
                results[v] = r
    rows = []
    for (rounding, paced), r in results.items():
        got = r["statuses"].get("200", 0)
        too_many = r["statuses"].get("429", 0)
        share = got / r["elapsed"] / allowed
        ok = too_many == 0 and share >= 0.9
        rows.append(
            Row(
                "rate_limit",
                f"{'paced' if paced else 'UNPACED'} client, reset rounded {rounding}: "
                f"spike {spike} s + hourly {hourly} s (scaled), {seconds:.0f} s real time",
                f"{share:.2f} of the allowed rate ({got} ok in {r['elapsed']:.1f}s), "
                f"{too_many} 429s",
                ">= 0.90, 0 429s" + ("" if paced else " (must MISS: the row can fail)"),
                "ok" if ok else "MISS",
                again,
                r,
            )
        )
    unpaced_fails = all(
        r["statuses"].get("429", 0) > 0 for (_, paced), r in results.items() if not paced
    )
    rows.append(
        Row(
            "rate_limit",
            "the unpaced client fails the rate-limit row",
            "yes" if unpaced_fails else "no",
            "yes",
            "ok" if unpaced_fails else "MISS",
            again,
        )
    )
    return rows


def _per_second(window: str) -> float:
    limit, _, seconds = window.partition("/")
    return int(limit) / float(seconds)


def sync_rows(args: argparse.Namespace) -> list[Row]:
    rows: list[Row] = []
    out: dict[int, dict[str, Any]] = {}
    again = cmd("--only sync", "--sync-items", ",".join(str(n) for n in args.sync_items))
    with fake_server() as (base, company):
        results = [
            worker(
                {
                    "kind": "sync",
                    "base_url": base,
                    "company_id": company,
                    "items": n,
                    "prefix": f"run{i}",
                }
            )
            for i, n in enumerate(args.sync_items)
        ]
    for n, r in zip(args.sync_items, results, strict=True):
        out[n] = r
        if "error" in r:
            rows.append(
                Row("sync", f"Sync of {n:,} vendors", r["error"], "completes", "MISS", again, r)
            )
            continue
        assert r["succeeded"] + r["failed"] == n, r
        grow = r["rss_peak"] - r["rss_before"]
        rows.append(
            Row(
                "sync",
                f"Sync of {n:,} vendors (fake Procore over loopback, batches of 1,000)",
                f"{n / r['wall']:,.0f} items/s wall, {n / r['cpu']:,.0f} items/s client CPU; "
                f"peak memory +{grow / 1e6:.0f} MB",
                "(informational)",
                "info",
                again,
                r,
            )
        )
    done = [n for n in args.sync_items if "error" not in out[n]]
    if len(done) >= 2:
        small, big = min(done), max(done)
        g = {n: out[n]["rss_peak"] - out[n]["rss_before"] for n in (small, big)}
        flat = g[big] / max(g[small], 1)
        rows.append(
            Row(
                "sync",
                f"Sync peak memory growth, {big:,} / {small:,} items",
                f"{flat:.2f}x (+{g[big] / 1e6:.0f} MB vs +{g[small] / 1e6:.0f} MB)",
                "<= 1.25x (flat)",
                "ok" if flat <= 1.25 else "MISS",
                again,
            )
        )
    return rows


IMPORT_TARGET_MS = 150.0  # issue 13: on the 2-core machine, over a bare interpreter
PLUGIN_TARGET_MS = 50.0  # issue 13: the pytest plugin's cost to a run that uses no fixture
IMPORTS = (
    "import procore_sdk",
    "from procore_sdk import Procore",
    "from procore_sdk import Procore, AsyncProcore",  # what users write
)
# A user's test run that uses none of the plugin's fixtures.
TRIVIAL_TEST = "def test_nothing():\n    assert True\n"
PLUGIN = "procore_sdk.testing._pytest_plugin"


def _timed(argv: list[str], cwd: Path = ROOT, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Wall and CPU seconds (user + system, from the kernel) of one fresh process."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, env=env or _env(), stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(argv)} failed")
    return {"wall": time.perf_counter() - started, "cpu": usage.ru_utime + usage.ru_stime}


def over(results: list[dict[str, Any]], base: list[dict[str, Any]], key: str = "wall") -> Spread:
    """Per-round differences results - base (each pair ran side by side), in seconds."""
    return Spread.of([x[key] - y[key] for x, y in zip(results, base, strict=True)])


def _plugin_entry_point() -> bool:
    from importlib import metadata

    return any(ep.value == PLUGIN for ep in metadata.entry_points(group="pytest11"))


def plugin_variants(tmp: Path) -> dict[str, Callable[[], dict[str, Any]]]:
    """A trivial test run with the SDK's pytest plugin and without it."""
    (tmp / "test_trivial.py").write_text(TRIVIAL_TEST, encoding="utf-8")
    pytest = [PY, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp)]
    if _plugin_entry_point():  # installed: pytest loads it unless told not to
        with_plugin, without = pytest, [*pytest, "-p", "no:procore_sdk"]
    else:  # a source checkout: load it the way the entry point would
        with_plugin, without = [*pytest, "-p", PLUGIN], pytest
    return {
        "with plugin": lambda: _timed(with_plugin, cwd=tmp),
        "without": lambda: _timed(without, cwd=tmp),
    }


# Where import time goes, by who asked for each module (``-X importtime``): the first rule a
# module or its importer matches names its share.
IMPORT_SHARES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("models", ("procore_sdk.models",)),
    (
        "resource layer",
        (
            "procore_sdk._endpoints",
            "procore_sdk.resources",
            "procore_sdk._async._resources",
            "procore_sdk._async._resource_kinds",
            "procore_sdk._async._resource_base",
            "procore_sdk._blocking._resources",
            "procore_sdk._blocking._resource_kinds",
            "procore_sdk._blocking._resource_base",
        ),
    ),
    ("rest of the SDK", ("procore_sdk",)),
    ("httpx and its deps", ("httpx", "httpcore", "h11", "anyio", "sniffio", "idna", "certifi")),
    ("attrs, cattrs", ("attr", "attrs", "cattr", "cattrs")),
)


def import_shares(stderr: str) -> dict[str, float]:
    """Seconds of ``-X importtime`` output per share of :data:`IMPORT_SHARES`.

    A module's own time goes to the first share its name matches, else to its importer's
    share (so the standard library httpx loads counts as httpx); what nothing claims is the
    interpreter's (``typing``, ``site``...).
    """
    # Lines come children first, each with its depth; build the tree, then walk it top down.
    pending: list[tuple[int, str, float, list[Any]]] = []
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        own, _, name = line[len("import time:") :].split("|")
        depth = (len(name) - len(name.lstrip())) // 2
        children = []
        while pending and pending[-1][0] > depth:
            children.append(pending.pop())
        pending.append((depth, name.strip(), int(own) / 1e6, children))
    totals: dict[str, float] = {}

    def visit(node: tuple[int, str, float, list[Any]], share: str) -> None:
        _, name, own, children = node
        for label, prefixes in IMPORT_SHARES:
            if any(name == p or name.startswith(p + ".") for p in prefixes):
                share = label
                break
        totals[share] = totals.get(share, 0.0) + own
        for child in children:
            visit(child, share)

    for root in pending:
        visit(root, "interpreter and other")
    return totals


def import_rows(args: argparse.Namespace) -> list[Row]:
    again = cmd("--only import", "--repeat-import", args.repeat_import)
    variants: dict[str, Callable[[], dict[str, Any]]] = {
        "python": lambda: _timed([PY, "-c", "pass"])
    }
    variants["import httpx"] = lambda: _timed([PY, "-c", "import httpx"])
    for code in IMPORTS:
        variants[code] = lambda code=code: _timed([PY, "-c", code])
    res = interleave(variants, args.repeat_import)
    base = spread(res["python"], "wall")
    rows = []
    for label in ("import httpx", *IMPORTS):
        extra = over(res[label], res["python"])
        cpu = over(res[label], res["python"], "cpu")
        sdk = label != "import httpx"
        rows.append(
            Row(
                "import",
                f'python -c "{label}", over a bare interpreter (fresh processes)',
                # CPU time is the steadier figure on a busy machine; the target is on wall time.
                f"{extra.fmt(' ms', 1000, 0)} wall, {cpu.fmt(' ms', 1000, 0)} CPU; "
                f"bare interpreter {base.fmt('s', digits=3)} wall",
                f"<= {IMPORT_TARGET_MS:.0f} ms" if sdk else "(informational)",
                ("ok" if extra.median * 1000 <= IMPORT_TARGET_MS else "MISS") if sdk else "info",
                again,
                {"wall_over_bare": asdict(extra), "cpu_over_bare": asdict(cpu)},
            )
        )
    profiled = subprocess.run(
        [PY, "-X", "importtime", "-c", IMPORTS[-1]],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    shares = import_shares(profiled.stderr)
    rows.append(
        Row(
            "import",
            f"where {IMPORTS[-1]!r} spends its time (-X importtime, one run, with its overhead)",
            ", ".join(
                f"{k} {v * 1000:.0f} ms" for k, v in sorted(shares.items(), key=lambda kv: -kv[1])
            ),
            "(informational)",
            "info",
            again,
            shares,
        )
    )
    with tempfile.TemporaryDirectory(prefix="procore-plugin-bench-") as tmp:
        runs = interleave(plugin_variants(Path(tmp)), args.repeat_import)
    cost = over(runs["with plugin"], runs["without"])
    cost_cpu = over(runs["with plugin"], runs["without"], "cpu")
    rows.append(
        Row(
            "import",
            "pytest plugin: a trivial test run with it / with -p no:procore_sdk (no fixture used)",
            f"{cost.fmt(' ms', 1000, 0)} wall, {cost_cpu.fmt(' ms', 1000, 0)} CPU; with "
            f"{spread(runs['with plugin'], 'wall').fmt('s', digits=3)}, without "
            f"{spread(runs['without'], 'wall').fmt('s', digits=3)}",
            f"<= {PLUGIN_TARGET_MS:.0f} ms",
            "ok" if cost.median * 1000 <= PLUGIN_TARGET_MS else "MISS",
            again,
            {"wall": asdict(cost), "cpu": asdict(cost_cpu)},
        )
    )
    with bench_server("--records", "1000") as url:
        firsts = [
            worker({"kind": "first_call", "base_url": url})
            for _ in range(max(args.repeat_import // 3, 2))
        ]
    rows.append(
        Row(
            "import",
            "first call: import, client, token, first page of projects.list()",
            f"{spread(firsts, 'wall').fmt('s', digits=3)} wall, "
            f"{spread(firsts, 'cpu').fmt('s', digits=3)} CPU (import "
            f"{spread(firsts, 'import').fmt('s', digits=3)})",
            "(informational)",
            "info",
            again,
        )
    )
    return rows


def files_rows(args: argparse.Namespace) -> list[Row]:
    """Upload then download a generated file through ``client.transfers`` over loopback, at a
    small and a large size: throughput each way and peak memory growth (flat: constant memory
    whatever the size)."""
    small, big = (mib * 1024 * 1024 for mib in args.files_mib)
    again = cmd("--only files", "--files-mib", ",".join(str(m) for m in args.files_mib))
    out: dict[int, dict[str, Any]] = {}
    with bench_server(module="benchmarks._files_server") as base:
        for size in (small, big):
            out[size] = worker({"kind": "files", "base_url": base, "size": size})
            assert out[size]["same"], out[size]
    rows = []
    for size, r in out.items():
        mb = size / 1e6
        grow = r["rss_peak"] - r["rss_before"]
        rows.append(
            Row(
                "files",
                f"upload then download of {size / 2**20:,.0f} MiB (direct flow, 8 MiB parts, "
                "4 at once, loopback)",
                f"upload {mb / r['upload_wall']:,.0f} MB/s, download "
                f"{mb / r['download_wall']:,.0f} MB/s; peak memory +{grow / 1e6:.0f} MB",
                "(informational)",
                "info",
                again,
                r,
            )
        )
    g = {n: out[n]["rss_peak"] - out[n]["rss_before"] for n in (small, big)}
    flat = g[big] / max(g[small], 1)
    rows.append(
        Row(
            "files",
            f"peak memory growth, {big / 2**20:,.0f} MiB / {small / 2**20:,.0f} MiB file",
            f"{flat:.2f}x (+{g[big] / 1e6:.0f} MB vs +{g[small] / 1e6:.0f} MB)",
            "<= 1.25x (flat)",
            "ok" if flat <= 1.25 else "MISS",
            again,
        )
    )
    return rows


RUNNERS: dict[str, Callable[[argparse.Namespace], list[Row]]] = {
    "listing": listing_rows,
    "memory": memory_rows,
    "prefetch": prefetch_rows,
    "rate_limit": rate_limit_rows,
    "sync": sync_rows,
    "import": import_rows,
    "files": files_rows,
}


def machine() -> dict[str, Any]:
    model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {
        "nproc": os.cpu_count(),
        "cpu": model or platform.processor(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }


def _ints(text: str) -> list[int]:
    return [int(x.replace("_", "")) for x in text.split(",") if x]


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n")[0])
    p.add_argument("--quick", action="store_true", help="small sizes: a smoke test, < 1 minute")
    p.add_argument("--only", choices=SECTIONS, action="append", help="repeatable")
    p.add_argument("--json", type=Path, metavar="PATH", help="write every row as JSON")
    p.add_argument(
        "--markdown", type=Path, metavar="PATH", help="write the rows as a Markdown table"
    )
    p.add_argument("--repeat", type=int, default=None, help="interleaved rounds (default 5)")
    p.add_argument("--listing-records", type=_ints, default=None, help="e.g. 10000,100000")
    p.add_argument("--memory-records", type=int, default=None)
    p.add_argument("--prefetch-records", type=int, default=None)
    p.add_argument("--prefetch", type=int, default=16)
    p.add_argument("--latency", type=float, default=0.1)
    p.add_argument("--spike", default=None, help="LIMIT/SECONDS (default 25/10)")
    p.add_argument("--hourly", default=None, help="LIMIT/SECONDS (default 120/60, scaled)")
    p.add_argument("--rate-seconds", type=float, default=None)
    p.add_argument("--sync-items", type=_ints, default=None, help="e.g. 100000,1000000")
    p.add_argument("--repeat-import", type=int, default=None)
    p.add_argument("--files-mib", type=_ints, default=None, help="small,large (e.g. 128,1024)")
    return p


FULL = {
    "repeat": 5,
    "listing_records": [10_000, 100_000],
    "memory_records": 1_000_000,
    "prefetch_records": 4_800,
    "spike": "25/10",
    "hourly": "120/60",
    "rate_seconds": 75.0,
    "sync_items": [100_000, 1_000_000],
    "repeat_import": 15,
    "files_mib": [128, 1024],
}
# Quick: one round of everything at small sizes; a smoke test, not a measurement.
QUICK = {
    "repeat": 1,
    "listing_records": [3_000],
    "memory_records": 30_000,
    "prefetch_records": 800,
    "spike": "10/2",
    "hourly": "16/4",
    "rate_seconds": 4.0,
    "sync_items": [2_000, 6_000],
    "repeat_import": 3,
    "files_mib": [32, 96],  # from 4 parts up: every size keeps 4 parts in flight
}


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    for key, value in (QUICK if args.quick else FULL).items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    sections = [s for s in SECTIONS if s in (args.only or SECTIONS)]
    info = machine()
    print(f"# {info['date']}  {info['nproc']} CPUs, {info['cpu']}, Python {info['python']}")
    rows: list[Row] = []
    crashed = []
    for section in sections:
        started = time.perf_counter()
        try:
            got = RUNNERS[section](args)
        except Exception:
            crashed.append(section)
            traceback.print_exc()
            continue
        rows += got
        _print(got, f"{section} ({time.perf_counter() - started:.0f}s)")
    if args.json:
        doc = {
            "machine": info,
            "quick": args.quick,
            "crashed": crashed,
            "rows": [asdict(r) for r in rows],
        }
        args.json.write_text(json.dumps(doc, indent=2, default=str))
    if args.markdown:
        args.markdown.write_text(markdown(rows))
    missed = sum(r.verdict == "MISS" for r in rows)
    print(f"\n{len(rows)} rows, {missed} missed their target; crashed: {crashed or 'none'}")
    return 1 if crashed else 0


def markdown(rows: list[Row]) -> str:
    """The rows as a Markdown table (for the docs' Performance page)."""
    lines = ["| Row | Measured | Target | |", "|---|---|---|---|"]
    for r in rows:
        cells = (r.name, r.measured, r.target, r.verdict)
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"


def _print(rows: list[Row], title: str) -> None:
    print(f"\n== {title}")
    for r in rows:
        print(
            f"{r.verdict:<4}  {r.name}\n      measured: {r.measured}\n      target:   {r.target}"
            f"\n      repeat:   {r.command}"
        )
