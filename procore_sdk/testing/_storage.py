"""The fake Procore's file storage: presigned URLs checked the way S3 checks them.

Procore hands out presigned storage URLs for uploads and redirects downloads to them (Procore
docs: Working with Direct File Uploads; Working with the Unified Upload API (v2.1); Secure File
Access). This module signs such URLs and answers them: it checks the signature, the expiry, the
signed headers (exact values), the body's length and SHA-256, and it refuses any
``Authorization`` or ``Procore-*`` header, since the Procore token must never reach storage.
Downloads honour ``Range`` as S3 does.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlencode

import attrs

from ._responses import FakeResponse, empty_response

__all__ = ["PREFIX", "FakeStorage", "SignedTarget"]

PREFIX = "/_storage/"


@attrs.define
class SignedTarget:
    """What a presigned URL allows: one PUT of a part, one form POST, or GET of an object.

    Attributes:
        method: ``PUT``, ``POST`` or ``GET``.
        key: the object key.
        expires: the fake clock's time after which the URL answers 403.
        headers: header values the request must carry exactly (lower-case names).
        size: the body length a PUT must have (``None``: any).
        sha256: the body's SHA-256 (hex) a PUT must have (``None``: not checked).
        fields: form fields a POST must carry unchanged.
    """

    method: str
    key: str
    expires: float
    headers: dict[str, str] = attrs.Factory(dict)
    size: int | None = None
    sha256: str | None = None
    fields: dict[str, str] = attrs.Factory(dict)


def _form(content_type: str, body: bytes) -> dict[str, Any]:
    """A multipart form: text fields as ``str``, the ``file`` field as raw ``bytes``."""
    from email.parser import BytesParser
    from email.policy import HTTP

    if "multipart/form-data" not in content_type.lower():
        return {}
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
    )
    out: dict[str, Any] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        if isinstance(name, str) and isinstance(payload, bytes):
            out[name] = payload if name == "file" else payload.decode("utf-8", "replace")
    return out


def _s3_error(status: int, code: str, message: str) -> FakeResponse:
    body = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>{code}</Code>'
        f"<Message>{message}</Message></Error>"
    ).encode()
    return FakeResponse(status, [("Content-Type", "application/xml")], body)


class FakeStorage:
    """Presigned storage for a `FakeProcore`.

    Args:
        now: the fake's clock.
        url_lifetime: seconds a presigned URL stays valid.

    Attributes:
        objects: stored objects by key (uploaded parts and whole files).
        etags: the ETag given for each stored object.
    """

    def __init__(self, now: Callable[[], float], url_lifetime: float = 3600.0) -> None:
        self.now = now
        self.url_lifetime = url_lifetime
        self.objects: dict[str, bytes] = {}
        self.etags: dict[str, str] = {}
        self._targets: dict[str, SignedTarget] = {}
        self._secret = secrets.token_bytes(16)
        self._expire_next = 0

    def expire_next_urls(self, count: int) -> None:
        """Make the next ``count`` URLs this storage signs expired from the start."""
        self._expire_next += count

    def sign(
        self,
        origin: str,
        method: str,
        key: str,
        *,
        headers: Mapping[str, str] | None = None,
        size: int | None = None,
        sha256: str | None = None,
        fields: Mapping[str, str] | None = None,
    ) -> str:
        """A presigned URL for ``method`` on ``key``, valid for `url_lifetime` seconds."""
        expires = self.now() + self.url_lifetime
        if self._expire_next:
            self._expire_next -= 1
            expires = self.now() - 1
        token = secrets.token_hex(8)
        signature = hmac.new(self._secret, f"{token}:{key}".encode(), hashlib.sha256).hexdigest()
        self._targets[signature] = SignedTarget(
            method,
            key,
            expires,
            {k.lower(): str(v) for k, v in (headers or {}).items()},
            size,
            sha256,
            dict(fields or {}),
        )
        query = urlencode({"X-Amz-Expires": int(expires), "X-Amz-Signature": signature})
        return f"{origin}{PREFIX}{key}?{query}"

    def handle(
        self,
        method: str,
        path: str,
        query: list[tuple[str, str]],
        hdrs: Mapping[str, str],
        body: bytes,
    ) -> FakeResponse:
        """Answer one request to a presigned URL."""
        if "authorization" in hdrs:
            # S3 refuses a second auth mechanism next to a presigned query.
            return _s3_error(
                400, "InvalidArgument", "Only one auth mechanism allowed; Authorization was sent"
            )
        leaked = sorted(name for name in hdrs if name.startswith("procore-"))
        if leaked:
            return _s3_error(400, "InvalidArgument", f"Unexpected headers: {', '.join(leaked)}")
        signature = dict(query).get("X-Amz-Signature", "")
        target = self._targets.get(signature)
        key = path[len(PREFIX) :]
        if target is None or target.key != key or target.method != method:
            return _s3_error(403, "SignatureDoesNotMatch", "The request signature does not match")
        if self.now() > target.expires:
            return _s3_error(403, "AccessDenied", "Request has expired")
        for name, value in target.headers.items():
            if hdrs.get(name) != value:
                return _s3_error(
                    403, "SignatureDoesNotMatch", f"Signed header {name} is missing or differs"
                )
        if method == "PUT":
            return self._put(target, body)
        if method == "POST":
            return self._post(target, _form(hdrs.get("content-type", ""), body))
        return self._get(target, hdrs)

    def _put(self, target: SignedTarget, body: bytes) -> FakeResponse:
        if target.size is not None and len(body) != target.size:
            return _s3_error(
                400, "IncompleteBody", f"Expected {target.size} bytes, got {len(body)}"
            )
        if target.sha256 is not None and hashlib.sha256(body).hexdigest() != target.sha256:
            return _s3_error(400, "XAmzContentSHA256Mismatch", "The SHA-256 does not match")
        return self._store(target.key, body, 200)

    def _post(self, target: SignedTarget, form: dict[str, Any]) -> FakeResponse:
        for name, value in target.fields.items():
            if form.get(name) != value:
                return _s3_error(403, "AccessDenied", f"Policy field {name} is missing or differs")
        data = form.get("file")
        if not isinstance(data, bytes):
            return _s3_error(400, "InvalidArgument", "POST requires exactly one file upload")
        return self._store(target.key, data, 204)

    def _store(self, key: str, data: bytes, status: int) -> FakeResponse:
        return empty_response(status, {"ETag": self.put(key, data)})

    def put(self, key: str, data: bytes) -> str:
        """Store an object as if its bytes arrived; returns its ETag."""
        etag = f'"{hashlib.md5(data).hexdigest()}"'  # noqa: S324 - S3's ETag, not security
        self.objects[key] = data
        self.etags[key] = etag
        return etag

    def _get(self, target: SignedTarget, hdrs: Mapping[str, str]) -> FakeResponse:
        data = self.objects.get(target.key)
        if data is None:
            return _s3_error(404, "NoSuchKey", "The specified key does not exist.")
        headers = [("Content-Type", "application/octet-stream"), ("Accept-Ranges", "bytes")]
        wanted = hdrs.get("range", "")
        if wanted.startswith("bytes=") and wanted.endswith("-"):
            start = int(wanted[6:-1])
            if start >= len(data) and data:
                return _s3_error(416, "InvalidRange", "The requested range is not satisfiable")
            part = data[start:]
            headers.append(("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}"))
            return FakeResponse(206, headers, part)
        return FakeResponse(200, headers, data)
