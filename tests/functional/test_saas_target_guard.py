"""SaaS target guard in the functional runners: a `public_only` scan of a loopback target, in any
spelling, is refused before the target sees one request, and the reason names the address; the
contract tests and the crawl refuse at connect time on their own; the same scan without
`public_only` (self-hosted) runs."""
from __future__ import annotations

import threading

import pytest

from scans.engine.errors import TargetUnreachable
from scans.engine.spec import load_spec
from scans.functional.config import FunctionalConfig, Runner
from scans.functional.contract import ContractTester, plan_contract
from scans.functional.crawl import discover_pages
from scans.functional.errors import TargetRefused
from scans.functional.runner import run_functional
from scans.functional.targetguard import http_session
from tests.functional.sites.server import PAGES

SPEC = PAGES / "api" / "openapi.json"
PAGE = "/accessibility/clean.html"
RUNNERS = frozenset({Runner.ACCESSIBILITY, Runner.CONTRACT})
SPELLINGS = {
    "dotted": "http://127.0.0.1:{port}/",
    "name": "http://localhost:{port}/",
    "decimal": "http://2130706433:{port}/",
    "ipv6-mapped": "http://[::ffff:127.0.0.1]:{port}/",
}


def scan_config(url: str, **options) -> FunctionalConfig:
    spec = load_spec(SPEC.read_bytes(), base_url=url)
    return FunctionalConfig(url=url, pages=(PAGE,), spec=spec, runners=RUNNERS, **options)


def port_of(site) -> int:
    return site.server.server_address[1]


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_a_public_only_scan_of_loopback_is_refused_before_any_request(fresh_site, store, spelling):
    url = SPELLINGS[spelling].format(port=port_of(fresh_site))
    with pytest.raises(TargetRefused) as refused:
        run_functional(scan_config(url, public_only=True), baselines=store)
    assert "127.0.0.1" in str(refused.value) and "loopback" in str(refused.value)
    assert fresh_site.hits == []


@pytest.mark.browser
@pytest.mark.parametrize("spelling", ["dotted", "decimal"])
def test_the_same_scan_without_public_only_runs(fresh_site, store, browser, spelling):
    url = SPELLINGS[spelling].format(port=port_of(fresh_site))
    outcome = run_functional(scan_config(url), baselines=store, browser=browser)
    assert outcome.pages == (f"http://127.0.0.1:{port_of(fresh_site)}{PAGE}",)
    assert PAGE in fresh_site.hits and "/api/items" in fresh_site.hits
    assert {task.check for task in outcome.tasks if task.status == "passed"} == {"accessibility", "contract"}
    assert not any("blocked" in warning for warning in outcome.warnings)


def test_contract_calls_refuse_a_loopback_address_at_connect_time(fresh_site):
    """What guards a name that resolved publicly at the start and inward later (DNS rebinding)."""
    config = scan_config(fresh_site.url, public_only=True)
    assert config.spec is not None
    results = []
    ContractTester(config.spec, config).run(
        plan_contract(config.spec, config).operations, emit=results.append, stop=threading.Event(),
    )
    assert results and {result.status for result in results} == {"error"}
    assert all("NAT refused to connect" in result.problems[0] for result in results)
    assert all("127.0.0.1, a loopback address" in result.problems[0] for result in results)
    assert fresh_site.hits == []


def test_the_crawl_refuses_a_loopback_address_at_connect_time(fresh_site):
    config = FunctionalConfig(url=fresh_site.url, public_only=True)
    with http_session(public_only=config.public_only) as session, pytest.raises(TargetUnreachable) as refused:
        discover_pages(config, session=session, warn=lambda message: None)
    assert "NAT refused to connect" in str(refused.value) and "loopback" in str(refused.value)
    assert fresh_site.hits == []


@pytest.mark.browser
def test_a_public_only_scan_refuses_a_shared_browser_it_cannot_pin(fresh_site, store, browser):
    with pytest.raises(ValueError, match="pinned"):
        run_functional(scan_config(fresh_site.url, public_only=True), baselines=store, browser=browser)
    assert fresh_site.hits == []
