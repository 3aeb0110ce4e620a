"""``scripts/generate_operations.py`` loaded as a module, for tests of its pure parts."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_spec = importlib.util.spec_from_file_location(
    "generate_operations", ROOT / "scripts" / "generate_operations.py"
)
assert _spec is not None
assert _spec.loader is not None
generate_operations = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("generate_operations", generate_operations)
_spec.loader.exec_module(generate_operations)
