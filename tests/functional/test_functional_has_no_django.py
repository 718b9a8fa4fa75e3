"""`scans/functional/` is plain Python like the engine: no module in it imports Django."""
from __future__ import annotations

from pathlib import Path

from tests.engine.test_engine_has_no_django import django_modules

FUNCTIONAL = Path(__file__).resolve().parents[2] / "scans" / "functional"


def test_no_functional_module_imports_django():
    modules = sorted(FUNCTIONAL.rglob("*.py"))
    assert len(modules) > 5
    offenders = [
        f"{path.relative_to(FUNCTIONAL)}: {module}"
        for path in modules
        for module in django_modules(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
