"""GET /scan/{id}/export in every format: SARIF valid by the official schema and Microsoft's
validator, CSV and HTML parsed back, and hostile target text made inert in each."""
from __future__ import annotations

import csv
import io
import json
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest

from tests.scans.factories import make_finding, make_scan, make_task
from tests.shared_data import shared_data

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[2]
MULTITOOL = next(iter(sorted(REPO.glob("node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"))), None)
HOSTILE = '<script>alert(1)</script>=HYPERLINK("http://evil")|`x`\x1b[31m'


@pytest.fixture
def scan(account):
    previous = make_scan(account.tenant, age_minutes=5)
    make_finding(previous, check="bfla", endpoint="/admin", parameter="")
    scan = make_scan(account.tenant, tasks_total=2, tasks_passed=1, tasks_failed=1, elapsed_seconds=3.2)
    make_task(scan), make_task(scan, outcome="found")
    make_finding(scan, severity="critical", score=95, check="jwt-none", endpoint="/me", parameter="")
    make_finding(scan, description=HOSTILE)
    dismissed = make_finding(scan, check="excessive-data-exposure", endpoint="/users", parameter="", severity="medium", score=50)
    account.client.post(f"/api/v1/findings/{dismissed.pk}/dismiss", {"reason": "accepted_risk", "note": "public data"}, format="json")
    return scan


def export(account, scan, fmt: str):
    response = account.client.get(f"/api/v1/scan/{scan.pk}/export?format={fmt}")
    assert response.status_code == 200, response.content[:500]
    return response


def test_json_is_the_results_object(account, scan):
    response = export(account, scan, "json")
    assert response["Content-Type"] == "application/json"
    assert 'attachment; filename="nat-' in response["Content-Disposition"]
    body = json.loads(response.content)
    assert {"status", "passed", "failed", "total", "elapsed_seconds", "tasks", "findings"} <= set(body)
    assert len(body["findings"]) == 3 and body["scan"]["scan_id"] == scan.pk


def test_default_format_is_json(account, scan):
    assert account.client.get(f"/api/v1/scan/{scan.pk}/export")["Content-Type"] == "application/json"


def test_unknown_format_is_422_naming_format(account, scan):
    body = account.client.get(f"/api/v1/scan/{scan.pk}/export?format=pdf").json()
    assert body["status"] == 422 and "'format'" in body["message"]


def test_csv_parses_back_one_row_per_finding_without_formulas(account, scan):
    rows = list(csv.DictReader(io.StringIO(export(account, scan, "csv").content.decode())))
    assert len(rows) == 3
    assert {row["severity"] for row in rows} == {"critical", "high", "medium"}
    assert next(row for row in rows if row["status"] == "dismissed")["dismissal_reason"] == "accepted_risk"
    assert all(not cell.startswith(("=", "+", "@")) for row in rows for cell in row.values())


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def test_html_is_one_self_contained_file_with_escaped_evidence(account, scan):
    response = export(account, scan, "html")
    assert "sandbox" in response["Content-Security-Policy"]
    html = response.content.decode()
    parser = _Collector()
    parser.feed(html)
    assert "script" not in parser.tags and "link" not in parser.tags
    assert "svg" in parser.tags
    text = "".join(parser.text)
    assert HOSTILE.split("=")[0] in text
    assert "curl -H" in text and "Fixed since the previous scan" in text


def test_html_speaks_words_for_stored_values(account, scan):
    parser = _Collector()
    parser.feed(export(account, scan, "html").content.decode())
    text = "".join(parser.text)
    assert "Accepted risk: public data" in text and "Critical" in text
    assert not {"accepted_risk", "critical", "completed"} & set(text.replace(":", " ").split())


def test_markdown_has_summary_findings_and_inert_target_text(account, scan):
    markdown = export(account, scan, "markdown").content.decode()
    assert markdown.startswith("# NAT scan report")
    assert "| critical | 1 | 0 |" in markdown and "| medium | 0 | 1 |" in markdown
    assert "<script>" not in markdown and "\\<script\\>" in markdown


def sarif(account, scan) -> dict:
    return json.loads(export(account, scan, "sarif").content)


def test_sarif_validates_against_the_official_schema(account, scan):
    schema = json.loads(shared_data("sarif-schema-2.1.0.json").read_text())
    jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker()).validate(sarif(account, scan))


def test_sarif_has_rules_fingerprints_and_suppressions(account, scan):
    run = sarif(account, scan)["runs"][0]
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    assert set(rules) == {"bola", "jwt-none", "excessive-data-exposure"}
    assert all(rule["help"]["text"] and rule["name"] != rule["id"] for rule in rules.values())
    assert all(len(r["partialFingerprints"]["natFingerprint/v1"]) == 64 for r in run["results"])
    suppressed = [r for r in run["results"] if r.get("suppressions")]
    assert len(suppressed) == 1 and suppressed[0]["ruleId"] == "excessive-data-exposure"
    assert {r["ruleId"]: r["level"] for r in run["results"]}["jwt-none"] == "error"


def test_sarif_fingerprints_are_stable_across_scans(account, scan):
    again = make_scan(account.tenant)
    make_finding(again)
    first = {r["partialFingerprints"]["natFingerprint/v1"] for r in sarif(account, scan)["runs"][0]["results"] if r["ruleId"] == "bola"}
    second = {r["partialFingerprints"]["natFingerprint/v1"] for r in sarif(account, again)["runs"][0]["results"]}
    assert first == second


def test_sarif_passes_microsofts_validator(account, scan, tmp_path):
    assert MULTITOOL is not None, "Microsoft's SARIF validator is missing: run scripts/bootstrap (npm ci)"
    path = tmp_path / "report.sarif"
    path.write_bytes(export(account, scan, "sarif").content)
    out = tmp_path / "validation.sarif"
    subprocess.run([str(MULTITOOL), "validate", str(path), "--output", str(out)], check=True, capture_output=True, timeout=120)
    problems = json.loads(out.read_text())["runs"][0]["results"]
    errors = [p for p in problems if p.get("level") == "error"]
    assert errors == [], errors


def test_junit_has_a_case_per_task_and_a_failure_per_open_finding(account, scan):
    from xml.etree import ElementTree

    from scans import selectors
    from scans.exports import render

    root = ElementTree.fromstring(render(selectors.scan_report(scan), "junit"))
    suite = root.find("testsuite")
    cases = suite.findall("testcase")
    assert len(cases) == 2 + 3
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("5", "2", "1")
    failures = [case.find("failure") for case in cases if case.find("failure") is not None]
    assert {failure.get("type") for failure in failures} == {"critical", "high"}
    assert all("Reproduce: curl" in failure.text for failure in failures)
    assert any("<script>alert(1)</script>" in failure.text for failure in failures)
