"""OAuth 2.0 for Procore: grants, token stores, the authorization code flow, embedded apps.

Grant objects go to a client's ``auth=`` argument::

    from procore_sdk import Procore
    from procore_sdk.auth import FileTokenStore, RefreshTokenAuth

    client = Procore(
        auth=RefreshTokenAuth(client_id=..., client_secret=..., key="user-42"),
        token_store=FileTokenStore("tokens.json"),
    )

See the authentication guide (``docs/guides/authentication.md``) for every grant in use.
"""

from __future__ import annotations

from .._lazy import TYPE_CHECKING, attach

if TYPE_CHECKING:
    from .._errors import OAuthError, ReauthorizationRequiredError, TokenStoreError
    from .._grants import AccessTokenAuth, AuthGrant, ClientCredentialsAuth, RefreshTokenAuth
    from .._oauth import OOB_REDIRECT_URI, TokenInfo, TokenSet, generate_state, states_match
    from .._token_store import (
        AsyncLockingTokenStore,
        AsyncTokenStore,
        CallbackTokenStore,
        FileTokenStore,
        LockingTokenStore,
        MemoryTokenStore,
        TokenStore,
    )
    from ._flow import (
        AuthorizationCodeFlow,
        async_fetch_token_info,
        async_revoke_token,
        fetch_token_info,
        resolve_login_url,
        revoke_token,
    )
    from ._launch import (
        DEFAULT_LAUNCH_PARAMS,
        LaunchContext,
        SidePanelContext,
        parse_launch_context,
        parse_side_panel_setup,
    )

__all__ = [
    # grants
    "AccessTokenAuth",
    "AuthGrant",
    "ClientCredentialsAuth",
    "RefreshTokenAuth",
    "AuthorizationCodeFlow",
    "OOB_REDIRECT_URI",
    "generate_state",
    "states_match",
    # tokens and stores
    "TokenSet",
    "TokenInfo",
    "TokenStore",
    "LockingTokenStore",
    "AsyncTokenStore",
    "AsyncLockingTokenStore",
    "MemoryTokenStore",
    "FileTokenStore",
    "CallbackTokenStore",
    # one-shot calls
    "revoke_token",
    "async_revoke_token",
    "fetch_token_info",
    "async_fetch_token_info",
    "resolve_login_url",
    # embedded apps
    "LaunchContext",
    "SidePanelContext",
    "DEFAULT_LAUNCH_PARAMS",
    "parse_launch_context",
    "parse_side_panel_setup",
    # errors
    "OAuthError",
    "ReauthorizationRequiredError",
    "TokenStoreError",
]

# Where each name in __all__ lives (the TYPE_CHECKING imports above, for type checkers); each
# loads on first use.
_EXPORTS: dict[str, tuple[str, ...]] = {
    ".._errors": (
        "OAuthError",
        "ReauthorizationRequiredError",
        "TokenStoreError",
    ),
    ".._grants": (
        "AccessTokenAuth",
        "AuthGrant",
        "ClientCredentialsAuth",
        "RefreshTokenAuth",
    ),
    ".._oauth": (
        "OOB_REDIRECT_URI",
        "TokenInfo",
        "TokenSet",
        "generate_state",
        "states_match",
    ),
    ".._token_store": (
        "AsyncLockingTokenStore",
        "AsyncTokenStore",
        "CallbackTokenStore",
        "FileTokenStore",
        "LockingTokenStore",
        "MemoryTokenStore",
        "TokenStore",
    ),
    "._flow": (
        "AuthorizationCodeFlow",
        "async_fetch_token_info",
        "async_revoke_token",
        "fetch_token_info",
        "resolve_login_url",
        "revoke_token",
    ),
    "._launch": (
        "DEFAULT_LAUNCH_PARAMS",
        "LaunchContext",
        "SidePanelContext",
        "parse_launch_context",
        "parse_side_panel_setup",
    ),
}

# Hidden from type checkers: a module __getattr__ would make every misspelt name type-check.
if not TYPE_CHECKING:
    __getattr__, __dir__ = attach(__name__, _EXPORTS)

del TYPE_CHECKING, attach
