"""`exclude` patterns keep requests off the target entirely, and so off the findings."""
from __future__ import annotations

from tests.targets.launcher import RunningTarget
from tests.targets.scanning import config_for, run_scan_on


def test_excluded_paths_and_methods_are_never_requested(notes_target: RunningTarget) -> None:
    config = config_for(notes_target, exclude=("/admin/*", "DELETE:/notes/{note_id}"))
    run = run_scan_on(notes_target, config)
    assert run.log
    assert not [entry for entry in run.log if entry["path"].startswith("/v1/admin/")]
    assert not [entry for entry in run.log if entry["method"] == "DELETE" and entry["path"].startswith("/v1/notes/")]
    reported = {(finding.method, finding.endpoint) for finding in run.outcome.findings}
    assert ("GET", "/admin/users") not in reported and ("DELETE", "/notes/{note_id}") not in reported
    assert ("GET", "/projects/{slug}") in reported
