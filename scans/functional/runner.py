"""`run_functional`: visual regression, accessibility, performance and contract tests of one target.

Pages are found first (the user's list or a crawl). Then, at once: the browser audits pages in
parallel contexts (screenshot, then axe-core), and contract calls run in a thread pool. When both
are done and every screenshot is compared, the browser measures each page alone. The caller's
thread does the rest: it compares screenshots, talks to the `BaselineStore` and the listener, and
polls `should_stop` (every 0.1 s; the scan then returns within about a second, `stopped=True`).
Errors that fail a scan: `TargetUnreachable` (the scan URL does not answer), `TargetRefused` (SaaS:
the target is not a public address), `BrowserNotFound`, `AxeNotFound`, `BrowserFailed`.
"""
from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from playwright.async_api import Error as PlaywrightError

from scans.engine.findings import TaskOutcome, TaskResult, TaskStatus
from scans.functional.accessibility import PageAccessibility
from scans.functional.axe import axe_script
from scans.functional.baselines import BaselineStore
from scans.functional.browsing import BrowserWork, PageAudited, PageCaptured, PageMeasured, browse
from scans.functional.config import PAGE_RUNNERS, FunctionalConfig, Runner
from scans.functional.contract import ContractPlan, ContractResult, ContractTester, plan_contract
from scans.functional.crawl import discover_pages
from scans.functional.errors import BrowserFailed
from scans.functional.pages import RouteGuard
from scans.functional.reports import accessibility_report, contract_report, performance_report, visual_report
from scans.functional.scope import Scope, path_of
from scans.functional.screenshot import MAX_HEIGHT
from scans.functional.session import FunctionalBrowser
from scans.functional.targetguard import http_session, pin_target
from scans.functional.visual import Comparison, compare_with_baseline
from scans.functional.vitals import PageMetrics

T = TypeVar("T")
STOP_POLL_SECONDS = 0.1
PAGE_AGENT = "functional"


class FunctionalListener(Protocol):
    """Told of progress as it happens, always from the thread that called `run_functional`."""

    def on_plan(self, total: int) -> None: ...

    def on_task(self, task: TaskResult) -> None: ...

    def on_warning(self, message: str) -> None: ...


@dataclass(frozen=True, slots=True)
class FunctionalOutcome:
    """The result of one functional scan, complete or stopped; the sub-reports are JSON-safe dicts."""

    pages: tuple[str, ...]
    accessibility: Mapping[str, Any]
    performance: Mapping[str, Any]
    visual_regression: Mapping[str, Any]
    contract: Mapping[str, Any]
    tasks: tuple[TaskResult, ...]
    warnings: tuple[str, ...]
    elapsed_seconds: float
    stopped: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "pages": list(self.pages),
            "passed": sum(1 for task in self.tasks if task.status == "passed"),
            "failed": sum(1 for task in self.tasks if task.status == "failed"),
            "total": len(self.tasks),
            "elapsed_seconds": round(self.elapsed_seconds, 3),
            "stopped": self.stopped,
            "warnings": list(self.warnings),
            "tasks": [task.to_dict() for task in self.tasks],
            "accessibility": dict(self.accessibility),
            "performance": dict(self.performance),
            "visual_regression": dict(self.visual_regression),
            "contract": dict(self.contract),
        }


def run_functional(
    config: FunctionalConfig,
    *,
    listener: FunctionalListener | None = None,
    should_stop: Callable[[], bool] | None = None,
    baselines: BaselineStore,
    browser: FunctionalBrowser | None = None,
) -> FunctionalOutcome:
    """Run the functional tests `config.runners` selects. `browser` (started) is reused when given,
    else one is launched for this scan and closed after it. A `public_only` scan checks the target
    first and always launches its own browser, pinned to the checked address."""
    if config.public_only and browser is not None:
        raise ValueError("a public_only scan launches its own browser: a shared one cannot be pinned")
    return _FunctionalScan(config, listener=listener, should_stop=should_stop, baselines=baselines).run(browser)


@dataclass
class _Results:
    comparisons: dict[str, Comparison] = field(default_factory=dict)
    accessibility: dict[str, PageAccessibility] = field(default_factory=dict)
    metrics: dict[str, PageMetrics] = field(default_factory=dict)
    contract: list[ContractResult] = field(default_factory=list)
    tasks: list[TaskResult] = field(default_factory=list)
    captures_handled: int = 0


class _FunctionalScan:
    def __init__(
        self,
        config: FunctionalConfig,
        *,
        listener: FunctionalListener | None,
        should_stop: Callable[[], bool] | None,
        baselines: BaselineStore,
    ) -> None:
        self.config = config
        self.listener = listener
        self.should_stop = should_stop
        self.baselines = baselines
        self.warnings: list[str] = []
        self.results = _Results()
        self.events: queue.Queue[Any] = queue.Queue()
        self.stop = threading.Event()
        self.measure_gate = threading.Event()
        self._warned_masks: set[str] = set()

    def run(self, browser: FunctionalBrowser | None) -> FunctionalOutcome:
        started = time.monotonic()
        config = self.config
        pin = pin_target(config.url) if config.public_only else None
        pages: tuple[str, ...] = ()
        if config.runs_pages:
            with http_session(public_only=config.public_only) as session:
                pages = discover_pages(config, session=session, warn=self._warn)
        plan = plan_contract(config.spec, config) if config.spec is not None and config.runs(Runner.CONTRACT) else None
        for note in plan.warnings() if plan else ():
            self._warn(note)
        page_runners = len(config.runners & PAGE_RUNNERS)
        if self.listener:
            self.listener.on_plan(len(pages) * page_runners + (len(plan.operations) if plan else 0))
        axe_source = axe_script() if pages and config.runs(Runner.ACCESSIBILITY) else ""
        own_browser = browser is None and bool(pages)
        if own_browser:
            browser = FunctionalBrowser(pin=pin).start()
        guard = RouteGuard(Scope(config.url, config.exclude), public_only=config.public_only)
        try:
            self._run_parts(pages, plan, browser, guard, axe_source)
        finally:
            if own_browser and browser is not None:
                browser.close()
        for tally, what in (
            (guard.non_public, "to non-public addresses (SaaS scans reach public addresses only)"),
            (guard.outside, "outside the scan's origin or excluded"),
        ):
            if tally.count:
                shown = ", ".join(tally.shown[:5]) + ("…" if len(tally.shown) > 5 else "")
                self._warn(f"the browser blocked {tally.count} requests {what}: {shown}")
        return self._outcome(pages, plan, time.monotonic() - started)

    def _run_parts(
        self,
        pages: tuple[str, ...],
        plan: ContractPlan | None,
        browser: FunctionalBrowser | None,
        guard: RouteGuard,
        axe_source: str,
    ) -> None:
        contract_thread = None
        if plan is not None and plan.operations and self.config.spec is not None:
            tester = ContractTester(self.config.spec, self.config)
            contract_thread = threading.Thread(
                target=tester.run, kwargs={"operations": plan.operations, "emit": self.events.put, "stop": self.stop},
                name="nat-contract-tests", daemon=True,
            )
            contract_thread.start()
        browser_done = None
        if pages and browser is not None:
            work = BrowserWork(
                config=self.config, pages=pages, guard=guard, axe_source=axe_source,
                emit=self.events.put, stop=self.stop, measure_gate=self.measure_gate,
            )
            browser_done = browser.submit(browse(browser.browser, work))
        captures_expected = len(pages) if self.config.runs(Runner.VISUAL) else 0
        while True:
            if not self.stop.is_set() and self.should_stop is not None and self.should_stop():
                self.stop.set()
                if browser_done is not None:
                    browser_done.cancel()
            with contextlib.suppress(queue.Empty):
                self._handle(self.events.get(timeout=STOP_POLL_SECONDS))
            contract_running = contract_thread is not None and contract_thread.is_alive()
            if not contract_running and self.results.captures_handled >= captures_expected:
                self.measure_gate.set()
            browser_running = browser_done is not None and not browser_done.done()
            if browser_running or (contract_running and not self.stop.is_set()) or not self.events.empty():
                continue
            break
        if browser_done is not None and not browser_done.cancelled():
            try:
                browser_done.result()
            except PlaywrightError as exc:
                raise BrowserFailed(f"the browser failed during the scan: {exc.message}") from exc

    def _handle(self, event: Any) -> None:
        if isinstance(event, PageCaptured):
            self._on_capture(event)
        elif isinstance(event, PageAudited):
            self._on_audit(event)
        elif isinstance(event, PageMeasured):
            self._on_measure(event)
        elif isinstance(event, ContractResult):
            self.results.contract.append(event)
            self._task(event.to_task())

    def _on_capture(self, event: PageCaptured) -> None:
        self.results.captures_handled += 1
        if event.capture is None:
            self._page_task(Runner.VISUAL, event.url, "error", event.duration, event.error)
            return
        for mask in event.capture.invalid_masks:
            if mask not in self._warned_masks:
                self._warned_masks.add(mask)
                self._warn(f"mask {mask!r} is not a valid CSS selector; ignored")
        if event.capture.truncated:
            self._warn(f"{event.url} is very tall; its screenshot stops at the first {MAX_HEIGHT} px")
        comparison = compare_with_baseline(
            event.url, event.capture.png, baselines=self.baselines,
            threshold=self.config.visual_threshold, reset=self.config.reset_baseline,
        )
        self.results.comparisons[event.url] = comparison
        status: TaskStatus = "failed" if comparison.regression else "passed"
        self._page_task(Runner.VISUAL, event.url, status, event.duration, comparison.summary())

    def _on_audit(self, event: PageAudited) -> None:
        if event.result is None:
            self._page_task(Runner.ACCESSIBILITY, event.url, "error", event.duration, event.error)
            return
        result = event.result
        self.results.accessibility[event.url] = result
        rules = ", ".join(f"{violation.rule} ({violation.impact.value})" for violation in result.violations)
        detail = f"compliance {result.compliance_score}; {len(result.violations)} WCAG violations"
        detail += f": {rules}" if rules else ""
        detail += f"; {len(result.best_practices)} best-practice issues"
        status: TaskStatus = "failed" if result.violations else "passed"
        self._page_task(Runner.ACCESSIBILITY, event.url, status, event.duration, detail)

    def _on_measure(self, event: PageMeasured) -> None:
        if event.metrics is None:
            self._page_task(Runner.PERFORMANCE, event.url, "error", event.duration, event.error)
            return
        self.results.metrics[event.url] = event.metrics
        status: TaskStatus = "failed" if event.metrics.poor else "passed"
        self._page_task(Runner.PERFORMANCE, event.url, status, event.duration, event.metrics.summary())

    def _page_task(self, runner: Runner, url: str, status: TaskStatus, duration: float, detail: str) -> None:
        self._task(TaskResult(
            check=runner.value, endpoint=path_of(url), method="GET", outcome=TaskOutcome.from_status(status),
            duration=duration, detail=detail, agent=PAGE_AGENT,
        ))

    def _task(self, task: TaskResult) -> None:
        self.results.tasks.append(task)
        if self.listener:
            self.listener.on_task(task)

    def _warn(self, message: str) -> None:
        self.warnings.append(message)
        if self.listener:
            self.listener.on_warning(message)

    def _outcome(self, pages: tuple[str, ...], plan: ContractPlan | None, elapsed: float) -> FunctionalOutcome:
        results = self.results
        return FunctionalOutcome(
            pages=pages,
            accessibility=accessibility_report(
                _in_order(results.accessibility, pages), profile=self.config.wcag_profile
            ),
            performance=performance_report(_in_order(results.metrics, pages)),
            visual_regression=visual_report(
                _in_order(results.comparisons, pages), threshold=self.config.visual_threshold
            ),
            contract=contract_report(results.contract, plan),
            tasks=tuple(results.tasks),
            warnings=tuple(self.warnings),
            elapsed_seconds=elapsed,
            stopped=self.stop.is_set(),
        )


def _in_order(found: Mapping[str, T], pages: tuple[str, ...]) -> list[T]:
    return [found[url] for url in pages if url in found]
