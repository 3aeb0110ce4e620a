"""What Procore tells an embedded app about where it was opened (Procore docs: Understanding URL
Parameter Interpolation).

A full-screen or side-panel app's URL carries values Procore interpolates from the manifest,
e.g. ``?companyId={{procore.company.id}}&projectId={{procore.project.id}}``; the query
names are the manifest author's choice. A side-panel app also receives a ``setup``
``postMessage`` whose ``context`` names the company, project, resource and view.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any, Optional

import attrs

from .._oauth import callback_params

__all__ = [
    "DEFAULT_LAUNCH_PARAMS",
    "LaunchContext",
    "SidePanelContext",
    "parse_launch_context",
    "parse_side_panel_setup",
]

DEFAULT_LAUNCH_PARAMS: Mapping[str, tuple[str, ...]] = {
    "company_id": ("companyId", "company_id", "procore.company.id"),
    "company_name": ("companyName", "company_name", "procore.company.name"),
    "project_id": ("projectId", "project_id", "procore.project.id"),
    "project_name": ("projectName", "project_name", "procore.project.name"),
}
"""Query names tried, in order, for each built-in value (the example in Procore docs: Understanding
URL Parameter Interpolation uses ``companyId``)."""


@attrs.frozen(kw_only=True)
class LaunchContext:
    """The built-in and custom values of an embedded app's launch URL (Procore docs: Understanding
    URL Parameter Interpolation).

    Attributes:
        company_id: ``procore.company.id``.
        company_name: ``procore.company.name``.
        project_id: ``procore.project.id`` (``None`` when opened at company level).
        project_name: ``procore.project.name``.
        custom: every other query parameter (installer-filled custom fields; Procore docs:
            Understanding URL Parameter Interpolation).
    """

    company_id: Optional[int] = None
    company_name: Optional[str] = None
    project_id: Optional[int] = None
    project_name: Optional[str] = None
    custom: Mapping[str, str] = attrs.field(factory=dict)


@attrs.frozen(kw_only=True)
class SidePanelContext:
    """The ``context`` of a side panel's ``setup`` message (Procore docs: Building Side Panel
    Embedded Applications).

    Attributes:
        company_id: the company the panel is open in.
        project_id: the project, when there is one.
        resource_id: the ``id`` of the record on screen (an RFI, a commitment, ...).
        view: the view key, ``<tool>[.<resource>].<action>`` (e.g. ``rfi.detail``).
        raw: the whole ``context`` mapping (Procore may add fields).
    """

    company_id: Optional[int] = None
    project_id: Optional[int] = None
    resource_id: Optional[int] = None
    view: Optional[str] = None
    raw: Mapping[str, Any] = attrs.field(factory=dict)


def parse_launch_context(
    params: str | Mapping[str, Any],
    *,
    names: Mapping[str, str | Sequence[str]] | None = None,
) -> LaunchContext:
    """Read the launch context from an embedded app's URL query.

    Args:
        params: the request's query parameters (a mapping with string or list values), the
            query string, or the whole URL.
        names: the query names your manifest uses, by field (``company_id``,
            ``company_name``, ``project_id``, ``project_name``); each a name or a list of names
            to try. Fields not given keep ``DEFAULT_LAUNCH_PARAMS``.

    Raises:
        ValueError: an id is not an integer (for example a ``{{...}}`` placeholder left
            uninterpolated because the page was opened outside Procore).

    Example:
        >>> parse_launch_context("companyId=8&projectId=42&region=west").project_id
        42
    """
    values = callback_params(params)
    lookup: dict[str, tuple[str, ...]] = dict(DEFAULT_LAUNCH_PARAMS)
    for field, given in (names or {}).items():
        if field not in DEFAULT_LAUNCH_PARAMS:
            known = ", ".join(DEFAULT_LAUNCH_PARAMS)
            raise ValueError(f"unknown launch context field {field!r}; expected one of {known}")
        lookup[field] = (given,) if isinstance(given, str) else tuple(given)
    used: set[str] = set()
    found: dict[str, str | None] = {}
    for field, candidates in lookup.items():
        found[field] = None
        for name in candidates:
            if name in values:
                used.add(name)
                if found[field] is None and values[name] != "":
                    found[field] = values[name]
    return LaunchContext(
        company_id=_int_or_none(found["company_id"], "company_id"),
        company_name=found["company_name"],
        project_id=_int_or_none(found["project_id"], "project_id"),
        project_name=found["project_name"],
        custom={k: v for k, v in values.items() if k not in used},
    )


def parse_side_panel_setup(message: str | Mapping[str, Any]) -> SidePanelContext:
    """Read the ``setup`` message Procore posts to a side panel app (Procore docs: Building Side
    Panel Embedded Applications).

    Args:
        message: the message data (a mapping or its JSON text), either the whole
            ``{"type": "setup", "context": {...}}`` or just its ``context``.

    Raises:
        ValueError: not a ``setup`` message, or an id is not an integer.
    """
    data: Any = json.loads(message) if isinstance(message, str) else message
    if not isinstance(data, Mapping):
        raise ValueError("a side panel setup message must be a JSON object")
    if "type" in data:
        if data.get("type") != "setup":
            raise ValueError(f"expected a 'setup' message, got type {data.get('type')!r}")
        context = data.get("context")
    else:
        context = data
    if not isinstance(context, Mapping):
        raise ValueError("the setup message has no 'context' object")
    view = context.get("view")
    return SidePanelContext(
        company_id=_int_or_none(context.get("company_id"), "company_id"),
        project_id=_int_or_none(context.get("project_id"), "project_id"),
        resource_id=_int_or_none(context.get("id"), "id"),
        view=None if view in (None, "") else str(view),
        raw=dict(context),
    )


def _int_or_none(value: Any, name: str) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(f"{name} must be an integer id, got {value!r}")
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if text.isdigit():
        # Ids may exceed 32 bits (Procore docs: Handling Procore Regions); Python ints are unbounded
        return int(text)
    raise ValueError(f"{name} must be an integer id, got {text[:40]!r}")
