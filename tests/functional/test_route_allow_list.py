"""The browser reaches only the scan's origin: requests and WebSockets to another origin
(127.0.0.2) and requests to excluded paths are refused and reported."""
from __future__ import annotations

import pytest

from scans.functional.config import FunctionalConfig, Runner
from scans.functional.runner import run_functional

pytestmark = pytest.mark.browser

PAGE = "/reaching-out.html"


def test_other_origins_and_excluded_paths_are_blocked(fresh_site, other_origin, browser, store):
    fresh_site.state["other_origin"] = other_origin.url
    config = FunctionalConfig(
        url=fresh_site.url, pages=(PAGE,), exclude=("/private/*",),
        runners=frozenset({Runner.VISUAL, Runner.ACCESSIBILITY, Runner.PERFORMANCE}),
    )
    outcome = run_functional(config, baselines=store, browser=browser)
    assert other_origin.hits == []
    assert PAGE in fresh_site.hits
    assert not any(hit.startswith("/private/") for hit in fresh_site.hits)
    [warning] = [warning for warning in outcome.warnings if "blocked" in warning]
    assert f"{other_origin.url}/tracker.png" in warning and "/private/pixel.png" in warning
    assert other_origin.url.replace("http:", "ws:") + "/socket" in warning
    assert {task.status for task in outcome.tasks} <= {"passed", "failed"}


def test_without_the_guard_the_same_page_does_reach_the_other_origin(fresh_site, other_origin, browser):
    fresh_site.state["other_origin"] = other_origin.url

    async def load_unguarded():
        context = await browser.browser.new_context()
        try:
            page = await context.new_page()
            await page.goto(fresh_site.url + PAGE, wait_until="load")
            for _ in range(50):
                if "/socket" in other_origin.hits:
                    break
                await page.wait_for_timeout(100)
        finally:
            await context.close()

    browser.submit(load_unguarded()).result(timeout=30)
    assert sorted(other_origin.hits) == ["/socket", "/tracker.png"]
