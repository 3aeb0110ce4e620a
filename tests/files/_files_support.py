"""Shared by the upload and download tests: part sizes and test data."""

from __future__ import annotations

MiB = 1024 * 1024
# The smallest part each flow allows (Procore docs: Working with Direct File Uploads; Working
# with the Unified Upload API (v2.1)).
DIRECT_PART = 5 * MiB
UNIFIED_PART = 5 * MiB + 1


def pattern(size: int, seed: int = 0) -> bytes:
    """``size`` bytes that differ from part to part, so a swapped part cannot pass."""
    block = bytes((i * 31 + seed) % 251 for i in range(4093))
    whole, rest = divmod(size, len(block))
    return block * whole + block[:rest]
