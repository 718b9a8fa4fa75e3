"""A target that wipes its state mid-scan (accounts the scan logged in with stop logging in) gets no
finding and no pass judged on the lost state: the probes that used a lost account are unconfirmed,
and the scan's warnings say the state looks reset."""
from __future__ import annotations

from scans.engine.config import AuthConfig, ScanConfig, ScanOptions
from scans.engine.findings import TaskOutcome
from scans.engine.scan import Scan
from scans.engine.spec import load_spec
from tests.targets.reset_api import serving

ALICE = AuthConfig(type="login", login_url="/api/auth/login",
                   login_body={"username": "alice", "password": "alice-pass-1"}, token_path="token")


def test_probes_that_ran_on_state_the_target_wiped_are_neither_found_nor_passed() -> None:
    with serving(reset_on_foreign_write=True) as api:
        spec = load_spec(api.spec, base_url=api.url)
        outcome = Scan(ScanConfig(url=api.url, spec=spec, auth=ALICE, options=ScanOptions(checks=("bola",)))).run()
    assert api.resets == 1
    write = next(task for task in outcome.tasks if task.check == "bola" and task.method == "PATCH")
    assert write.outcome is TaskOutcome.UNCONFIRMED
    assert not [task for task in outcome.tasks if task.check == "bola" and task.outcome is TaskOutcome.PASSED]
    assert any("the target's state looks reset" in warning for warning in outcome.warnings)
