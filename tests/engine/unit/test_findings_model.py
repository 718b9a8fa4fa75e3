"""Findings: severity bands, stable fingerprints, JSON-safe serialization."""
from __future__ import annotations

import json

import pytest

from scans.engine.findings import (
    Confidence,
    Exchange,
    Finding,
    RecordedRequest,
    RecordedResponse,
    Severity,
    normalize_path_template,
)
from scans.engine.owasp import Owasp


@pytest.mark.parametrize(
    ("score", "severity"),
    [(100, Severity.CRITICAL), (90, Severity.CRITICAL), (89, Severity.HIGH), (70, Severity.HIGH),
     (69, Severity.MEDIUM), (40, Severity.MEDIUM), (39, Severity.LOW), (10, Severity.LOW), (9, Severity.INFO),
     (0, Severity.INFO)],
)
def test_severity_bands(score: int, severity: Severity) -> None:
    assert Severity.from_score(score) is severity


def _finding(**changes) -> Finding:
    values = dict(
        check="bola", title="t", severity=Severity.HIGH, score=80, owasp=Owasp.API1, cwe="CWE-639", method="GET",
        endpoint="/orders/{id}", parameter="id", description="d",
        evidence=(Exchange(RecordedRequest("GET", "http://h/orders/1"), RecordedResponse(200, body="{}")),),
        curl="curl http://h/orders/1", remediation="r", confidence=Confidence.HIGH, identity="primary", why="w",
    )
    values.update(changes)
    return Finding(**values)


def test_fingerprint_ignores_parameter_names_case_slashes_and_run_details() -> None:
    first = _finding()
    assert first.fingerprint == _finding(endpoint="/Orders/{order_id}/", why="other", curl="curl x").fingerprint
    assert first.fingerprint != _finding(method="PATCH").fingerprint
    assert first.fingerprint != _finding(parameter="").fingerprint
    assert normalize_path_template("/a/{x}/b/") == "/a/{}/b"


def test_to_dict_is_json_safe_and_names_the_category() -> None:
    data = json.loads(json.dumps(_finding().to_dict()))
    assert data["severity"] == "high" and data["owasp"] == "API1:2023" and data["confidence"] == "high"
    assert data["owasp_title"] == "Broken Object Level Authorization"
    assert data["evidence"][0]["request"]["url"] == "http://h/orders/1"
