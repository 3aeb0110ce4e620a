"""How an operation of Procore's API reference gets its ``group.action`` name (pure).

The generator (``scripts/generate_operations.py``) applies these functions to every operation;
they live in the package so the docs and, later, the generated resources name things the same
way. The scheme itself is documented at the top of the generator.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = [
    "SCOPE_SEGMENTS",
    "base_action",
    "group_name",
    "is_member",
    "is_placeholder",
    "resource_segments",
    "snake",
    "verb",
]

# Leading ``companies/{company_id}`` and ``projects/{project_id}`` pairs scope a path (REST v2.x
# puts every resource under them, "new_rest_v2_version.md"); they never name the action, so
# ``/rest/v1.0/projects/{project_id}/submittals`` and
# ``/rest/v2.0/companies/{company_id}/projects/{project_id}/submittals`` fold into one method.
SCOPE_SEGMENTS: dict[str, str] = {
    "companies": "{company_id}",
    "projects": "{project_id}",
    "project": "{project_id}",
}

_NON_WORD = re.compile(r"[^a-z0-9]+")
_VERBS: dict[tuple[str, bool], str] = {
    ("GET", False): "list",
    ("GET", True): "retrieve",
    ("POST", False): "create",
    ("PATCH", True): "update",
    ("PUT", True): "update",
    ("DELETE", True): "delete",
    # Shapes without a CRUD verb, on the group's noun: a PATCH/PUT/DELETE on the collection
    # acts on many records ("Bulk Update ...", "Bulk Delete ..." in the reference), and a POST to
    # one record is what the reference calls "Update ..." (9 of 9 operations).
    ("PATCH", False): "bulk_update",
    ("PUT", False): "bulk_update",
    ("DELETE", False): "bulk_delete",
    ("POST", True): "update",
}
_MEMBER_FILE = re.compile(r"^\{[^}]+\}\.(\w+)$")


def verb(method: str, member: bool) -> str:
    """The CRUD verb of a request shape: GET collection ``list``, GET member ``retrieve``, ..."""
    return _VERBS[(method, member)]


def snake(text: str) -> str:
    """``"Line-Item-Types (Cost Types)"`` -> ``"line_item_types_cost_types"``."""
    return _NON_WORD.sub("_", text.lower()).strip("_")


def group_name(tag: str, clashing: bool = False) -> str:
    """The group of an operation from its reference tag: the tag's last segment, snake_case.

    ``"Project Management/RFI/rfis"`` -> ``"rfis"``. When two tags end in the same segment
    (``clashing``), the segment before it is prefixed: ``"Core/Project/links"`` ->
    ``"project_links"``.
    """
    parts = tag.split("/")
    name = snake(parts[-1])
    if clashing and len(parts) > 1:
        name = snake(parts[-2]) + "_" + name
    return name


def is_placeholder(segment: str) -> bool:
    return segment.startswith("{") and segment.endswith("}")


def resource_segments(segments: Sequence[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Split the segments after the version into (scope prefix, the rest).

    ``["companies", "{company_id}", "projects", "{project_id}", "rfis"]`` ->
    ``(("companies", "{company_id}", "projects", "{project_id}"), ("rfis",))``.
    """
    i = 0
    while i + 1 < len(segments) and SCOPE_SEGMENTS.get(segments[i]) == segments[i + 1]:
        i += 2
    # A path that is only a scope pair (``/companies/{company_id}``) is that resource itself.
    if i == len(segments) and i:
        i -= 2
    return tuple(segments[:i]), tuple(segments[i:])


def is_member(rest: Sequence[str]) -> bool:
    """Whether a path addresses one record: it ends in a placeholder (or ``{id}.pdf``)."""
    return bool(rest) and (is_placeholder(rest[-1]) or bool(_MEMBER_FILE.match(rest[-1])))


def base_action(method: str, rest: Sequence[str], noun: str) -> tuple[str, tuple[str, ...]]:
    """The action of one operation before disambiguation, and the path words it was named from.

    ``rest`` is the path after its version and scope prefix; ``noun`` is the group's main
    resource segment. Rules, in order:

    - a path ending in ``sync`` is ``sync`` (``PATCH .../vendors/sync``; ``POST
      .../budget_line_items/sync``);
    - a path ending in ``noun`` or ``noun/{id}`` takes the CRUD verb of its shape (see
      :func:`verb`);
    - otherwise the literal words after the last ``noun`` (or the last literal word when the
      path has no ``noun``) name it: ``PATCH .../rfis/{id}/recycle`` -> ``recycle``,
      ``DELETE .../users/{id}/actions/remove`` -> ``remove`` (``actions`` is skipped),
      ``GET .../rfis/{id}.pdf`` -> ``pdf``.
    """
    # ``.../{id}/actions/remove``: "actions" is Procore's folder for member actions, not a word
    # of the action's name.
    literals = []
    for segment in rest:
        found = _MEMBER_FILE.match(segment)
        if found:
            literals.append(found.group(1))
        elif not is_placeholder(segment) and segment != "actions":
            literals.append(segment)
    if literals and literals[-1] == "sync":
        return "sync", ("sync",)
    if literals and literals[-1] == noun and not _MEMBER_FILE.match(rest[-1]):
        return verb(method, is_member(rest)), ()
    if noun in literals:
        tail = literals[len(literals) - literals[::-1].index(noun) :]
    else:
        tail = literals[-1:]
    words = tuple(snake(w) for w in tail)
    return "_".join(words) or verb(method, is_member(rest)), words
