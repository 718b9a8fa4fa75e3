"""Contract tests of the test shop API: valid calls synthesized from its OpenAPI document, ids
learned from list answers, the operation that breaks its own schema reported as a failed task
with the exchange, unsafe operations called only with `allow_unsafe`."""
from __future__ import annotations

import json

import pytest

from scans.engine.spec import load_spec
from scans.functional.config import FunctionalConfig, Runner
from scans.functional.runner import run_functional

CONTRACT_ONLY = frozenset({Runner.CONTRACT})


@pytest.fixture
def spec(fresh_site):
    return load_spec(f"{fresh_site.url}/api/openapi.json", base_url=fresh_site.url)


def contract_scan(site, spec, store, **options):
    config = FunctionalConfig(url=site.url, spec=spec, runners=CONTRACT_ONLY, **options)
    return run_functional(config, baselines=store)


def by_operation(outcome):
    return {(task.method, task.endpoint): task for task in outcome.tasks}


def test_schema_violation_is_a_failed_task_with_the_exchange(fresh_site, spec, store):
    outcome = contract_scan(fresh_site, spec, store)
    stats = by_operation(outcome)[("GET", "/api/stats")]
    assert stats.status == "failed"
    assert stats.check == "contract" and stats.agent == "contract"
    assert "$.count" in stats.detail and "integer" in stats.detail
    assert f"GET {fresh_site.url}/api/stats" in stats.detail
    assert '{"count": "seven"}' in stats.detail
    [result] = [entry for entry in outcome.contract["results"] if entry["path"] == "/api/stats"]
    assert result["exchange"]["response"]["status"] == 200
    assert result["curl"].startswith("curl ")


def test_operations_keeping_their_contract_pass(fresh_site, spec, store):
    tasks = by_operation(contract_scan(fresh_site, spec, store))
    assert {key: task.status for key, task in tasks.items()} == {
        ("GET", "/api/items"): "passed",
        ("GET", "/api/items/{item_id}"): "passed",
        ("GET", "/api/stats"): "failed",
        ("GET", "/api/health"): "passed",
    }


def test_path_ids_come_from_the_list_answer(fresh_site, spec, store):
    contract_scan(fresh_site, spec, store)
    assert "/api/items/7" in fresh_site.hits
    assert fresh_site.hits.index("/api/items") < fresh_site.hits.index("/api/items/7")


def test_unsafe_operations_are_left_out_unless_allowed(fresh_site, spec, store):
    outcome = contract_scan(fresh_site, spec, store)
    assert ("POST", "/api/items") not in by_operation(outcome)
    assert outcome.contract["skipped"]["unsafe"] == ["POST /api/items"]
    assert any("allow_unsafe" in warning for warning in outcome.warnings)
    assert "POST" not in fresh_site.methods

    allowed = contract_scan(fresh_site, spec, store, allow_unsafe=True)
    assert "POST" in fresh_site.methods
    created = by_operation(allowed)[("POST", "/api/items")]
    assert created.status == "passed"
    [result] = [entry for entry in allowed.contract["results"] if entry["method"] == "POST"]
    sent = json.loads(result["exchange"]["request"]["body"])
    assert isinstance(sent["name"], str) and sent["price"] >= 0


def test_excluded_operations_are_not_called(fresh_site, spec, store):
    outcome = contract_scan(fresh_site, spec, store, exclude=("/api/stats",))
    assert ("GET", "/api/stats") not in by_operation(outcome)
    assert "/api/stats" not in fresh_site.hits


def test_extra_headers_are_sent_and_redacted_in_the_evidence(fresh_site, spec, store):
    outcome = contract_scan(fresh_site, spec, store, headers=(("Authorization", "Bearer s3cret"),))
    assert "s3cret" not in json.dumps(outcome.to_dict())
    [stats] = [entry for entry in outcome.contract["results"] if entry["path"] == "/api/stats"]
    assert stats["exchange"]["request"]["headers"]["Authorization"] == "[redacted]"


def test_an_unreachable_api_gives_error_tasks(spec, store):
    config = FunctionalConfig(url="http://127.0.0.1:9", spec=spec, runners=CONTRACT_ONLY, timeout=2)
    outcome = run_functional(config, baselines=store)
    assert {task.status for task in outcome.tasks} == {"error"}
    assert outcome.contract["errors"] == 4


def test_an_operation_that_cannot_be_tested_is_an_error_task_and_the_others_still_run(
    fresh_site, spec, store, monkeypatch
):
    from scans.functional.contract import ContractTester

    real_call = ContractTester.call

    def call(self, operation):
        if operation.path == "/api/health":
            raise ValueError("cannot synthesize")
        return real_call(self, operation)

    monkeypatch.setattr(ContractTester, "call", call)
    tasks = by_operation(contract_scan(fresh_site, spec, store))
    assert tasks[("GET", "/api/health")].status == "error"
    assert "cannot synthesize" in tasks[("GET", "/api/health")].detail
    assert tasks[("GET", "/api/items/{item_id}")].status == "passed"
