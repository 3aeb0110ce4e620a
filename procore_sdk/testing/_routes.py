"""The fake Procore's routes, declared as data.

Each :class:`Route` names the collection it serves, where its scope (company, project or parent
record) comes from, the body key of create/update bodies and its page-size limit. Adding a
resource is adding rows here (and, for seeded data, a size in ``FakeProcore(sizes=...)``).
Paths come from ``procore_api_subset.json`` / ``procore_api_catalog.json``.
"""

from __future__ import annotations

import re
from typing import Literal

import attrs

from .._limits import per_page_default, per_page_max
from ._files import FILE_ROUTES

__all__ = ["COLLECTION_PARENTS", "ROUTES", "Route", "match_route"]

Action = Literal[
    "list", "show", "create", "update", "delete", "remove", "sync", "custom", "recycle"
]
ScopeIn = Literal["query", "path", "body", "header", "none"]


@attrs.frozen
class Route:
    """One endpoint of the fake.

    Attributes:
        method: HTTP method.
        template: path template with ``{name}`` parameters.
        action: what the endpoint does to its collection (``custom`` = a named handler).
        collection: the collection served (or the custom handler's name).
        scope: the parameter naming the scope record (``company_id``, ``project_id``, ...).
        scope_in: where that parameter lives (``query``/``path``/``body``; ``header`` uses the
            ``Procore-Company-Id`` header; ``none`` = unscoped).
        wrapper: the body key of create/update bodies (Procore docs: RESTful API Concepts), or the
            Sync list key.
        paginated: whether the list pages (Procore docs: Using Pagination).
        per_page_max: the largest page (from ``procore_sdk._limits``).
        per_page_default: the page size when ``per_page`` is absent.
    """

    method: str
    template: str
    action: Action
    collection: str
    scope: str | None = None
    scope_in: ScopeIn = "none"
    wrapper: str | None = None
    paginated: bool = False
    per_page_max: int | None = None
    per_page_default: int | None = None
    regex: re.Pattern[str] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        pattern = re.sub(r"\\\{([a-z_]+)\\\}", r"(?P<\1>[^/]+)", re.escape(self.template))
        object.__setattr__(self, "regex", re.compile(pattern + "/?"))

    @property
    def is_v2(self) -> bool:
        """Whether the route is REST v2.x (``data`` envelope, string ids; Procore docs: New Rest V2
        API Version)."""
        return self.template.startswith("/rest/v2.")


# The collection each collection's scope ids point into ("companies" = company-scoped).
COLLECTION_PARENTS: dict[str, str | None] = {
    "companies": None,
    "projects": "companies",
    "company_users": "companies",
    "project_users": "projects",
    "vendors": "companies",
    "project_vendors": "projects",
    "cost_codes": "projects",
    "standard_cost_code_lists": "companies",
    "standard_cost_codes": "standard_cost_code_lists",
    "line_item_types": "companies",
    "rfis": "projects",
    "rfi_replies": "rfis",
    "submittals": "projects",
    "observations": "projects",
    "punch_items": "projects",
    "manpower_logs": "projects",
    "notes_logs": "projects",
    "weather_logs": "projects",
    "work_logs": "projects",
    "work_order_contracts": "projects",
    "purchase_order_contracts": "projects",
    "prime_contracts": "projects",
    "work_order_contract_line_items": "work_order_contracts",
    "purchase_order_contract_line_items": "purchase_order_contracts",
    "prime_contract_line_items": "prime_contracts",
    "potential_change_orders": "projects",
    "potential_change_order_line_items": "potential_change_orders",
    "change_order_requests": "projects",
    "direct_costs": "projects",
    "direct_cost_line_items": "projects",
    "budget_line_items": "projects",
    # Sync-only collections of the subset (Procore API reference: their Sync endpoints).
    "tasks": "projects",
    "todos": "projects",
    "sub_jobs": "projects",
    "coordination_issues": "projects",
    "calendar_items": "projects",
    "tax_codes": "companies",
    "tax_types": "companies",
    "uoms": "companies",
    "insurances": "companies",
    "project_insurances": "projects",
    "vendor_insurances": "vendors",
}


def _r(
    method: str,
    template: str,
    action: Action,
    collection: str,
    scope: str | None = None,
    scope_in: ScopeIn = "none",
    wrapper: str | None = None,
) -> Route:
    paginated = action == "list" and per_page_max(method, template) is not None
    return Route(
        method,
        template,
        action,
        collection,
        scope,
        scope_in,
        wrapper,
        paginated,
        per_page_max(method, template) if paginated else None,
        per_page_default(method, template) if paginated else None,
    )


def _crud(
    base: str,
    collection: str,
    scope: str,
    scope_in: ScopeIn,
    wrapper: str | None,
    actions: str = "LSCU",
    item: str | None = None,
) -> list[Route]:
    """Routes for a collection: L=list, S=show, C=create, U=update, D=delete."""
    item = item or base + "/{id}"
    table = {
        "L": ("GET", base, "list"),
        "S": ("GET", item, "show"),
        "C": ("POST", base, "create"),
        "U": ("PATCH", item, "update"),
        "D": ("DELETE", item, "delete"),
    }
    out = []
    for letter in actions:
        method, template, action = table[letter]
        out.append(_r(method, template, action, collection, scope, scope_in, wrapper))  # type: ignore[arg-type]
    return out


_V1 = "/rest/v1.0"
_PROJ = "/rest/v1.0/projects/{project_id}"


def _build() -> list[Route]:
    rows: list[Route] = [
        _r("GET", "/rest/v1.0/me", "custom", "me"),
        *(_r("GET", f"/rest/v1.{v}/companies/{{company_id}}/me", "custom", "me") for v in range(4)),
        _r("GET", "/rest/v1.0/companies", "list", "companies", None, "none"),
        # Projects (Procore API reference: Projects): three list paths, show/create/update, no
        # delete.
        *_crud(f"{_V1}/projects", "projects", "company_id", "query", "project"),
        _r("GET", "/rest/v1.1/projects", "list", "projects", "company_id", "query"),
        _r(
            "GET",
            "/rest/v1.0/companies/{company_id}/projects",
            "list",
            "projects",
            "company_id",
            "path",
        ),
        _r("PATCH", f"{_V1}/projects/sync", "sync", "projects", "company_id", "body", "updates"),
    ]
    for v in range(4):
        base = f"/rest/v1.{v}/companies/{{company_id}}/users"
        rows += _crud(base, "company_users", "company_id", "path", "user")
        rows.append(
            _r("PATCH", base + "/sync", "sync", "company_users", "company_id", "path", "updates")
        )
    for v in range(4):
        rows.append(
            _r("GET", f"/rest/v1.{v}/users", "list", "company_users", "company_id", "query")
        )
    rows += [
        *_crud(f"{_PROJ}/users", "project_users", "project_id", "path", "user"),
        _r(
            "DELETE",
            f"{_PROJ}/users/{{id}}/actions/remove",
            "remove",
            "project_users",
            "project_id",
            "path",
        ),
        *_crud(f"{_V1}/vendors", "vendors", "company_id", "query", "vendor"),
        _r("PATCH", f"{_V1}/vendors/sync", "sync", "vendors", "company_id", "body", "updates"),
        *_crud(f"{_PROJ}/vendors", "project_vendors", "project_id", "path", "vendor"),
        *_crud(
            "/rest/v1.1/projects/{project_id}/vendors",
            "project_vendors",
            "project_id",
            "path",
            "vendor",
        ),
        _r(
            "DELETE",
            f"{_PROJ}/vendors/{{id}}/actions/remove",
            "remove",
            "project_vendors",
            "project_id",
            "path",
        ),
        *_crud(f"{_V1}/cost_codes", "cost_codes", "project_id", "query", "cost_code"),
        _r(
            "PATCH",
            f"{_V1}/cost_codes/sync",
            "sync",
            "cost_codes",
            "project_id",
            "query",
            "updates",
        ),
        *_crud(
            f"{_V1}/standard_cost_code_lists",
            "standard_cost_code_lists",
            "company_id",
            "query",
            "standard_cost_code_list",
        ),
        *_crud(
            f"{_V1}/standard_cost_codes",
            "standard_cost_codes",
            "standard_cost_code_list_id",
            "query",
            "standard_cost_code",
            "LSCUD",
        ),
        _r(
            "PATCH",
            f"{_V1}/standard_cost_codes/sync",
            "sync",
            "standard_cost_codes",
            "standard_cost_code_list_id",
            "body",
            "updates",
        ),
        *_crud(
            f"{_V1}/line_item_types", "line_item_types", "company_id", "query", "line_item_type"
        ),
        _r(
            "PATCH",
            f"{_V1}/line_item_types/sync",
            "sync",
            "line_item_types",
            "company_id",
            "body",
            "updates",
        ),
        # RFIs (Procore API reference: RFIs): recycle instead of delete; replies under an RFI.
        *_crud(f"{_PROJ}/rfis", "rfis", "project_id", "path", "rfi"),
        _r("PATCH", f"{_PROJ}/rfis/{{id}}/recycle", "recycle", "rfis", "project_id", "path"),
        *_crud(
            f"{_PROJ}/rfis/{{rfi_id}}/replies", "rfi_replies", "rfi_id", "path", "reply", "LSCUD"
        ),
        *_crud(f"{_PROJ}/submittals", "submittals", "project_id", "path", "submittal"),
        *_crud(
            "/rest/v1.1/projects/{project_id}/submittals",
            "submittals",
            "project_id",
            "path",
            "submittal",
            "LSCUD",
        ),
        *_crud(
            "/rest/v2.0/companies/{company_id}/projects/{project_id}/submittals",
            "submittals",
            "project_id",
            "path",
            None,
            "L",
        ),
        *_crud(f"{_V1}/observations/items", "observations", "project_id", "query", "observation"),
        _r(
            "DELETE",
            f"{_PROJ}/observations/items/{{id}}",
            "delete",
            "observations",
            "project_id",
            "path",
        ),
        *_crud(f"{_V1}/punch_items", "punch_items", "project_id", "query", "punch_item", "LSCUD"),
        *_crud(
            "/rest/v1.1/punch_items", "punch_items", "project_id", "query", "punch_item", "LSCUD"
        ),
    ]
    # Daily logs (Procore API reference: Daily Log): date-filtered lists (Procore docs: Filtering
    # and Sorting on List Actions; Working with Daily Logs).
    for kind in ("manpower_logs", "notes_logs", "weather_logs", "work_logs"):
        rows += _crud(f"{_PROJ}/{kind}", kind, "project_id", "path", kind[:-1], "LSCUD")
    # Financials (Procore docs: Using Sync Actions; Procore API reference: Construction Financials).
    for kind in ("work_order_contracts", "purchase_order_contracts"):
        rows += _crud(f"{_V1}/{kind}", kind, "project_id", "query", kind[:-1], "LSCUD")
        rows.append(
            _r("PATCH", f"{_V1}/{kind}/sync", "sync", kind, "project_id", "body", "updates")
        )
        parent = f"{kind[:-1]}_id"
        base = f"{_V1}/{kind}/{{{parent}}}/line_items"
        rows += _crud(base, f"{kind[:-1]}_line_items", parent, "path", "line_item", "LSCUD")
        rows.append(
            _r(
                "PATCH",
                base + "/sync",
                "sync",
                f"{kind[:-1]}_line_items",
                parent,
                "path",
                "updates",
            )
        )
    rows += [
        *_crud(
            f"{_V1}/prime_contracts",
            "prime_contracts",
            "project_id",
            "query",
            "prime_contract",
            "LS",
        ),
        *_crud(
            "/rest/v2.0/companies/{company_id}/projects/{project_id}/prime_contracts",
            "prime_contracts",
            "project_id",
            "path",
            None,
            "LSCUD",
            "/rest/v2.0/companies/{company_id}/projects/{project_id}/prime_contracts/{id}",
        ),
        _r(
            "PATCH",
            f"{_V1}/prime_contracts/{{prime_contract_id}}/line_items/sync",
            "sync",
            "prime_contract_line_items",
            "prime_contract_id",
            "path",
            "updates",
        ),
        *_crud(
            f"{_V1}/potential_change_orders",
            "potential_change_orders",
            "project_id",
            "query",
            "change_order",
        ),
        _r(
            "PATCH",
            f"{_V1}/potential_change_orders/sync",
            "sync",
            "potential_change_orders",
            "project_id",
            "query",
            "updates",
        ),
        *_crud(
            f"{_V1}/potential_change_orders/{{potential_change_order_id}}/line_items",
            "potential_change_order_line_items",
            "potential_change_order_id",
            "path",
            "line_item",
            "LSCUD",
        ),
        _r(
            "PATCH",
            f"{_V1}/potential_change_orders/{{potential_change_order_id}}/line_items/sync",
            "sync",
            "potential_change_order_line_items",
            "potential_change_order_id",
            "path",
            "updates",
        ),
        *_crud(
            f"{_V1}/change_order_requests",
            "change_order_requests",
            "project_id",
            "query",
            "change_order",
        ),
        _r(
            "PATCH",
            f"{_V1}/change_order_requests/sync",
            "sync",
            "change_order_requests",
            "project_id",
            "query",
            "updates",
        ),
        _r(
            "PATCH",
            f"{_PROJ}/direct_costs/sync",
            "sync",
            "direct_costs",
            "project_id",
            "path",
            "updates",
        ),
        _r(
            "PATCH",
            f"{_PROJ}/direct_costs/line_items/sync",
            "sync",
            "direct_cost_line_items",
            "project_id",
            "path",
            "updates",
        ),
        *_crud(
            f"{_PROJ}/direct_costs", "direct_costs", "project_id", "path", "direct_cost", "LSCUD"
        ),
        *_crud(
            "/rest/v1.1/projects/{project_id}/direct_costs",
            "direct_costs",
            "project_id",
            "path",
            "direct_cost",
            "LSC",
        ),
        _r(
            "GET",
            f"{_PROJ}/direct_costs/line_items",
            "list",
            "direct_cost_line_items",
            "project_id",
            "path",
        ),
        # budget_line_items/sync is the POST exception with a budget_line_items key (Procore docs:
        # Using Sync Actions; Procore API reference: Sync Budget Line Items).
        _r(
            "POST",
            f"{_V1}/budget_line_items/sync",
            "sync",
            "budget_line_items",
            "project_id",
            "body",
            "budget_line_items",
        ),
        *_crud(
            f"{_V1}/budget_line_items",
            "budget_line_items",
            "project_id",
            "query",
            "budget_line_item",
            "SCU",
        ),
        *_crud(
            "/rest/v1.1/budget_line_items",
            "budget_line_items",
            "project_id",
            "query",
            "budget_line_item",
            "SCU",
        ),
        _r(
            "DELETE",
            "/rest/v2.0/companies/{company_id}/projects/{project_id}/budget_line_items/{id}",
            "delete",
            "budget_line_items",
            "project_id",
            "path",
        ),
        # Sync-only endpoints of the subset.
        _r("PATCH", f"{_V1}/tasks/sync", "sync", "tasks", "project_id", "body", "updates"),
        _r("PATCH", f"{_V1}/todos/sync", "sync", "todos", "project_id", "query", "updates"),
        _r("PATCH", f"{_V1}/sub_jobs/sync", "sync", "sub_jobs", "project_id", "body", "updates"),
        _r(
            "PATCH",
            f"{_V1}/coordination_issues/sync",
            "sync",
            "coordination_issues",
            "project_id",
            "body",
            "updates",
        ),
        _r(
            "PATCH",
            f"{_PROJ}/schedule/calendar_items/sync",
            "sync",
            "calendar_items",
            "project_id",
            "path",
            "updates",
        ),
        _r("PATCH", f"{_V1}/tax_codes/sync", "sync", "tax_codes", "company_id", "body", "updates"),
        _r("PATCH", f"{_V1}/tax_types/sync", "sync", "tax_types", "company_id", "body", "updates"),
        _r(
            "PATCH",
            f"{_V1}/companies/{{company_id}}/uoms/sync",
            "sync",
            "uoms",
            "company_id",
            "path",
            "updates",
        ),
        _r(
            "PATCH",
            f"{_V1}/insurances/sync",
            "sync",
            "insurances",
            "company_id",
            "header",
            "updates",
        ),
        _r(
            "PATCH",
            f"{_V1}/companies/{{company_id}}/insurances/sync",
            "sync",
            "insurances",
            "company_id",
            "path",
            "updates",
        ),
        _r(
            "PATCH",
            f"{_PROJ}/insurances/sync",
            "sync",
            "project_insurances",
            "project_id",
            "path",
            "updates",
        ),
        _r(
            "PATCH",
            f"{_V1}/companies/{{company_id}}/vendors/{{vendor_id}}/insurances/sync",
            "sync",
            "vendor_insurances",
            "vendor_id",
            "path",
            "updates",
        ),
        _r(
            "PATCH",
            f"{_PROJ}/vendors/{{vendor_id}}/insurances/sync",
            "sync",
            "vendor_insurances",
            "vendor_id",
            "path",
            "updates",
        ),
    ]
    # Webhooks (v1.0: Procore docs: Set Up Webhooks; v2.0: Procore API reference: Webhooks (v2.0)):
    # custom handlers in _webhooks.
    hook_bases = (
        "/rest/v1.0/webhooks",
        "/rest/v2.0/companies/{company_id}/webhooks",
        "/rest/v2.0/companies/{company_id}/projects/{project_id}/webhooks",
    )
    for base in hook_bases:
        rows += [
            _r("GET", f"{base}/hooks", "custom", "hooks.list"),
            _r("POST", f"{base}/hooks", "custom", "hooks.create"),
            _r("GET", f"{base}/hooks/{{id}}", "custom", "hooks.show"),
            _r("PATCH", f"{base}/hooks/{{id}}", "custom", "hooks.update"),
            _r("DELETE", f"{base}/hooks/{{id}}", "custom", "hooks.delete"),
            _r("GET", f"{base}/hooks/{{hook_id}}/triggers", "custom", "triggers.list"),
            _r("POST", f"{base}/hooks/{{hook_id}}/triggers", "custom", "triggers.create"),
            _r("POST", f"{base}/hooks/{{hook_id}}/triggers/bulk", "custom", "triggers.bulk_create"),
            _r(
                "DELETE",
                f"{base}/hooks/{{hook_id}}/triggers/bulk",
                "custom",
                "triggers.bulk_delete",
            ),
            _r("DELETE", f"{base}/hooks/{{hook_id}}/triggers/{{id}}", "custom", "triggers.delete"),
            _r("GET", f"{base}/hooks/{{hook_id}}/deliveries", "custom", "deliveries.list"),
            _r("GET", f"{base}/resources", "custom", "resources.list"),
        ]
    rows.append(
        _r("GET", "/rest/v1.0/webhooks/resources/api_versions", "custom", "resources.api_versions")
    )
    # Uploads and files: custom handlers in _files.
    rows += [_r(method, template, "custom", name) for method, template, name in FILE_ROUTES]
    return rows


ROUTES: tuple[Route, ...] = tuple(_build())

# Literal segments first so ".../users/sync" wins over ".../users/{id}".
_ORDERED = sorted(ROUTES, key=lambda r: (r.template.count("{"), -len(r.template)))


def match_route(method: str, path: str) -> tuple[Route, dict[str, str]] | bool | None:
    """Find the route for ``method path``.

    Returns:
        ``(route, path params)``; ``True`` if the path exists with another method (405);
        ``None`` if no route has this path (404).
    """
    path_known = False
    for route in _ORDERED:
        found = route.regex.fullmatch(path)
        if found is None:
            continue
        if route.method == method:
            return route, found.groupdict()
        path_known = True
    return True if path_known else None
