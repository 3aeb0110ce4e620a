"""Resources read the operation table: versions in any spelling, each version's own filters
and parameters, and the table's paging. Both clients, against a recording mock transport."""

from __future__ import annotations

from typing import Any

import pytest
from _helpers.flavour import Flavour
from resources._recorder import COMPANY, PROJECT, Recorder

from procore_sdk import InvalidArgumentError
from procore_sdk._errors import ArgumentTypeError


def _client(flavour: Flavour, rec: Recorder) -> Any:
    return flavour.client(rec, company_id=COMPANY)


@pytest.mark.parametrize("version", ["v1.0", "1.0", 1.0, 1, "V1.0"])
def test_version_is_spelt_any_way_in_every_resource_call(flavour: Flavour, version: object) -> None:
    rec = Recorder()
    client = _client(flavour, rec)
    list(client.projects.list(version=version))
    assert rec.last.url.path == "/rest/v1.0/projects"
    client.company_users.retrieve(5, version=version)
    assert rec.last.url.path == "/rest/v1.0/companies/1/users/5"


def test_a_version_that_is_not_one_is_refused_naming_the_argument(flavour: Flavour) -> None:
    client = _client(flavour, Recorder())
    with pytest.raises(InvalidArgumentError, match="version") as caught:
        client.projects.list(version="v9.9")
    assert caught.value.argument == "version"
    with pytest.raises(ArgumentTypeError, match="version"):
        client.projects.list(version=["v1.0"])


def test_typed_filters_are_the_chosen_versions(flavour: Flavour) -> None:
    rec = Recorder()
    client = _client(flavour, rec)
    # OAS RestV10LineItemTypesGet documents filters[origin_id].
    list(client.line_item_types.list(origin_id="abc"))
    assert ("filters[origin_id]", "abc") in rec.last.url.params.multi_items()
    # OAS RestV10CompaniesCompanyIdUsersGet has no view (v1.3's list has one).
    with pytest.raises(InvalidArgumentError, match="view") as caught:
        client.company_users.list(version="v1.0", view="extended")
    assert caught.value.argument == "view"
    list(client.company_users.list(view="extended"))
    assert rec.last.url.params["view"] == "extended"


def test_me_sends_the_company_as_a_header_only(flavour: Flavour) -> None:
    rec = Recorder()
    client = _client(flavour, rec)
    client.me.retrieve(project_id=PROJECT)
    assert dict(rec.last.url.params) == {"project_id": str(PROJECT)}
    assert rec.last.headers["Procore-Company-Id"] == str(COMPANY)
