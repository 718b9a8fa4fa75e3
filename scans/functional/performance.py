"""Measuring one page in a fresh context: load, a quiet window, one real click, then the vitals."""
from __future__ import annotations

from typing import TYPE_CHECKING

from scans.functional.pages import RouteGuard, load, new_context
from scans.functional.vitals import PageMetrics

if TYPE_CHECKING:
    from playwright.async_api import Browser, Page

QUIET_MS = 1000
"""The load is over once no long task ran for this long after the `load` event…"""
QUIET_MAX_MS = 5000
"""…or this long after it at most."""
INTERACTION_SETTLE_MS = 200

COLLECTOR = """(() => {
  if (window !== window.top || window.__natVitals) return;
  const vitals = window.__natVitals = {lcp: [], shifts: [], longTasks: [], events: [], firstInput: null};
  const observe = (type, record, extra) => {
    try {
      new PerformanceObserver((list) => list.getEntries().forEach(record)).observe({type, buffered: true, ...extra});
    } catch (error) {}
  };
  observe('largest-contentful-paint', (entry) => vitals.lcp.push(entry.startTime));
  observe('layout-shift', (entry) => {
    if (!entry.hadRecentInput) vitals.shifts.push([entry.startTime, entry.value]);
  });
  observe('longtask', (entry) => vitals.longTasks.push([entry.startTime, entry.duration]));
  observe('event', (entry) => {
    if (entry.interactionId) vitals.events.push([entry.name, entry.startTime, entry.duration, entry.interactionId]);
  }, {durationThreshold: 16});
  observe('first-input', (entry) => {
    vitals.firstInput = {delay: entry.processingStart - entry.startTime, duration: entry.duration};
  });
})();"""
"""Installed before the page's own scripts, so no entry is missed whatever the buffers keep."""

WAIT_QUIET = """async ({quiet, max}) => {
  const vitals = window.__natVitals;
  const navigation = performance.getEntriesByType('navigation')[0];
  const loaded = navigation && navigation.loadEventEnd ? navigation.loadEventEnd : performance.now();
  const lastTask = () => vitals.longTasks.reduce((end, [start, duration]) => Math.max(end, start + duration), 0);
  while (performance.now() - loaded < max && performance.now() - Math.max(loaded, lastTask()) < quiet) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return performance.now();
}"""

READ_LOAD = """(windowEnd) => {
  const vitals = window.__natVitals;
  const navigation = performance.getEntriesByType('navigation')[0];
  const paint = performance.getEntriesByName('first-contentful-paint')[0];
  return {
    ttfb: navigation ? navigation.responseStart : null,
    fcp: paint ? paint.startTime : null,
    lcp: vitals.lcp.length ? vitals.lcp[vitals.lcp.length - 1] : null,
    shifts: vitals.shifts.slice(),
    long_tasks: vitals.longTasks.slice(),
    window_end: windowEnd,
  };
}"""

SAFE_POINT = """() => {
  const interactive = 'a, button, input, select, textarea, label, summary, details, option, iframe, video, audio, ' +
    '[onclick], [role=button], [role=link], [role=checkbox], [role=menuitem], [role=tab], [role=switch], ' +
    '[contenteditable=""], [contenteditable=true], [tabindex]';
  const width = window.innerWidth, height = window.innerHeight;
  const points = [
    [width - 3, height - 3], [3, height - 3], [width / 2, height - 3], [width - 3, 3], [3, 3], [width / 2, height / 2],
  ];
  for (const [x, y] of points) {
    const element = document.elementFromPoint(x, y);
    if (!element || !element.closest(interactive)) return [x, y];
  }
  return null;
}"""
"""A viewport point over nothing a click could activate: the interaction must not navigate or submit."""

READ_INTERACTION = """async (settle) => {
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, settle)));
  const vitals = window.__natVitals;
  return {events: vitals.events.slice(), first_input: vitals.firstInput};
}"""


async def measure_page(browser: Browser, url: str, *, guard: RouteGuard, timeout_ms: float) -> PageMetrics:
    """Load `url` alone in a fresh context (empty cache) and return its lab metrics."""
    context = await new_context(browser, guard, for_measurement=True)
    try:
        await context.add_init_script(COLLECTOR)
        page = await context.new_page()
        page.set_default_timeout(timeout_ms)
        await load(page, url, timeout_ms=timeout_ms)
        window_end = await page.evaluate(WAIT_QUIET, {"quiet": QUIET_MS, "max": QUIET_MAX_MS})
        raw = await page.evaluate(READ_LOAD, window_end)
        raw.update(await _interact(page))
        return PageMetrics.from_entries(url, raw)
    finally:
        await context.close()


async def _interact(page: Page) -> dict[str, object]:
    point = await page.evaluate(SAFE_POINT)
    if point is None:
        return {}
    await page.mouse.click(point[0], point[1])
    return await page.evaluate(READ_INTERACTION, INTERACTION_SETTLE_MS)
