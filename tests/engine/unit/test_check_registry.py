"""The check registry: every check listed with its category, CWE and score, and runnable alone."""
from __future__ import annotations

import pytest

from scans.engine.checks.registry import CHECKS, Agent, all_checks
from scans.engine.owasp import CWE_NAMES, Owasp

EXPECTED = {
    "bola": Owasp.API1, "bfla": Owasp.API5, "method_switching": Owasp.API5, "auth_bypass": Owasp.API2,
    "jwt_alg_none": Owasp.API2, "jwt_tampered": Owasp.API2, "jwt_expired": Owasp.API2, "jwt_weak_secret": Owasp.API2,
    "user_enumeration": Owasp.API2, "no_lockout": Owasp.API2, "mass_assignment": Owasp.API3,
    "data_exposure": Owasp.API3, "undocumented_fields": Owasp.API3,
    "sql_injection": Owasp.API8, "nosql_injection": Owasp.API8, "command_injection": Owasp.API8,
    "template_injection": Owasp.API8, "path_traversal": Owasp.API8, "reflected_xss": Owasp.API8,
    "header_injection": Owasp.API8, "redos": Owasp.API4, "ssrf": Owasp.API7, "redirect_following": Owasp.API10,
    "cors_misconfiguration": Owasp.API8, "security_headers": Owasp.API8, "technology_disclosure": Owasp.API8,
    "verbose_errors": Owasp.API8, "debug_endpoints": Owasp.API8, "graphql_introspection": Owasp.API8,
    "http_trace": Owasp.API8, "cookie_flags": Owasp.API8,
    "tls_protocols": Owasp.API8, "tls_ciphers": Owasp.API8, "tls_certificate": Owasp.API8, "hsts_missing": Owasp.API8,
    "https_redirect": Owasp.API8, "old_api_version": Owasp.API9, "spec_drift": Owasp.API9,
    "undocumented_endpoint": Owasp.API9, "unbounded_page_size": Owasp.API4, "request_size_limit": Owasp.API4,
    "no_rate_limit": Owasp.API4, "signup_automation": Owasp.API6,
}


def test_all_checks_are_listed_with_their_metadata() -> None:
    checks = {check.name: check for check in all_checks()}
    assert {name: check.owasp for name, check in checks.items()} == EXPECTED
    for check in checks.values():
        assert check.cwe_id.startswith("CWE-") and 0 <= check.score <= 100
        assert check.cwe in CWE_NAMES, f"{check.name} cites {check.cwe_id}, which owasp.CWE_NAMES does not name"
        assert check.title and check.remediation and isinstance(check.agent, Agent)
    assert {check.agent for check in checks.values()} == set(Agent) - {Agent.RECON}


def test_selecting_checks_by_name_keeps_the_order_asked_and_rejects_unknown_names() -> None:
    all_checks()
    assert [check.name for check in CHECKS.select(("bfla", "bola"))] == ["bfla", "bola"]
    with pytest.raises(KeyError, match="nope"):
        CHECKS.select(("bola", "nope"))
