"""A scan of an API whose Swagger description breaks the rules (production `host`, an undeclared
path variable, untyped and misspelt parameters, an OpenAPI 3 `schema` in Swagger 2.0, an
uncallable operation) runs: it calls only the scan URL, lists every repair and skip in the scan's
warnings, and finds the SQL injection planted behind a repaired operation."""
from __future__ import annotations

from scans.engine.config import ScanConfig, ScanOptions
from scans.engine.model import Remedy
from scans.engine.runner import run_scan
from scans.engine.spec import load_spec
from tests.targets.imperfect_api import serving


def test_a_scan_through_repaired_operations_finds_the_planted_injection_and_lists_the_repairs() -> None:
    with serving() as api:
        description = load_spec(api.spec_url, base_url=api.url)
        outcome = run_scan(ScanConfig(url=api.url, spec=description, options=ScanOptions(checks=("sql_injection",))))
        asked = list(api.paths)
    assert [operation.key for operation in description.operations] == [
        "GET /shops/{shop}/items", "GET /items/{id}", "GET /stock",
    ]
    remedies = {(warning.location, warning.remedy) for warning in description.warnings}
    assert {
        ("host", Remedy.IGNORED),
        ("paths./shops/{shop}/items.get", Remedy.REPAIRED),
        ("paths./shops/{shop}/items.get.parameters[0]", Remedy.REPAIRED),
        ("paths./shops/{shop}/items.get.parameters[1]", Remedy.REPAIRED),
        ("paths./items/{id}.get.parameters[0]", Remedy.REPAIRED),
        ("paths./stock.get.parameters[0]", Remedy.REPAIRED),
        ("paths./notes.post", Remedy.SKIPPED),
    } <= remedies
    assert {f"API description: {line}" for line in description.warning_lines()} <= set(outcome.warnings)
    injections = [(finding.check, finding.endpoint, finding.parameter) for finding in outcome.findings]
    assert injections == [("sql_injection", "/shops/{shop}/items", "q")]
    assert any(path.startswith("/api/shops/") for path in asked)
    assert "/api/notes" not in asked
