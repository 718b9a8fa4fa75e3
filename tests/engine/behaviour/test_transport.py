"""Transport checks against an HTTPS API on loopback: each weakness reported once with a curl line
that shows it, and a well-configured endpoint reported for nothing. Old TLS versions and weak suites
are offered only as far as this machine's OpenSSL can."""
from __future__ import annotations

import os
import ssl
import subprocess
from pathlib import Path

import pytest

from scans.engine.config import ScanConfig, ScanOptions
from scans.engine.findings import TaskOutcome
from scans.engine.http.tls import can_offer
from scans.engine.runner import run_scan
from scans.engine.spec import load_spec
from tests.targets.tls_api import TlsApi, TlsSetup, serving

TRANSPORT = ("tls_protocols", "tls_ciphers", "tls_certificate", "hsts_missing", "https_redirect")


def _scan(api: TlsApi, **options: object):
    config = ScanConfig(
        url=api.https_url,
        spec=load_spec(api.spec, base_url=api.https_url),
        options=ScanOptions(checks=TRANSPORT, counterpart_url=api.http_url, **options),
    )
    return run_scan(config)


def _reported(outcome) -> dict[tuple[str, str], object]:
    return {(finding.check, finding.parameter): finding for finding in outcome.findings}


def _curl(line: str) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-c", f"{line} --max-time 10"], capture_output=True, text=True, timeout=30,
                          check=False, env=os.environ.copy())


def test_a_weak_https_endpoint_is_reported_once_per_weakness(tmp_path: Path) -> None:
    setup = TlsSetup(certificate="expired", old_versions=True, weak_suites=True, hsts=False, http_redirects=False)
    with serving(setup, tmp_path) as api:
        outcome = _scan(api, tls_verify=False, tls_ca_bundle=api.ca_file)
        reported = _reported(outcome)
        old = {label for version, label in ((ssl.TLSVersion.TLSv1, "TLS 1.0"), (ssl.TLSVersion.TLSv1_1, "TLS 1.1"))
               if can_offer(version)}
        expected = {("tls_certificate", "expired"), ("tls_ciphers", "static RSA key exchange (no forward secrecy)"),
                    ("hsts_missing", ""), ("https_redirect", "")}
        if old:
            expected.add(("tls_protocols", "TLS 1.1" if "TLS 1.1" in old else "TLS 1.0"))
        assert set(reported) == expected, [task.detail for task in outcome.tasks if task.check in TRANSPORT]
        assert len(outcome.findings) == len(expected)
        certificate = reported[("tls_certificate", "expired")]
        assert "expired on" in certificate.why and certificate.evidence[0].request.method == "TLS"
        assert _curl(certificate.curl).returncode == 60, "curl must refuse the expired certificate"
        for check, parameter in expected - {("tls_certificate", "expired")}:
            replay = _curl(reported[(check, parameter)].curl)
            assert replay.returncode == 0, (check, replay.stderr)
        https = reported[("https_redirect", "")]
        assert https.evidence[-1].response.status == 200 and https.evidence[-1].request.url.startswith("http://")


@pytest.mark.parametrize(("kind", "problem"), [("self-signed", "self-signed"), ("wrong-name", "wrong host name")])
def test_certificate_problems_are_named(kind: str, problem: str, tmp_path: Path) -> None:
    with serving(TlsSetup(certificate=kind), tmp_path) as api:
        outcome = run_scan(ScanConfig(
            url=api.https_url, spec=load_spec(api.spec, base_url=api.https_url),
            options=ScanOptions(checks=("tls_certificate",), tls_verify=False, tls_ca_bundle=api.ca_file),
        ))
    assert [(finding.check, finding.parameter) for finding in outcome.findings] == [("tls_certificate", problem)]


def test_a_well_configured_https_endpoint_has_no_transport_finding(tmp_path: Path) -> None:
    with serving(TlsSetup(), tmp_path) as api:
        outcome = _scan(api, tls_ca_bundle=api.ca_file)
    assert outcome.findings == (), [(finding.check, finding.why) for finding in outcome.findings]
    ran = {task.check: task.outcome for task in outcome.tasks if task.check in TRANSPORT}
    assert set(ran) == set(TRANSPORT) and TaskOutcome.SKIPPED not in ran.values(), ran


def test_a_plain_http_scan_of_a_loopback_api_skips_tls_without_guessing(tmp_path: Path) -> None:
    with serving(TlsSetup(), tmp_path) as api:
        outcome = run_scan(ScanConfig(url=api.http_url, spec=load_spec(api.spec, base_url=api.http_url),
                                      options=ScanOptions(checks=("tls_protocols", "hsts_missing"))))
    assert outcome.findings == ()
    assert all(task.outcome is TaskOutcome.SKIPPED for task in outcome.tasks if task.check != "recon")
