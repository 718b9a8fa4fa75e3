"""Safe mode decisions: reads and creations go; changes only to the scan's own objects; wipes never,
whatever the method, told by the operation's path, id, summary or description."""
from __future__ import annotations

import pytest

from scans.engine.http.safety import DELETE, WIPE, CreatedObjects, SafetyGuard, destruction
from scans.engine.kb.operations import destroys
from scans.engine.model import Operation, RequestBody


@pytest.mark.parametrize(
    ("path", "operation_id", "wipe"),
    [("/admin/reset", "", True), ("/db/re-create", "", True), ("/x", "dropTables", True), ("/cache/purge", "", False),
     ("/auth/password-reset", "", False), ("/users/{id}/reset-password", "", False), ("/orders", "createOrder", False),
     ("/reports/clear-all", "", True), ("/data/purge", "", True)],
)
def test_wiping_operations_are_told_by_their_names(path: str, operation_id: str, wipe: bool) -> None:
    found = destruction(path=path, operation_id=operation_id)
    assert (found is not None and found.kind == WIPE) is wipe


@pytest.mark.parametrize(
    ("summary", "description", "kind"),
    [("Drops and re-creates the database", "", WIPE), ("Re-seed the demo data", "", WIPE),
     ("", "Initializes the store. Call it once.", WIPE), ("Wiping everything", "", WIPE),
     ("Delete all items", "", WIPE), ("Deletes the order", "", DELETE), ("", "Removes the user.", DELETE),
     ("List items, filtered by deleted_at", "", ""), ("Lists deleted and dropped items", "", ""),
     ("Resets the password of the current user", "", ""), ("Send a password reset e-mail", "", ""),
     ("Find drop-off points", "", ""), ("", "Lists the orders. Admins may delete them with DELETE.", "")],
)
def test_what_an_operation_destroys_is_told_by_its_summary_and_first_sentence(
    summary: str, description: str, kind: str
) -> None:
    found = destruction(path="/things", summary=summary, description=description)
    assert (found.kind if found else "") == kind


def test_a_read_that_says_it_wipes_or_deletes_is_refused_in_safe_mode() -> None:
    created = CreatedObjects()
    created.add("/notes/1")
    guard = SafetyGuard(created)
    assert "wipes" in guard.refusal(method="GET", path="/api/reset-db", template="/api/reset-db")
    assert "wipes" in guard.refusal(method="GET", path="/api/x", template="/api/x", destroys=WIPE)
    assert "deletes" in guard.refusal(method="GET", path="/notes/2/delete", template="/notes/{id}/delete")
    assert "did not create" in guard.refusal(method="POST", path="/notes/delete", template="/notes/delete")
    assert guard.refusal(method="GET", path="/notes/1/delete", template="/notes/{id}/delete") == ""


def test_guard_allows_reads_and_creations_and_changes_to_created_objects_only() -> None:
    created = CreatedObjects()
    created.add("/notes/1")
    guard = SafetyGuard(created)
    assert guard.refusal(method="GET", path="/notes/9", template="/notes/{id}") == ""
    assert guard.refusal(method="POST", path="/notes", template="/notes") == ""
    assert guard.refusal(method="DELETE", path="/notes/1", template="/notes/{id}") == ""
    assert guard.refusal(method="POST", path="/notes/1/archive", template="/notes/{id}/archive") == ""
    assert "did not create" in guard.refusal(method="DELETE", path="/notes/2", template="/notes/{id}")
    assert "did not create" in guard.refusal(method="PATCH", path="/me", template="/me")
    assert guard.refusal(method="PATCH", path="/me", template="/me", self_service=True) == ""
    assert "wipes" in guard.refusal(method="POST", path="/admin/reset", template="/admin/reset")


def test_allow_destructive_lifts_every_refusal_and_wipes_wait_for_the_last_phase() -> None:
    guard = SafetyGuard(CreatedObjects(), allow_destructive=True)
    assert guard.refusal(method="DELETE", path="/notes/2", template="/notes/{id}") == ""
    assert guard.refusal(method="GET", path="/notes/2/delete", template="/notes/{id}/delete") == ""
    assert "after every other probe" in guard.refusal(method="GET", path="/admin/reset", template="/admin/reset")
    guard.open_wipes()
    assert guard.refusal(method="POST", path="/admin/reset", template="/admin/reset") == ""
    assert guard.refusal(method="GET", path="/admin/reset", template="/admin/reset") == ""


def test_a_login_or_sign_up_that_mentions_a_reset_destroys_nothing() -> None:
    body = RequestBody("application/json", {"type": "object", "properties": {
        "username": {"type": "string"}, "password": {"type": "string"}}})
    login = Operation("POST", "/auth/login", summary="Logs in and resets the failed-attempt counter", request_body=body)
    signup = Operation("POST", "/register", description="Registers a user. Deletes unverified ones after a day.",
                       summary="Register; removes stale invitations", request_body=body)
    other = Operation("POST", "/jobs", summary="Resets the failed-attempt counter", request_body=body)
    assert destroys(login) == "" and destroys(signup) == ""
    assert destroys(other) == WIPE
