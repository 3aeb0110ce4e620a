"""What an import loads (issue 13, item 3): names load on first use, features load when used.

Every check runs in a fresh interpreter and looks at ``sys.modules``: the structure that makes
imports fast, never a timing (import time is measured in ``benchmarks/``, the ``import`` rows).
"""

from __future__ import annotations

import ast
import importlib
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from _helpers.typecheck import mypy_findings

ROOT = Path(__file__).resolve().parents[2]

# The package and its public subpackages whose names load on first use.
LAZY_PACKAGES = ("procore_sdk", "procore_sdk.auth", "procore_sdk.webhooks", "procore_sdk.testing")


def _fresh(code: str) -> str:
    """The output of ``code`` run in a fresh interpreter (warnings are errors)."""
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def _modules_after(code: str) -> set[str]:
    """``sys.modules`` of a fresh interpreter after it ran ``code``."""
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    return set(json.loads(_fresh(script).splitlines()[-1]))


def _loaded(modules: set[str], *names: str) -> list[str]:
    """Those of ``modules`` that are one of ``names`` or inside one of them."""
    return sorted(m for m in modules if any(m == n or m.startswith(n + ".") for n in names))


def test_import_procore_sdk_loads_no_client_httpx_models_webhooks_or_fake() -> None:
    modules = _modules_after("import procore_sdk")
    assert "procore_sdk" in modules
    heavy = (
        "httpx",
        "attrs",
        "procore_sdk._async",
        "procore_sdk._blocking",
        "procore_sdk._errors",
        "procore_sdk.models",
        "procore_sdk.webhooks",
        "procore_sdk.testing",
    )
    assert _loaded(modules, *heavy) == []


def test_the_clients_load_without_webhooks_sync_redis_or_the_fake() -> None:
    modules = _modules_after("from procore_sdk import Procore, AsyncProcore")
    assert {"procore_sdk._blocking._client", "procore_sdk._async._client", "httpx"} <= modules
    features = (
        # receiving webhooks, and managing them (client.webhooks loads on first use)
        "procore_sdk.webhooks",
        "procore_sdk._webhook_rules",
        "procore_sdk._async._webhooks",
        "procore_sdk._blocking._webhooks",
        # Sync actions (the runner loads on the first sync() call)
        "procore_sdk._sync_action_plan",
        "procore_sdk._sync_action_result",
        "procore_sdk._sync_action_match",
        "procore_sdk._async._batch",
        "procore_sdk._blocking._batch",
        # Redis
        "redis",
        "procore_sdk.contrib",
        "procore_sdk._async._redis",
        "procore_sdk._blocking._redis",
        # the fake
        "procore_sdk.testing",
    )
    assert _loaded(modules, *features) == []


def test_the_blocking_client_does_not_load_asyncio() -> None:
    modules = _modules_after("from procore_sdk import Procore")
    assert "procore_sdk._blocking._client" in modules
    assert _loaded(modules, "asyncio", "procore_sdk._async") == []


@pytest.mark.parametrize(
    ("code", "loads"),
    [
        ("from procore_sdk import SyncResult", "procore_sdk._sync_action_result"),
        ("from procore_sdk import EnsureResult", "procore_sdk._webhook_rules"),
        ("from procore_sdk.webhooks import WebhookReceiver", "procore_sdk.webhooks._receiver"),
        ("from procore_sdk.auth import FileTokenStore", "procore_sdk._token_store"),
        ("from procore_sdk.testing import FakeProcore", "procore_sdk.testing._app"),
        ("import procore_sdk; procore_sdk.models.Project", "procore_sdk.models"),
        ("import procore_sdk; procore_sdk.webhooks.parse_event", "procore_sdk.webhooks._event"),
    ],
)
def test_a_name_loads_its_module_on_first_use(code: str, loads: str) -> None:
    assert loads in _modules_after(code)


def test_a_client_loads_webhook_management_and_sync_when_first_used() -> None:
    modules = _modules_after(
        "from procore_sdk import Procore\n"
        "client = Procore(access_token='t', company_id=1)\n"
        "client.webhooks; client.direct_cost_line_items.endpoint"
    )
    assert {"procore_sdk._blocking._webhooks", "procore_sdk._sync_action_plan"} <= modules


PLUGIN_USER_TESTS = """
import json
import os
import sys


def test_loading_the_plugin_loaded_nothing_heavy(request):
    assert request.config.pluginmanager.has_plugin("procore_sdk.testing._pytest_plugin")
    with open(os.environ["MODULES_SEEN"], "w") as f:
        json.dump(sorted(sys.modules), f)


def test_a_fixture_loads_the_fake_when_used(procore_fake):
    assert procore_fake.company_id
    assert "procore_sdk.testing._app" in sys.modules
"""


def test_the_pytest_plugin_loads_nothing_heavy_until_a_fixture_runs(tmp_path: Path) -> None:
    (tmp_path / "test_user.py").write_text(PLUGIN_USER_TESTS, encoding="utf-8")
    seen = tmp_path / "seen.json"
    plugin = "procore_sdk.testing._pytest_plugin"
    result = subprocess.run(
        # Only this plugin: another installed plugin's imports are not this plugin's cost.
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", plugin, "."],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
            "MODULES_SEEN": str(seen),
        },
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout
    modules = set(json.loads(seen.read_text(encoding="utf-8")))
    assert "procore_sdk.testing._pytest_plugin" in modules
    heavy = ("httpx", "procore_sdk._async", "procore_sdk._blocking", "procore_sdk.testing._app")
    assert _loaded(modules, *heavy) == []


# -- every public name is visible: at run time, to dir(), and to type checkers --------------------


def test_every_public_name_is_listed_by_dir_and_resolves_in_a_fresh_interpreter() -> None:
    script = textwrap.dedent(
        f"""
        import importlib, json
        out = {{}}
        for name in {list(LAZY_PACKAGES)!r}:
            package = importlib.import_module(name)
            listed = set(dir(package))  # before any name was read
            missing = [n for n in package.__all__ if n not in listed]
            unresolved = [n for n in package.__all__ if getattr(package, n, None) is None]
            out[name] = [len(package.__all__), missing, unresolved]
        print(json.dumps(out))
        """
    )
    for package, (count, missing, unresolved) in json.loads(_fresh(script)).items():
        assert count > 0, package
        assert (missing, unresolved) == ([], []), package


def _type_checking_imports(path: Path) -> dict[str, str]:
    """Name -> module of the imports under ``if TYPE_CHECKING:`` in ``path`` (as written)."""
    found: dict[str, str] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for stmt in node.body:
                if isinstance(stmt, ast.ImportFrom) and stmt.level:
                    for alias in stmt.names:
                        module = "." * stmt.level + (stmt.module or "")
                        found[alias.asname or alias.name] = module
    return found


@pytest.mark.parametrize("package", LAZY_PACKAGES)
def test_type_checkers_see_the_same_names_from_the_same_modules(package: str) -> None:
    # The TYPE_CHECKING imports are what mypy and IDEs read; _EXPORTS is what runs. One list
    # drifting from the other would show a name the package does not have, or hide one it has.
    module = importlib.import_module(package)
    assert module.__file__ is not None
    seen_by_checkers = _type_checking_imports(Path(module.__file__))
    exported = {name: source for source, names in module._EXPORTS.items() for name in names}
    assert seen_by_checkers == exported
    assert set(exported) == set(module.__all__) - {"__version__"}


def test_the_lazy_getattr_is_hidden_from_type_checkers() -> None:
    # A module __getattr__ visible to mypy would make every misspelt name type-check as Any.
    for package in LAZY_PACKAGES:
        path = ROOT / Path(*package.split(".")) / "__init__.py"
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.If) and ast.unparse(node.test) == "not TYPE_CHECKING":
                continue
            assert "__getattr__" not in ast.unparse(node), (package, ast.unparse(node)[:80])


def _program_importing_every_public_name() -> str:
    lines = ["import procore_sdk"]
    for package in LAZY_PACKAGES:
        names = ", ".join(importlib.import_module(package).__all__)
        lines.append(f"from {package} import {names}")
    lines += [
        "client: procore_sdk.Procore = procore_sdk.Procore(access_token='t')",
        "error: type[procore_sdk.ProcoreError] = procore_sdk.NotFoundError",
        "version: str = procore_sdk.__version__",
    ]
    return "\n".join(lines) + "\n"


BAD = """
    import procore_sdk
    from procore_sdk import Procore
    from procore_sdk import Procor  # E
    from procore_sdk.webhooks import WebhookReciever  # E
    from procore_sdk.auth import FileTokenStor  # E
    from procore_sdk.testing import FakeProcor  # E

    procore_sdk.NotFoundErorr  # E
    Procore(access_token=1)  # E
    count: int = procore_sdk.__version__  # E
"""


@pytest.mark.slow
def test_mypy_strict_sees_every_public_name_and_reports_misspelt_ones(tmp_path: Path) -> None:
    in_good, reported, expected = mypy_findings(
        tmp_path, _program_importing_every_public_name(), BAD
    )
    assert in_good == []
    assert reported == expected


def test_classes_loaded_by_the_client_print_as_procore_sdk_names() -> None:
    # Tracebacks say procore_sdk.NotFoundError even when the program never read that name,
    # only imported the client (which loads the errors module).
    script = (
        "from procore_sdk import Procore\n"
        "from procore_sdk._errors import NotFoundError\n"
        "from procore_sdk._pagination import Page\n"
        "print(NotFoundError.__module__, Page.__module__)"
    )
    assert _fresh(script).split() == ["procore_sdk", "procore_sdk"]


@pytest.mark.parametrize("package", LAZY_PACKAGES)
def test_an_unknown_name_is_still_an_attribute_error(package: str) -> None:
    module = importlib.import_module(package)
    with pytest.raises(AttributeError, match=rf"module '{package}' has no attribute 'Nope'"):
        module.Nope  # noqa: B018
    assert not hasattr(module, "Nope")
    with pytest.raises(ImportError, match="Nope"):
        exec(f"from {package} import Nope", {})
