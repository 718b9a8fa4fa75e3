"""What `run_scan` returns and whom it tells as it goes."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from scans.engine.findings import Finding, TaskOutcome, TaskResult


def outcome_counts(outcomes: Iterable[TaskOutcome]) -> dict[str, int]:
    """The results' task counts: `passed` (skipped included) and `failed` (everything else, errors included)
    as the SPEC has them, with `skipped` and `not_tried` among those."""
    each = Counter(outcomes)
    passed = each[TaskOutcome.PASSED] + each[TaskOutcome.SKIPPED]
    return {"passed": passed, "failed": sum(each.values()) - passed,
            "skipped": each[TaskOutcome.SKIPPED], "not_tried": each[TaskOutcome.NOT_TRIED]}


class ScanListener(Protocol):
    """Told of progress as it happens. Every call comes from the thread that called `run_scan`,
    one at a time, so a listener needs no locking.

    `on_plan` first comes with an estimate as soon as the API description is known, before any
    task; while the scan runs it only comes again with a larger total (recon's tasks, each check
    round's probes). A scan that runs to its end calls it a last time with the exact number of
    tasks it reported, which may be lower than the estimate."""

    def on_plan(self, total: int) -> None: ...

    def on_task(self, task: TaskResult) -> None: ...

    def on_finding(self, finding: Finding) -> None: ...

    def on_warning(self, message: str) -> None: ...


@dataclass(frozen=True, slots=True)
class ScanOutcome:
    """The result of one scan, complete or stopped."""

    findings: tuple[Finding, ...]
    tasks: tuple[TaskResult, ...]
    warnings: tuple[str, ...]
    agent_count: int
    """Agents that ran at least one task (recon included)."""
    requests_sent: int
    elapsed_seconds: float
    stopped: bool
    """True when `should_stop` ended the scan early."""
    stop_reason: str

    def to_dict(self) -> dict[str, Any]:
        counts = outcome_counts(task.outcome for task in self.tasks)
        return {
            **counts,
            "total": len(self.tasks),
            "elapsed_seconds": round(self.elapsed_seconds, 3),
            "agent_count": self.agent_count,
            "requests_sent": self.requests_sent,
            "stopped": self.stopped,
            "stop_reason": self.stop_reason,
            "warnings": list(self.warnings),
            "tasks": [task.to_dict() for task in self.tasks],
            "findings": [finding.to_dict() for finding in self.findings],
        }
