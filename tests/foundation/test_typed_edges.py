"""Typed at the edges: ``auth=``, ``from_env(**overrides)`` and the generated methods' keywords
(filter names, enum values, required scope) are checked by a type checker.

The mypy test runs mypy once, in a subprocess, on two small user programs: one that must pass
``--strict`` and one whose every marked line must be reported.
"""

from __future__ import annotations

import inspect
import typing
from pathlib import Path

import pytest
from _helpers.typecheck import mypy_findings

from procore_sdk import AsyncProcore, Procore
from procore_sdk._async._options import AsyncClientOptions
from procore_sdk._blocking._options import ClientOptions

GOOD = """
    import httpx

    from procore_sdk import AsyncProcore, Procore
    from procore_sdk.auth import AccessTokenAuth, AuthGrant, RefreshTokenAuth

    grant: AuthGrant = RefreshTokenAuth(client_id="id", client_secret="s", refresh_token="r")
    a = Procore(auth=grant, company_id=1)
    b = Procore(auth=AccessTokenAuth(access_token="t"))
    c = Procore.from_env(company_id=1)
    d = Procore.from_env(company_id=1, http_client=httpx.Client(), environment="sandbox")
    e = AsyncProcore.from_env(company_id=1, http_client=httpx.AsyncClient())
    f = AsyncProcore(auth=grant)

    # Generated methods: typed keywords, filters and enum values.
    logs = a.accident_logs.list(project_id=1, location_id=[1, 2], log_date="2026-01-01")
    first = next(iter(logs), None)
    log_id: int | None = first.id if first is not None else None
    issues = a.coordination_issues.list(project_id=1, view="compact", version="v2.0")
    a.accident_logs.delete(5, project_id=1)
"""

# Each line marked ``# E`` must be an error; no other line may be.
BAD = """
    import httpx

    from procore_sdk import AsyncProcore, Procore

    Procore(auth="a-token")  # E
    Procore.from_env(company_id="1")  # E
    Procore.from_env(compnay_id=1)  # E
    Procore.from_env(environment="staging")  # E
    Procore.from_env(http_client=httpx.AsyncClient())  # E
    AsyncProcore.from_env(http_client=httpx.Client())  # E
    Procore.from_env(max_retries="3")  # E

    client = Procore(access_token="t", company_id=1)
    client.accident_logs.list(project_id=1, colour="red")  # E
    client.coordination_issues.list(project_id=1, view="huge")  # E
    client.accident_logs.list(location_id=[1])  # E
    client.accident_logs.delete(5, project_id="one")  # E
"""


@pytest.mark.slow
def test_mypy_strict_accepts_typed_use_and_reports_wrong_types(tmp_path: Path) -> None:
    in_good, reported, expected = mypy_findings(tmp_path, GOOD, BAD)
    assert in_good == []
    assert reported == expected


@pytest.mark.parametrize(
    ("client", "options"), [(Procore, ClientOptions), (AsyncProcore, AsyncClientOptions)]
)
def test_from_env_overrides_are_exactly_the_constructors_keywords(
    client: type[Procore] | type[AsyncProcore], options: type
) -> None:
    parameters = inspect.signature(client.__init__).parameters
    constructor = typing.get_type_hints(client.__init__)
    constructor.pop("return")
    given = typing.get_type_hints(options)
    # Python 3.10 reads ``x: Any = None`` as ``Optional[Any]``; later versions do not.
    for name, p in parameters.items():
        if p.default is None and name in given:
            given[name] = typing.Optional[given[name]]
            constructor[name] = typing.Optional[constructor[name]]
    assert given == constructor
    assert options.__required_keys__ == frozenset()  # type: ignore[attr-defined]
    keyword_only = {n for n, p in parameters.items() if p.kind is inspect.Parameter.KEYWORD_ONLY}
    assert set(constructor) == keyword_only


@pytest.mark.parametrize("client", [Procore, AsyncProcore])
def test_auth_is_annotated_with_the_grants_not_any(
    client: type[Procore] | type[AsyncProcore],
) -> None:
    from procore_sdk.auth import AccessTokenAuth, ClientCredentialsAuth, RefreshTokenAuth

    hint = typing.get_type_hints(client.__init__)["auth"]
    args = set(typing.get_args(hint))
    assert {ClientCredentialsAuth, RefreshTokenAuth, AccessTokenAuth, type(None)} <= args
    assert typing.Any not in args
