"""One request's options, and building the ``httpx.Request`` from them (no I/O)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from typing import Any

import attrs
import httpx

from ._config import call_company_id, call_max_retries, call_timeout
from ._errors import APIError, argument_type_error, invalid_argument
from ._query import encode_params
from ._types import UNSET, UnsetType
from ._version import __version__

__all__ = ["AttemptDeadline", "RequestOptions", "build_request", "sdk_headers"]

USER_AGENT = f"procore-sdk-python/{__version__}"


def sdk_headers() -> dict[str, str]:
    """Headers on every request: the SDK's identity, as Procore's official Ruby and JS SDKs send
    it."""
    return {
        "User-Agent": USER_AGENT,
        "Procore-Sdk-Version": __version__,
        "Procore-Sdk-Language": "python",
        "Accept": "application/json",
    }


# The HTTP methods Procore's REST API uses (its OpenAPI has no other).
API_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def _method(value: Any) -> str:
    if not isinstance(value, str):
        raise argument_type_error("method", value, f"one of {', '.join(API_METHODS)}")
    if value.upper() not in API_METHODS:
        raise invalid_argument(
            "method", value, f"one of {', '.join(API_METHODS)} (Procore's API has no other)"
        )
    return value.upper()


def _url(value: Any) -> str:
    if not isinstance(value, str):
        raise argument_type_error("path", value, "a path string such as '/rest/v1.0/projects'")
    if not value.strip():
        raise invalid_argument("path", value, "a path such as '/rest/v1.0/projects'")
    return value


def _optional_mapping(name: str, value: Any) -> Any:
    if value is not None and not isinstance(value, Mapping):
        raise argument_type_error(name, value, "a mapping (dict) or None")
    return value


def _params(value: Any) -> Mapping[str, Any] | None:
    return _optional_mapping("params", value)  # type: ignore[no-any-return]


def _headers(value: Any) -> Mapping[str, str] | None:
    return _optional_mapping("headers", value)  # type: ignore[no-any-return]


@attrs.frozen(kw_only=True)
class RequestOptions:
    """Everything that defines one logical API call (retries resend the same options).

    Attributes:
        method: HTTP method.
        url: a path such as ``/rest/v1.0/projects`` or an absolute URL on the API host
            (pagination follows ``Link`` URLs verbatim).
        params: query parameters, nested per ``procore_sdk._query.encode_params``.
        json: the JSON body.
        headers: extra headers for this call.
        company_id: ``Procore-Company-Id`` for this call; ``UNSET`` means the client's default,
            ``None`` means send none.
        timeout: seconds, overriding the client's.
        max_retries: overriding the client's.
        idempotent: allow retrying a POST/PATCH after a 5xx or a broken connection. Only
            Sync upserts whose every item carries ``id`` or ``origin_id`` qualify.
    """

    # Converters check each value where the call is made, before anything is sent.
    method: str = attrs.field(converter=_method)
    url: str = attrs.field(converter=_url)
    params: Mapping[str, Any] | None = attrs.field(default=None, converter=_params)
    json: Any = None
    headers: Mapping[str, str] | None = attrs.field(default=None, converter=_headers)
    company_id: int | UnsetType | None = attrs.field(default=UNSET, converter=call_company_id)
    timeout: float | None = attrs.field(default=None, converter=call_timeout)
    max_retries: int | None = attrs.field(default=None, converter=call_max_retries)
    idempotent: bool = False


def build_request(
    options: RequestOptions,
    *,
    base_url: str,
    token: str | None,
    company_id: int | None,
    client_headers: Mapping[str, str],
    timeout: httpx.Timeout,
) -> httpx.Request:
    """The ``httpx.Request`` for one attempt.

    The bearer token is only attached when the URL is on the API host: a ``Link`` or file URL
    pointing elsewhere must never receive it (Procore docs: Working with Secure File Access).
    """
    base = httpx.URL(base_url)
    if options.url.startswith(("http://", "https://")):
        url = httpx.URL(options.url)
        if (url.scheme, url.host, url.port) != (base.scheme, base.host, base.port):
            raise APIError(
                f"Refusing to send Procore credentials to {url.scheme}://{url.host}: "
                f"it is not the API host {base.host}."
            )
    else:
        path = options.url if options.url.startswith("/") else "/" + options.url
        url = base.copy_with(raw_path=(base.raw_path.rstrip(b"/") + path.encode("utf-8")))
    query = encode_params(options.params)
    if query:
        url = url.copy_merge_params(query)
    headers = dict(client_headers)
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    # Procore-Company-Id on every call once a company is known, DELETE included (Procore docs:
    # Handling Procore Regions).
    if company_id is not None:
        headers["Procore-Company-Id"] = str(company_id)
    if options.headers:
        headers.update(options.headers)
    if options.timeout is not None:
        timeout = httpx.Timeout(
            options.timeout, connect=min(options.timeout, timeout.connect or 5.0)
        )
    request_kwargs: dict[str, Any] = {}
    if options.json is not None:
        request_kwargs["json"] = options.json
    return httpx.Request(
        options.method.upper(),
        url,
        headers=headers,
        extensions={"timeout": timeout.as_dict()},
        **request_kwargs,
    )


class AttemptDeadline(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A response body stream that fails once one attempt has run out of time.

    httpx's ``timeout`` bounds each socket operation, so a server that trickles a body a few
    bytes at a time never trips it. Wrapping the stream checks the attempt's deadline between
    chunks and raises ``httpx.ReadTimeout``, which the retry policy treats like any other read
    timeout. It serves both clients: one class, iterated either way.
    """

    def __init__(
        self,
        stream: httpx.SyncByteStream | httpx.AsyncByteStream,
        *,
        deadline: float,
        clock: Callable[[], float],
        request: httpx.Request,
        seconds: float,
    ) -> None:
        self._stream = stream
        self._deadline = deadline
        self._clock = clock
        self._request = request
        self._seconds = seconds

    def check(self) -> None:
        """Raise ``httpx.ReadTimeout`` when the deadline has passed."""
        if self._clock() > self._deadline:
            raise httpx.ReadTimeout(
                f"the response took longer than the {self._seconds:g} s timeout",
                request=self._request,
            )

    def __iter__(self) -> Iterator[bytes]:
        if not isinstance(self._stream, httpx.SyncByteStream):
            raise RuntimeError("an async response stream read by the blocking client")
        for chunk in self._stream:
            self.check()
            yield chunk

    async def __aiter__(self) -> AsyncIterator[bytes]:
        if not isinstance(self._stream, httpx.AsyncByteStream):
            raise RuntimeError("a blocking response stream read by the async client")
        async for chunk in self._stream:
            self.check()
            yield chunk

    def close(self) -> None:
        if isinstance(self._stream, httpx.SyncByteStream):
            self._stream.close()

    async def aclose(self) -> None:
        if isinstance(self._stream, httpx.AsyncByteStream):
            await self._stream.aclose()
