"""Typed at the edges: ``auth=``, ``from_env(**overrides)`` and the generated methods' keywords
(filter names, enum values, required scope) are checked by a type checker.

The mypy test runs mypy once, in a subprocess, on two small user programs: one that must pass
``--strict`` and one whose every marked line must be reported.
"""

from __future__ import annotations

import inspect
import re
import subprocess
import sys
import textwrap
import typing
from pathlib import Path

import pytest

from procore_sdk import AsyncProcore, Procore
from procore_sdk._async._options import AsyncClientOptions
from procore_sdk._blocking._options import ClientOptions

ROOT = Path(__file__).resolve().parents[2]

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
    first: dict[str, object] | None = next(iter(logs), None)
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
    good = tmp_path / "good.py"
    bad = tmp_path / "bad.py"
    good.write_text(textwrap.dedent(GOOD), encoding="utf-8")
    bad.write_text(textwrap.dedent(BAD), encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-error-summary",
            # The repository's own (git-ignored) cache: warm after `mypy --strict procore_sdk`,
            # it turns a ten-second check into one of under a second.
            "--cache-dir",
            str(ROOT / ".mypy_cache"),
            str(good),
            str(bad),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": ""},
        timeout=120,
    )
    errors = re.findall(r"^(\S+?\.py):(\d+): error: (.*)$", result.stdout, re.MULTILINE)
    assert [e for e in errors if Path(e[0]).name == "good.py"] == [], result.stdout
    expected = {
        number
        for number, line in enumerate(textwrap.dedent(BAD).splitlines(), start=1)
        if line.endswith("# E")
    }
    reported = {int(line) for path, line, _ in errors if Path(path).name == "bad.py"}
    assert reported == expected, result.stdout + result.stderr


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
