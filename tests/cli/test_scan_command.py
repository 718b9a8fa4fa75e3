"""`nat scan` run as a user would: a local scan of the demo API in every report format, exit codes
around --fail-on and dismissals, .natrc defaults, and `nat findings`."""
from __future__ import annotations

import csv
import io
import json
from xml.etree import ElementTree

import pytest

from nat_site.demo.server import demo_api


@pytest.fixture(scope="module")
def target():
    with demo_api() as base:
        yield base


@pytest.fixture
def scan_env(nat_env):
    nat_env["NAT_LOGIN_BODY"] = json.dumps({"username": "alice", "password": "alice-demo-password"})
    nat_env["NAT_AUTH2_LOGIN_BODY"] = json.dumps({"username": "bob", "password": "bob-demo-password"})
    return nat_env


def scan_args(target: str) -> list[str]:
    return ["scan", "--url", f"{target}/api", "--spec", f"{target}/openapi.json", "--quiet",
            "--auth-login-url", f"{target}/api/auth/login", "--auth-token-path", "token",
            "--auth2-login-url", f"{target}/api/auth/login", "--auth2-token-path", "token"]


def test_local_scan_writes_every_report_format(run_nat, scan_env, target, tmp_path):
    outputs = {"html": "r.html", "json": "r.json", "csv": "r.csv", "sarif": "r.sarif", "markdown": "r.md", "junit": "r.xml"}
    args = scan_args(target)
    for fmt, name in outputs.items():
        args += ["--format", fmt, "--output", name]
    result = run_nat(*args)
    assert result.returncode == 0, result.stderr
    assert "critical" in result.stdout and "Reports:" in result.stdout
    report = json.loads((tmp_path / "r.json").read_text())
    checks = {finding["check"] for finding in report["findings"]}
    assert {"bola", "bfla", "jwt_alg_none", "mass_assignment", "data_exposure"} <= checks
    assert "alice-demo-password" not in (tmp_path / "r.json").read_text()
    assert len(list(csv.DictReader(io.StringIO((tmp_path / "r.csv").read_text())))) == len(report["findings"])
    assert json.loads((tmp_path / "r.sarif").read_text())["version"] == "2.1.0"
    assert (tmp_path / "r.md").read_text().startswith("# NAT scan report")
    suite = ElementTree.parse(tmp_path / "r.xml").getroot().find("testsuite")
    assert int(suite.get("failures")) == len(report["findings"])
    assert "NAT scan report" in (tmp_path / "r.html").read_text()


def test_fail_on_sets_the_exit_code_and_dismissed_findings_do_not_count(run_nat, scan_env, target):
    assert run_nat(*scan_args(target), "--fail-on", "critical").returncode == 1
    listed = json.loads(run_nat("findings", "list", "--status", "open", "--json").stdout)
    critical = [finding for finding in listed if finding["severity"] == "critical"]
    assert critical
    for finding in critical:
        result = run_nat("findings", "dismiss", "--id", finding["id"], "--reason", "accepted_risk", "--note", "demo")
        assert result.returncode == 0, result.stderr
    again = run_nat(*scan_args(target), "--fail-on", "critical")
    assert again.returncode == 0, again.stdout
    assert "dismissed" in again.stdout
    assert run_nat(*scan_args(target), "--fail-on", "high").returncode == 1


def test_a_failed_scan_exits_3_with_the_reason(run_nat, nat_env):
    result = run_nat("scan", "--url", "http://127.0.0.1:9/api", "--quiet")
    assert result.returncode == 3
    assert "127.0.0.1" in result.stdout


def test_bad_input_exits_2_with_the_field(run_nat):
    result = run_nat("scan", "--url", "ftp://example.com", "--quiet")
    assert result.returncode == 2 and "'url'" in result.stderr


def test_natrc_from_setup_is_honoured(run_nat, scan_env, target, tmp_path):
    assert run_nat("setup", "--non-interactive", "--fail-on", "critical", "--format", "sarif", "--output-dir", "out").returncode == 0
    result = run_nat(*scan_args(target))
    assert result.returncode == 1, result.stdout
    written = list((tmp_path / "out").glob("nat-scan_*.sarif"))
    assert len(written) == 1 and json.loads(written[0].read_text())["runs"][0]["results"]


def test_demo_runs_end_to_end_without_an_account(run_nat, tmp_path):
    result = run_nat("demo", "--quiet", timeout=180)
    assert result.returncode == 0, result.stderr
    assert "critical" in result.stdout and "Report:" in result.stdout
    html = (tmp_path / "nat-demo-report.html").read_text()
    assert "Broken object level authorization" in html and "curl" in html
