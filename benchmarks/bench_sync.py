"""Kept as an entry point: the Sync rows of the harness (``python -m benchmarks``).

    python benchmarks/bench_sync.py [--quick] [--sync-items 100000,1000000]

is ``python -m benchmarks --only sync [...]``.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._harness import main

if __name__ == "__main__":
    sys.exit(main(["--only", "sync", *sys.argv[1:]]))
