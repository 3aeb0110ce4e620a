"""The resource group classes, to annotate what the clients' properties return.

``client.projects`` is a ``ProjectsResource`` on ``Procore`` and an
``AsyncProjectsResource`` on ``AsyncProcore``; each group's class is
named after its property (``client.punch_items`` -> ``PunchItemsResource``).

Every other group of Procore's API has a generated class named the same way
(``client.change_orders`` -> ``ChangeOrdersResource``), importable from here.

Example::

    from procore_sdk.resources import ProjectsResource

    def active_projects(projects: ProjectsResource) -> list[int]: ...
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._async._resource_base import AsyncCompanyResource, AsyncProjectResource
from ._async._resource_kinds import (
    AsyncCompaniesResource,
    AsyncCompanyUsersResource,
    AsyncCostCodesResource,
    AsyncDailyLogsResource,
    AsyncDeletableProjectResource,
    AsyncLineItemTypesResource,
    AsyncManpowerLogsResource,
    AsyncMembershipResource,
    AsyncMeResource,
    AsyncNotesLogsResource,
    AsyncObservationsResource,
    AsyncProjectsResource,
    AsyncProjectUsersResource,
    AsyncProjectVendorsResource,
    AsyncPunchItemsResource,
    AsyncRfiRepliesResource,
    AsyncRfisResource,
    AsyncStandardCostCodeListsResource,
    AsyncStandardCostCodesResource,
    AsyncSubmittalsResource,
    AsyncVendorsResource,
    AsyncWeatherLogsResource,
    AsyncWorkLogsResource,
)
from ._blocking._resource_base import CompanyResource, ProjectResource
from ._blocking._resource_kinds import (
    CompaniesResource,
    CompanyUsersResource,
    CostCodesResource,
    DailyLogsResource,
    DeletableProjectResource,
    LineItemTypesResource,
    ManpowerLogsResource,
    MembershipResource,
    MeResource,
    NotesLogsResource,
    ObservationsResource,
    ProjectsResource,
    ProjectUsersResource,
    ProjectVendorsResource,
    PunchItemsResource,
    RfiRepliesResource,
    RfisResource,
    StandardCostCodeListsResource,
    StandardCostCodesResource,
    SubmittalsResource,
    VendorsResource,
    WeatherLogsResource,
    WorkLogsResource,
)

__all__ = [
    "AsyncCompaniesResource",
    "AsyncCompanyResource",
    "AsyncCompanyUsersResource",
    "AsyncCostCodesResource",
    "AsyncDailyLogsResource",
    "AsyncDeletableProjectResource",
    "AsyncLineItemTypesResource",
    "AsyncManpowerLogsResource",
    "AsyncMeResource",
    "AsyncMembershipResource",
    "AsyncNotesLogsResource",
    "AsyncObservationsResource",
    "AsyncProjectResource",
    "AsyncProjectUsersResource",
    "AsyncProjectVendorsResource",
    "AsyncProjectsResource",
    "AsyncPunchItemsResource",
    "AsyncRfiRepliesResource",
    "AsyncRfisResource",
    "AsyncStandardCostCodeListsResource",
    "AsyncStandardCostCodesResource",
    "AsyncSubmittalsResource",
    "AsyncVendorsResource",
    "AsyncWeatherLogsResource",
    "AsyncWorkLogsResource",
    "CompaniesResource",
    "CompanyResource",
    "CompanyUsersResource",
    "CostCodesResource",
    "DailyLogsResource",
    "DeletableProjectResource",
    "LineItemTypesResource",
    "ManpowerLogsResource",
    "MeResource",
    "MembershipResource",
    "NotesLogsResource",
    "ObservationsResource",
    "ProjectResource",
    "ProjectUsersResource",
    "ProjectVendorsResource",
    "ProjectsResource",
    "PunchItemsResource",
    "RfiRepliesResource",
    "RfisResource",
    "StandardCostCodeListsResource",
    "StandardCostCodesResource",
    "SubmittalsResource",
    "VendorsResource",
    "WeatherLogsResource",
    "WorkLogsResource",
]

if TYPE_CHECKING:
    from ._generated._exports import *  # noqa: F403  (every generated group's class)


def __getattr__(name: str) -> Any:
    # The generated groups' classes (``ChangeOrdersResource``...), loaded on first use.
    from ._generated._exports import CLASSES

    group = CLASSES.get(name[len("Async") :] if name.startswith("Async") else name)
    if group is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    flavour = "_async" if name.startswith("Async") else "_blocking"
    module = importlib.import_module(f"{__package__}._generated.{flavour}.{group}")
    return getattr(module, name)


def __dir__() -> list[str]:
    from ._generated._exports import CLASSES

    generated = [n for name in CLASSES for n in (name, "Async" + name)]
    return sorted({*globals(), *generated})
