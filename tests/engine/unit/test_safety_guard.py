"""Safe mode decisions: reads and creations go; changes only to the scan's own objects; wipes never."""
from __future__ import annotations

import pytest

from scans.engine.http.safety import CreatedObjects, SafetyGuard, is_wipe_operation


@pytest.mark.parametrize(
    ("path", "operation_id", "wipe"),
    [("/admin/reset", "", True), ("/db/re-create", "", True), ("/x", "dropTables", True), ("/cache/purge", "", False),
     ("/auth/password-reset", "", False), ("/users/{id}/reset-password", "", False), ("/orders", "createOrder", False),
     ("/reports/clear-all", "", True), ("/data/purge", "", True)],
)
def test_wiping_operations_are_told_by_their_names(path: str, operation_id: str, wipe: bool) -> None:
    assert is_wipe_operation(path=path, operation_id=operation_id) is wipe


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


def test_allow_destructive_lifts_every_refusal() -> None:
    guard = SafetyGuard(CreatedObjects(), allow_destructive=True)
    assert guard.refusal(method="DELETE", path="/notes/2", template="/notes/{id}") == ""
    assert guard.refusal(method="POST", path="/admin/reset", template="/admin/reset") == ""
