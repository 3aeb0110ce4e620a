"""The ``procore`` command line (``python -m procore_sdk``); standard library and the SDK only."""

from __future__ import annotations

from ._main import EXIT_API, EXIT_AUTH, EXIT_OK, EXIT_RATE_LIMITED, EXIT_USAGE, main, run

__all__ = ["EXIT_API", "EXIT_AUTH", "EXIT_OK", "EXIT_RATE_LIMITED", "EXIT_USAGE", "main", "run"]
