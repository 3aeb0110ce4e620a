"""Every resource endpoint the SDK knows, declared as data (no I/O).

One :class:`Endpoint` per resource: its paths per API version, where the scope parameters
(``company_id``, ``project_id``, parent ids) go for each operation (path, query or body), the
body wrapper key (Procore docs: RESTful API Concepts), its models, the filters Procore documents on
its list, and how it sorts. The generic resource classes in ``procore_sdk/_async/_resource_base.py``
turn these rows into calls; :func:`build_call` does the pure part (paths, query, body).

Paths and parameters come from ``procore_api_subset.json`` (and ``procore_api_catalog.json``
where the subset lacks an endpoint), checked against Procore's API reference.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

import attrs

from . import models as m
from ._errors import InvalidArgumentError, argument_type_error, invalid_argument
from ._types import UNSET, UnsetType
from .models._base import ReadModel, WriteModel

__all__ = [
    "ENDPOINTS",
    "Endpoint",
    "Operation",
    "ScopeIn",
    "array_form",
    "build_call",
    "encode_sort",
    "newest_version",
    "write_body",
]

ScopeIn = Literal["path", "query", "body"]
Action = Literal["list", "retrieve", "create", "update", "delete", "remove", "add", "recycle"]
SortStyle = Literal["fields", "attribute_direction", "none"]


@attrs.frozen
class Operation:
    """One HTTP operation of a resource in one API version.

    Attributes:
        method: HTTP method.
        path: path template; ``{name}`` placeholders are filled from the scope and ``{id}``.
        scope: scope parameters that travel outside the path, with where each goes.
        paginated: whether a list pages with ``page``/``per_page`` + ``Link`` (Procore docs: Using
            Pagination).
    """

    method: str
    path: str
    scope: tuple[tuple[str, ScopeIn], ...] = ()
    paginated: bool = False


@attrs.frozen
class Endpoint:
    """A resource: its operations per version and how to talk to it.

    Attributes:
        name: the attribute on the client (``projects``).
        model: the read model.
        write_model: the write model accepted by create/update (dicts are accepted too).
        wrapper: the key that wraps create/update attributes (``{"project": {...}}``; Procore docs:
            RESTful API Concepts).
        operations: action -> version -> operation.
        defaults: action -> default version, when not the newest v1.x (see :meth:`default`).
        filters: the ``filters[...]`` keys Procore documents on the list.
        array_filters: per list version, the filters Procore's OpenAPI types as arrays
            (``filters[<attr>][]=v``); they are sent in that form even with one value. Each
            row cites the operation it was read from; ``tests/conformance`` checks them.
        sort: ``fields`` (``sort=a,-b``; Procore docs: Filtering and Sorting on List Actions),
            ``attribute_direction`` (RFIs; Procore API reference: List RFIs) or ``none``.
        top_level: list parameters Procore documents outside ``filters`` (``search``, ``view``).
        envelope: the key wrapping v2 bodies (``data``; Procore docs: New Rest V2 API Version) per
            version prefix.
    """

    name: str
    model: type[ReadModel]
    write_model: type[WriteModel] | None
    wrapper: str | None
    operations: Mapping[str, Mapping[str, Operation]]
    defaults: Mapping[str, str] = attrs.field(factory=dict)
    filters: frozenset[str] = frozenset()
    sort: SortStyle = "none"
    array_filters: Mapping[str, frozenset[str]] = attrs.field(factory=dict)
    top_level: frozenset[str] = frozenset()

    def versions(self, action: str) -> tuple[str, ...]:
        """The versions offering ``action``, oldest first."""
        return tuple(sorted(self.operations.get(action, {}), key=_version_key))

    def default(self, action: str) -> str:
        """The version used when a call does not pass ``version=``.

        The newest v1.x version of the operation (none in the subset is flagged deprecated; Procore
        docs: API Lifecycle); v2.x variants change the wire format (string ids, ``data`` envelope;
        Procore docs: New Rest V2 API Version), so they are opt-in with ``version=``, unless an
        endpoint says otherwise.
        """
        if action in self.defaults:
            return self.defaults[action]
        return newest_version(self.versions(action))

    def operation(self, action: str, version: str | None = None) -> tuple[str, Operation]:
        """The operation for ``action`` in ``version`` (the default when ``None``).

        Raises:
            ValueError: the resource has no such action or version.
        """
        by_version = self.operations.get(action)
        if not by_version:
            raise InvalidArgumentError(
                f"{self.name} has no {action} operation in Procore's API", argument=action
            )
        if version is not None and not isinstance(version, str):
            raise argument_type_error(
                "version", version, f"one of {', '.join(self.versions(action))} (a string)"
            )
        chosen = self.default(action) if version is None else _normalise_version(version)
        op = by_version.get(chosen)
        if op is None:
            raise invalid_argument(
                "version",
                version,
                f"a version Procore offers {self.name}.{action} in: "
                f"{', '.join(self.versions(action))}",
            )
        return chosen, op


def _version_key(version: str) -> tuple[int, int]:
    major, _, minor = version.lstrip("v").partition(".")
    return int(major), int(minor or 0)


def _normalise_version(version: str) -> str:
    text = version.strip().lower()
    if not text.startswith("v"):
        text = "v" + text
    if "." not in text:
        text += ".0"
    return text


def newest_version(versions: Sequence[str]) -> str:
    """The newest v1.x version of ``versions`` (or the newest of all when there is no v1)."""
    v1 = [v for v in versions if v.startswith("v1.")]
    pool = v1 or list(versions)
    if not pool:
        raise ValueError("no versions")
    return max(pool, key=_version_key)


# -- declaring rows ------------------------------------------------------------------------

Q: ScopeIn = "query"
B: ScopeIn = "body"


def _op(method: str, path: str, *scope: tuple[str, ScopeIn], paginated: bool = False) -> Operation:
    return Operation(method, path, tuple(scope), paginated)


def _per_version(
    versions: Sequence[str], template: str, method: str, *scope: tuple[str, ScopeIn], **kw: bool
) -> dict[str, Operation]:
    return {v: _op(method, template.replace("{v}", v), *scope, **kw) for v in versions}


def _crud(
    versions: Sequence[str],
    base: str,
    *,
    list_scope: Sequence[tuple[str, ScopeIn]] = (),
    show_scope: Sequence[tuple[str, ScopeIn]] = (),
    write_scope: Sequence[tuple[str, ScopeIn]] = (),
    item: str | None = None,
) -> dict[str, dict[str, Operation]]:
    """List/retrieve/create/update for ``base`` in each version (``{v}`` in the template)."""
    item = item or base + "/{id}"
    return {
        "list": _per_version(versions, base, "GET", *list_scope, paginated=True),
        "retrieve": _per_version(versions, item, "GET", *show_scope),
        "create": _per_version(versions, base, "POST", *write_scope),
        "update": _per_version(versions, item, "PATCH", *write_scope),
    }


def _arrays(versions: Sequence[str], *names: str) -> dict[str, frozenset[str]]:
    """``array_filters`` rows: the same array-typed filters in each of ``versions``."""
    return {v: frozenset(names) for v in versions}


_V10 = ("v1.0",)
_PROJ = "/rest/{v}/projects/{project_id}"


def _build() -> dict[str, Endpoint]:
    rows: list[Endpoint] = []

    # GET /rest/v1.0/me (catalog RestV10MeGet); company/project ids optional (Procore API reference:
    # Show User Info).
    rows.append(
        Endpoint("me", m.Me, None, None, {"retrieve": {"v1.0": _op("GET", "/rest/v1.0/me")}})
    )
    # GET /rest/v1.0/companies (include_free_companies) (Procore API reference: Companies).
    rows.append(
        Endpoint(
            "companies",
            m.Company,
            None,
            None,
            {"list": {"v1.0": _op("GET", "/rest/v1.0/companies", paginated=True)}},
            top_level=frozenset({"include_free_companies"}),
        )
    )
    # company_id in the query to read, in the body to write; v1.1 list (max 300) (Procore API
    # reference: Projects).
    projects = _crud(
        _V10,
        "/rest/{v}/projects",
        list_scope=[("company_id", Q)],
        show_scope=[("company_id", Q)],
        write_scope=[("company_id", B)],
    )
    projects["list"]["v1.1"] = _op("GET", "/rest/v1.1/projects", ("company_id", Q), paginated=True)
    rows.append(
        Endpoint(
            "projects",
            m.Project,
            m.ProjectWrite,
            "project",
            projects,
            filters=frozenset(
                {
                    "by_status",
                    "name",
                    "created_at",
                    "updated_at",
                    "origin_id",
                    "id",
                    "synced",
                    "vendor_id",
                    "custom_fields",
                    "project_number",
                    "is_demo",
                    "template",
                }
            ),
            # OAS RestV10ProjectsGet, RestV11ProjectsGet: filters[id] is array<integer>.
            array_filters=_arrays(("v1.0", "v1.1"), "id"),
            sort="fields",
            top_level=frozenset({"view", "serializer_view"}),
        )
    )
    # Company users in v1.0..v1.3, company_id in the path; body key "user" (Procore docs: REST API
    # Overview; Procore API reference: Company Users).
    rows.append(
        Endpoint(
            "company_users",
            m.CompanyUser,
            m.CompanyUserWrite,
            "user",
            _crud(("v1.0", "v1.1", "v1.2", "v1.3"), "/rest/{v}/companies/{company_id}/users"),
            filters=frozenset(
                {"created_at", "updated_at", "vendor_id", "origin_id", "trade_id", "search"}
            ),
            # OAS RestV1{0,1,2,3}CompaniesCompanyIdUsersGet: vendor_id, trade_id[] are arrays.
            array_filters=_arrays(("v1.0", "v1.1", "v1.2", "v1.3"), "vendor_id", "trade_id"),
            sort="fields",
            top_level=frozenset({"view"}),
        )
    )
    # Project users, project_id in the path; removal via .../actions/remove (Procore API reference:
    # Project Users).
    pu = _crud(_V10, _PROJ + "/users")
    pu["remove"] = {
        "v1.0": _op("DELETE", "/rest/v1.0/projects/{project_id}/users/{id}/actions/remove")
    }
    pu["add"] = {"v1.0": _op("POST", "/rest/v1.0/projects/{project_id}/users/{id}/actions/add")}
    rows.append(
        Endpoint(
            "project_users",
            m.ProjectUser,
            m.ProjectUserWrite,
            "user",
            pu,
            filters=frozenset(
                {
                    "created_at",
                    "updated_at",
                    "permission_template",
                    "vendor_id",
                    "origin_id",
                    "trade_id",
                    "search",
                    "employee",
                    "id",
                }
            ),
            # OAS RestV10ProjectsProjectIdUsersGet: vendor_id, trade_id[] (id is one integer).
            array_filters=_arrays(_V10, "vendor_id", "trade_id"),
            sort="fields",
            top_level=frozenset({"view"}),
        )
    )
    # Company vendors, company_id in the query to read and in the body to write (Procore API
    # reference: Company Vendors).
    rows.append(
        Endpoint(
            "vendors",
            m.Vendor,
            m.VendorWrite,
            "vendor",
            _crud(
                _V10,
                "/rest/{v}/vendors",
                list_scope=[("company_id", Q)],
                show_scope=[("company_id", Q)],
                write_scope=[("company_id", B)],
            ),
            filters=frozenset(
                {
                    "origin_id",
                    "search",
                    "created_at",
                    "updated_at",
                    "standard_cost_code_id",
                    "trade_id",
                    "id",
                    "parent_id",
                }
            ),
            # OAS RestV10VendorsGet: these four are declared as filters[<attr>][] arrays.
            array_filters=_arrays(_V10, "standard_cost_code_id", "trade_id", "id", "parent_id"),
            sort="fields",
            top_level=frozenset({"view"}),
        )
    )
    # Project vendors in v1.0 and v1.1, project_id in the path (Procore API reference: Project
    # Vendors).
    pv = _crud(("v1.0", "v1.1"), _PROJ + "/vendors")
    pv["remove"] = _per_version(("v1.0", "v1.1"), _PROJ + "/vendors/{id}/actions/remove", "DELETE")
    pv["add"] = _per_version(("v1.0", "v1.1"), _PROJ + "/vendors/{id}/actions/add", "POST")
    rows.append(
        Endpoint(
            "project_vendors",
            m.ProjectVendor,
            m.ProjectVendorWrite,
            "vendor",
            pv,
            filters=frozenset(
                {
                    "search",
                    "standard_cost_code_id",
                    "trade_id",
                    "id",
                    "parent_id",
                    "abbreviated_name",
                }
            ),
            # OAS RestV10ProjectsProjectIdVendorsGet, RestV11ProjectsProjectIdVendorsGet (v1.1
            # does not document abbreviated_name).
            array_filters={
                "v1.0": frozenset(
                    {"standard_cost_code_id", "trade_id", "id", "parent_id", "abbreviated_name"}
                ),
                "v1.1": frozenset({"standard_cost_code_id", "trade_id", "id", "parent_id"}),
            },
            sort="fields",
            top_level=frozenset({"view"}),
        )
    )
    # Project cost codes; project_id in the query to read, in the body to write (Procore API
    # reference: Cost Codes).
    rows.append(
        Endpoint(
            "cost_codes",
            m.CostCode,
            m.CostCodeWrite,
            "cost_code",
            _crud(
                _V10,
                "/rest/{v}/cost_codes",
                list_scope=[("project_id", Q)],
                show_scope=[("project_id", Q)],
                write_scope=[("project_id", B)],
            ),
            # include_deleted, as cost codes carry deleted_at (Procore docs: Filtering and Sorting
            # on List Actions; Procore API reference: Cost Codes).
            filters=frozenset({"id", "origin_id", "include_deleted"}),
            # OAS RestV10CostCodesGet: filters[id] is array<integer>.
            array_filters=_arrays(_V10, "id"),
            top_level=frozenset({"view", "sub_job_id"}),
        )
    )
    # Standard cost code lists (company) (Procore API reference: Cost Codes).
    rows.append(
        Endpoint(
            "standard_cost_code_lists",
            m.StandardCostCodeList,
            m.StandardCostCodeListWrite,
            "standard_cost_code_list",
            _crud(
                _V10,
                "/rest/{v}/standard_cost_code_lists",
                list_scope=[("company_id", Q)],
                show_scope=[("company_id", Q)],
                write_scope=[("company_id", B)],
            ),
        )
    )
    # Standard cost codes, under a list; both ids in the query / body (Procore API reference: Cost
    # Codes).
    scc = _crud(
        _V10,
        "/rest/{v}/standard_cost_codes",
        list_scope=[("company_id", Q), ("standard_cost_code_list_id", Q)],
        show_scope=[("company_id", Q), ("standard_cost_code_list_id", Q)],
        write_scope=[("company_id", B), ("standard_cost_code_list_id", B)],
    )
    scc["delete"] = {
        "v1.0": _op("DELETE", "/rest/v1.0/standard_cost_codes/{id}", ("company_id", Q))
    }
    rows.append(
        Endpoint(
            "standard_cost_codes",
            m.StandardCostCode,
            m.StandardCostCodeWrite,
            "standard_cost_code",
            scc,
            filters=frozenset({"origin_id"}),
            top_level=frozenset({"view"}),
        )
    )
    # Line item types (catalog RestV10LineItemTypes*), company_id query / body (Procore API
    # reference: Line Item Types (Cost Types)).
    rows.append(
        Endpoint(
            "line_item_types",
            m.LineItemType,
            m.LineItemTypeWrite,
            "line_item_type",
            _crud(
                _V10,
                "/rest/{v}/line_item_types",
                list_scope=[("company_id", Q)],
                show_scope=[("company_id", Q)],
                write_scope=[("company_id", B)],
            ),
        )
    )
    # RFIs, project_id in the path; recycle instead of delete; sort[attribute] (Procore API
    # reference: RFIs).
    rfis = _crud(_V10, _PROJ + "/rfis")
    rfis["recycle"] = {"v1.0": _op("PATCH", "/rest/v1.0/projects/{project_id}/rfis/{id}/recycle")}
    rows.append(
        Endpoint(
            "rfis",
            m.Rfi,
            m.RfiWrite,
            "rfi",
            rfis,
            filters=frozenset(
                {
                    "id",
                    "status",
                    "assigned_id",
                    "created_at",
                    "responsible_contractor_id",
                    "cost_code_id",
                    "received_from_login_information_id",
                    "ball_in_court_id",
                    "location_id",
                    "updated_at",
                    "rfi_manager_id",
                    "number",
                    "prefix_stage_id",
                    "include_deleted",
                }
            ),
            # OAS RestV10ProjectsProjectIdRfisGet: arrays of integers; filters[status] is one
            # string there (open, closed, draft).
            array_filters=_arrays(_V10, "id", "responsible_contractor_id", "location_id"),
            sort="attribute_direction",
            top_level=frozenset({"search"}),
        )
    )
    replies = _crud(_V10, _PROJ + "/rfis/{rfi_id}/replies")
    replies["delete"] = {
        "v1.0": _op("DELETE", "/rest/v1.0/projects/{project_id}/rfis/{rfi_id}/replies/{id}")
    }
    rows.append(Endpoint("rfi_replies", m.RfiReply, m.RfiReplyWrite, "reply", replies))
    # Submittals v1.0/v1.1 (+ v2.0 list); delete only in v1.1 (Procore API reference: Submittals).
    subs = _crud(("v1.0", "v1.1"), _PROJ + "/submittals")
    subs["list"]["v2.0"] = _op(
        "GET", "/rest/v2.0/companies/{company_id}/projects/{project_id}/submittals", paginated=True
    )
    subs["delete"] = {"v1.1": _op("DELETE", "/rest/v1.1/projects/{project_id}/submittals/{id}")}
    rows.append(
        Endpoint(
            "submittals",
            m.Submittal,
            m.SubmittalWrite,
            "submittal",
            subs,
            filters=frozenset(
                {
                    "id",
                    "ball_in_court_id",
                    "created_at",
                    "query",
                    "received_from_id",
                    "responsible_contractor_id",
                    "specification_section_id",
                    "approver_id",
                    "current_revision",
                    "division",
                    "location_id",
                    "submittal_manager_id",
                    "submittal_package_id",
                    "response_id",
                    "status_id",
                    "type",
                    "updated_at",
                    "unpackaged",
                    "number",
                    "task_id",
                    "anticipated_delivery_date",
                    "required_on_site_date",
                    "attachments",
                    "cost_code_id",
                    "revision",
                    "specification_area_id",
                    "workflow_progress",
                }
            ),
            # OAS RestV10ProjectsProjectIdSubmittalsGet, RestV11ProjectsProjectIdSubmittalsGet,
            # RestV20CompaniesCompanyIdProjectsProjectIdSubmittalsGet: the versions differ.
            array_filters={
                "v1.0": frozenset(
                    {
                        "id",
                        "responsible_contractor_id",
                        "attachments",
                        "specification_section_id",
                        "approver_id",
                        "cost_code_id",
                        "division",
                        "location_id",
                        "submittal_manager_id",
                        "number",
                        "submittal_package_id",
                        "response_id",
                        "required_on_site_date",
                        "status_id",
                        "type",
                        "task_id",
                        "revision",
                        "specification_area_id",
                        "workflow_progress",
                        "anticipated_delivery_date",
                    }
                ),
                "v1.1": frozenset(
                    {
                        "id",
                        "responsible_contractor_id",
                        "required_on_site_date",
                        "specification_section_id",
                        "approver_id",
                        "division",
                        "location_id",
                        "submittal_manager_id",
                        "submittal_package_id",
                        "response_id",
                        "status_id",
                        "type",
                        "number",
                        "task_id",
                        "anticipated_delivery_date",
                    }
                ),
                "v2.0": frozenset(
                    {
                        "id",
                        "anticipated_delivery_date",
                        "received_from_id",
                        "specification_section_id",
                        "approver_id",
                        "current_revision",
                        "division",
                        "location_id",
                        "submittal_manager_id",
                        "submittal_package_id",
                        "response_id",
                        "status_id",
                        "type",
                        "unpackaged",
                        "number",
                    }
                ),
            },
            sort="fields",
        )
    )
    # Observations: project_id query / body; delete under /projects/{project_id} (Procore API
    # reference: Observations).
    obs = _crud(
        _V10,
        "/rest/{v}/observations/items",
        list_scope=[("project_id", Q)],
        show_scope=[("project_id", Q)],
        write_scope=[("project_id", B)],
    )
    obs["delete"] = {
        "v1.0": _op("DELETE", "/rest/v1.0/projects/{project_id}/observations/items/{id}")
    }
    rows.append(
        Endpoint(
            "observations",
            m.Observation,
            m.ObservationWrite,
            "observation",
            obs,
            filters=frozenset(
                {
                    "assignee_company_id",
                    "checklist_list_id",
                    "created_by_id",
                    "id",
                    "location_id",
                    "assignee_id",
                    "checklist_item_id",
                    "priority",
                    "search",
                    "status",
                    "type_id",
                    "trade_ids",
                    "updated_at",
                    "include_deleted",
                }
            ),
            # OAS RestV10ObservationsItemsGet: filters[status] is array<integer> here.
            array_filters=_arrays(
                _V10,
                "assignee_company_id",
                "checklist_list_id",
                "created_by_id",
                "id",
                "location_id",
                "assignee_id",
                "priority",
                "status",
                "type_id",
                "trade_ids",
            ),
        )
    )
    # Punch items v1.0/v1.1, project_id query (read, delete) / body (write) (Procore API reference:
    # Punch Items).
    punch = _crud(
        ("v1.0", "v1.1"),
        "/rest/{v}/punch_items",
        list_scope=[("project_id", Q)],
        show_scope=[("project_id", Q)],
        write_scope=[("project_id", B)],
    )
    punch["delete"] = _per_version(
        ("v1.0", "v1.1"), "/rest/{v}/punch_items/{id}", "DELETE", ("project_id", Q)
    )
    rows.append(
        Endpoint(
            "punch_items",
            m.PunchItem,
            m.PunchItemWrite,
            "punch_item",
            punch,
            filters=frozenset(
                {
                    "status",
                    "priority",
                    "punch_item_type_id",
                    "location_id",
                    "include_sublocations",
                    "approver_login_information_id",
                    "vendor_id",
                    "assignee_response",
                    "trade_id",
                    "id",
                    "query",
                    "updated_at",
                }
            ),
            # OAS RestV10PunchItemsGet, RestV11PunchItemsGet.
            array_filters=_arrays(("v1.0", "v1.1"), "location_id", "id"),
        )
    )
    # Daily logs, project_id in the path, dated with log_date/start_date/end_date (Procore docs:
    # Working with Daily Logs; Procore API reference: Daily Log). OAS
    # RestV10ProjectsProjectId{Manpower,Notes,Weather,Work}LogsGet: the array filters.
    log_arrays = {
        "manpower_logs": frozenset(
            {"created_by_id", "location_id", "vendor_id", "daily_log_segment_id"}
        ),
        "notes_logs": frozenset({"daily_log_segment_id"}),
    }
    logs: list[tuple[str, type[ReadModel], type[WriteModel] | None, frozenset[str]]] = [
        (
            "manpower_logs",
            m.ManpowerLog,
            m.ManpowerLogWrite,
            frozenset(
                {
                    "status",
                    "created_by_id",
                    "location_id",
                    "vendor_id",
                    "search",
                    "daily_log_segment_id",
                }
            ),
        ),
        (
            "notes_logs",
            m.NotesLog,
            m.NotesLogWrite,
            frozenset({"status", "created_by_id", "location_id", "daily_log_segment_id"}),
        ),
        ("weather_logs", m.WeatherLog, None, frozenset()),
        ("work_logs", m.WorkLog, None, frozenset()),
    ]
    for kind, model, write, log_filters in logs:
        ops = _crud(_V10, f"{_PROJ}/{kind}")
        ops["delete"] = _per_version(_V10, f"{_PROJ}/{kind}/{{id}}", "DELETE")
        rows.append(
            Endpoint(
                kind,
                model,
                write,
                kind[:-1],
                ops,
                filters=log_filters,
                array_filters={"v1.0": log_arrays.get(kind, frozenset())},
                top_level=frozenset({"log_date", "start_date", "end_date"}),
            )
        )
    return {row.name: row for row in rows}


ENDPOINTS: Mapping[str, Endpoint] = _build()
"""Every resource endpoint, by client attribute name."""


# -- building calls --------------------------------------------------------------------------


def write_body(data: Any) -> dict[str, Any]:
    """A create/update payload as JSON: write models are unstructured, ``UNSET`` dropped."""
    from ._serde import unstructure

    if isinstance(data, (WriteModel, ReadModel)):
        return unstructure(data)
    if isinstance(data, Mapping):
        return {str(k): v for k, v in data.items() if not isinstance(v, UnsetType)}
    raise argument_type_error("data", data, "a write model or a mapping of attributes")


def build_call(
    endpoint: Endpoint,
    op: Operation,
    *,
    scope: Mapping[str, Any],
    id: int | str | None = None,
    query: Mapping[str, Any] | None = None,
    attributes: Any = UNSET,
) -> tuple[str, dict[str, Any], dict[str, Any] | None]:
    """The path, query and JSON body of one call.

    Scope values fill the path's placeholders, and go to the query or the body as the operation
    declares (Procore wants ``company_id``/``project_id`` in different places per endpoint; Procore
    API reference; Procore docs: Using Sync Actions). Create/update attributes are wrapped in the
    resource key (Procore docs: RESTful API Concepts).

    Raises:
        ValueError: a scope value the operation needs is missing.
    """
    values: dict[str, Any] = {k: v for k, v in scope.items() if v is not None}
    if id is not None:
        values["id"] = id
    path = op.path
    for name in _placeholders(path):
        if name not in values:
            raise InvalidArgumentError(
                f"{name}: {endpoint.name} needs {name}= for {op.method} {op.path}", argument=name
            )
        path = path.replace("{" + name + "}", str(values[name]))
    params: dict[str, Any] = dict(query or {})
    body: dict[str, Any] | None = None
    if not isinstance(attributes, UnsetType):
        body = (
            {endpoint.wrapper: write_body(attributes)}
            if endpoint.wrapper
            else write_body(attributes)
        )
    for name, where in op.scope:
        if name not in values:
            raise InvalidArgumentError(
                f"{name}: {endpoint.name} needs {name}= for {op.method} {op.path}", argument=name
            )
        if where == "query":
            params[name] = values[name]
        elif where == "body":
            if body is None:
                body = {}
            body[name] = values[name]
    return path, params, body


def _placeholders(path: str) -> list[str]:
    out: list[str] = []
    rest = path
    while "{" in rest:
        start = rest.index("{")
        end = rest.index("}", start)
        out.append(rest[start + 1 : end])
        rest = rest[end + 1 :]
    return out


def array_form(endpoint: Endpoint, version: str, query: Mapping[str, Any]) -> dict[str, Any]:
    """``query`` with each single value of an array-typed filter made a one-item list.

    Procore's filtering guide sends arrays as ``filters[<attr>][]=v``; integrators report
    that some lists answer 400 to ``filters[<attr>]=v`` where the array form works, so a filter
    the spec types as an array (:attr:`Endpoint.array_filters`) always goes in that form.
    """
    arrays = endpoint.array_filters.get(version, frozenset())
    filters = query.get("filters")
    if not arrays or not isinstance(filters, Mapping):
        return dict(query)
    fixed = {
        key: [value]
        if key in arrays
        and value is not None
        and not isinstance(value, (list, tuple, set, frozenset, Mapping, UnsetType))
        else value
        for key, value in filters.items()
    }
    return {**query, "filters": fixed}


def encode_sort(style: SortStyle, sort: str | Sequence[str]) -> dict[str, Any]:
    """``sort=`` in the endpoint's dialect (Procore docs: Filtering and Sorting on List Actions).

    ``fields``: ``"name"`` / ``["-updated_at", "name"]`` become ``sort=-updated_at,name``.
    ``attribute_direction`` (RFIs): ``"-due_date"`` becomes ``sort[attribute]=due_date`` and
    ``sort[direction]=desc``; one field only.

    Raises:
        ValueError: the endpoint does not sort, or RFIs got several fields.
    """
    if isinstance(sort, str):
        fields = [sort]
    elif isinstance(sort, Sequence) and all(isinstance(f, str) for f in sort):
        fields = list(sort)
    else:
        raise argument_type_error("sort", sort, "a field name or a list of field names")
    fields = [f.strip() for part in fields for f in part.split(",") if f.strip()]
    if style == "none":
        raise invalid_argument(
            "sort", sort, "nothing: Procore does not document sorting on this list"
        )
    if style == "attribute_direction":
        if len(fields) != 1:
            raise invalid_argument(
                "sort",
                sort,
                "one field: this list sorts by one attribute (sort[attribute]/sort[direction])",
            )
        field = fields[0]
        direction = "desc" if field.startswith("-") else "asc"
        return {"sort": {"attribute": field.lstrip("-+"), "direction": direction}}
    return {"sort": ",".join(fields)}
