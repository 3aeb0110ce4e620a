"""Company header, installs and error bodies: PROCORE_API.md §3, §9.4, §10.1 (raw httpx)."""

from __future__ import annotations

import httpx
import pytest
from _helpers.fake_http import dmsa_token

from procore_sdk.testing import FakeProcore


def test_missing_company_header_is_rejected_with_documented_text(
    api: httpx.Client, fake: FakeProcore
) -> None:
    # §3: "Missing Procore-Company-Id header!"; the status is UNCONFIRMED -> 400 by default.
    del api.headers["Procore-Company-Id"]
    resp = api.get("/rest/v1.0/projects", params={"company_id": fake.company_id})
    assert resp.status_code == 400
    assert resp.json()["message"].startswith("Missing Procore-Company-Id header!")


def test_missing_header_status_is_configurable() -> None:
    fake = FakeProcore(missing_company_header_status=403)
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as raw:
        token = dmsa_token(raw, fake)
        resp = raw.get("/rest/v1.0/vendors", headers={"Authorization": f"Bearer {token}"})
    assert resp.status_code == 403


def test_header_enforcement_can_be_switched_off() -> None:
    fake = FakeProcore(require_company_header=False)
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as raw:
        token = dmsa_token(raw, fake)
        resp = raw.get(
            "/rest/v1.0/vendors",
            params={"company_id": fake.company_id},
            headers={"Authorization": f"Bearer {token}"},
        )
    assert resp.status_code == 200


def test_me_needs_header_for_dmsa_but_not_for_user_tokens(
    raw: httpx.Client, fake: FakeProcore
) -> None:
    # §3 / §2.6: /me and /companies are exempt, except for DMSA (client credentials).
    dmsa = dmsa_token(raw, fake)
    assert raw.get("/rest/v1.0/me", headers={"Authorization": f"Bearer {dmsa}"}).status_code == 400
    user = fake.issue_token(refresh=True).access_token
    resp = raw.get("/rest/v1.0/me", headers={"Authorization": f"Bearer {user}"})
    assert resp.status_code == 200
    assert set(resp.json()) == {"id", "login", "name"}
    assert resp.json()["id"] == fake.user_id


def test_uninstalled_company_is_403_not_connected(api: httpx.Client, fake: FakeProcore) -> None:
    # §9.4: 403 "App is not connected to this company".
    api.headers["Procore-Company-Id"] = str(fake.uninstalled_company_id)
    resp = api.get("/rest/v1.0/projects", params={"company_id": fake.uninstalled_company_id})
    assert resp.status_code == 403
    assert "App is not connected to this company" in resp.text


def test_unknown_company_is_404(api: httpx.Client) -> None:
    # §10.1: 404 for what the caller cannot see.
    api.headers["Procore-Company-Id"] = "999"
    assert api.get("/rest/v1.0/projects", params={"company_id": 999}).status_code == 404


def test_companies_lists_only_installed(api: httpx.Client, fake: FakeProcore) -> None:
    # §2.7: a DMSA sees the companies where the app is installed.
    ids = {c["id"] for c in api.get("/rest/v1.0/companies").json()}
    assert ids == fake.installed_companies
    assert fake.uninstalled_company_id not in ids


def test_records_of_another_company_are_404(api: httpx.Client, fake: FakeProcore) -> None:
    # §10.1: 404 rather than 403 for records the caller may not see.
    other_project = fake.records("projects", fake.other_company_id)[0]["id"]
    resp = api.get(f"/rest/v1.0/projects/{other_project}", params={"company_id": fake.company_id})
    assert resp.status_code == 404
    assert api.get(f"/rest/v1.0/projects/{other_project}/rfis").status_code == 404


def test_v1_error_bodies(api: httpx.Client, fake: FakeProcore) -> None:
    # §10.1: v1 bodies carry "errors" / "message".
    resp = api.post("/rest/v1.0/vendors", json={"company_id": fake.company_id, "vendor": {}})
    assert resp.status_code == 422
    assert resp.json() == {"errors": {"name": ["can't be blank"]}}
    missing = api.get("/rest/v1.0/vendors/1")
    assert missing.status_code == 404
    assert "message" in missing.json()


def test_v2_error_body_shape(api: httpx.Client, fake: FakeProcore) -> None:
    # §10.1: v2 {"error": {"code", "message", "details"}}.
    resp = api.get(
        f"/rest/v2.0/companies/{fake.company_id}/projects/1/submittals",
    )
    assert resp.status_code == 404
    error = resp.json()["error"]
    assert set(error) == {"code", "message", "details"}
    assert error["code"] == "NOT_FOUND"


def test_unauthenticated_v2_error(raw: httpx.Client, fake: FakeProcore) -> None:
    # §2.5 / §10.1: 401 with reason code INVALID_TOKEN.
    resp = raw.get(f"/rest/v2.0/companies/{fake.company_id}/webhooks/hooks")
    assert resp.status_code == 401
    assert resp.json()["error"]["code"] == "INVALID_TOKEN"


@pytest.mark.parametrize(
    "path",
    [
        "/rest/v1.0/me",
        "/rest/v1.0/projects?company_id={c}",
        "/rest/v1.1/projects?company_id={c}",
        "/rest/v1.0/companies/{c}/projects",
        "/rest/v1.0/companies/{c}/users",
        "/rest/v1.3/companies/{c}/users",
        "/rest/v1.0/projects/{p}/users",
        "/rest/v1.0/vendors?company_id={c}",
        "/rest/v1.0/projects/{p}/vendors",
        "/rest/v1.0/cost_codes?project_id={p}",
        "/rest/v1.0/standard_cost_code_lists?company_id={c}",
        "/rest/v1.0/line_item_types?company_id={c}",
        "/rest/v1.0/projects/{p}/rfis",
        "/rest/v1.0/projects/{p}/submittals",
        "/rest/v1.0/observations/items?project_id={p}",
        "/rest/v1.0/punch_items?project_id={p}",
        "/rest/v1.0/projects/{p}/manpower_logs",
        "/rest/v1.0/projects/{p}/notes_logs",
        "/rest/v1.0/projects/{p}/weather_logs",
        "/rest/v1.0/projects/{p}/work_logs",
        "/rest/v1.0/work_order_contracts?project_id={p}",
        "/rest/v1.0/purchase_order_contracts?project_id={p}",
        "/rest/v1.0/prime_contracts?project_id={p}",
        "/rest/v1.0/potential_change_orders?project_id={p}",
        "/rest/v1.0/change_order_requests?project_id={p}",
        "/rest/v1.0/projects/{p}/direct_costs",
        "/rest/v2.0/companies/{c}/projects/{p}/submittals",
    ],
)
def test_documented_list_paths_answer(api: httpx.Client, fake: FakeProcore, path: str) -> None:
    # §11: the list paths of the documented resources.
    url = path.format(c=fake.company_id, p=fake.project_id)
    resp = api.get(url)
    assert resp.status_code == 200, resp.text
    assert resp.json()


def test_show_create_update_project_and_no_delete(api: httpx.Client, fake: FakeProcore) -> None:
    # §11 row 2: projects have show/create/update, no delete.
    created = api.post(
        "/rest/v1.0/projects",
        json={"company_id": fake.company_id, "project": {"name": "Tower", "total_value": 1250.5}},
    )
    assert created.status_code == 201
    pid = created.json()["id"]
    # §10.3: money fields are strings in v1 responses.
    assert created.json()["total_value"] == "1250.50"
    shown = api.get(f"/rest/v1.0/projects/{pid}", params={"company_id": fake.company_id})
    assert shown.json()["name"] == "Tower"
    patched = api.patch(f"/rest/v1.0/projects/{pid}", json={"project": {"name": "Tower 2"}})
    assert patched.status_code == 200
    assert patched.json()["name"] == "Tower 2"
    assert api.delete(f"/rest/v1.0/projects/{pid}").status_code == 405


def test_rfi_replies_and_recycle(api: httpx.Client, fake: FakeProcore) -> None:
    # §11 row 21: RFIs are recycled, not deleted; replies live under an RFI.
    rfi = api.post(f"/rest/v1.0/projects/{fake.project_id}/rfis", json={"rfi": {"subject": "Q"}})
    assert rfi.status_code == 201
    rid = rfi.json()["id"]
    reply = api.post(
        f"/rest/v1.0/projects/{fake.project_id}/rfis/{rid}/replies",
        json={"reply": {"plain_text_body": "A"}},
    )
    assert reply.status_code == 201
    replies = api.get(f"/rest/v1.0/projects/{fake.project_id}/rfis/{rid}/replies").json()
    assert [r["plain_text_body"] for r in replies] == ["A"]
    assert api.patch(f"/rest/v1.0/projects/{fake.project_id}/rfis/{rid}/recycle").status_code == 200
    listed = api.get(f"/rest/v1.0/projects/{fake.project_id}/rfis").json()
    assert rid not in {r["id"] for r in listed}


def test_project_user_remove_action(api: httpx.Client, fake: FakeProcore) -> None:
    # §11 row 4 / §12.17: project users are removed via actions/remove.
    users = api.get(f"/rest/v1.0/projects/{fake.project_id}/users").json()
    uid = users[0]["id"]
    resp = api.delete(f"/rest/v1.0/projects/{fake.project_id}/users/{uid}/actions/remove")
    assert resp.status_code == 204
    remaining = api.get(f"/rest/v1.0/projects/{fake.project_id}/users").json()
    assert uid not in {u["id"] for u in remaining}


def test_requests_are_recorded_with_redacted_authorization(
    api: httpx.Client, fake: FakeProcore
) -> None:
    api.post("/rest/v1.0/vendors", json={"company_id": fake.company_id, "vendor": {"name": "V"}})
    last = fake.requests[-1]
    assert last.method == "POST"
    assert last.path == "/rest/v1.0/vendors"
    assert last.json == {"company_id": fake.company_id, "vendor": {"name": "V"}}
    assert last.headers["authorization"] == "[REDACTED]"
    assert last.headers["procore-company-id"] == str(fake.company_id)
