"""``procore_sdk._operations.match``: a concrete request to its operation in the table."""

from __future__ import annotations

import pytest

from procore_sdk._operations import match


@pytest.mark.parametrize(
    ("method", "path", "template"),
    [
        ("GET", "/rest/v1.0/projects/5/rfis", "/rest/v1.0/projects/{project_id}/rfis"),
        ("GET", "/rest/v1.0/projects/5/rfis/7", "/rest/v1.0/projects/{project_id}/rfis/{id}"),
        # A literal segment wins over a placeholder.
        (
            "GET",
            "/rest/v1.0/projects/5/rfis/export",
            "/rest/v1.0/projects/{project_id}/rfis/export",
        ),
        ("PATCH", "/rest/v1.0/vendors/sync", "/rest/v1.0/vendors/sync"),
        ("GET", "/rest/v1.0/vendors/sync", "/rest/v1.0/vendors/{id}"),
        # A placeholder inside a segment.
        (
            "GET",
            "/rest/v1.0/projects/5/rfis/7.pdf",
            "/rest/v1.0/projects/{project_id}/rfis/{id}.pdf",
        ),
        # Absolute URLs (a Link header's), queries, trailing slashes, lower-case methods.
        (
            "get",
            "https://api.procore.com/rest/v2.0/companies/1/webhooks/hooks/?page=2#x",
            "/rest/v2.0/companies/{company_id}/webhooks/hooks",
        ),
        # A template matches itself.
        ("GET", "/rest/v1.0/projects/{id}", "/rest/v1.0/projects/{id}"),
    ],
)
def test_a_concrete_path_finds_its_template(method: str, path: str, template: str) -> None:
    found = match(method, path)
    assert found is not None
    assert found.path == template
    assert found.method == method.upper()


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/rest/v1.0/no_such_collection"),
        ("DELETE", "/rest/v1.0/projects"),
        ("GET", "/rest/v1.0/projects/5/rfis/7/nothing"),
        ("GET", "/"),
    ],
)
def test_a_path_procore_does_not_document_finds_nothing(method: str, path: str) -> None:
    assert match(method, path) is None
