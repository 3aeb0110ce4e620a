"""`client.token_info()` and `client.revoke_token()` through both clients, against the fake
Procore (§2.2: token info describes the token; revoke kills access and refresh token together)."""

from __future__ import annotations

import pytest
from _helpers.flavour import Flavour

import procore_sdk as sdk
from procore_sdk.testing import FakeProcore


@pytest.fixture(params=["sync", "async"])
def flavour(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    f = Flavour(request.param)
    yield f
    f.close()


def test_token_info_and_revoke(flavour: Flavour) -> None:
    fake = FakeProcore(seed=4)
    client = flavour.client(
        fake=fake,
        access_token=None,
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        base_url=fake.base_url,
        login_url=fake.base_url,
        company_id=fake.company_id,
    )
    info = client.token_info()
    assert info.expires_in_seconds is not None
    assert info.expires_in_seconds > 0
    assert fake.tokens_issued["client_credentials"] == 1
    client.revoke_token()
    # The revoked token is gone: the next call requests a new one rather than failing.
    assert client.get("/rest/v1.0/me")["id"]
    assert fake.tokens_issued["client_credentials"] == 2


def test_token_calls_need_an_oauth_grant(flavour: Flavour) -> None:
    client = flavour.client(handler=lambda request: None)
    with pytest.raises(sdk.ConfigurationError, match="fixed access_token"):
        client.token_info()
    with pytest.raises(sdk.ConfigurationError, match="fixed access_token"):
        client.revoke_token()
