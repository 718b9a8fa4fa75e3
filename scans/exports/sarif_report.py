"""SARIF 2.1.0 for code-scanning platforms: one rule per check, one result per finding.

Dismissed findings are kept as results with an accepted external suppression, so platforms show
them as suppressed instead of re-opening them; `partialFingerprints` keep alerts stable across scans.
Tasks that leave the results incomplete (errored, not tried, unconfirmed) are the invocation's tool
execution notifications, not results: they are no alert, but say what the scan could not judge.
"""
from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/nat-testing/nat"
LEVELS = {"critical": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}
BODY_LIMIT = 4000
NOTIFICATIONS = {
    # task outcome: (notification id, level, what it means)
    "error": ("task-error", "error", "The task could not run: results for its check and operation may be missing."),
    "not_tried": ("task-not-tried", "warning", "Testable, but not allowed (safe mode, the budget, a destructive "
                                                "operation held back): not tested."),
    "unconfirmed": ("task-unconfirmed", "note", "A candidate the confirming requests did not reproduce: no finding."),
}


def _rule_name(title: str) -> str:
    """`Broken object level authorization` → `BrokenObjectLevelAuthorization` (SARIF wants a name
    that differs from the rule id)."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", title) if part) or "Finding"


def _rule(finding: Mapping[str, Any]) -> dict[str, Any]:
    tags = ["security", "api"]
    if finding.get("owasp"):
        tags.append(f"OWASP-{finding['owasp']}")
    if finding.get("cwe"):
        tags.append(f"external/cwe/{str(finding['cwe']).lower()}")
    remediation = finding.get("remediation") or "See the finding's description."
    return {
        "id": finding["check"],
        "name": _rule_name(finding["title"]),
        "shortDescription": {"text": finding["title"]},
        "fullDescription": {"text": finding.get("description") or finding["title"]},
        "help": {"text": remediation, "markdown": remediation},
        "defaultConfiguration": {"level": LEVELS.get(finding["severity"], "warning")},
        "properties": {"tags": tags, "security-severity": f"{finding.get('score', 0) / 10:.1f}"},
    }


def _web_request(evidence: Mapping[str, Any]) -> dict[str, Any]:
    request = evidence.get("request") or {}
    web: dict[str, Any] = {"method": request.get("method", "GET"), "target": request.get("url", "")}
    if request.get("headers"):
        web["headers"] = {str(k): str(v) for k, v in request["headers"].items()}
    if request.get("body"):
        web["body"] = {"text": str(request["body"])[:BODY_LIMIT]}
    return web


def _web_response(evidence: Mapping[str, Any]) -> dict[str, Any]:
    response = evidence.get("response") or {}
    web: dict[str, Any] = {"statusCode": int(response.get("status") or 0)}
    if response.get("headers"):
        web["headers"] = {str(k): str(v) for k, v in response["headers"].items()}
    if response.get("body"):
        web["body"] = {"text": str(response["body"])[:BODY_LIMIT]}
    return web


def _result(finding: Mapping[str, Any], rule_index: int, artifact_uri: str) -> dict[str, Any]:
    where = f"{finding.get('method', '')} {finding.get('endpoint', '')}".strip()
    message = f"{finding['title']} at {where}" if where else finding["title"]
    if finding.get("parameter"):
        message += f" (parameter '{finding['parameter']}')"
    result: dict[str, Any] = {
        "ruleId": finding["check"],
        "ruleIndex": rule_index,
        "level": LEVELS.get(finding["severity"], "warning"),
        "message": {"text": message},
        "locations": [
            {
                "physicalLocation": {"artifactLocation": {"uri": artifact_uri}},
                "logicalLocations": [{"name": where or finding["check"], "kind": "function"}],
            }
        ],
        "partialFingerprints": {"natFingerprint/v1": finding["fingerprint"]},
        "properties": {
            "severity": finding["severity"],
            "score": finding.get("score"),
            "owasp": finding.get("owasp"),
            "cwe": finding.get("cwe"),
            "curl": finding.get("curl"),
            "confidence": finding.get("confidence"),
        },
    }
    evidence = finding.get("evidence") or []
    if evidence:
        result["webRequest"] = _web_request(evidence[0])
        result["webResponse"] = _web_response(evidence[0])
    dismissal = finding.get("dismissal")
    if finding.get("status") == "dismissed" and dismissal:
        justification = dismissal.get("reason", "")
        if dismissal.get("note"):
            justification += f": {dismissal['note']}"
        result["suppressions"] = [{"kind": "external", "status": "accepted", "justification": justification}]
    return result


def _notifications(tasks: list[Mapping[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The driver's notification descriptors in use, and one notification per task they describe."""
    descriptors: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    notifications = []
    for task in tasks:
        outcome = task.get("outcome")
        if outcome not in NOTIFICATIONS:
            continue
        descriptor_id, level, meaning = NOTIFICATIONS[outcome]
        if descriptor_id not in index:
            index[descriptor_id] = len(descriptors)
            descriptors.append({"id": descriptor_id, "shortDescription": {"text": meaning}})
        where = f"{task.get('method', '')} {task.get('endpoint', '')}".strip()
        notification: dict[str, Any] = {
            "descriptor": {"id": descriptor_id, "index": index[descriptor_id]},
            "level": level,
            "message": {"text": f"{task['check']}{f' on {where}' if where else ''}: {task.get('detail') or outcome}"},
            "properties": {"check": task["check"], "outcome": outcome},
        }
        if where:
            notification["locations"] = [{"logicalLocations": [{"name": where, "kind": "function"}]}]
        notifications.append(notification)
    return descriptors, notifications


def render(report: Mapping[str, Any]) -> bytes:
    scan = report.get("scan") or {}
    artifact_uri = scan.get("spec_location") or scan.get("url") or "api"
    rules: list[dict[str, Any]] = []
    rule_index: dict[str, int] = {}
    results = []
    for finding in report.get("findings", []):
        if finding["check"] not in rule_index:
            rule_index[finding["check"]] = len(rules)
            rules.append(_rule(finding))
        results.append(_result(finding, rule_index[finding["check"]], artifact_uri))
    invocation: dict[str, Any] = {"executionSuccessful": report.get("status") != "failed"}
    descriptors, notifications = _notifications(report.get("tasks", []))
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    if scan.get("started_at"):
        invocation["startTimeUtc"] = scan["started_at"]
    if scan.get("finished_at"):
        invocation["endTimeUtc"] = scan["finished_at"]
    version = report.get("nat_version")
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "NAT",
                "fullName": "NAT, the Neural Autonomous Tester",
                **({"version": version, "semanticVersion": version} if version else {}),
                "informationUri": INFORMATION_URI,
                "rules": rules,
                **({"notifications": descriptors} if descriptors else {}),
            }
        },
        "invocations": [invocation],
        "results": results,
        "columnKind": "unicodeCodePoints",
    }
    if scan.get("scan_id"):
        run["automationDetails"] = {"id": f"nat/{scan.get('url', 'api')}/{scan['scan_id']}"}
    document = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(document, indent=2, ensure_ascii=False).encode("utf-8")
