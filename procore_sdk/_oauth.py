"""OAuth 2.0 without I/O: token sets, token-endpoint requests and responses (§2)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import attrs
import httpx

from ._errors import OAuthError

__all__ = ["TokenSet", "build_token_request", "parse_token_response"]


@attrs.frozen(kw_only=True)
class TokenSet:
    """An access token and, for user grants, its refresh token.

    Attributes:
        access_token: the bearer token (never shown in ``repr``).
        refresh_token: single-use and rotating (§2.4); ``None`` for client credentials.
        expires_at: Unix time when the access token stops working, when known.
        created_at: Unix time when Procore issued it (``created_at`` in the response).
        token_type: ``"bearer"``.
        scope: granted scopes, when Procore says.
    """

    access_token: str = attrs.field(repr=False)
    refresh_token: str | None = attrs.field(default=None, repr=False)
    expires_at: float | None = None
    created_at: float | None = None
    token_type: str = "bearer"
    scope: str | None = None

    @property
    def lifetime(self) -> float | None:
        """Seconds between issue and expiry, when both are known."""
        if self.expires_at is None or self.created_at is None:
            return None
        return self.expires_at - self.created_at

    def refresh_margin(self) -> float:
        """How long before expiry to renew: a tenth of the lifetime, between 5 s and 5 min.

        Derived from the token's own lifetime because Procore has changed it (7200 s, 5400 s,
        15 min announced; §2.4), so no fixed number is right for long.
        """
        lifetime = self.lifetime
        if lifetime is None or lifetime <= 0:
            return 60.0
        return max(5.0, min(300.0, lifetime / 10.0))

    def needs_refresh(self, now: float) -> bool:
        """True when the token is expired or within :meth:`refresh_margin` of expiring."""
        if self.expires_at is None:
            return False
        return now >= self.expires_at - self.refresh_margin()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe mapping, for token stores."""
        return {
            "access_token": self.access_token,
            "refresh_token": self.refresh_token,
            "expires_at": self.expires_at,
            "created_at": self.created_at,
            "token_type": self.token_type,
            "scope": self.scope,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TokenSet:
        """Rebuild a token set written by :meth:`to_dict`."""
        return cls(
            access_token=str(data["access_token"]),
            refresh_token=data.get("refresh_token"),
            expires_at=_opt_float(data.get("expires_at")),
            created_at=_opt_float(data.get("created_at")),
            token_type=str(data.get("token_type") or "bearer"),
            scope=data.get("scope"),
        )


def _opt_float(value: Any) -> float | None:
    return None if value is None else float(value)


def build_token_request(login_url: str, form: Mapping[str, str]) -> httpx.Request:
    """``POST {login_url}/oauth/token`` with a form-encoded body, as Procore's docs send it (§2.2)."""
    return httpx.Request(
        "POST",
        login_url.rstrip("/") + "/oauth/token",
        data=dict(form),
        headers={"Accept": "application/json"},
    )


def parse_token_response(response: httpx.Response, *, now: float) -> TokenSet:
    """Read a token response (§2.3) or raise :class:`OAuthError` with Procore's error fields.

    ``expires_at`` is computed from ``created_at`` when Procore sends it, else from ``now``.
    """
    try:
        body: Any = json.loads(response.content.decode("utf-8") or "null")
    except ValueError:
        body = None
    if response.status_code >= 400 or not isinstance(body, Mapping) or "access_token" not in body:
        error = body.get("error") if isinstance(body, Mapping) else None
        description = body.get("error_description") if isinstance(body, Mapping) else None
        if not isinstance(error, str):
            error = None
        if not isinstance(description, str):
            description = None
        message = f"Procore's token endpoint answered {response.status_code}"
        if error:
            message += f": {error}"
        if description:
            message += f" ({description})"
        raise OAuthError(
            message,
            error=error,
            error_description=description,
            status_code=response.status_code,
        )
    created_at = _opt_float(body.get("created_at"))
    expires_in = _opt_float(body.get("expires_in"))
    issued = created_at if created_at is not None else now
    return TokenSet(
        access_token=str(body["access_token"]),
        refresh_token=body.get("refresh_token") or None,
        expires_at=None if expires_in is None else issued + expires_in,
        created_at=issued,
        token_type=str(body.get("token_type") or "bearer"),
        scope=body.get("scope") if isinstance(body.get("scope"), str) else None,
    )
