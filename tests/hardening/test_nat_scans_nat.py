"""NAT's own security scan, pointed at a live NAT server with NAT's published OpenAPI schema and two
tenants' API keys as the two identities, reports no finding of high or critical severity.

The server runs no scan worker: the scans the engine creates while probing `POST /scan` are stored
but never run, so nothing connects anywhere but this server."""
from __future__ import annotations

import requests

from scans.engine.config import AuthConfig, ScanConfig, ScanOptions
from scans.engine.findings import Severity
from scans.engine.runner import run_scan
from scans.engine.spec import load_spec
from tests.server_process import nat_server

SERIOUS = {Severity.CRITICAL, Severity.HIGH}


def api_key_identity(key: str) -> AuthConfig:
    return AuthConfig(type="header", header_name="X-API-Key", header_value=key)


def seed_objects(url: str, key: str) -> None:
    """A few scans and a second key of the tenant, for the checks that try another tenant's objects."""
    session = requests.Session()
    session.headers["X-API-Key"] = key
    for n in range(3):
        response = session.post(f"{url}/api/v1/scan", json={"url": f"http://127.0.0.1:9/api/{n}"}, timeout=30)
        assert response.status_code == 202, response.text
    assert session.post(f"{url}/api/v1/keys", json={"name": "spare"}, timeout=30).status_code == 201


def test_nat_reports_no_serious_finding_on_itself(tmp_path):
    with nat_server(tmp_path, workers=0) as server:
        first, second = server.create_key("alice@tenant-a.example"), server.create_key("bob@tenant-b.example")
        seed_objects(server.url, first)
        seed_objects(server.url, second)
        config = ScanConfig(
            url=server.url,
            spec=load_spec(f"{server.url}/api/v1/openapi.json", base_url=server.url),
            auth=api_key_identity(first),
            auth_secondary=api_key_identity(second),
            options=ScanOptions(concurrency=4, timeout=15, max_duration=150),
        )
        outcome = run_scan(config)
    report = "\n".join(f"{f.severity.value:8} {f.check:22} {f.method:6} {f.endpoint}  {f.title}" for f in outcome.findings)
    print(f"\nNAT scanning NAT: {len(outcome.tasks)} tasks, {outcome.requests_sent} requests, "
          f"{len(outcome.findings)} findings\n{report}")
    assert outcome.requests_sent > 100 and outcome.tasks, "the scan exercised the API"
    assert not outcome.stopped, outcome.stop_reason
    serious = [f for f in outcome.findings if f.severity in SERIOUS]
    assert not serious, report
