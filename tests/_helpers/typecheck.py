"""Run ``mypy --strict`` on small user programs, for tests of what a type checker sees."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def mypy_findings(tmp_path: Path, good: str, bad: str) -> tuple[list[str], set[int], set[int]]:
    """Check ``good`` and ``bad`` (dedented) in one mypy run.

    Returns the errors reported in ``good`` (there must be none), the line numbers reported in
    ``bad``, and the line numbers of ``bad`` marked ``# E`` (each must be reported, and no other).
    """
    good_file = tmp_path / "good.py"
    bad_file = tmp_path / "bad.py"
    good_file.write_text(textwrap.dedent(good), encoding="utf-8")
    bad_file.write_text(textwrap.dedent(bad), encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-error-summary",
            # The repository's own (git-ignored) cache: warm after `mypy --strict procore_sdk`,
            # it turns a ten-second check into one of under a second.
            "--cache-dir",
            str(ROOT / ".mypy_cache"),
            str(good_file),
            str(bad_file),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": ""},
        timeout=120,
        check=False,
    )
    errors = re.findall(r"^(\S+?\.py):(\d+): error: (.*)$", result.stdout, re.MULTILINE)
    in_good = [
        f"{line}: {message}" for path, line, message in errors if Path(path).name == good_file.name
    ]
    reported = {int(line) for path, line, _ in errors if Path(path).name == bad_file.name}
    expected = {
        number
        for number, line in enumerate(textwrap.dedent(bad).splitlines(), start=1)
        if line.endswith("# E")
    }
    if not errors and result.returncode != 0:
        in_good.append(f"mypy failed: {result.stdout}{result.stderr}")
    return in_good, reported, expected
