"""Profiles of the ``procore`` command line: where settings and secrets live (no network).

A profile names an environment, a client id, a company and how to authenticate. Profiles live
in ``$XDG_CONFIG_HOME/procore/profiles.toml`` (or ``profiles.json``); they never hold a secret.
Client secrets live in ``credentials.json`` and tokens in ``tokens.json`` (the SDK's
``FileTokenStore``), both created with mode 0600 next to the profiles.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from .._errors import ConfigurationError, InvalidArgumentError

__all__ = [
    "ENV_NAMES",
    "Profile",
    "config_dir",
    "load_profiles",
    "load_toml",
    "read_secret",
    "resolve_profile",
    "save_profile",
    "save_secret",
    "tokens_path",
]

# Profile field -> the environment variable that overrides it (the names Procore.from_env reads).
ENV_NAMES: Mapping[str, str] = {
    "client_id": "PROCORE_CLIENT_ID",
    "client_secret": "PROCORE_CLIENT_SECRET",
    "company_id": "PROCORE_COMPANY_ID",
    "environment": "PROCORE_ENVIRONMENT",
    "base_url": "PROCORE_BASE_URL",
    "login_url": "PROCORE_LOGIN_URL",
    "access_token": "PROCORE_ACCESS_TOKEN",
}
_FIELDS = (
    "environment",
    "client_id",
    "company_id",
    "base_url",
    "login_url",
    "auth",
    "redirect_uri",
)
_AUTH_KINDS = ("client_credentials", "authorization_code")


@attrs.frozen
class Profile:
    """The settings one command runs with: a stored profile with the environment's overrides."""

    name: str
    environment: str | None = None
    client_id: str | None = None
    company_id: int | None = None
    base_url: str | None = None
    login_url: str | None = None
    auth: str = "client_credentials"
    redirect_uri: str | None = None
    client_secret: str | None = attrs.field(default=None, repr=False)
    access_token: str | None = attrs.field(default=None, repr=False)
    stored: bool = False


def config_dir(environ: Mapping[str, str]) -> Path:
    """``$XDG_CONFIG_HOME/procore``, else ``~/.config/procore``."""
    base = environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "procore"


def load_toml(text: str, path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - 3.10 reads TOML only with tomli installed
        try:
            import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]
        except ImportError as exc:
            raise ConfigurationError(
                f"{path} is TOML, which Python 3.10 reads only with the tomli package: "
                "install tomli, or keep the profiles in profiles.json"
            ) from exc
    try:
        return dict(tomllib.loads(text))
    except ValueError as exc:
        raise ConfigurationError(f"{path} is not valid TOML: {exc}") from exc


def _can_write_toml() -> bool:
    if sys.version_info >= (3, 11):
        return True
    import importlib.util  # pragma: no cover

    return importlib.util.find_spec("tomli") is not None  # pragma: no cover


def _profiles_file(directory: Path) -> Path | None:
    for name in ("profiles.toml", "profiles.json"):
        if (directory / name).exists():
            return directory / name
    return None


def load_profiles(environ: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    """Every stored profile by name (empty when there is no profile file).

    Raises:
        ConfigurationError: the file cannot be read, or a profile is not a table.
    """
    path = _profiles_file(config_dir(environ))
    if path is None:
        return {}
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".toml":
        data = load_toml(text, path)
    else:
        try:
            data = json.loads(text) if text.strip() else {}
        except ValueError as exc:
            raise ConfigurationError(f"{path} is not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigurationError(f"{path} must hold a table of profiles")
    for name, table in data.items():
        if not isinstance(table, dict):
            raise ConfigurationError(f"profile {name!r} in {path} must be a table")
    return data


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    # JSON string escapes are valid TOML basic-string escapes.
    return json.dumps(str(value))


def _write_private(path: Path, text: str) -> None:
    """Write ``text`` atomically to ``path`` with mode 0600 (it may hold credentials)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def save_profile(environ: Mapping[str, str], name: str, fields: Mapping[str, Any]) -> Path:
    """Store (or replace) profile ``name``; returns the file written. Never given a secret."""
    directory = config_dir(environ)
    profiles = load_profiles(environ)
    profiles[name] = {k: v for k, v in fields.items() if k in _FIELDS and v is not None}
    existing = _profiles_file(directory)
    use_toml = existing.suffix == ".toml" if existing else _can_write_toml()
    if use_toml:
        lines: list[str] = []
        for profile, table in profiles.items():
            lines.append(f"[{json.dumps(profile)}]")
            lines.extend(f"{key} = {_toml_value(value)}" for key, value in table.items())
            lines.append("")
        path, text = directory / "profiles.toml", "\n".join(lines)
    else:
        path, text = directory / "profiles.json", json.dumps(profiles, indent=2) + "\n"
    _write_private(path, text)
    return path


def _secrets_path(environ: Mapping[str, str]) -> Path:
    return config_dir(environ) / "credentials.json"


def read_secret(environ: Mapping[str, str], profile: str) -> str | None:
    """The client secret stored for ``profile``, if any."""
    path = _secrets_path(environ)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except ValueError as exc:
        raise ConfigurationError(f"{path} is not valid JSON") from exc
    value = data.get(profile) if isinstance(data, dict) else None
    return value if isinstance(value, str) and value else None


def save_secret(environ: Mapping[str, str], profile: str, secret: str) -> Path:
    """Store ``profile``'s client secret in ``credentials.json`` (mode 0600)."""
    path = _secrets_path(environ)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        data = {}
    if not isinstance(data, dict):
        data = {}
    data[profile] = secret
    _write_private(path, json.dumps(data, indent=2) + "\n")
    return path


def tokens_path(environ: Mapping[str, str]) -> Path:
    """The ``FileTokenStore`` file of every profile."""
    return config_dir(environ) / "tokens.json"


def _company(value: Any, source: str) -> int | None:
    if value is None or value == "":
        return None
    try:
        company = int(value)
    except (TypeError, ValueError):
        company = 0
    if company <= 0 or isinstance(value, bool):
        raise InvalidArgumentError(
            f"{source} must be a positive integer company id; got {value!r}", argument=source
        )
    return company


def resolve_profile(
    environ: Mapping[str, str], name: str | None, *, must_exist: bool = True
) -> Profile:
    """The settings for profile ``name`` (``--profile``, else ``PROCORE_PROFILE``, else
    ``default``), each overridden by its ``PROCORE_*`` variable.

    Raises:
        InvalidArgumentError: a profile named explicitly does not exist (unless
            ``must_exist`` is false, as when logging in creates it), or a bad value.
    """
    explicit = name or environ.get("PROCORE_PROFILE") or None
    chosen = explicit or "default"
    profiles = load_profiles(environ)
    table = profiles.get(chosen)
    if table is None and explicit is not None and must_exist:
        known = ", ".join(sorted(profiles)) or "none (run procore login)"
        raise InvalidArgumentError(
            f"no profile named {chosen!r}; profiles: {known}", argument="--profile"
        )
    table = dict(table or {})
    auth = table.get("auth", "client_credentials")
    if auth not in _AUTH_KINDS:
        raise InvalidArgumentError(
            f"profile {chosen!r}: auth must be one of {', '.join(_AUTH_KINDS)}; got {auth!r}",
            argument="auth",
        )
    values: dict[str, Any] = {k: table.get(k) for k in _FIELDS if k != "auth"}
    values["company_id"] = _company(values.get("company_id"), f"profile {chosen!r} company_id")
    values["client_secret"] = read_secret(environ, chosen) if table else None
    values["access_token"] = None
    for field, env in ENV_NAMES.items():
        if environ.get(env):
            values[field] = environ[env]
    values["company_id"] = _company(values["company_id"], "PROCORE_COMPANY_ID")
    return Profile(name=chosen, auth=auth, stored=bool(table), **values)
