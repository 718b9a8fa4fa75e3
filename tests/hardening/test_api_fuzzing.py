"""Schemathesis fuzzes NAT's own API from its published schema, with a real key, on a live server:
no server error, every error in the SPEC's envelope, every response as the schema documents it.

Each operation gets positive and negative cases with random ids, then positive cases aimed at real
objects (a security scan with findings, a full scan with functional reports and an image), so the
documented 200 shapes are checked too. No scan worker runs, so the scans fuzzing creates never
connect anywhere.
"""
from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import CheckContext
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.models import ApiKey
from scans.models import Scan
from tests.hardening.seed import TenantObjects, seed_tenant_objects

pytestmark = [pytest.mark.django_db(transaction=True)]

EXAMPLES_PER_OPERATION = 20
"""Hypothesis examples per operation and mode at most: an operation whose inputs are all fixed (an
aimed id, the key) has one distinct case and gets one."""
UNCONFIGURED = {"STRIPE_NOT_CONFIGURED"}
"""The SPEC's answer to billing calls on a server without Stripe."""
UNCONFIGURED_EXAMPLES = 5
"""Billing operations answer 503 before reading their input here: a few cases show that it holds."""


def not_a_server_error(ctx: CheckContext, response: Any, case: Any) -> None:
    """No 5xx, except the documented 503 of billing on a server where billing is not configured."""
    if response.status_code < 500:
        return
    body = _json(response)
    if response.status_code == 503 and case.path.startswith("/api/v1/billing/") and body.get("error") in UNCONFIGURED:
        return
    raise AssertionError(f"{case.method} {case.formatted_path} answered {response.status_code}: {response.text[:500]}")


def error_envelope(ctx: CheckContext, response: Any, case: Any) -> None:
    """Every error is `{"error": CODE, "message": …, "status": N}` with N the HTTP status, no stack trace."""
    if response.status_code < 400:
        return
    body = _json(response)
    assert isinstance(body.get("error"), str) and body["error"].isupper(), f"no error code: {response.text[:300]}"
    assert isinstance(body.get("message"), str) and body["message"], f"no message: {response.text[:300]}"
    assert body.get("status") == response.status_code, f"status {body.get('status')} != {response.status_code}"
    assert "Traceback" not in response.text and 'File "' not in response.text


def _json(response: Any) -> dict[str, Any]:
    try:
        body = json.loads(response.content or b"null")
    except ValueError:
        raise AssertionError(f"not JSON ({response.headers.get('Content-Type')}): {response.text[:200]}") from None
    assert isinstance(body, dict), f"not a JSON object: {response.text[:200]}"
    return body


CHECKS = [
    not_a_server_error, error_envelope, status_code_conformance, content_type_conformance,
    response_schema_conformance, response_headers_conformance, negative_data_rejection, ignored_auth,
]


@dataclass
class FuzzRun:
    base_url: str
    session: requests.Session
    key_id: int
    cases: int = 0
    statuses: dict[int, int] = field(default_factory=dict)

    def drive(self, strategy: Any, *, examples: int) -> None:
        @given(case=strategy)
        @settings(
            max_examples=examples, deadline=None, database=None, derandomize=True,
            phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck),
        )
        def run(case: Any) -> None:
            # Revoking or rotating the key the fuzzer authenticates with would end the run.
            assume(str((case.path_parameters or {}).get("key_id")) != str(self.key_id))
            response = case.call_and_validate(base_url=self.base_url, session=self.session, checks=CHECKS)
            self.cases += 1
            self.statuses[response.status_code] = self.statuses.get(response.status_code, 0) + 1

        run()


def aimed_path_parameters(objects: TenantObjects) -> dict[str, list[dict[str, Any]]]:
    """Real ids for the operations whose paths name an object, so their success shapes are exercised."""
    scans = [{"scan_id": objects.security_scan.pk}, {"scan_id": objects.full_scan.pk}]
    return {
        "/api/v1/scan/{scan_id}": scans,
        "/api/v1/scan/{scan_id}/results": scans,
        "/api/v1/scan/{scan_id}/export": scans,
        "/api/v1/scan/{scan_id}/cancel": [{"scan_id": objects.running_scan.pk}],
        "/api/v1/scan/{scan_id}/functional-results": scans,
        "/api/v1/scan/{scan_id}/visual-regression": scans,
        "/api/v1/scan/{scan_id}/accessibility": scans,
        "/api/v1/scan/{scan_id}/performance": scans,
        "/api/v1/scan/{scan_id}/images/{name}": [{"scan_id": objects.full_scan.pk, "name": objects.image_name}],
        "/api/v1/findings/{finding_id}/dismiss": [{"finding_id": objects.finding.pk}],
        "/api/v1/keys/{key_id}/revoke": [{"key_id": objects.spare_key_ids[0]}],
        "/api/v1/keys/{key_id}/rotate": [{"key_id": objects.spare_key_ids[1]}],
    }


def valid_scan_body(target: str) -> dict[str, Any]:
    spec = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/items": {"get": {"responses": {"200": {"description": "ok"}}}}}}
    return {"url": target, "spec_content": base64.b64encode(json.dumps(spec).encode()).decode()}


def test_schemathesis_finds_no_server_error_and_no_schema_violation(live_server, make_account, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    owner = make_account(email="fuzz@example.com", organisation="Fuzz")
    objects = seed_tenant_objects(owner.tenant)
    session = requests.Session()
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")
    run = FuzzRun(base_url=live_server.url, session=session,
                  key_id=ApiKey.objects.get(tenant=owner.tenant, name="test").pk)
    aimed = aimed_path_parameters(objects)
    # The key is fixed, never generated nor negated: the `ignored_auth` check probes every operation
    # without it and with a wrong one.
    key = {"X-API-Key": owner.key}
    unnegatable: list[str] = []

    operations = [result.ok() for result in schema.get_all_operations()]
    for operation in operations:
        examples = UNCONFIGURED_EXAMPLES if operation.path.startswith("/api/v1/billing/") else EXAMPLES_PER_OPERATION
        run.drive(operation.as_strategy(headers=key), examples=examples)
        try:
            negative = operation.as_strategy(generation_mode=GenerationMode.NEGATIVE, headers=key)
            run.drive(negative, examples=examples)
        except Unsatisfiable:
            unnegatable.append(operation.label)  # only free-form string ids besides the fixed key
        for path_parameters in aimed.get(operation.path, []):
            run.drive(operation.as_strategy(path_parameters=path_parameters, headers=key), examples=EXAMPLES_PER_OPERATION)
    for path in ("/api/v1/scan", "/api/v1/security-scan"):
        run.drive(schema[path]["POST"].as_strategy(body=valid_scan_body("http://127.0.0.1:9/api"), headers=key), examples=3)

    print(f"\nschemathesis: {run.cases} cases over {len(operations)} operations; statuses "
          f"{dict(sorted(run.statuses.items()))}; nothing to make invalid in {len(unnegatable)} operations")
    assert len(operations) >= 24
    assert run.cases >= 4 * len(operations)
    assert {200, 202, 404, 422} <= set(run.statuses), run.statuses
    assert Scan.objects.filter(tenant=owner.tenant).count() > len(objects.scans), "valid scan requests were accepted"
