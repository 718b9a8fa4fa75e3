"""Progress moves while a scan runs: a plan before the first task, recon's tasks as each
operation is done (not in one batch at the end of recon), an exact total at the end."""
from __future__ import annotations

import itertools
import time
from collections.abc import Callable

from scans.engine.runner import run_scan
from tests.targets.launcher import RunningTarget
from tests.targets.scanning import NOTES_MODULE, config_for

DELAY = "0.05"


class Timeline:
    def __init__(self) -> None:
        self.events: list[tuple[float, str, object]] = []

    def on_plan(self, total: int) -> None:
        self.events.append((time.monotonic(), "plan", total))

    def on_task(self, task) -> None:
        self.events.append((time.monotonic(), "task", task))

    def on_finding(self, finding) -> None:
        self.events.append((time.monotonic(), "finding", finding))

    def on_warning(self, message: str) -> None:
        self.events.append((time.monotonic(), "warning", message))


def test_recon_tasks_arrive_spread_over_time_after_a_first_plan(
    start_extra_target: Callable[..., RunningTarget],
) -> None:
    target = start_extra_target(NOTES_MODULE, flaws="none", args=("--delay", DELAY))
    timeline = Timeline()
    outcome = run_scan(config_for(target, checks=("bfla",), concurrency=2), listener=timeline)
    kinds = [kind for _, kind, _ in timeline.events]
    assert kinds.index("plan") < kinds.index("task")
    first_plan = next(total for _, kind, total in timeline.events if kind == "plan")
    assert first_plan > 0
    recon = [moment for moment, kind, task in timeline.events if kind == "task" and task.agent == "recon"]
    assert len(recon) >= 10
    span = recon[-1] - recon[0]
    # Each request takes DELAY seconds: recon lasts about a second; its tasks must be spread over it.
    assert span > 0.5, f"recon's {len(recon)} tasks came within {span:.3f} s"
    gaps = [later - earlier for earlier, later in itertools.pairwise(recon)]
    assert max(gaps) < span / 2, "most recon tasks arrived in one batch"
    plans = [total for _, kind, total in timeline.events if kind == "plan"]
    assert plans[:-1] == sorted(plans[:-1]) and plans[-1] == len(outcome.tasks)
