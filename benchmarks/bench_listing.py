"""Kept as an entry point: the listing rows of the harness (``python -m benchmarks``).

    python benchmarks/bench_listing.py [--quick] [harness options]

is ``python -m benchmarks --only listing --only memory --only prefetch [...]``.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._harness import main

if __name__ == "__main__":
    sys.exit(main(["--only", "listing", "--only", "memory", "--only", "prefetch", *sys.argv[1:]]))
