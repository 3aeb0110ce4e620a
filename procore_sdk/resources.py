"""The resource group classes, to annotate what the clients' properties return.

``client.projects`` is a ``ProjectsResource`` on ``Procore`` and an
``AsyncProjectsResource`` on ``AsyncProcore``; each group's class is
named after its property (``client.punch_items`` -> ``PunchItemsResource``).

Example::

    from procore_sdk.resources import ProjectsResource

    def active_projects(projects: ProjectsResource) -> list[int]: ...
"""

from __future__ import annotations

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
