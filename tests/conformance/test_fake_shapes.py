"""The fake Procore sends what real Procore sends, endpoint by endpoint.

For each recorded response in ``../shared/realworld/responses`` the fake is asked (in-process)
for the same endpoint and one of its records is compared with the real one: the fake sends every
key real Procore sends, invents no top-level key real Procore does not send there (the union
over that endpoint's recorded payloads), and wherever the real value is not null the fake's has
the same JSON type (object, array, string, integer, float, boolean), nested objects included.
Where the real value is null the fake may send null or a value of the schema's type.

A documentation example (the README says "not recorded") is only checked for omitted keys: it
shows keys Procore sends, but not one whole response, and its money is a number where the
reference's own schema and the recorded responses send a string.

Custom fields (``custom_fields.custom_field_<definition id>``) are keyed by each account's own
definitions, so their keys are not compared, only that ``custom_fields`` is an object.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import httpx
import pytest
from _helpers.fake_http import authorize
from _helpers.scripts import load_script

from procore_sdk.testing import FakeProcore
from procore_sdk.testing._routes import COLLECTION_PARENTS, ROUTES, Route

from .conftest import endpoints_of_files, realworld_response, response_files, shared_file

FILES = response_files()

_ACCOUNT_KEY = re.compile(r"^custom_field_\d+$")


def json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def differences(
    fake: Any, real: Any, path: str, nullable: frozenset[str] = frozenset()
) -> list[str]:
    """Where the fake's value does not have the shape of the real one (nested objects too).

    ``nullable``: top-level keys real Procore itself sends as null on this endpoint (in another
    recorded payload), where a null from the fake is a real shape too.
    """
    if real is None:
        return []
    if json_kind(fake) != json_kind(real):
        return [f"{path}: real sends {json_kind(real)}, the fake {json_kind(fake)}"]
    found: list[str] = []
    if isinstance(real, dict):
        for key, value in real.items():
            if _ACCOUNT_KEY.match(key):
                continue
            if key not in fake:
                found.append(f"{path}.{key}: real sends it, the fake does not")
            elif not (key in nullable and fake[key] is None):
                found += differences(fake[key], value, f"{path}.{key}")
    elif isinstance(real, list) and real and fake:
        found += differences(fake[0], real[0], f"{path}[0]")
    return found


@cache
def real_keys(method: str, path: str) -> frozenset[str]:
    """Top-level keys real Procore sent on ``method path``, over all its recorded payloads."""
    names = [n for n, endpoint in endpoints_of_files().items() if endpoint == (method, path)]
    return frozenset(key for name in names for key in realworld_response(name))


@cache
def real_nulls(method: str, path: str) -> frozenset[str]:
    """Top-level keys some recorded payload of ``method path`` sends as null."""
    names = [n for n, endpoint in endpoints_of_files().items() if endpoint == (method, path)]
    return frozenset(k for name in names for k, v in realworld_response(name).items() if v is None)


def route_for(method: str, path: str) -> Route:
    for route in ROUTES:
        if route.method == method and route.template == path and route.action in ("list", "show"):
            return route
    raise AssertionError(f"the fake serves no {method} {path}")


def fetch_one(route: Route) -> dict[str, Any]:
    """One record as the fake sends it on ``route`` (a list's first item, or a show)."""
    sizes = {route.collection: 3} if route.collection in COLLECTION_PARENTS else {}
    fake = FakeProcore(seed=3, sizes=sizes)
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as client:
        authorize(client, fake)
        scope = fake._default_scope(COLLECTION_PARENTS.get(route.collection))
        values: dict[str, Any] = {"company_id": fake.company_id, "project_id": fake.project_id}
        params: dict[str, Any] = {}
        if route.scope is not None and scope:
            values[route.scope] = scope
            if route.scope_in == "query":
                params[route.scope] = scope
        if route.action == "show":
            owned = [
                r["id"]
                for r in fake.records(route.collection)
                if fake.collections[route.collection].scope_of(r["id"]) == (scope or 0)
            ]
            assert owned, f"no seeded {route.collection} in scope {scope}"
            values["id"] = owned[0]
        resp = client.get(route.template.format(**values), params=params)
    assert resp.status_code == 200, resp.text
    body = resp.json()
    if route.action == "list":
        assert body, f"the fake listed no {route.collection}"
        body = body[0]
    assert isinstance(body, dict)
    return body


def recorded(name: str) -> bool:
    """Whether the README says the file was recorded from Procore (not a documentation example,
    which shows keys Procore sends but not the whole of one response)."""
    text = shared_file("realworld", "README.md").read_text(encoding="utf-8")
    [row] = [line for line in text.splitlines() if line.startswith(f"| `responses/{name}`")]
    return "(not recorded)" not in row


@pytest.mark.parametrize("name", FILES)
def test_the_fake_sends_every_key_real_procore_sends(name: str) -> None:
    method, path = endpoints_of_files()[name]
    fake_record = fetch_one(route_for(method, path))
    missing = sorted(set(realworld_response(name)) - set(fake_record))
    assert missing == [], f"{method} {path}: the fake omits {missing}"


@pytest.mark.parametrize("name", [n for n in FILES if recorded(n)])
def test_the_fake_invents_no_key_and_matches_json_types(name: str) -> None:
    method, path = endpoints_of_files()[name]
    fake_record = fetch_one(route_for(method, path))
    invented = sorted(set(fake_record) - real_keys(method, path))
    assert invented == [], f"{method} {path}: real Procore does not send {invented}"
    assert differences(fake_record, realworld_response(name), "$", real_nulls(method, path)) == []


def test_the_fake_schemas_module_is_current() -> None:
    # _schemas.py is generated from the reference and scripts/overrides.json; a stale one would
    # let the fake drift from both.
    import json

    _gen_schemas = load_script("generate_fake_schemas")
    subset = json.loads(shared_file("reference", "procore_api_subset.json").read_text("utf-8"))
    overrides = json.loads(_gen_schemas._generator().DEFAULT_OVERRIDES.read_text("utf-8"))
    assert _gen_schemas.render(subset, overrides) == _gen_schemas.TARGET.read_text("utf-8")
