"""A small, complete report used by `nat doctor` to prove every exporter renders."""
from __future__ import annotations

from typing import Any


def sample_report() -> dict[str, Any]:
    finding = {
        "id": "fnd_sample",
        "check": "bola",
        "title": "Broken object level authorization",
        "severity": "high",
        "score": 85,
        "owasp": "API1:2023",
        "cwe": "CWE-639",
        "method": "GET",
        "endpoint": "/users/{id}",
        "parameter": "id",
        "description": "User B read user A's object.",
        "evidence": [
            {
                "request": {"method": "GET", "url": "http://127.0.0.1/users/1", "headers": {}, "body": ""},
                "response": {"status": 200, "headers": {"Content-Type": "application/json"}, "body": "{}"},
            }
        ],
        "curl": "curl http://127.0.0.1/users/1",
        "remediation": "Check object ownership on every read.",
        "confidence": "confirmed",
        "status": "open",
        "mark": "new",
        "fingerprint": "0" * 64,
        "dismissal": None,
    }
    return {
        "scan": {"scan_id": "scan_sample", "url": "http://127.0.0.1", "mode": "security"},
        "status": "completed",
        "passed": 1,
        "failed": 1,
        "skipped": 0,
        "not_tried": 0,
        "total": 2,
        "elapsed_seconds": 1.0,
        "agent_count": 1,
        "tasks": [],
        "findings": [finding],
        "fixed": [],
        "warnings": [],
        "accessibility": None,
        "performance": None,
        "visual_regression": None,
    }
