"""Regenerate procore_sdk/testing/_schemas.py from the reference subset.

Run: python tests/testing/_gen_schemas.py ../shared/reference/procore_api_subset.json
Each collection takes its record fields from the first source endpoint that has a response
schema (show, then list, then sync entities, then sync request fields).
"""

from __future__ import annotations

import json
import pprint
import sys
from pathlib import Path
from typing import Any

SOURCES: dict[str, list[str]] = {
    "companies": ["GET /rest/v1.0/companies"],
    "projects": ["GET /rest/v1.0/projects/{id}", "GET /rest/v1.0/projects"],
    "company_users": ["GET /rest/v1.0/companies/{company_id}/users/{id}"],
    "project_users": ["GET /rest/v1.0/projects/{project_id}/users/{id}"],
    "vendors": ["GET /rest/v1.0/vendors/{id}", "PATCH /rest/v1.0/vendors/sync"],
    "project_vendors": ["GET /rest/v1.0/projects/{project_id}/vendors/{id}"],
    "cost_codes": ["GET /rest/v1.0/cost_codes/{id}"],
    "standard_cost_codes": ["GET /rest/v1.0/standard_cost_codes/{id}"],
    "standard_cost_code_lists": ["GET /rest/v1.0/standard_cost_code_lists/{id}"],
    "line_item_types": ["PATCH /rest/v1.0/line_item_types/sync"],
    "rfis": ["GET /rest/v1.0/projects/{project_id}/rfis/{id}"],
    "rfi_replies": ["GET /rest/v1.0/projects/{project_id}/rfis/{rfi_id}/replies/{id}"],
    "submittals": ["GET /rest/v1.0/projects/{project_id}/submittals/{id}"],
    "observations": ["GET /rest/v1.0/observations/items/{id}"],
    "punch_items": ["GET /rest/v1.0/punch_items/{id}"],
    "manpower_logs": ["GET /rest/v1.0/projects/{project_id}/manpower_logs/{id}"],
    "notes_logs": ["GET /rest/v1.0/projects/{project_id}/notes_logs/{id}"],
    "work_order_contracts": ["GET /rest/v1.0/work_order_contracts/{id}"],
    "purchase_order_contracts": ["GET /rest/v1.0/purchase_order_contracts/{id}"],
    "work_order_contract_line_items": [
        "PATCH /rest/v1.0/work_order_contracts/{work_order_contract_id}/line_items/sync"
    ],
    "purchase_order_contract_line_items": [
        "PATCH /rest/v1.0/purchase_order_contracts/{purchase_order_contract_id}/line_items/sync"
    ],
    "prime_contract_line_items": [
        "PATCH /rest/v1.0/prime_contracts/{prime_contract_id}/line_items/sync"
    ],
    "potential_change_orders": ["GET /rest/v1.0/potential_change_orders/{id}"],
    "potential_change_order_line_items": [
        "GET /rest/v1.0/potential_change_orders/{potential_change_order_id}/line_items/{id}"
    ],
    "change_order_requests": ["GET /rest/v1.0/change_order_requests/{id}"],
    "direct_costs": ["PATCH /rest/v1.0/projects/{project_id}/direct_costs/sync"],
    "direct_cost_line_items": [
        "PATCH /rest/v1.0/projects/{project_id}/direct_costs/line_items/sync"
    ],
    "budget_line_items": ["GET /rest/v1.0/budget_line_items/{id}"],
}


def _fields(node: Any) -> Any:
    # Objects become dicts of their fields; arrays of objects become [dict of item fields].
    if isinstance(node, dict) and "fields" in node:
        sub = {k: _fields(v) for k, v in node["fields"].items()}
        return [sub] if str(node.get("type", "")).startswith("array") else sub
    if isinstance(node, dict):
        return node.get("type", "object")
    return node


def main() -> None:
    subset = json.loads(Path(sys.argv[1]).read_text())
    by_key = {f"{e['method']} {e['path']}": e for e in subset["endpoints"]}
    out: dict[str, Any] = {}
    for name, keys in SOURCES.items():
        for key in keys:
            endpoint = by_key[key]
            resp = endpoint.get("response") or {}
            fields = resp.get("fields") or {}
            if "entities" in fields:
                ent = fields["entities"]
                fields = ent.get("fields", {}) if isinstance(ent, dict) else {}
                if not fields:
                    body = (endpoint.get("request_body") or {}).get("fields", {})
                    upd = body.get("updates", {})
                    fields = upd.get("fields", {}) if isinstance(upd, dict) else {}
            if fields and list(fields) != ["oneOf"]:
                out[name] = {k: _fields(v) for k, v in fields.items()}
                break
        else:
            out[name] = {}
    target = Path(__file__).resolve().parents[2] / "procore_sdk/testing/_schemas.py"
    text = (
        '"""Record fields per collection, generated from procore_api_subset.json.\n\n'
        "Objects are dicts of their fields; arrays of objects are ``[item fields]``.\n"
        "Do not edit by hand: run ``python tests/testing/_gen_schemas.py <subset.json>``.\n"
        '"""\n\nfrom __future__ import annotations\n\nfrom typing import Any\n\n'
        f"SCHEMAS: dict[str, dict[str, Any]] = {pprint.pformat(out, width=100, sort_dicts=False)}\n"
    )
    target.write_text(text)


if __name__ == "__main__":
    main()
