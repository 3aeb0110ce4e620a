"""vcrpy / pytest-recording helpers that keep secrets out of cassettes.

Usage with vcrpy::

    import vcr
    from procore_sdk.testing.vcr import vcr_config

    my_vcr = vcr.VCR(**vcr_config())

With pytest-recording, return ``vcr_config()`` from a ``vcr_config`` fixture. The configuration
never records the OAuth endpoints (``/oauth/token``, ``/oauth/revoke``, ``/oauth/token/info``)
and replaces ``Authorization``, cookies, client secrets, codes and tokens in headers, query
strings, form bodies and JSON bodies with ``REDACTED``. :func:`scan_cassettes` checks cassette
files for anything that still looks like a secret.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import attrs

__all__ = [
    "NEVER_RECORD_PATHS",
    "REDACTED",
    "SECRET_FIELDS",
    "Finding",
    "before_record_request",
    "before_record_response",
    "scan_cassettes",
    "scrub_json",
    "vcr_config",
]

REDACTED = "REDACTED"
#: Paths whose exchanges are never recorded (they carry credentials both ways; Procore docs: Procore
#: API Authentication Endpoints).
NEVER_RECORD_PATHS = ("/oauth/token", "/oauth/revoke", "/oauth/token/info")
#: Field names whose values are secrets (JSON keys, form fields, query parameters).
SECRET_FIELDS = frozenset(
    {
        "access_token",
        "refresh_token",
        "client_secret",
        "id_token",
        "token",
        "code",
        "password",
        "authorization",
        "secret",
        "api_key",
    }
)
# "code" is a secret only in OAuth query/form data; in JSON it is e.g. a cost code.
_JSON_SECRET_FIELDS = SECRET_FIELDS - {"code"}
_SECRET_HEADERS = frozenset({"authorization", "cookie", "set-cookie", "proxy-authorization"})
_PLACEHOLDERS = frozenset({REDACTED, "[REDACTED]", "FILTERED", "***", "", "null", "None"})


def _is_never_recorded(uri: str) -> bool:
    return urlsplit(uri).path.rstrip("/") in NEVER_RECORD_PATHS


def _scrub_query(uri: str) -> str:
    parts = urlsplit(uri)
    if not parts.query:
        return uri
    pairs = [
        (k, REDACTED if k.lower() in SECRET_FIELDS else v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
    ]
    return urlunsplit(parts._replace(query=urlencode(pairs)))


def scrub_json(value: Any) -> Any:
    """Replace the values of secret JSON keys (recursively), masking Authorization headers."""
    if isinstance(value, dict):
        return {
            k: (
                REDACTED
                if str(k).lower() in _JSON_SECRET_FIELDS and v is not None
                else scrub_json(v)
            )
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [scrub_json(v) for v in value]
    return value


def _scrub_body(body: bytes | str | None) -> bytes | str | None:
    if not body:
        return body
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    try:
        cleaned = json.dumps(scrub_json(json.loads(text)))
    except ValueError:
        if "=" in text and "\n" not in text:
            pairs = parse_qsl(text, keep_blank_values=True)
            cleaned = urlencode(
                [(k, REDACTED if k.lower() in SECRET_FIELDS else v) for k, v in pairs]
            )
        else:
            cleaned = _BEARER.sub(f"Bearer {REDACTED}", text)
    return cleaned.encode() if isinstance(body, bytes) else cleaned


def before_record_request(request: Any) -> Any:
    """vcrpy hook: drop OAuth exchanges and scrub secrets from a request."""
    if _is_never_recorded(request.uri):
        return None
    for name in list(request.headers):
        if name.lower() in _SECRET_HEADERS:
            request.headers[name] = REDACTED
    request.uri = _scrub_query(request.uri)
    request.body = _scrub_body(request.body)
    return request


def before_record_response(response: dict[str, Any]) -> dict[str, Any]:
    """vcrpy hook: scrub cookies, tokens and secret JSON fields from a response."""
    headers = response.get("headers") or {}
    for name in list(headers):
        if name.lower() in _SECRET_HEADERS:
            headers[name] = [REDACTED]
    body = response.get("body")
    if isinstance(body, dict) and "string" in body:
        body["string"] = _scrub_body(body["string"])
    return response


def vcr_config() -> dict[str, Any]:
    """Keyword arguments for ``vcr.VCR(...)`` (or a pytest-recording ``vcr_config`` fixture)."""
    return {
        "filter_headers": [(h, REDACTED) for h in sorted(_SECRET_HEADERS)],
        "filter_query_parameters": [(f, REDACTED) for f in sorted(SECRET_FIELDS)],
        "filter_post_data_parameters": [(f, REDACTED) for f in sorted(SECRET_FIELDS)],
        "before_record_request": before_record_request,
        "before_record_response": before_record_response,
        "decode_compressed_response": True,
    }


@attrs.frozen
class Finding:
    """Something in a cassette that looks like a secret.

    Attributes:
        path: the cassette file.
        line: 1-based line number.
        kind: ``bearer``, ``jwt``, ``field:<name>`` or ``oauth-endpoint``.
        excerpt: a masked hint (the secret itself is never included).
    """

    path: str
    line: int
    kind: str
    excerpt: str


_BEARER = re.compile(r"Bearer\s+([A-Za-z0-9._~+/=-]{6,})", re.IGNORECASE)
_JWT = re.compile(r"eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")
_JSON_FIELD = re.compile(
    r"""\\?["']?("""
    + "|".join(sorted(_JSON_SECRET_FIELDS))
    + r""")\\?["']?\s*:\s*\\?["']([^"'\\]+)""",
    re.IGNORECASE,
)
_FORM_FIELD = re.compile(
    r"(?:^|[?&\s'\"])(" + "|".join(sorted(SECRET_FIELDS)) + r")=([^&\s'\"]+)", re.IGNORECASE
)
_OAUTH_URI = re.compile(r"uri:\s*\S*/oauth/(token|revoke)")


def _is_placeholder(value: str) -> bool:
    # Redacted, masked ("*****abcde", as Procore shows it) or a redacted Bearer value.
    return (
        value in _PLACEHOLDERS
        or value.startswith("*")
        or bool(_BEARER_PLACEHOLDER.fullmatch(value))
    )


_BEARER_PLACEHOLDER = re.compile(r"Bearer\s+(REDACTED|\[REDACTED\]|FILTERED|\*+)", re.IGNORECASE)


def _hint(secret: str) -> str:
    return f"{secret[:3]}… ({len(secret)} chars)"


def scan_cassettes(paths: Iterable[str | Path]) -> list[Finding]:
    """Scan cassette files (or directories of them) for secrets.

    Flags ``Bearer`` values, JWT-looking strings, secret field names with values that are not
    placeholders, and recorded OAuth token/revoke exchanges.

    Args:
        paths: files or directories (searched recursively for ``*.yaml``, ``*.yml``, ``*.json``).
    """
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(
                sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml", ".json"))
            )
        else:
            files.append(path)
    findings: list[Finding] = []
    for file in files:
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            for match in _BEARER.finditer(line):
                if match.group(1).strip("'\"") not in _PLACEHOLDERS:
                    findings.append(Finding(str(file), number, "bearer", _hint(match.group(1))))
            for match in _JWT.finditer(line):
                findings.append(Finding(str(file), number, "jwt", _hint(match.group(0))))
            for regex in (_JSON_FIELD, _FORM_FIELD):
                for match in regex.finditer(line):
                    value = match.group(2).strip()
                    if not _is_placeholder(value):
                        findings.append(
                            Finding(
                                str(file), number, f"field:{match.group(1).lower()}", _hint(value)
                            )
                        )
            if _OAUTH_URI.search(line):
                findings.append(Finding(str(file), number, "oauth-endpoint", line.strip()[:80]))
    return findings
