"""What every command runs with: its streams, environment, profile and client."""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Mapping
from typing import Any, TextIO

from .._blocking._client import Procore
from .._errors import ProcoreError
from .._grants import ClientCredentialsAuth, RefreshTokenAuth
from .._token_store import FileTokenStore
from ._profiles import Profile, resolve_profile, tokens_path

__all__ = ["Context", "NoCredentialsError", "token_key"]


class NoCredentialsError(ProcoreError):
    """No credentials were found for the profile (exit code 3)."""


def token_key(profile: str) -> str:
    """The key of a profile's tokens in the CLI's token store."""
    return f"procore-cli:{profile}"


class Context:
    """One command's streams, environment and parsed arguments; builds the client once."""

    def __init__(
        self,
        args: argparse.Namespace,
        *,
        stdout: TextIO,
        stderr: TextIO,
        stdin: TextIO,
        environ: Mapping[str, str],
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.args = args
        self.clock = clock
        self.stdout = stdout
        self.stderr = stderr
        self.stdin = stdin
        self.environ = environ
        #: Extra ``Procore(...)`` keywords a command sets before its first call.
        self.client_overrides: dict[str, Any] = {}
        self._profile: Profile | None = None
        self._client: Procore | None = None

    @property
    def profile(self) -> Profile:
        """The profile chosen by ``--profile`` / ``PROCORE_PROFILE``, with ``PROCORE_*``
        overrides."""
        if self._profile is None:
            self._profile = resolve_profile(self.environ, getattr(self.args, "profile", None))
        return self._profile

    def use_profile(self, profile: Profile) -> Profile:
        """Run with ``profile`` (``procore login`` may create the one it names)."""
        self._profile = profile
        return profile

    def token_store(self) -> FileTokenStore:
        """The SDK's file token store of every profile (created with mode 0600)."""
        path = tokens_path(self.environ)
        path.parent.mkdir(parents=True, exist_ok=True)
        return FileTokenStore(path)

    def client_options(self) -> dict[str, Any]:
        """The profile's hosts and company as ``Procore(...)`` keywords."""
        p = self.profile
        options: dict[str, Any] = {}
        if p.environment:
            options["environment"] = p.environment
        if p.base_url:
            options["base_url"] = p.base_url
        if p.login_url:
            options["login_url"] = p.login_url
        company = getattr(self.args, "company_id", None) or p.company_id
        if company is not None:
            options["company_id"] = company
        options.update(self.client_overrides)
        return options

    def client(self) -> Procore:
        """The blocking client for this command (built on first use).

        Raises:
            NoCredentialsError: the profile has no usable credentials.
        """
        if self._client is not None:
            return self._client
        p = self.profile
        options = self.client_options()
        if p.access_token:
            client = Procore(access_token=p.access_token, **options)
        elif not p.client_id or not p.client_secret:
            missing = "PROCORE_CLIENT_ID" if not p.client_id else "PROCORE_CLIENT_SECRET"
            raise NoCredentialsError(
                f"no credentials for profile {p.name!r} ({missing} is not set): run "
                "`procore login`, or set PROCORE_CLIENT_ID and PROCORE_CLIENT_SECRET "
                "(`procore fake` prints them for the fake Procore)"
            )
        elif p.auth == "authorization_code":
            store = self.token_store()
            if store.load(token_key(p.name)) is None:
                raise NoCredentialsError(
                    f"profile {p.name!r} has no tokens yet: run `procore login --profile {p.name}`"
                )
            grant: Any = RefreshTokenAuth(
                client_id=p.client_id,
                client_secret=p.client_secret,
                key=token_key(p.name),
                token_store=store,
                # Refreshes send the redirect URI the code was issued for (Procore docs: OAuth
                # 2.0 Authorization Code Grant Flow); the out-of-band flow has none to send.
                redirect_uri=p.redirect_uri,
            )
            client = Procore(auth=grant, **options)
        else:
            # A stored profile shares its DMSA token between commands through the file store;
            # settings from the environment alone keep it in memory (nothing written).
            grant = ClientCredentialsAuth(
                client_id=p.client_id,
                client_secret=p.client_secret,
                token_store=self.token_store() if p.stored else None,
                key=token_key(p.name) if p.stored else None,
            )
            client = Procore(auth=grant, **options)
        self._client = client
        return client

    def close(self) -> None:
        """Close the client, if one was built."""
        if self._client is not None:
            self._client.close()
