"""`run_scan`: the engine's entry point for the worker task and for `nat scan`.

Errors that fail a scan are the `EngineError` family (`TargetUnreachable`, `AuthRejected`,
`SpecMissing`); a spent request or time budget is not one: the scan returns what it has and
says so in `warnings`. When `should_stop` (polled every 0.1 s) returns true, the scan returns
within about a second with `stopped=True`.
"""
from __future__ import annotations

from collections.abc import Callable

from scans.engine.config import ScanConfig
from scans.engine.outcome import ScanListener, ScanOutcome
from scans.engine.scan import Scan

__all__ = ["ScanListener", "ScanOutcome", "run_scan"]


def run_scan(
    config: ScanConfig,
    *,
    listener: ScanListener | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> ScanOutcome:
    """Scan `config.url` with the selected checks and return the confirmed findings and tasks."""
    return Scan(config, listener=listener, should_stop=should_stop).run()
