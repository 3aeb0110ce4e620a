"""Arguments are checked at the call, for both clients (issue 11, item 13).

A table walks the public surface of the request pipeline: the client constructor, the generic
verbs, ``paginate``, copies, resource calls and ``sync``. Each wrong value raises the SDK's own
exception (also a ``ValueError``, or a ``TypeError`` for a wrong type) whose message names the
argument, shows what was given (never a secret) and says what is accepted, before anything is
sent. (Auth and webhook arguments have their own tables.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from _support import Runner

from procore_sdk import (
    ArgumentTypeError,
    AsyncProcore,
    ConfigurationError,
    InvalidArgumentError,
    Procore,
    ProcoreError,
)

SECRET = "s3cr3t-value-never-shown"

# (label, constructor keyword arguments, expected exception, argument named in the message)
CONSTRUCTOR: list[tuple[str, dict[str, Any], type[Exception], str]] = [
    ("company_id text", {"company_id": "abc"}, ConfigurationError, "company_id"),
    ("company_id zero", {"company_id": 0}, ConfigurationError, "company_id"),
    ("company_id float", {"company_id": 1.5}, ConfigurationError, "company_id"),
    ("max_retries negative", {"max_retries": -1}, ConfigurationError, "max_retries"),
    ("max_retries text", {"max_retries": "3"}, ConfigurationError, "max_retries"),
    ("timeout zero", {"timeout": 0}, ConfigurationError, "timeout"),
    ("timeout text", {"timeout": "fast"}, ConfigurationError, "timeout"),
    ("timeout nan", {"timeout": float("nan")}, ConfigurationError, "timeout"),
    ("max_retry_wait negative", {"max_retry_wait": -1}, ConfigurationError, "max_retry_wait"),
    ("max_retry_wait text", {"max_retry_wait": "1m"}, ConfigurationError, "max_retry_wait"),
    ("environment", {"environment": "staging"}, ConfigurationError, "environment"),
    ("base_url type", {"base_url": 123}, ConfigurationError, "base_url"),
    ("base_url http", {"base_url": "http://api.example.com"}, ConfigurationError, "base_url"),
    ("login_url", {"login_url": "ftp://x.example.com"}, ConfigurationError, "login_url"),
    ("client_id type", {"client_id": 42, "client_secret": "x"}, ConfigurationError, "client_id"),
    (
        "client_secret type",
        {"client_id": "a", "client_secret": 42},
        ConfigurationError,
        "client_secret",
    ),
    ("access_token type", {"access_token": 42}, ConfigurationError, "access_token"),
    ("pacing", {"rate_limit_pacing": "yes"}, ConfigurationError, "rate_limit_pacing"),
    ("default_headers type", {"default_headers": ["X-A"]}, ConfigurationError, "default_headers"),
    (
        "default_headers value",
        {"default_headers": {"X-A": 1}},
        ConfigurationError,
        "default_headers",
    ),
    ("clock", {"clock": 5}, ConfigurationError, "clock"),
    ("sleep", {"sleep": "later"}, ConfigurationError, "sleep"),
    ("http_client", {"http_client": object()}, ConfigurationError, "http_client"),
]


def assert_names_the_argument(error: BaseException, argument: str) -> None:
    assert isinstance(error, ProcoreError)
    assert isinstance(error, (ValueError, TypeError))
    message = str(error)
    assert argument in message
    assert "must be" in message or "one of" in message  # says what is accepted
    assert SECRET not in message


@pytest.mark.parametrize("cls", [Procore, AsyncProcore], ids=["sync", "async"])
@pytest.mark.parametrize(
    ("kwargs", "error", "argument"),
    [case[1:] for case in CONSTRUCTOR],
    ids=[case[0] for case in CONSTRUCTOR],
)
def test_constructor_arguments(
    cls: type, kwargs: dict[str, Any], error: type[Exception], argument: str
) -> None:
    kwargs = {"access_token": "token-for-tests", **kwargs}
    if "client_id" in kwargs:
        kwargs.pop("access_token")
    with pytest.raises(error) as info:
        cls(**kwargs)
    assert_names_the_argument(info.value, argument)
    if isinstance(info.value, InvalidArgumentError) and info.value.argument is not None:
        assert info.value.argument == argument


def test_a_secret_of_the_wrong_type_is_not_shown() -> None:
    class Token:
        def __repr__(self) -> str:
            return SECRET

    for cls in (Procore, AsyncProcore):
        with pytest.raises(ConfigurationError) as info:
            cls(access_token=Token())  # type: ignore[arg-type]
        assert SECRET not in str(info.value)
        assert "Token" in str(info.value)


# (label, call, expected exception, argument named in the message)
CALLS: list[tuple[str, Callable[[Any], Any], type[Exception], str]] = [
    ("method unknown", lambda c: c.request("FETCH", "/x"), InvalidArgumentError, "method"),
    ("method type", lambda c: c.request(5, "/x"), ArgumentTypeError, "method"),
    ("path type", lambda c: c.get(123), ArgumentTypeError, "path"),
    ("path empty", lambda c: c.get(""), InvalidArgumentError, "path"),
    ("params type", lambda c: c.get("/x", params=[("a", 1)]), ArgumentTypeError, "params"),
    (
        "params value",
        lambda c: c.get("/x", params={"filters": {"vendor": object()}}),
        ArgumentTypeError,
        "filters[vendor]",
    ),
    ("headers type", lambda c: c.get("/x", headers=["X-A"]), ArgumentTypeError, "headers"),
    ("company_id text", lambda c: c.get("/x", company_id="abc"), ArgumentTypeError, "company_id"),
    (
        "company_id negative",
        lambda c: c.delete("/x", company_id=-3),
        InvalidArgumentError,
        "company_id",
    ),
    ("timeout zero", lambda c: c.get("/x", timeout=0), InvalidArgumentError, "timeout"),
    ("timeout text", lambda c: c.post("/x", timeout="5"), ArgumentTypeError, "timeout"),
    (
        "max_retries negative",
        lambda c: c.put("/x", max_retries=-1),
        InvalidArgumentError,
        "max_retries",
    ),
    (
        "max_retries float",
        lambda c: c.patch("/x", max_retries=1.5),
        ArgumentTypeError,
        "max_retries",
    ),
    (
        "paginate per_page zero",
        lambda c: c.paginate("/x", per_page=0),
        InvalidArgumentError,
        "per_page",
    ),
    (
        "paginate per_page text",
        lambda c: c.paginate("/x", per_page="100"),
        ArgumentTypeError,
        "per_page",
    ),
    (
        "paginate max_items",
        lambda c: c.paginate("/x", max_items=-1),
        InvalidArgumentError,
        "max_items",
    ),
    ("paginate prefetch", lambda c: c.paginate("/x", prefetch=0), InvalidArgumentError, "prefetch"),
    ("paginate params", lambda c: c.paginate("/x", params="a=1"), ArgumentTypeError, "params"),
    (
        "paginate company_id",
        lambda c: c.paginate("/x", company_id="abc"),
        ArgumentTypeError,
        "company_id",
    ),
    ("list per_page", lambda c: c.vendors.list(per_page=-5), InvalidArgumentError, "per_page"),
    (
        "list company_id",
        lambda c: c.vendors.list(company_id="abc"),
        ArgumentTypeError,
        "company_id",
    ),
    ("list timeout", lambda c: c.vendors.list(timeout=-1), InvalidArgumentError, "timeout"),
    (
        "list max_retries",
        lambda c: c.vendors.list(max_retries="2"),
        ArgumentTypeError,
        "max_retries",
    ),
    (
        "list unknown filter",
        lambda c: c.vendors.list(status="open"),
        InvalidArgumentError,
        "status",
    ),
    ("list filters type", lambda c: c.vendors.list(filters=["a"]), ArgumentTypeError, "filters"),
    ("list params type", lambda c: c.vendors.list(params="a=1"), ArgumentTypeError, "params"),
    ("list ids type", lambda c: c.vendors.list(ids=object()), ArgumentTypeError, "ids"),
    ("list sort type", lambda c: c.vendors.list(sort=5), ArgumentTypeError, "sort"),
    (
        "list sort none",
        lambda c: c.punch_items.list(project_id=1, sort="name"),
        InvalidArgumentError,
        "sort",
    ),
    ("list version", lambda c: c.vendors.list(version="v9"), InvalidArgumentError, "version"),
    (
        "list include_deleted",
        lambda c: c.rfis.list(project_id=1, include_deleted="sometimes"),
        InvalidArgumentError,
        "include_deleted",
    ),
    (
        "list search",
        lambda c: c.cost_codes.list(project_id=1, search="x"),
        InvalidArgumentError,
        "search",
    ),
    ("daily log date", lambda c: c.notes_logs.list(project_id=1), InvalidArgumentError, "log_date"),
    (
        "retrieve company_id",
        lambda c: c.vendors.retrieve(5, company_id="abc"),
        ArgumentTypeError,
        "company_id",
    ),
    (
        "retrieve timeout",
        lambda c: c.vendors.retrieve(5, timeout="slow"),
        ArgumentTypeError,
        "timeout",
    ),
    ("create data", lambda c: c.vendors.create(["name"]), ArgumentTypeError, "data"),
    (
        "update max_retries",
        lambda c: c.vendors.update(5, {}, max_retries=-2),
        InvalidArgumentError,
        "max_retries",
    ),
    ("sync None", lambda c: c.vendors.sync(None), ArgumentTypeError, "items"),
    ("sync a dict", lambda c: c.vendors.sync({"name": "A"}), ArgumentTypeError, "items"),
    (
        "sync timeout",
        lambda c: c.vendors.sync([{"name": "A"}], timeout=0),
        InvalidArgumentError,
        "timeout",
    ),
    (
        "with_options max_retry_wait",
        lambda c: c.with_options(max_retry_wait=-1),
        ConfigurationError,
        "max_retry_wait",
    ),
    (
        "with_options timeout",
        lambda c: c.with_options(timeout="slow"),
        ConfigurationError,
        "timeout",
    ),
    (
        "with_options company_id",
        lambda c: c.with_options(company_id="abc"),
        ConfigurationError,
        "company_id",
    ),
    (
        "with_options headers",
        lambda c: c.with_options(default_headers=5),
        ConfigurationError,
        "default_headers",
    ),
    ("for_company text", lambda c: c.for_company("abc"), ConfigurationError, "company_id"),
    ("for_company None", lambda c: c.for_company(None), ConfigurationError, "company_id"),
    (
        "fan_out concurrency",
        lambda c: c.fan_out(c.rfis.list, projects=[1], concurrency=0),
        InvalidArgumentError,
        "concurrency",
    ),
]


@pytest.mark.parametrize(
    ("call", "error", "argument"),
    [case[1:] for case in CALLS],
    ids=[case[0] for case in CALLS],
)
def test_call_arguments(
    runner: Runner, call: Callable[[Any], Any], error: type[Exception], argument: str
) -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json=[])

    client = runner.client(handler, company_id=1)
    with pytest.raises(error) as info:
        call(client)
    assert_names_the_argument(info.value, argument)
    assert sent == []  # refused at the call, before any request
