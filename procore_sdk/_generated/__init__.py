"""Generated resource groups (``scripts/generate_resources.py``); do not edit."""
