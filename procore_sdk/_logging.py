"""The ``procore_sdk`` logger and the filter that keeps secrets out of log records."""

from __future__ import annotations

import logging
import re
from typing import Any

__all__ = ["RedactingFilter", "get_logger", "redact"]

_PATTERNS = [
    # Authorization header values, whatever the scheme.
    (re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]+"), r"\1 <redacted>"),
    # key=value and "key": "value" forms of secret parameters.
    (
        re.compile(
            r"(?i)\b(access_token|refresh_token|client_secret|code|token|password|authorization)"
            r"(\s*[=:]\s*\"?|\"\s*:\s*\")([^\s\"&,;}]+)"
        ),
        r"\1\2<redacted>",
    ),
    # JWT-looking strings (Procore's current tokens are ES512 JWTs; Procore docs: OAuth 2.0
    # Authorization Code Grant Flow).
    (re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+\.?[A-Za-z0-9_-]*"), "<redacted-jwt>"),
]


def redact(text: str) -> str:
    """Remove bearer tokens, secret parameters and JWT-looking strings from ``text``."""
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFilter(logging.Filter):
    """Rewrites each record's message with :func:`redact` before any handler sees it."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not break the caller
            return True
        cleaned = redact(message)
        if cleaned != message or record.args:
            record.msg = cleaned
            record.args = None
        return True


_FILTER = RedactingFilter()
logging.getLogger("procore_sdk").addHandler(logging.NullHandler())


def get_logger(name: str = "procore_sdk") -> logging.Logger:
    """An SDK logger with the redaction filter attached.

    Logger filters do not apply to records from child loggers, so every SDK logger gets it.
    """
    logger = logging.getLogger(name)
    if _FILTER not in logger.filters:
        logger.addFilter(_FILTER)
    return logger


def log_extra(**fields: Any) -> dict[str, Any]:
    """Structured fields for ``extra=``, prefixed so they never clash with LogRecord's."""
    return {f"procore_{key}": value for key, value in fields.items()}
