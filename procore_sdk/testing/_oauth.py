"""OAuth 2.0 for the fake Procore (Procore docs: Procore API Authentication Endpoints)."""

from __future__ import annotations

import secrets
from collections import Counter
from collections.abc import Callable
from typing import Any

import attrs

__all__ = ["AuthorizationCode", "IssuedToken", "OAuthServer"]

# Authorization codes are single-use and valid 10 minutes (Procore docs: Procore API Authentication
# Endpoints).
CODE_LIFETIME = 600.0


@attrs.define
class IssuedToken:
    """A token pair the fake issued (secrets are not shown in the repr)."""

    access_token: str = attrs.field(repr=False)
    refresh_token: str | None = attrs.field(repr=False)
    grant_type: str
    user_id: int
    created_at: float
    expires_in: int
    revoked: bool = False

    def expired(self, now: float) -> bool:
        """Whether the access token is past its lifetime."""
        return now >= self.created_at + self.expires_in


@attrs.define
class AuthorizationCode:
    """A single-use authorization code (Procore docs: Procore API Authentication Endpoints)."""

    code: str = attrs.field(repr=False)
    redirect_uri: str
    user_id: int
    expires_at: float
    used: bool = False


class OAuthServer:
    """Token issuing, rotation, revocation and checking.

    Args:
        client_id: the seeded app's client id.
        client_secret: its client secret.
        clock: returns UNIX seconds.
        access_token_lifetime: ``expires_in`` of issued tokens (default 5400; Procore docs: OAuth
            2.0 Authorization Code Grant Flow).
        dmsa_user_id: the service account user of client-credentials tokens (Procore docs: Developer
            Managed Service Accounts (DMSA)).
    """

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        clock: Callable[[], float],
        access_token_lifetime: int,
        dmsa_user_id: int,
    ) -> None:
        self.client_id = client_id
        self._client_secret = client_secret
        self._clock = clock
        self.access_token_lifetime = access_token_lifetime
        self.dmsa_user_id = dmsa_user_id
        self._tokens: dict[str, IssuedToken] = {}
        self._by_refresh: dict[str, IssuedToken] = {}
        self._codes: dict[str, AuthorizationCode] = {}
        #: Successful token responses per grant type.
        self.issued: Counter[str] = Counter()
        #: Token endpoint requests per grant type, successful or not.
        self.requests: Counter[str] = Counter()

    def __repr__(self) -> str:
        return f"OAuthServer(client_id={self.client_id!r}, tokens={len(self._tokens)})"

    def authorize(self, redirect_uri: str, user_id: int) -> str:
        """Create a single-use authorization code for ``user_id``."""
        code = secrets.token_hex(16)
        self._codes[code] = AuthorizationCode(
            code, redirect_uri, user_id, self._clock() + CODE_LIFETIME
        )
        return code

    def issue(self, grant_type: str, user_id: int, *, with_refresh: bool) -> IssuedToken:
        """Issue a new token pair (used by the grants and by tests)."""
        token = IssuedToken(
            access_token=secrets.token_hex(32),
            refresh_token=secrets.token_hex(32) if with_refresh else None,
            grant_type=grant_type,
            user_id=user_id,
            created_at=self._clock(),
            expires_in=self.access_token_lifetime,
        )
        self._tokens[token.access_token] = token
        if token.refresh_token:
            self._by_refresh[token.refresh_token] = token
        self.issued[grant_type] += 1
        return token

    def _client_ok(self, params: dict[str, str]) -> bool:
        return secrets.compare_digest(
            params.get("client_id", ""), self.client_id
        ) and secrets.compare_digest(params.get("client_secret", ""), self._client_secret)

    def token(self, params: dict[str, str]) -> tuple[int, dict[str, Any]]:
        """Handle ``POST /oauth/token``; returns (status, JSON body)."""
        grant = params.get("grant_type", "")
        self.requests[grant or "(none)"] += 1
        if grant == "refresh_token":
            # Any refresh attempt, even a failed one, burns the refresh token (Procore docs: OAuth
            # 2.0 Authorization Code Grant Flow).
            found = self._by_refresh.pop(params.get("refresh_token", ""), None)
            if not self._client_ok(params):
                return _oauth_error(401, "invalid_client", "Client authentication failed.")
            if found is None or found.revoked:
                return _oauth_error(400, "invalid_grant", "The refresh token is invalid")
            issued = self.issue(grant, found.user_id, with_refresh=True)
            return 200, self._body(issued)
        if not self._client_ok(params):
            return _oauth_error(401, "invalid_client", "Client authentication failed.")
        if grant == "client_credentials":
            # The client-credentials response has no refresh_token (Procore docs: Using the OAuth
            # 2.0 Client Credentials Grant Type).
            return 200, self._body(self.issue(grant, self.dmsa_user_id, with_refresh=False))
        if grant == "authorization_code":
            code = self._codes.get(params.get("code", ""))
            if (
                code is None
                or code.used
                or code.expires_at <= self._clock()
                or code.redirect_uri != params.get("redirect_uri", code.redirect_uri)
            ):
                return _oauth_error(400, "invalid_grant", "The authorization code is invalid")
            code.used = True
            return 200, self._body(self.issue(grant, code.user_id, with_refresh=True))
        return _oauth_error(400, "unsupported_grant_type", "The grant type is not supported.")

    def _body(self, token: IssuedToken) -> dict[str, Any]:
        # Token response fields (Procore docs: OAuth 2.0 Authorization Code Grant Flow).
        body: dict[str, Any] = {
            "access_token": token.access_token,
            "token_type": "bearer",
            "expires_in": token.expires_in,
            "created_at": int(token.created_at),
        }
        if token.refresh_token:
            body["refresh_token"] = token.refresh_token
        return body

    def revoke(self, value: str) -> None:
        """Revoke an access or refresh token and its pair (Procore docs: Procore API Authentication
        Endpoints); unknown values are ignored."""
        found = self._tokens.get(value) or self._by_refresh.get(value)
        if found is None:
            return
        found.revoked = True
        if found.refresh_token:
            self._by_refresh.pop(found.refresh_token, None)

    def check(self, access_token: str) -> IssuedToken | None:
        """The live token for a bearer value, or ``None`` (expired, revoked or unknown)."""
        found = self._tokens.get(access_token)
        if found is None or found.revoked or found.expired(self._clock()):
            return None
        return found

    def expire_all(self) -> None:
        """Make every issued access token expired (refresh tokens stay valid)."""
        for token in self._tokens.values():
            token.expires_in = -1

    def info(self, token: IssuedToken) -> dict[str, Any]:
        """``GET /oauth/token/info`` body (Procore docs: Procore API Authentication Endpoints)."""
        return {
            "resource_owner_id": token.user_id,
            "scopes": [],
            "expires_in_seconds": max(int(token.created_at + token.expires_in - self._clock()), 0),
            "application": {"uid": self.client_id},
            "created_at": int(token.created_at),
        }


def _oauth_error(status: int, error: str, description: str) -> tuple[int, dict[str, Any]]:
    return status, {"error": error, "error_description": description}
