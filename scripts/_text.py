"""Text from Procore's reference, as the generators put it in docstrings and pages."""

from __future__ import annotations

# Descriptions the reference leaves as placeholders ("TODO" on Bid Packages'
# allow_bidder_sum): saying nothing beats printing them.
_PLACEHOLDERS = frozenset({"todo", "tbd", "fixme", "n/a", "..."})


def is_placeholder_text(text: str) -> bool:
    """Whether a description is a placeholder rather than a description."""
    return text.strip().rstrip(".").lower() in _PLACEHOLDERS
