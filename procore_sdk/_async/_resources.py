"""Resource groups of ``AsyncProcore`` (``client.projects``, ``client.vendors``, ...)."""

from __future__ import annotations

from typing import Any

__all__ = ["AsyncResources"]


class AsyncResources:
    """Mixin giving the client its resource groups, built lazily and cached per client copy."""

    _resource_cache: dict[str, Any]

    def _reset_resources(self) -> None:
        # Resource objects hold their client; a copy (for_company, with_options) needs its own.
        self._resource_cache = {}
