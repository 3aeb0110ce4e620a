"""Start worker processes (``_worker.py``) and collect their results, bounded in time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

WORKER = Path(__file__).with_name("_worker.py")
ROOT = Path(__file__).resolve().parents[2]


class Worker:
    def __init__(self, mode: str, config: dict[str, Any]) -> None:
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
        }
        self.process = subprocess.Popen(
            [sys.executable, str(WORKER), mode, json.dumps(config)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )

    def expect(self, line: str) -> None:
        assert self.process.stdout is not None
        got = self.process.stdout.readline().strip()
        if got != line:
            self.process.kill()
            _, err = self.process.communicate(timeout=10)
            raise AssertionError(f"worker said {got!r}, expected {line!r}; stderr:\n{err}")

    def readline(self) -> str:
        assert self.process.stdout is not None
        return self.process.stdout.readline().strip()

    def send(self, line: str = "") -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def stop(self) -> None:
        """Close stdin: the worker's signal to stop and report."""
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.stdin = None

    def result(self, timeout: float = 60) -> dict[str, Any]:
        out, err = self.process.communicate(timeout=timeout)
        assert self.process.returncode == 0, err
        return dict(json.loads(out.strip().splitlines()[-1]))

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.communicate(timeout=10)
