"""The dashboard home a security lead opens every morning: open findings by severity linking to the
filtered findings list, their trend as an inline SVG, the latest scans, usage against quota, New scan."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from billing.models import UsagePeriod
from billing.periods import calendar_month
from scans.models import Dismissal, Scan
from tests.scans.factories import make_finding, make_scan

pytestmark = pytest.mark.django_db

OTHER = "http://127.0.0.1:9/other"


@pytest.fixture
def targets(account, other_account):
    """Two targets: the first's latest scan has 2 high (one dismissed), 1 critical; its older scan had
    a medium that is fixed now, and a newer functional scan. The second's latest completed scan has a
    low; a newer one failed."""
    old = make_scan(account.tenant, age_minutes=60, severity_counts={"medium": 1, "high": 1})
    make_finding(old, endpoint="/gone/{id}", severity="medium", score=50)
    make_finding(old, endpoint="/users/{id}", severity="high")
    latest = make_scan(account.tenant, age_minutes=10, severity_counts={"high": 2, "critical": 1})
    make_finding(latest, endpoint="/users/{id}", severity="high", title="Users read by another user")
    dismissed = make_finding(latest, endpoint="/orders/{id}", severity="high", title="Orders read by another user")
    make_finding(latest, check="jwt-none", endpoint="/me", parameter="", severity="critical", score=95,
                 title="JWT alg none accepted")
    Dismissal.objects.create(tenant=account.tenant, target_key=latest.target_key, fingerprint=dismissed.fingerprint,
                             finding=dismissed, reason="wont_fix", dismissed_by="lead@example.com")
    second = make_scan(account.tenant, url=OTHER, age_minutes=20, severity_counts={"low": 1})
    make_finding(second, endpoint="/health", parameter="", severity="low", score=20, title="Verbose health")
    make_scan(account.tenant, url=OTHER, age_minutes=5, status=Scan.Status.FAILED)
    make_scan(account.tenant, age_minutes=1, mode=Scan.Mode.FUNCTIONAL)  # finds no security findings: fixes none
    make_finding(make_scan(other_account.tenant), severity="critical", score=99, title="Someone else's")
    return latest


def open_tile(page: str, severity: str) -> int:
    match = re.search(rf'data-testid="open-{severity}">\s*<b>(\d+)</b>', page)
    assert match, severity
    return int(match.group(1))


def test_open_findings_by_severity_count_only_the_latest_scan_of_each_target_undismissed(targets, dashboard):
    page = dashboard.get("/dashboard/").content.decode()
    counts = {severity: open_tile(page, severity) for severity in ("critical", "high", "medium", "low", "info")}
    assert counts == {"critical": 1, "high": 1, "medium": 0, "low": 1, "info": 0}
    assert 'href="/findings/?severity=high"' in page


def test_the_severity_links_open_the_filtered_findings_list(targets, dashboard):
    high = dashboard.get("/findings/?severity=high").content.decode()
    assert "Users read by another user" in high
    assert "Orders read by another user" not in high and "JWT alg none accepted" not in high
    every = dashboard.get("/findings/").content.decode()
    assert all(title in every for title in ("Users read by another user", "JWT alg none accepted", "Verbose health"))
    assert "Someone else" not in every and "/gone/" not in every


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_the_trend_is_an_inline_svg_with_one_column_per_recent_completed_scan(targets, dashboard):
    page = dashboard.get("/dashboard/").content.decode()
    parser = _Tags()
    parser.feed(page)
    assert not any(tag == "script" for tag, _ in parser.tags)
    columns = [attrs for tag, attrs in parser.tags if tag == "g" and "data-scan" in attrs]
    # three completed security scans, oldest first: 2 findings, then 1, then 3 (failed and functional left out)
    assert [attrs["data-total"] for attrs in columns] == ["2", "1", "3"]
    svg = page[page.index('aria-label="Findings by severity over the last scans"'):]
    svg = svg[:svg.index("</svg>")]
    assert "fill-critical" in svg and "src=" not in svg and "href=" not in svg


def test_latest_scans_show_their_status_and_the_new_scan_button(targets, dashboard):
    page = dashboard.get("/dashboard/").content.decode()
    assert re.findall(r'data-testid="scan-row-status">(\w+)<', page)[:3] == ["Completed", "Failed", "Completed"]
    assert re.search(r'<a class="button primary" href="/scans/new/">New scan</a>', page)


def test_usage_against_the_quota(account, settings, dashboard):
    settings.NAT_MODE = "saas"
    period = calendar_month(timezone.now())
    UsagePeriod.objects.create(tenant=account.tenant, period_start=period.start, period_end=period.end,
                               functional_scans_used=7)
    page = dashboard.get("/dashboard/").content.decode()
    assert "Functional scans:" in page and "7 of 50 used" in page
    assert '<progress id="bar-functional_scans" max="50" value="7">' in page


def test_the_home_page_runs_a_fixed_number_of_queries(targets, account, dashboard, django_assert_num_queries):
    for minutes in range(30):
        make_scan(account.tenant, url=f"http://127.0.0.1:9/t{minutes}", age_minutes=100 + minutes)
    # 1 session, 2 user, 3 tenant, 4 the tenant's usage period (self-hosted: no billing account),
    # 5 open findings by severity, 6 the trend's scans, 7 the latest scans, 8 the count of active keys.
    with django_assert_num_queries(8):
        response = dashboard.get("/dashboard/")
    assert response.status_code == 200


def test_the_findings_list_runs_a_fixed_number_of_queries(targets, account, dashboard, django_assert_num_queries):
    for n in range(30):
        make_finding(targets, check=f"extra-{n}", endpoint=f"/extra{n}", parameter="", severity="medium", score=50)
    # 1 session, 2 user, 3 tenant, 4 the paginator's count of open findings, 5 the page with each finding's scan.
    with django_assert_num_queries(5):
        response = dashboard.get("/findings/?severity=medium")
    assert response.status_code == 200 and response.content.decode().count('href="/scans/scan_') == 25
