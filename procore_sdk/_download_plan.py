"""Pure rules of downloads: which hosts may see the token, and resuming with ``Range``."""

from __future__ import annotations

import re

import httpx

from ._errors import argument_type_error, invalid_argument

__all__ = ["check_url", "content_range_start", "sends_token"]

# Procore's own hosts (Procore docs: Secure File Access; Federal Zone overview).
_PROCORE_SUFFIXES = (".procore.com", ".procoregov.com")
_CONTENT_RANGE = re.compile(r"^bytes (\d+)-\d+/(?:\d+|\*)$")


def check_url(url: object, argument: str = "url") -> httpx.URL:
    """``url`` as an absolute http(s) URL.

    Raises:
        ArgumentTypeError: not a string.
        InvalidArgumentError: not an absolute http(s) URL.
    """
    if not isinstance(url, str):
        raise argument_type_error(argument, url, "a file URL (a string)")
    parsed = httpx.URL(url)
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise invalid_argument(
            argument, url, "an absolute http(s) URL such as a file version's url"
        )
    return parsed


def sends_token(url: httpx.URL, base_url: str) -> bool:
    """Whether a request to ``url`` may carry the Procore token.

    File URLs on Procore's hosts need the bearer token; they redirect to storage, which must
    never receive it (Procore docs: Secure File Access). The client's own API host (a sandbox or
    a local fake) counts as Procore's.
    """
    base = httpx.URL(base_url)
    if (url.scheme, url.host, url.port) == (base.scheme, base.host, base.port):
        return True
    return url.scheme == "https" and url.host.endswith(_PROCORE_SUFFIXES)


def content_range_start(value: str | None) -> int | None:
    """The first byte of a ``Content-Range: bytes a-b/n`` header, or ``None``."""
    found = _CONTENT_RANGE.match((value or "").strip())
    return int(found.group(1)) if found else None
