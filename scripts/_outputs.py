"""Writing a generator's outputs, or checking them (``--check``): one rule for every script."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from pathlib import Path


def sync_outputs(
    files: Mapping[Path, str],
    *,
    check: bool,
    script: str,
    unexpected: Iterable[Path] = (),
) -> int:
    """Write ``files`` (or, with ``check``, print how each differs) and remove ``unexpected``
    files the script no longer generates; 1 when ``check`` found something stale, else 0."""
    stale = 0
    for path in unexpected:
        if check:
            stale += 1
            print(f"{path} is no longer generated: run python scripts/{script}")
        else:
            path.unlink()
            print(f"removed {path}")
    for path, text in files.items():
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current == text:
            continue
        if check:
            stale += 1
            diff = difflib.unified_diff(
                current.splitlines(), text.splitlines(), str(path), "generated", lineterm="", n=0
            )
            print("\n".join(list(diff)[:40]))
            print(f"{path} is stale: run python scripts/{script}")
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path}")
    return 1 if stale else 0
