"""Reads whose path or summary says they wipe the data are never called in safe mode, nor by recon
with `allow_destructive` (then only after every other probe); each shows as a not-tried task, and a
password-reset hint (not a database reset) is still read."""
from __future__ import annotations

from scans.engine.config import ScanConfig, ScanOptions
from scans.engine.findings import TaskOutcome
from scans.engine.scan import Scan, ScanOutcome
from scans.engine.spec import load_spec
from tests.targets.reset_api import HINT, WIPES, ResetApi, serving


def _scan(api: ResetApi, **options: object) -> ScanOutcome:
    spec = load_spec(api.spec, base_url=api.url)
    return Scan(ScanConfig(url=api.url, spec=spec, options=ScanOptions(**options))).run()  # type: ignore[arg-type]


def _recon_task(outcome: ScanOutcome, endpoint: str) -> tuple[TaskOutcome, str]:
    task = next(task for task in outcome.tasks if task.check == "recon" and task.endpoint == endpoint)
    return task.outcome, task.detail


def test_safe_mode_never_calls_a_read_that_wipes_and_reports_it_as_not_tried() -> None:
    with serving() as api:
        outcome = _scan(api, checks=("bola", "bfla"))
    assert not [path for path in api.log if path in WIPES]
    assert api.resets == 0 and api.accounts and api.notes
    assert HINT in api.log
    for endpoint, word in (("/admin/reset-db", "its path says 'reset'"), ("/housekeeping", "its summary says 'drops'")):
        status, detail = _recon_task(outcome, endpoint)
        assert status is TaskOutcome.NOT_TRIED and word in detail and "safe mode never calls it" in detail
    assert not any("could not create a sacrificial account" in warning for warning in outcome.warnings)


def test_with_allow_destructive_recon_still_holds_wipes_and_they_run_after_everything_else() -> None:
    with serving() as api:
        outcome = _scan(api, checks=("bola", "bfla"), allow_destructive=True)
    status, detail = _recon_task(outcome, "/admin/reset-db")
    assert status is TaskOutcome.NOT_TRIED and "recon never calls it" in detail
    wipes = [index for index, path in enumerate(api.log) if path in WIPES]
    assert wipes, "bfla's last-phase probe calls the privileged-looking wipe"
    # After the first wipe only wipes come, and the re-login of an account the wipe logged out.
    assert all(path in WIPES or path == "/api/auth/login" for path in api.log[wipes[0]:])
