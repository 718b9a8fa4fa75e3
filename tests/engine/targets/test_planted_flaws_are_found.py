"""Acceptance: against each vulnerable target, every planted flaw is reported once, with evidence
free of our secrets and a curl line that reproduces the proof when actually run."""
from __future__ import annotations

import json
import os
import subprocess
from collections import Counter

import pytest

from scans.engine.kb import jsondata
from tests.targets import drf_shop, wsgi_notes
from tests.targets.scanning import ScanRun

PLANTED = {"notes_vulnerable_scan": wsgi_notes.PLANTED, "shop_vulnerable_scan": drf_shop.PLANTED}


@pytest.fixture(params=sorted(PLANTED))
def scanned(request: pytest.FixtureRequest) -> tuple[ScanRun, tuple]:
    return request.getfixturevalue(request.param), PLANTED[request.param]


def _key(finding) -> tuple[str, str, str, str]:
    return (finding.check, finding.method, finding.endpoint, finding.parameter)


def test_every_planted_flaw_is_reported_exactly_once(scanned: tuple[ScanRun, tuple]) -> None:
    run, planted = scanned
    reported = Counter(_key(finding) for finding in run.outcome.findings)
    expected = {plant.key for plant in planted}
    missed = {plant.flaw: _detail(run, plant.key) for plant in planted if plant.key not in reported}
    assert not missed, missed
    assert set(reported) == expected, set(reported) - expected
    assert all(count == 1 for count in reported.values())


def _detail(run: ScanRun, key: tuple[str, str, str, str]) -> list[str]:
    """What the check's tasks on that operation said (why a planted flaw was missed)."""
    check, method, endpoint, _ = key
    return [task.detail for task in run.outcome.tasks
            if task.check == check and task.method == method and task.endpoint == endpoint]


def test_each_finding_carries_its_proof_and_none_of_our_secrets(scanned: tuple[ScanRun, tuple]) -> None:
    run, _ = scanned
    config = run.scan.config
    secrets = {*config.auth.secrets(), *(config.auth_secondary.secrets() if config.auth_secondary else ())}
    secrets.update(token for token in run.placeholders().values())
    for finding in run.outcome.findings:
        assert finding.evidence and finding.why and finding.curl.startswith("curl ")
        text = json.dumps(finding.to_dict())
        leaked = [secret for secret in secrets if secret in text]
        assert not leaked, f"{finding.check} on {finding.endpoint} shows a secret"


def _replay(curl: str, env: dict[str, str], tmp_path) -> tuple[int, bytes]:
    """Run the curl line as a user would, waiting out a rate limit the scan itself left spent (the
    targets' throttles refill within seconds; `--retry` honours their Retry-After)."""
    body_file = tmp_path / "body"
    command = f"{curl} --max-time 10 --retry 5 -o {body_file} -w '%{{http_code}}'"
    result = subprocess.run(["bash", "-c", command], env={**os.environ, **env}, capture_output=True, text=True,
                            timeout=90, check=False)
    assert result.returncode == 0, result.stderr
    return int(result.stdout.strip() or 0), body_file.read_bytes() if body_file.exists() else b""


def _shape(body: bytes | str) -> frozenset[str] | None:
    try:
        return jsondata.key_shape(json.loads(body))
    except ValueError:
        return None


def test_each_curl_line_reproduces_the_proof(scanned: tuple[ScanRun, tuple], tmp_path) -> None:
    run, _ = scanned
    env = run.placeholders()
    for finding in run.outcome.findings:
        method = finding.curl.split(" -X ", 1)[1].split(" ", 1)[0] if " -X " in finding.curl else "GET"
        proofs = [exchange.response for exchange in finding.evidence if exchange.request.method == method]
        status, body = _replay(finding.curl, env, tmp_path)
        matching = [response for response in proofs if response.status == status]
        assert matching, f"{finding.check} {finding.method} {finding.endpoint}: replay answered {status}"
        shapes = {_shape(response.body) for response in matching if not response.body_truncated}
        assert not shapes or _shape(body) in shapes or status == 204, f"{finding.check}: replay answered another shape"
