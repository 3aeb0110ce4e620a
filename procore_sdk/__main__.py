"""``python -m procore_sdk``: the ``procore`` command line."""

from __future__ import annotations

from procore_sdk._cli import main

if __name__ == "__main__":
    main()
