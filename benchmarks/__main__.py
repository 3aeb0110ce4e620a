"""``python -m benchmarks``: run the harness (see ``benchmarks/_harness.py``)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._harness import main

sys.exit(main())
