"""Async source of truth for I/O code; ``procore_sdk/_sync`` is generated from it."""
