"""Dismissals carry over to later scans of the same target and stay on record; findings are marked
new, recurring or dismissed against the previous scan, and fixed ones are listed."""
from __future__ import annotations

import pytest

from scans.models import Dismissal
from tests.scans.factories import make_finding, make_scan

pytestmark = pytest.mark.django_db


def dismiss(account, finding, reason="false_positive", note="test fixture"):
    return account.client.post(f"/api/v1/findings/{finding.pk}/dismiss", {"reason": reason, "note": note}, format="json")


def results(account, scan) -> dict:
    return account.client.get(f"/api/v1/scan/{scan.pk}/results").json()


def test_dismissing_marks_the_finding_and_records_who(account):
    finding = make_finding(make_scan(account.tenant))
    body = dismiss(account, finding, "accepted_risk", "internal only").json()
    assert body["status"] == "dismissed"
    assert body["dismissal"]["reason"] == "accepted_risk" and body["dismissal"]["note"] == "internal only"
    assert body["dismissal"]["by"].startswith("API key nat_pk_")


@pytest.mark.parametrize("body", [{"reason": "because"}, {}, {"reason": "wont_fix", "note": "x" * 2001}])
def test_bad_dismissal_is_422(account, body):
    finding = make_finding(make_scan(account.tenant))
    response = account.client.post(f"/api/v1/findings/{finding.pk}/dismiss", body, format="json")
    assert response.status_code == 422
    assert not Dismissal.objects.exists()


def test_dismissal_carries_over_to_later_scans_of_the_same_target_only(account):
    first = make_scan(account.tenant, url="http://127.0.0.1:9/api", age_minutes=10)
    dismiss(account, make_finding(first))
    later = make_scan(account.tenant, url="http://127.0.0.1:9/api/")
    make_finding(later)
    other_target = make_scan(account.tenant, url="http://127.0.0.1:9/other")
    make_finding(other_target)
    assert results(account, later)["findings"][0]["status"] == "dismissed"
    assert results(account, other_target)["findings"][0]["status"] == "open"


def test_dismissals_are_kept_for_audit(account):
    finding = make_finding(make_scan(account.tenant))
    dismiss(account, finding, "false_positive", "first look")
    dismiss(account, finding, "wont_fix", "second look")
    assert list(Dismissal.objects.order_by("created_at", "id").values_list("reason", "note")) == [
        ("false_positive", "first look"), ("wont_fix", "second look"),
    ]
    assert results(account, finding.scan)["findings"][0]["dismissal"]["reason"] == "wont_fix"


def test_new_recurring_dismissed_marks_and_fixed_list(account):
    previous = make_scan(account.tenant, age_minutes=10)
    make_finding(previous, check="bola", endpoint="/users/{id}")
    make_finding(previous, check="bfla", endpoint="/admin/users", parameter="")
    dismissed = make_finding(previous, check="mass-assignment", endpoint="/users", parameter="role")
    dismiss(account, dismissed)
    current = make_scan(account.tenant)
    make_finding(current, check="bola", endpoint="/users/{user_id}")
    make_finding(current, check="jwt-none", endpoint="/me", parameter="")
    make_finding(current, check="mass-assignment", endpoint="/users", parameter="role")
    body = results(account, current)
    marks = {f["check"]: f["mark"] for f in body["findings"]}
    assert marks == {"bola": "recurring", "jwt-none": "new", "mass-assignment": "dismissed"}
    assert [(f["check"], f["last_seen_scan_id"]) for f in body["fixed"]] == [("bfla", previous.pk)]
    assert body["summary"]["open_by_severity"]["high"] == 2


def test_first_scan_of_a_target_marks_everything_new(account):
    scan = make_scan(account.tenant)
    make_finding(scan)
    body = results(account, scan)
    assert body["findings"][0]["mark"] == "new" and body["fixed"] == []
