"""Grant configuration objects: what a client's ``auth=`` argument accepts (no I/O).

Each object only describes credentials; the token managers in ``procore_sdk/_async/_auth.py``
(and their sync twins) do the work. Secrets are excluded from ``repr``.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any, Optional, TypeAlias, Union

import attrs

from ._errors import ConfigurationError, argument_type_error, invalid_argument
from ._token_store import AsyncTokenStore, TokenStore, async_check_token_store

__all__ = ["AccessTokenAuth", "AuthGrant", "ClientCredentialsAuth", "RefreshTokenAuth"]

# Fields whose values are never printed, not even in an error about them.
_SECRETS = frozenset({"client_secret", "refresh_token", "access_token"})


def _non_empty(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    secret = attribute.name in _SECRETS
    if not isinstance(value, str):
        raise argument_type_error(attribute.name, value, "a non-empty string", secret=secret)
    if not value:
        raise ConfigurationError(
            f"{attribute.name} must be a non-empty string; got an empty string",
            argument=attribute.name,
        )


def _store(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    # Either kind: the client the grant is given to checks that it can use the store.
    async_check_token_store(value, attribute.name)


_EXPIRY = "Unix seconds (an int or float), a timezone-aware datetime, or None"


def _expiry(value: Union[float, dt.datetime, None]) -> Optional[float]:
    """``expires_at`` as Unix seconds; an aware datetime is converted."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            # A naive datetime's instant depends on the machine's time zone.
            raise invalid_argument("expires_at", value, _EXPIRY)
        return value.timestamp()
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise argument_type_error("expires_at", value, _EXPIRY)
    if not math.isfinite(value):
        raise invalid_argument("expires_at", value, _EXPIRY)
    return float(value)


@attrs.frozen(kw_only=True)
class ClientCredentialsAuth:
    """Client credentials through a Developer Managed Service Account (DMSA; Procore docs: Using the
    OAuth 2.0 Client Credentials Grant Type; Developer Managed Service Accounts (DMSA)).

    The grant for data-connection apps. The token is requested, cached until shortly before
    ``expires_in`` runs out, then requested again (this grant has no refresh token).

    Passing ``client_id=`` and ``client_secret=`` to the client without ``auth=`` means the
    same thing; use this object to also choose a ``token_store`` shared by several processes
    so they share one token.

    Attributes:
        client_id: the app's client id.
        client_secret: the app's client secret (never shown in ``repr``).
        token_store: where the token is kept (default: in memory, per client).
        key: the store key (default ``"client_credentials:<client_id>"``).
    """

    client_id: str = attrs.field(validator=_non_empty)
    client_secret: str = attrs.field(repr=False, validator=_non_empty)
    token_store: Optional[Union[TokenStore, AsyncTokenStore]] = attrs.field(
        default=None, validator=_store
    )
    key: Optional[str] = None


@attrs.frozen(kw_only=True)
class RefreshTokenAuth:
    """A user's tokens (authorization code grant, after the exchange), renewed by refresh.

    Procore's refresh tokens are single-use and rotate (Procore docs: OAuth 2.0 Authorization Code
    Grant Flow): every refresh returns a new pair, and the manager saves it to ``token_store`` under
    ``key`` before anyone uses it. When the store already holds tokens for ``key``, they win over
    ``refresh_token`` here (the stored pair is the newer one); ``refresh_token``/``access_token``
    only seed an empty store.

    Attributes:
        client_id: the app's client id (default: the client's ``client_id=``).
        client_secret: the app's client secret (default: the client's ``client_secret=``).
        refresh_token: a refresh token to start from, when the store has none for ``key``.
        access_token: an access token to start from (optional).
        expires_at: when ``access_token`` expires, when known: Unix seconds or a
            timezone-aware ``datetime`` (stored as Unix seconds).
        key: which token pair of the store this client uses (e.g. the Procore user id).
        token_store: where the pair lives (default: the client's ``token_store=``, else memory).
        redirect_uri: sent with refreshes, as Procore's docs do (Procore docs: OAuth 2.0
            Authorization Code Grant Flow).
    """

    client_id: Optional[str] = attrs.field(default=None, validator=_non_empty)
    client_secret: Optional[str] = attrs.field(default=None, repr=False, validator=_non_empty)
    refresh_token: Optional[str] = attrs.field(default=None, repr=False, validator=_non_empty)
    access_token: Optional[str] = attrs.field(default=None, repr=False, validator=_non_empty)
    expires_at: Optional[float] = attrs.field(default=None, converter=_expiry)
    key: str = attrs.field(default="default", validator=_non_empty)
    token_store: Optional[Union[TokenStore, AsyncTokenStore]] = attrs.field(
        default=None, validator=_store
    )
    redirect_uri: Optional[str] = None


@attrs.frozen(kw_only=True)
class AccessTokenAuth:
    """A fixed access token (quick scripts, tokens minted elsewhere); a 401 is final.

    Attributes:
        access_token: the bearer token (never shown in ``repr``).
    """

    access_token: str = attrs.field(repr=False, validator=_non_empty)


AuthGrant: TypeAlias = Union[ClientCredentialsAuth, RefreshTokenAuth, AccessTokenAuth]
"""What a client's ``auth=`` argument accepts: one of the grant objects above."""
