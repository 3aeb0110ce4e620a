"""OAuth 2.0 without I/O: token sets, token-endpoint requests and responses (Procore docs: Procore
API Authentication Endpoints)."""

from __future__ import annotations

import hmac
import json
import secrets
from collections.abc import Mapping, Sequence
from typing import Any, NoReturn
from urllib.parse import parse_qsl, quote, quote_plus, urlencode, urlsplit

import attrs
import httpx

from ._errors import ArgumentTypeError, InvalidArgumentError, OAuthError, argument_type_error
from ._logging import redact

__all__ = [
    "OOB_REDIRECT_URI",
    "TokenInfo",
    "TokenSet",
    "authorization_code_form",
    "build_authorization_url",
    "build_revoke_request",
    "build_token_info_request",
    "build_token_request",
    "callback_params",
    "client_credentials_form",
    "code_from_callback",
    "generate_state",
    "parse_revoke_response",
    "parse_token_info",
    "parse_token_response",
    "refresh_token_form",
    "states_match",
]

OOB_REDIRECT_URI = "urn:ietf:wg:oauth:2.0:oob"
"""The "installed app" redirect; Procore shows the code on a page of its own (Procore docs: OAuth
2.0 Authorization Code Grant Flow)."""


@attrs.frozen(kw_only=True)
class TokenSet:
    """An access token and, for user grants, its refresh token.

    Attributes:
        access_token: the bearer token (never shown in ``repr``).
        refresh_token: single-use and rotating (Procore docs: OAuth 2.0 Authorization Code Grant
            Flow); ``None`` for client credentials.
        expires_at: Unix time when the access token stops working, when known.
        created_at: Unix time when Procore issued it (``created_at`` in the response).
        token_type: ``"bearer"``.
        scope: granted scopes, when Procore says.
        obtained_at: local Unix time when this process received the token. Expiry is counted
            from it, so a skewed local clock never makes a fresh token look expired.
    """

    access_token: str = attrs.field(repr=False)
    refresh_token: str | None = attrs.field(default=None, repr=False)
    expires_at: float | None = None
    created_at: float | None = None
    token_type: str = "bearer"
    scope: str | None = None
    obtained_at: float | None = None

    @property
    def lifetime(self) -> float | None:
        """Seconds between issue and expiry, when both are known."""
        start = self.obtained_at if self.obtained_at is not None else self.created_at
        if self.expires_at is None or start is None:
            return None
        return self.expires_at - start

    def refresh_margin(self) -> float:
        """How long before expiry to renew: a tenth of the lifetime, between 5 s and 5 min.

        Derived from the token's own lifetime because Procore has changed it (7200 s, 5400 s,
        15 min announced; Procore docs: OAuth 2.0 Authorization Code Grant Flow), so no fixed number
        is right for long.
        """
        lifetime = self.lifetime
        if lifetime is None or lifetime <= 0:
            return 60.0
        return max(5.0, min(300.0, lifetime / 10.0))

    def needs_refresh(self, now: float) -> bool:
        """True when the token is expired or within ``refresh_margin`` of expiring."""
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
            "obtained_at": self.obtained_at,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TokenSet:
        """Rebuild a token set written by ``to_dict``.

        Raises:
            InvalidArgumentError: ``data`` has no ``access_token`` (or an empty one).
            ArgumentTypeError: ``data`` is not a mapping, or a token in it is not a string.
        """
        accepted = "a mapping as written by TokenSet.to_dict(), with an 'access_token' string"
        if not isinstance(data, Mapping):
            raise argument_type_error("data", data, accepted, secret=True)
        # Only key names are shown: the values are tokens.
        keys = sorted(str(k) for k in data)
        access = data.get("access_token")
        if access is None or access == "":
            raise InvalidArgumentError(
                f"data must be {accepted}; got a mapping without a non-empty 'access_token' "
                f"(keys: {keys})",
                argument="data",
            )
        refresh = data.get("refresh_token")
        for name, value in (("access_token", access), ("refresh_token", refresh)):
            if value is not None and not isinstance(value, str):
                raise ArgumentTypeError(
                    f"data must be {accepted}; got a value of type {type(value).__name__} "
                    f"as {name!r}",
                    argument="data",
                )
        return cls(
            access_token=access,
            refresh_token=refresh or None,
            expires_at=_opt_float(data.get("expires_at")),
            created_at=_opt_float(data.get("created_at")),
            token_type=str(data.get("token_type") or "bearer"),
            scope=data.get("scope"),
            obtained_at=_opt_float(data.get("obtained_at")),
        )


def _opt_float(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def build_token_request(login_url: str, form: Mapping[str, str]) -> httpx.Request:
    """``POST {login_url}/oauth/token``, form-encoded as Procore's docs send it (Procore docs:
    Procore API Authentication Endpoints)."""
    return httpx.Request(
        "POST",
        login_url.rstrip("/") + "/oauth/token",
        data=dict(form),
        headers={"Accept": "application/json"},
    )


def parse_token_response(response: httpx.Response, *, now: float) -> TokenSet:
    """Read a token response (Procore docs: OAuth 2.0 Authorization Code Grant Flow) or raise
    ``OAuthError`` with Procore's error fields.

    ``expires_at`` is ``now + expires_in``; extra fields in the body are ignored.
    """
    body = _json_or_none(response)
    if response.status_code >= 400 or not isinstance(body, Mapping) or "access_token" not in body:
        _raise_oauth_error(response, "token endpoint")
    assert isinstance(body, Mapping)
    created_at = _opt_float(body.get("created_at"))
    expires_in = _opt_float(body.get("expires_in"))
    # Always use `expires_in`, never a hard-coded lifetime (Procore docs: OAuth 2.0 Authorization
    # Code Grant Flow). Counted from our own clock (not Procore's `created_at`) so clock skew cannot
    # make a token look expired on arrival.
    refresh_token = body.get("refresh_token")
    scope = body.get("scope")
    return TokenSet(
        access_token=str(body["access_token"]),
        refresh_token=refresh_token if isinstance(refresh_token, str) and refresh_token else None,
        expires_at=None if expires_in is None else now + expires_in,
        created_at=created_at if created_at is not None else now,
        token_type=str(body.get("token_type") or "bearer"),
        scope=scope if isinstance(scope, str) else None,
        obtained_at=now,
    )


# --- Token endpoint forms, form-encoded as the docs send them (Procore docs: Procore API
# Authentication Endpoints; OAuth 2.0 Authorization Code Grant Flow). ---


def client_credentials_form(client_id: str, client_secret: str) -> dict[str, str]:
    """The ``/oauth/token`` form of the client-credentials grant (DMSA; Procore docs: Using the
    OAuth 2.0 Client Credentials Grant Type)."""
    return {
        "grant_type": "client_credentials",
        "client_id": client_id,
        "client_secret": client_secret,
    }


def authorization_code_form(
    client_id: str, client_secret: str, code: str, redirect_uri: str
) -> dict[str, str]:
    """The ``/oauth/token`` form that exchanges an authorization code (Procore docs: Procore API
    Authentication Endpoints)."""
    if not isinstance(code, str):
        raise argument_type_error("code", code, "the authorization code (a string)", secret=True)
    if not code.strip():
        raise InvalidArgumentError(
            "code must be the authorization code from Procore's redirect (a non-empty "
            "string); got an empty string",
            argument="code",
        )
    return {
        "grant_type": "authorization_code",
        "client_id": client_id,
        "client_secret": client_secret,
        "code": code,
        "redirect_uri": redirect_uri,
    }


def refresh_token_form(
    client_id: str, client_secret: str, refresh_token: str, redirect_uri: str | None = None
) -> dict[str, str]:
    """The ``/oauth/token`` refresh form; the docs also send ``redirect_uri`` (Procore docs: OAuth
    2.0 Authorization Code Grant Flow)."""
    form = {
        "grant_type": "refresh_token",
        "client_id": client_id,
        "client_secret": client_secret,
        "refresh_token": refresh_token,
    }
    if redirect_uri:
        form["redirect_uri"] = redirect_uri
    return form


# --- Authorization code: the browser leg (Procore docs: Procore API Authentication Endpoints) ---


def generate_state() -> str:
    """An unguessable ``state`` (256 bits) tying a callback to the browser that started it."""
    return secrets.token_urlsafe(32)


def states_match(expected: str | None, received: str | None) -> bool:
    """Compare ``state`` values in constant time; a missing value never matches."""
    if not expected or not received:
        return False
    return hmac.compare_digest(expected.encode("utf-8"), received.encode("utf-8"))


def build_authorization_url(
    login_url: str,
    *,
    client_id: str,
    redirect_uri: str,
    state: str | None,
    extra: Mapping[str, str] | None = None,
) -> str:
    """``GET {login_url}/oauth/authorize?response_type=code&...`` (Procore docs: Procore API
    Authentication Endpoints)."""
    params = {"response_type": "code", "client_id": client_id, "redirect_uri": redirect_uri}
    if state is not None:
        params["state"] = state
    if extra:
        params.update(extra)
    return f"{login_url.rstrip('/')}/oauth/authorize?{urlencode(params)}"


def callback_params(callback: str | Mapping[str, Any]) -> dict[str, str]:
    """Normalise what a redirect brought back into one ``str -> str`` mapping.

    Accepts a query string, a whole callback URL (query and fragment: Procore's Iframe Helper page
    says the code comes back in the hash fragment, the OAuth 2.0 Authorization Code Grant Flow guide
    in the query string, so both are read), or a mapping whose values are strings or lists of
    strings (``parse_qs``, most web frameworks' multi-dicts).
    """
    if isinstance(callback, str):
        text = callback.strip()
        if "://" in text:
            parts = urlsplit(text)
            pairs = parse_qsl(parts.query) + parse_qsl(parts.fragment)
        else:
            pairs = parse_qsl(text.lstrip("?#"))
        result: dict[str, str] = {}
        for name, value in pairs:
            result.setdefault(name, value)
        return result
    result = {}
    for name, value in callback.items():
        if isinstance(value, (list, tuple)):
            if not value:
                continue
            value = value[0]
        if value is not None:
            result[str(name)] = str(value)
    return result


def code_from_callback(params: Mapping[str, str], *, expected_state: str | None) -> str:
    """Check a callback and return its authorization code, or raise ``OAuthError``.

    Order matters: an ``error`` from Procore (the user denied access, ...) is reported as such,
    then the ``state`` is checked in constant time, then the ``code`` must be present. A
    callback that carries a ``state`` is refused when ``expected_state`` is ``None``: the app
    cannot tell its own login from one an attacker started (login CSRF).
    """
    error = params.get("error")
    if error:
        description = params.get("error_description")
        message = f"Procore's authorization page answered {error}"
        if description:
            message += f" ({description})"
        raise OAuthError(message, error=error, error_description=description)
    received_state = params.get("state")
    if expected_state is None and received_state is not None:
        raise OAuthError(
            "The OAuth callback carries a state but expected_state is None: pass the state "
            "returned by authorization_url() (kept in the user's session). Without it the "
            "callback may come from a login an attacker started; start the authorization "
            "again.",
            error="state_mismatch",
        )
    if expected_state is not None and not states_match(expected_state, received_state):
        raise OAuthError(
            "The OAuth callback's state does not match the one this app issued: the request "
            "may be forged or stale; start the authorization again.",
            error="state_mismatch",
        )
    code = params.get("code")
    if not code:
        raise OAuthError("The OAuth callback carries no authorization code.", error="missing_code")
    return code


# --- Revoke and token info (Procore docs: Procore API Authentication Endpoints) ---


def build_revoke_request(
    login_url: str, *, token: str, client_id: str, client_secret: str
) -> httpx.Request:
    """``POST {login_url}/oauth/revoke`` (form); revokes the access and refresh token (Procore docs:
    Procore API Authentication Endpoints)."""
    return httpx.Request(
        "POST",
        login_url.rstrip("/") + "/oauth/revoke",
        data={"token": token, "client_id": client_id, "client_secret": client_secret},
        headers={"Accept": "application/json"},
    )


def parse_revoke_response(response: httpx.Response) -> None:
    """Procore answers 200 even for an unknown token (Procore docs: Procore API Authentication
    Endpoints); other statuses are errors."""
    if response.status_code >= 400:
        _raise_oauth_error(response, "revoke endpoint")


def build_token_info_request(login_url: str, access_token: str) -> httpx.Request:
    """``GET {login_url}/oauth/token/info`` with the token as Bearer (Procore docs: Procore API
    Authentication Endpoints)."""
    return httpx.Request(
        "GET",
        login_url.rstrip("/") + "/oauth/token/info",
        headers={"Accept": "application/json", "Authorization": f"Bearer {access_token}"},
    )


@attrs.frozen(kw_only=True)
class TokenInfo:
    """What ``GET /oauth/token/info`` says about an access token (Procore docs: Procore API
    Authentication Endpoints).

    Attributes:
        resource_owner_id: the Procore user the token acts for.
        scopes: granted scopes.
        expires_in_seconds: seconds left before the token expires.
        application_uid: the app's ``client_id`` (``application.uid``).
        created_at: Unix time of issue.
        raw: the whole decoded body (Procore may add fields).
    """

    resource_owner_id: int | None = None
    scopes: tuple[str, ...] = ()
    expires_in_seconds: float | None = None
    application_uid: str | None = None
    created_at: float | None = None
    raw: Mapping[str, Any] = attrs.field(factory=dict, repr=False)


def parse_token_info(response: httpx.Response) -> TokenInfo:
    """Read a ``/oauth/token/info`` answer, tolerating missing and extra fields."""
    if response.status_code >= 400:
        _raise_oauth_error(response, "token info endpoint")
    body = _json_or_none(response)
    if not isinstance(body, Mapping):
        raise OAuthError(
            "Procore's token info endpoint answered without a JSON object",
            status_code=response.status_code,
        )
    owner = body.get("resource_owner_id")
    scopes = body.get("scopes")
    application = body.get("application")
    uid = application.get("uid") if isinstance(application, Mapping) else None
    return TokenInfo(
        resource_owner_id=owner if isinstance(owner, int) and not isinstance(owner, bool) else None,
        scopes=tuple(str(s) for s in scopes)
        if isinstance(scopes, Sequence) and not isinstance(scopes, str)
        else (),
        expires_in_seconds=_opt_float(body.get("expires_in_seconds")),
        application_uid=None if uid is None else str(uid),
        created_at=_opt_float(body.get("created_at")),
        raw=dict(body),
    )


def _json_or_none(response: httpx.Response) -> Any:
    try:
        return json.loads(response.content.decode("utf-8") or "null")
    except ValueError:
        return None


# Form fields of our OAuth requests whose values are secrets.
_SECRET_FIELDS = ("client_secret", "refresh_token", "code", "token", "access_token")


def _sent_secrets(response: httpx.Response) -> list[str]:
    """The secret values the request behind ``response`` carried, longest first."""
    try:
        request = response.request
    except RuntimeError:  # a response built by hand, with no request
        return []
    values: set[str] = set()
    if request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        form = parse_qsl(request.content.decode("utf-8", errors="replace"))
        values.update(value for name, value in form if name in _SECRET_FIELDS and value)
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and credentials.strip():
        values.add(credentials.strip())
    # Also as they would appear form- or URL-encoded in an echo.
    values.update({quote_plus(v) for v in values} | {quote(v, safe="") for v in values})
    return sorted(values, key=len, reverse=True)


def _scrub(text: str | None, secrets_sent: Sequence[str]) -> str | None:
    """``text`` without the values we sent nor anything else that looks like a secret."""
    if text is None:
        return None
    for value in secrets_sent:
        text = text.replace(value, "<redacted>")
    return redact(text)


def _raise_oauth_error(response: httpx.Response, what: str) -> NoReturn:
    body = _json_or_none(response)
    error = body.get("error") if isinstance(body, Mapping) else None
    description = body.get("error_description") if isinstance(body, Mapping) else None
    # Procore's error text is free-form and may quote the request back: an OAuthError is
    # printed and logged, so the secrets we sent are taken out of everything it holds.
    sent = _sent_secrets(response)
    error = _scrub(error, sent) if isinstance(error, str) else None
    description = _scrub(description, sent) if isinstance(description, str) else None
    message = f"Procore's {what} answered {response.status_code}"
    if error:
        message += f": {error}"
    if description:
        message += f" ({description})"
    raise OAuthError(
        message, error=error, error_description=description, status_code=response.status_code
    )
