"""Endpoints the description leaves out: an undocumented debug route that hands anyone users with
their passwords is a debug_endpoints finding, and a GraphQL endpoint beside the REST API that answers
introspection is a graphql_introspection finding; the clean twin (user names only, introspection
refused) gives neither."""
from __future__ import annotations

from scans.engine.config import AuthConfig, ScanConfig, ScanOptions
from scans.engine.scan import Scan
from scans.engine.spec import load_spec
from tests.targets.hidden_api import TOKEN, Style, serving, spec

CHECKS = ("debug_endpoints", "graphql_introspection")


def _findings(style: Style) -> list[tuple[str, str, str]]:
    with serving(style) as url:
        config = ScanConfig(url=url, spec=load_spec(spec(), base_url=url), auth=AuthConfig(type="bearer", token=TOKEN),
                            options=ScanOptions(checks=CHECKS))
        outcome = Scan(config).run()
    return sorted((finding.check, finding.method, finding.endpoint) for finding in outcome.findings)


def test_undocumented_debug_users_and_graphql_introspection_are_found() -> None:
    assert _findings(Style.LEAKY) == [("debug_endpoints", "GET", "/debug/users"),
                                      ("graphql_introspection", "POST", "/graphql")]


def test_harmless_debug_answer_and_refused_introspection_give_no_finding() -> None:
    assert _findings(Style.CLEAN) == []
