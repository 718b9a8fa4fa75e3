"""The browser's half of a scan, on the browser's loop: pages audited in parallel contexts, then
measured one at a time. It reports through `emit`; comparing, storing and listening happen in the
caller's thread (see `runner`)."""
from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from playwright.async_api import Error as PlaywrightError

from scans.functional.accessibility import PageAccessibility, audit_page
from scans.functional.config import FunctionalConfig, Runner
from scans.functional.pages import PageLoadError, RouteGuard, load, new_context
from scans.functional.performance import measure_page
from scans.functional.screenshot import Capture, capture
from scans.functional.vitals import PageMetrics

if TYPE_CHECKING:
    from playwright.async_api import Browser

GATE_POLL_SECONDS = 0.05


@dataclass(frozen=True, slots=True)
class PageCaptured:
    url: str
    capture: Capture | None
    error: str
    duration: float


@dataclass(frozen=True, slots=True)
class PageAudited:
    url: str
    result: PageAccessibility | None
    error: str
    duration: float


@dataclass(frozen=True, slots=True)
class PageMeasured:
    url: str
    metrics: PageMetrics | None
    error: str
    duration: float


BrowserEvent = PageCaptured | PageAudited | PageMeasured


@dataclass(slots=True)
class BrowserWork:
    """What the browser does for one scan, and the switches the caller's thread holds."""

    config: FunctionalConfig
    pages: Sequence[str]
    guard: RouteGuard
    axe_source: str
    emit: Callable[[BrowserEvent], None]
    stop: threading.Event
    measure_gate: threading.Event
    """Set by the caller once nothing else loads the machine, so measurements run undisturbed."""


async def browse(browser: Browser, work: BrowserWork) -> None:
    """Audit every page (visual and accessibility) with bounded parallelism, then measure each alone."""
    config = work.config
    if config.runs(Runner.VISUAL) or config.runs(Runner.ACCESSIBILITY):
        slots = asyncio.Semaphore(config.concurrency)

        async def audit(url: str) -> None:
            async with slots:
                if not work.stop.is_set():
                    await _audit(browser, url, work)

        await asyncio.gather(*(audit(url) for url in work.pages))
    if not config.runs(Runner.PERFORMANCE):
        return
    while not work.measure_gate.is_set():
        if work.stop.is_set():
            return
        await asyncio.sleep(GATE_POLL_SECONDS)
    for url in work.pages:
        if work.stop.is_set():
            return
        started = time.monotonic()
        try:
            metrics = await measure_page(browser, url, guard=work.guard, timeout_ms=config.timeout_ms)
        except (PageLoadError, PlaywrightError) as exc:
            work.emit(PageMeasured(url, None, _reason(exc), time.monotonic() - started))
        else:
            work.emit(PageMeasured(url, metrics, "", time.monotonic() - started))


async def _audit(browser: Browser, url: str, work: BrowserWork) -> None:
    """Load `url` once; screenshot it, then run axe on it. A page that does not load fails both."""
    config = work.config
    started = time.monotonic()
    context = await new_context(browser, work.guard)
    try:
        page = await context.new_page()
        page.set_default_timeout(config.timeout_ms)
        try:
            await load(page, url, timeout_ms=config.timeout_ms)
        except (PageLoadError, PlaywrightError) as exc:
            if config.runs(Runner.VISUAL):
                work.emit(PageCaptured(url, None, _reason(exc), time.monotonic() - started))
            if config.runs(Runner.ACCESSIBILITY):
                work.emit(PageAudited(url, None, _reason(exc), 0.0))
            return
        if config.runs(Runner.VISUAL):
            try:
                shot = await capture(page, masks=config.masks, timeout_ms=config.timeout_ms)
            except PlaywrightError as exc:
                work.emit(PageCaptured(url, None, _reason(exc), time.monotonic() - started))
            else:
                work.emit(PageCaptured(url, shot, "", time.monotonic() - started))
        if config.runs(Runner.ACCESSIBILITY):
            audit_started = time.monotonic()
            try:
                result = await audit_page(
                    page, axe_source=work.axe_source, profile_tags=config.wcag_tags, timeout_ms=config.timeout_ms
                )
            except (TimeoutError, PlaywrightError) as exc:
                work.emit(PageAudited(url, None, _reason(exc), time.monotonic() - audit_started))
            else:
                work.emit(PageAudited(url, result, "", time.monotonic() - audit_started))
    finally:
        await context.close()


def _reason(exc: BaseException) -> str:
    if isinstance(exc, asyncio.TimeoutError):
        return "timed out"
    message = getattr(exc, "message", "") or str(exc)
    return message.splitlines()[0] if message else type(exc).__name__
