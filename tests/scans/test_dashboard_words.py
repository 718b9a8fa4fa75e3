"""The dashboard shows words for people, not stored values: statuses, severities, modes, marks and
dismissal reasons ("Won't fix", not "wont_fix"), all from one vocabulary."""
from __future__ import annotations

import re

import pytest

from scans.models import Dismissal, Scan, Task
from scans.vocabulary import WORDS, word
from tests.scans.factories import make_finding, make_scan

pytestmark = pytest.mark.django_db

MACHINE_NAMES = ("wont_fix", "false_positive", "accepted_risk")


def visible_text(html: str) -> str:
    """The page's text and option labels, without tags, attribute values or the JSON of scripts."""
    html = re.sub(r"<script.*?</script>", "", html, flags=re.DOTALL)
    return re.sub(r"<[^>]+>", " ", html)


def test_every_stored_value_of_the_models_has_a_word():
    values = [*Scan.Status.values, *Scan.Mode.values, *Scan.ApiType.values, *Dismissal.Reason.values,
              *Task.Outcome.values]
    assert all(value in WORDS for value in values)
    assert word("wont_fix") == "Won't fix" and word("false_positive") == "False positive"
    assert word("something_new") == "Something new"


def test_the_scan_page_speaks_words(account, dashboard):
    scan = make_scan(account.tenant, mode=Scan.Mode.FULL)
    make_finding(scan, severity="high")
    dismissed = make_finding(scan, check="jwt-none", endpoint="/me", parameter="", severity="critical", score=95)
    dashboard.post(f"/findings/{dismissed.pk}/dismiss/", {"reason": "wont_fix"})
    html = dashboard.get(f"/scans/{scan.pk}/").content.decode()
    text = visible_text(html)
    assert "Dismissed as “Won't fix”" in text.replace("&#x27;", "'")
    assert re.search(r'<option value="false_positive">False positive</option>', html)
    assert re.search(r'data-testid="scan-status">Completed<', html)
    assert "Full (security + functional)" in text and ">High<" in html and ">New<" in html
    assert not any(name in text for name in MACHINE_NAMES)


@pytest.mark.parametrize("path", ["/scans/", "/dashboard/", "/findings/", "/scans/new/", "/settings/api-keys/"])
def test_list_pages_speak_words(account, dashboard, path):
    scan = make_scan(account.tenant, mode=Scan.Mode.FUNCTIONAL, status=Scan.Status.CANCELLED)
    make_finding(make_scan(account.tenant, age_minutes=1, url="http://127.0.0.1:9/other"), severity="medium")
    html = dashboard.get(path).content.decode()
    text = visible_text(html)
    lowercase_values = re.findall(
        r">\s*(queued|running|completed|failed|cancelled|critical|high|medium|low|info|security|functional|full"
        r"|active|rotated|revoked)\s*<", html)
    assert not lowercase_values, lowercase_values
    if path == "/scans/":
        assert "Cancelled" in text and "Functional" in text and scan.pk in text
