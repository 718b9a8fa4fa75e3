"""SaaS mode covers the functional part of a scan too: a functional scan whose target is internal (a
name that resolved publicly at submit time and inward by the time the worker runs, say) fails with
a reason naming the address, and the target receives no request at all; self-hosted mode runs the
same scan."""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from scans.execution import execute_scan
from scans.models import Scan, Task
from tests.functional.sites.routes import build_site
from tests.functional.sites.server import PAGES, SiteServer
from tests.scans.factories import make_scan

pytestmark = pytest.mark.django_db(transaction=True)

SPEC = PAGES / "api" / "openapi.json"
PAGE = "/accessibility/clean.html"


@pytest.fixture(scope="module")
def site() -> Iterator[SiteServer]:
    server = build_site().start()
    yield server
    server.stop()


def functional_scan(account, site: SiteServer, url: str) -> Scan:
    site.hits.clear()
    scan = make_scan(
        account.tenant, url=url, mode=Scan.Mode.FUNCTIONAL, status=Scan.Status.QUEUED,
        spec_content=SPEC.read_text(), options={"pages": [PAGE], "concurrency": 2},
    )
    execute_scan(scan.pk)
    scan.refresh_from_db()
    return scan


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "2130706433", "[::ffff:127.0.0.1]"])
def test_a_saas_functional_scan_of_an_internal_target_fails_and_sends_nothing(account, settings, site, host):
    settings.NAT_MODE = "saas"
    scan = functional_scan(account, site, f"http://{host}:{site.server.server_address[1]}")
    assert site.hits == []
    assert scan.status == Scan.Status.FAILED
    assert "127.0.0.1" in scan.failure_reason and "loopback" in scan.failure_reason, scan.failure_reason
    assert not Task.objects.filter(scan=scan).exists()


@pytest.mark.browser
def test_the_same_scan_runs_when_self_hosted(account, settings, site):
    settings.NAT_MODE = "self_hosted"
    scan = functional_scan(account, site, site.url)
    assert scan.status == Scan.Status.COMPLETED, scan.failure_reason
    assert PAGE in site.hits and "/api/items" in site.hits
    assert scan.functional_results["pages"] == [f"{site.url}{PAGE}"]
    assert Task.objects.filter(scan=scan, check_name="contract", outcome="passed").exists()
