"""Generated models against Procore's reference: every subset field declared, no generator drift."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest
from _helpers.scripts import load_script
from _support import reference_subset

from procore_sdk import models
from procore_sdk._serde import structure

ROOT = Path(__file__).resolve().parents[2]

generate_models = load_script("generate_models")

RESOURCE_MODELS = [spec.name for spec in generate_models.MODELS]


def _sample(spec: Any) -> Any:
    """A value of the subset type ``spec``, as Procore would send it."""
    if isinstance(spec, list):
        spec = {"type": "object", "fields": generate_models.Gen.unwrap({"oneOf": spec})}
    if isinstance(spec, dict):
        kind = spec.get("type", "object")
        sub = spec.get("fields")
        if not isinstance(sub, dict) and kind not in ("object", "any"):
            return _sample(kind)  # an enum: a plain string
        value: Any = (
            {k: _sample(v) for k, v in sub.items() if "{" not in k and "%" not in k}
            if isinstance(sub, dict)
            else {}
        )
        return [value] if kind.startswith("array") else value
    return {
        "integer": 2**63,
        "boolean": True,
        "string/date-time": "2025-02-06T23:34:12.246562Z",
        "string/date": "2024-05-01",
        "string/float": "1234.56",
        "number/float": 12.5,
        "number/decimal": "7.25",
        "number": 3,
        "array<integer>": [1, 2**53 + 1],
        "array<string>": ["a"],
        "object": {"k": "v"},
        "any": {"anything": [1]},
    }.get(spec, [] if spec.startswith("array") else "1234.56" if spec == "string" else "x")


def _fixture(name: str) -> dict[str, Any]:
    spec = next(s for s in generate_models.MODELS if s.name == name)
    gen = generate_models.Gen(json.loads(reference_subset().read_text(encoding="utf-8")))
    fields: dict[str, Any] = dict(spec.manual)
    for key in spec.read:
        for k, v in gen.response_fields(key).items():
            fields.setdefault(k, v)
    return {k: _sample(v) for k, v in fields.items() if "{" not in k and "%" not in k}


@pytest.mark.parametrize("name", RESOURCE_MODELS)
def test_every_resource_structures_a_real_shaped_response(name: str) -> None:
    cls = getattr(models, name)
    data = _fixture(name)
    data["brand_new_field"] = {"nested": 1}
    record = structure(data, cls)
    assert record.extra == {"brand_new_field": {"nested": 1}}
    assert "brand_new_field" not in {f.name for f in attrs.fields(cls)}
    assert "(" in repr(record)
    empty = structure({}, cls)  # Procore omits fields freely
    assert all(getattr(empty, f.name) is None for f in attrs.fields(cls) if f.name != "extra")


@pytest.mark.parametrize("name", RESOURCE_MODELS)
def test_every_subset_response_field_is_declared(name: str) -> None:
    cls = getattr(models, name)
    declared = {str(f.metadata.get("json", f.name)) for f in attrs.fields(cls)}
    missing = set(_fixture(name)) - declared
    assert not missing, f"{name} lacks {sorted(missing)}"


def test_generator_check_passes() -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "generate_models.py"),
            "--check",
            "--subset",
            str(reference_subset()),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr


def test_generator_check_detects_drift_and_stale_modules(tmp_path: Path) -> None:
    out = tmp_path / "models"
    args = ["--output", str(out), "--subset", str(reference_subset())]
    assert generate_models.main(["--check", *args]) == 1  # nothing written yet
    assert generate_models.main(args) == 0
    assert generate_models.main(["--check", *args]) == 0
    rfis = out / "_groups" / "rfis.py"
    rfis.write_text(rfis.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    stray = out / "_actions" / "gone.py"  # a module the generator no longer writes
    stray.write_text("", encoding="utf-8")
    assert generate_models.main(["--check", *args]) == 1
    assert generate_models.main(args) == 0
    assert not stray.exists()
    assert "# edited" not in rfis.read_text(encoding="utf-8")
    assert generate_models.main(["--check", *args]) == 0
