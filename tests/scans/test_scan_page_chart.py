"""The scan page shows the severity summary chart the HTML report has: the same markup, drawn once."""
from __future__ import annotations

import re

import pytest

from scans.exports.charts import severity_bars
from scans.models import Scan
from tests.scans.factories import make_finding, make_scan

pytestmark = pytest.mark.django_db


def chart_of(html: str) -> str:
    match = re.search(r'<svg class="chart" role="img" aria-label="Open findings by severity".*?</svg>', html, re.DOTALL)
    assert match, "no severity chart"
    return match.group(0)


def test_the_scan_page_and_the_html_report_show_the_same_severity_chart(account, dashboard):
    scan = make_scan(account.tenant)
    make_finding(scan, severity="critical", score=95, check="jwt-none", endpoint="/me", parameter="")
    make_finding(scan, severity="high")
    make_finding(scan, severity="high", check="bfla", endpoint="/admin", parameter="")
    dismissed = make_finding(scan, severity="low", score=20, check="headers", endpoint="/", parameter="")
    dashboard.post(f"/findings/{dismissed.pk}/dismiss/", {"reason": "wont_fix"})

    page = chart_of(dashboard.get(f"/scans/{scan.pk}/").content.decode())
    report = chart_of(dashboard.get(f"/scans/{scan.pk}/export/html/").content.decode())

    assert page == report == severity_bars({"critical": 1, "high": 2, "medium": 0, "low": 0, "info": 0})
    bars = dict(re.findall(r'<g data-severity="(\w+)">.*?<rect [^>]*width="(\d+)"', page))
    assert int(bars["high"]) == 2 * int(bars["critical"]) > 0 and bars["low"] == "0"


def test_a_functional_scan_page_leaves_out_the_security_sections(account, dashboard):
    scan = make_scan(account.tenant, mode=Scan.Mode.FUNCTIONAL)
    page = dashboard.get(f"/scans/{scan.pk}/").content.decode()
    assert 'id="severity-summary"' not in page and "<h2>Findings</h2>" not in page
