"""The scan page says in words how its tasks ended (skipped and not tried beside passed and failed, a
count per outcome) and lists, with their reasons, the tasks it could not judge: not tried, unconfirmed,
errored."""
from __future__ import annotations

import re

import pytest

from scans.models import Task
from tests.scans.factories import make_scan, make_task
from tests.scans.test_dashboard_words import visible_text

pytestmark = pytest.mark.django_db


def test_the_scan_page_counts_outcomes_in_words_and_lists_what_it_could_not_judge(account, dashboard):
    scan = make_scan(account.tenant, tasks_total=6, tasks_passed=2, tasks_failed=4, tasks_skipped=1, tasks_not_tried=1)
    for outcome in Task.Outcome.values:
        make_task(scan, check=f"check_{outcome}", outcome=outcome, detail=f"reason for {outcome}")
    html = dashboard.get(f"/scans/{scan.pk}/").content.decode()
    text = " ".join(visible_text(html).split())
    assert "2 tasks passed (1 skipped), 4 failed (1 not tried)" in text
    assert "Tasks: Found 1 · Passed 1 · Skipped 1 · Not tried 1 · Unconfirmed 1 · Error 1" in text
    unjudged = re.search(r'data-testid="unjudged-tasks">(.*?)</details>', html, re.DOTALL)
    assert unjudged is not None
    listed = " ".join(visible_text(unjudged.group(1)).split())
    assert "3 tasks the scan could not judge" in listed
    for outcome, word in (("not_tried", "Not tried"), ("unconfirmed", "Unconfirmed"), ("error", "Error")):
        assert f"{word} check_{outcome} GET /users/{{id}} : reason for {outcome}" in listed
    assert "reason for passed" not in listed and "reason for skipped" not in listed
    assert not re.search(r">\s*(not_tried|unconfirmed|skipped|found)\s*<", html)
