"""A listing through injected faults returns every record exactly once (DESIGN.md, reliability).

5xx, 503 with Retry-After, 429 and dropped connections (before and after Procore processed the
request) are injected at a seeded rate on the list path of the fake Procore; a GET is safe to
resend (§10.1), so the pager retries and must neither lose nor repeat a record.
"""

from __future__ import annotations

from _helpers.flavour import Flavour

from procore_sdk.testing import FakeProcore

PATH = "/rest/v1.0/vendors"


def test_every_record_exactly_once_through_faults(flavour: Flavour) -> None:
    fake = FakeProcore(seed=21, sizes={"vendors": 1_234})
    expected = [record["id"] for record in fake.records("vendors", fake.company_id)]
    assert len(expected) == 1_234
    fake.fail(500, path=PATH, times=None, rate=0.15)
    fake.fail(503, path=PATH, times=None, rate=0.1, retry_after=2)
    fake.fail(429, path=PATH, times=None, rate=0.1)
    fake.drop(path=PATH, times=None, rate=0.1)
    fake.drop(path=PATH, after_processing=True, times=None, rate=0.1)
    sleeps: list[float] = []
    client = flavour.client(
        fake=fake,
        access_token=None,
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        login_url=fake.base_url,
        company_id=fake.company_id,
        base_url=fake.base_url,
        max_retries=25,
        sleep=(_async_recorder(sleeps) if flavour.is_async else sleeps.append),
    )
    ids = [vendor.id for vendor in client.vendors.list(per_page=50)]
    assert sorted(ids) == sorted(expected)
    assert len(ids) == len(set(ids))  # nothing repeated
    list_requests = [r for r in fake.requests if r.path == PATH]
    assert len(list_requests) > 25  # faults really happened: 25 pages plus the retries
    assert sleeps  # and were waited out (by the injected sleeper, never for real)


def _async_recorder(sleeps: list[float]):  # type: ignore[no-untyped-def]
    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)

    return sleep
