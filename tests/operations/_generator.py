"""``scripts/generate_operations.py`` loaded as a module, for tests of its pure parts."""

from __future__ import annotations

from pathlib import Path

from _helpers.scripts import load_script

ROOT = Path(__file__).resolve().parents[2]

generate_operations = load_script("generate_operations")
