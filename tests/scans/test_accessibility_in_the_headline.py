"""A functional scan's critical accessibility violations count in its headline: the scan page's
status line, the scans list and the home page's latest scans, and the HTML report's summary."""
from __future__ import annotations

import re

import pytest

from scans.models import Scan
from tests.scans.factories import make_scan

pytestmark = pytest.mark.django_db


def violation(rule: str, impact: str) -> dict[str, object]:
    return {"page": "http://127.0.0.1:9/", "rule": rule, "impact": impact, "help": rule, "help_url": "",
            "wcag": ["1.1.1"], "nodes": [{"selector": "img"}], "nodes_total": 1}


@pytest.fixture
def functional_scan(account) -> Scan:
    violations = [violation("image-alt", "critical"), violation("button-name", "critical"),
                  violation("color-contrast", "serious")]
    accessibility = {"pages_scanned": 1, "compliance_score": 61.0, "violations": violations,
                     "violations_by_impact": {"critical": 2, "serious": 1, "moderate": 0, "minor": 0}}
    return make_scan(account.tenant, mode=Scan.Mode.FUNCTIONAL, functional_results={"accessibility": accessibility})


def test_the_scan_page_headline_counts_critical_accessibility_violations(functional_scan, dashboard):
    page = dashboard.get(f"/scans/{functional_scan.pk}/").content.decode()
    status = page[page.index('id="scan-status"'):page.index("</section>", page.index('id="scan-status"'))]
    assert re.search(r'data-testid="critical-a11y">2 critical accessibility violations<', status)


@pytest.mark.parametrize("path", ["/scans/", "/dashboard/"])
def test_scan_rows_show_the_critical_accessibility_violations(functional_scan, dashboard, path):
    page = dashboard.get(path).content.decode()
    assert re.search(r'data-testid="critical-a11y"[^>]*>2 a11y<', page)


def test_a_functional_scan_without_critical_violations_shows_none(account, dashboard):
    scan = make_scan(account.tenant, mode=Scan.Mode.FUNCTIONAL, functional_results={
        "accessibility": {"pages_scanned": 1, "compliance_score": 90.0, "violations": [violation("region", "moderate")]},
    })
    assert 'data-testid="critical-a11y"' not in dashboard.get(f"/scans/{scan.pk}/").content.decode()


def test_the_html_report_summary_counts_them(functional_scan, dashboard):
    report = dashboard.get(f"/scans/{functional_scan.pk}/export/html/").content.decode()
    assert re.search(r"Critical accessibility violations<b>2</b>", report)
