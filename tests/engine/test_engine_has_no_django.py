"""`scans/engine/` is plain Python: no module in it imports Django or a Django-bound package."""
from __future__ import annotations

import ast
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[2] / "scans" / "engine"
DJANGO_BOUND = ("django", "rest_framework", "django_q", "djstripe", "drf_spectacular")


def _is_django(module: str) -> bool:
    return any(module == name or module.startswith(f"{name}.") for name in DJANGO_BOUND)


def django_modules(source: str) -> list[str]:
    """Django-bound modules that `source` imports, statically or through importlib/__import__."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if _is_django(alias.name)]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module and _is_django(node.module):
            found.append(node.module)
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            called = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            argument = node.args[0].value
            if called in ("import_module", "__import__") and isinstance(argument, str) and _is_django(argument):
                found.append(argument)
    return found


def test_engine_package_has_modules():
    assert ENGINE.is_dir()
    assert list(ENGINE.rglob("*.py"))


def test_no_engine_module_imports_django():
    offenders = [
        f"{path.relative_to(ENGINE)}: {module}"
        for path in sorted(ENGINE.rglob("*.py"))
        for module in django_modules(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_scan_catches_every_import_form():
    source = (
        "import os\nfrom django.db import models\nimport rest_framework.views as views\n"
        "import importlib\nimportlib.import_module('django.conf')\nfrom djangoish import x\n"
        "from . import django\n"
    )
    assert django_modules(source) == ["django.db", "rest_framework.views", "django.conf"]
