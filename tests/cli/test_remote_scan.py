"""`nat scan --server`: submits to a live NAT server, follows the scan (waiting as a 429 asks),
downloads the reports and exits like a local scan."""
from __future__ import annotations

import json

import pytest
import requests

from nat_site.demo.server import demo_api
from tests.server_process import nat_server

LIMIT = 30
RATE_LIMITED = json.dumps({"self_hosted": {"requests_per_minute": LIMIT}})


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with nat_server(tmp_path_factory.mktemp("server"), extra_env={"NAT_PLANS": RATE_LIMITED}) as server:
        yield server


def test_remote_scan_honours_retry_after_and_downloads_reports(server, run_nat, nat_env, tmp_path):
    with demo_api() as target:
        nat_env["NAT_API_KEY"] = key = server.create_key("ci@example.com")
        # Spend this minute's requests, so the CLI's first call is refused and must wait as told.
        for _ in range(3 * LIMIT):
            if requests.get(f"{server.url}/api/v1/scans", headers={"X-API-Key": key}, timeout=30).status_code == 429:
                break
        nat_env["NAT_LOGIN_BODY"] = json.dumps({"username": "alice", "password": "alice-demo-password"})
        result = run_nat(
            "scan", "--server", server.url, "--url", f"{target}/api", "--spec", f"{target}/openapi.json",
            "--auth-login-url", f"{target}/api/auth/login", "--auth-token-path", "token", "--quiet",
            "--fail-on", "critical", "--format", "sarif", "--output", "remote.sarif", "--format", "junit",
            "--output", "remote.xml", timeout=300,
        )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "HTTP 429" in result.stderr
    sarif = json.loads((tmp_path / "remote.sarif").read_text())
    assert any(r["ruleId"] == "jwt_alg_none" for r in sarif["runs"][0]["results"])
    assert "<testsuites" in (tmp_path / "remote.xml").read_text()


def test_remote_scan_refused_by_the_server_exits_2(server, run_nat, nat_env):
    nat_env["NAT_API_KEY"] = "nat_pk_" + "x" * 43
    result = run_nat("scan", "--server", server.url, "--url", "http://127.0.0.1:9/api", "--quiet")
    assert result.returncode == 2 and "INVALID_API_KEY" in result.stderr
