"""Resource classes are public (``procore_sdk.resources``) so users can annotate
``client.projects``; the clients' properties are typed as those classes."""

from __future__ import annotations

import importlib
import re
import typing
from pathlib import Path

import pytest

import procore_sdk.resources as resources
from procore_sdk import AsyncProcore, Procore
from procore_sdk._async._resources import AsyncResources
from procore_sdk._blocking._resources import Resources
from procore_sdk._endpoints import RESOURCE_NAMES

ROOT = Path(__file__).resolve().parents[2]
PROPERTIES = [n for n in RESOURCE_NAMES if n != "rfi_replies"]


def _class_name(prop: str) -> str:
    return "".join(part.capitalize() for part in prop.split("_")) + "Resource"


@pytest.mark.parametrize("prop", PROPERTIES)
def test_each_property_returns_the_public_class_named_after_it(prop: str) -> None:
    sync_client = Procore(access_token="t", company_id=1)
    async_client = AsyncProcore(access_token="t", company_id=1)
    try:
        name = _class_name(prop)
        assert type(getattr(sync_client, prop)) is getattr(resources, name)
        assert type(getattr(async_client, prop)) is getattr(resources, "Async" + name)
    finally:
        sync_client.close()


def test_rfi_replies_have_their_public_class() -> None:
    client = Procore(access_token="t", company_id=1)
    try:
        assert type(client.rfis.replies) is resources.RfiRepliesResource
    finally:
        client.close()


@pytest.mark.parametrize(("mixin", "prefix"), [(Resources, ""), (AsyncResources, "Async")])
def test_the_properties_are_annotated_with_those_classes(mixin: type, prefix: str) -> None:
    for prop in PROPERTIES:
        # The classes are imported for type checkers only (they load on first use).
        kinds = importlib.import_module(mixin.__module__.rsplit(".", 1)[0] + "._resource_kinds")
        hints = typing.get_type_hints(getattr(mixin, prop).fget, localns=vars(kinds))
        assert hints["return"] is getattr(resources, prefix + _class_name(prop)), prop


def test_every_exported_name_is_a_class_with_its_async_twin() -> None:
    for name in resources.__all__:
        assert isinstance(getattr(resources, name), type), name
        twin = name[len("Async") :] if name.startswith("Async") else "Async" + name
        assert twin in resources.__all__, name


def test_the_reference_renders_the_module() -> None:
    text = (ROOT / "docs" / "reference" / "resources.md").read_text(encoding="utf-8")
    assert re.search(r"^::: procore_sdk\.resources\s*$", text, re.MULTILINE)


def test_every_generated_group_class_is_importable_from_resources() -> None:
    # ``client.change_orders`` is a ``ChangeOrdersResource``, importable for annotations.
    from procore_sdk._generated._exports import CLASSES

    assert "ChangeOrderPackagesResource" in CLASSES
    assert "DailyLogsGroupResource" in CLASSES  # not the hand-written DailyLogsResource
    client = Procore(access_token="t", company_id=1)
    aclient = AsyncProcore(access_token="t", company_id=1)
    for name, group in list(CLASSES.items())[::50]:
        assert type(getattr(client, group)) is getattr(resources, name)
        assert type(getattr(aclient, group)) is getattr(resources, "Async" + name)
    assert "ChangeOrderPackagesResource" in dir(resources)
    with pytest.raises(AttributeError):
        resources.NoSuchResource  # noqa: B018
