"""Run every example against the built-in fake Procore and report which ones work.

    python examples/run_all.py [--only NAME ...]

CI runs this (``.ci/run``). Each example runs in its own process, the way a user runs it, with
``--demo`` for the services and its output going to a temporary folder. The ``PROCORE_*``
credentials are removed from the examples' environment, so they always run offline and never
write to a real Procore company. Exits 1 if any example fails, printing its output.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import attrs

EXAMPLES_DIR = Path(__file__).resolve().parent
REPO = EXAMPLES_DIR.parent
TIMEOUT = 120  # seconds per example


@attrs.frozen
class Example:
    """One example: its script, its arguments (``{out}`` is its output folder)."""

    name: str
    script: str
    args: tuple[str, ...] = ()


EXAMPLES = (
    Example("quickstart", "quickstart.py"),
    Example("erp_sync", "erp_sync/erp_sync.py", ("--out", "{out}")),
    Example("export_rfis_submittals", "export_rfis_submittals.py", ("--out", "{out}")),
    Example("webhook_service", "webhook_service/app.py", ("--demo", "--out", "{out}")),
    Example("embedded_app", "embedded_app/app.py", ("--demo", "--out", "{out}")),
    Example("async_prefetch", "async_prefetch.py"),
    Example("document_sync", "document_sync/document_sync.py", ("--out", "{out}")),
)


@attrs.frozen
class Outcome:
    example: Example
    returncode: int | None  # None: timed out
    seconds: float
    output: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def offline_environment() -> dict[str, str]:
    """The examples' environment: no Procore credentials, this checkout first on the path."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROCORE_")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env["PYTHONIOENCODING"] = "utf-8"  # the examples print ✓ and ✗
    return env


def run(example: Example, out: Path) -> Outcome:
    out.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable,
        str(EXAMPLES_DIR / example.script),
        *(arg.format(out=out) for arg in example.args),
    ]
    started = time.perf_counter()
    try:
        done = subprocess.run(
            command,
            env=offline_environment(),
            cwd=out,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        text = (exc.stdout or b"").decode() if isinstance(exc.stdout, bytes) else exc.stdout or ""
        return Outcome(example, None, time.perf_counter() - started, text)
    return Outcome(
        example, done.returncode, time.perf_counter() - started, done.stdout + done.stderr
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="*", help="run only these examples (by name)")
    args = parser.parse_args(argv)
    chosen = [e for e in EXAMPLES if not args.only or e.name in args.only]

    started = time.perf_counter()
    # Independent processes on their own ports: run a few at once to keep CI quick.
    with (
        tempfile.TemporaryDirectory(prefix="procore-examples-") as tmp,
        ThreadPoolExecutor(max_workers=3) as pool,
    ):
        outcomes = list(pool.map(lambda e: run(e, Path(tmp) / e.name), chosen))

    print(f"{'example':<26} {'result':<10} {'time':>7}")
    for outcome in outcomes:
        result = "ok" if outcome.ok else ("TIMEOUT" if outcome.returncode is None else "FAILED")
        print(f"{outcome.example.name:<26} {result:<10} {outcome.seconds:6.1f}s")
    failed = [o for o in outcomes if not o.ok]
    for outcome in failed:
        print(f"\n--- {outcome.example.name} ({outcome.example.script}) output ---")
        print(outcome.output.rstrip()[-6000:])
    passed = len(outcomes) - len(failed)
    print(f"\n{passed} of {len(outcomes)} examples passed in {time.perf_counter() - started:.1f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
