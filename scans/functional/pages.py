"""Browser contexts for a scan: fixed rendering settings, the origin allow-list, and page loading."""
from __future__ import annotations

import contextlib
import re
from typing import TYPE_CHECKING, Any

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import TimeoutError as PlaywrightTimeout

from scans.functional.config import VIEWPORT_HEIGHT, VIEWPORT_WIDTH
from scans.functional.scope import Scope
from scans.functional.targetguard import literal_refusal

if TYPE_CHECKING:
    from playwright.async_api import Browser, BrowserContext, Page, Route, WebSocketRoute

NETWORK_IDLE_MS = 3000
"""After `load`, wait at most this long for 500 ms without network traffic."""
BLOCKED_REPORTED = 20
"""Distinct blocked URLs kept for the scan's warnings."""

RENDERING: dict[str, Any] = {
    "viewport": {"width": VIEWPORT_WIDTH, "height": VIEWPORT_HEIGHT},
    "device_scale_factor": 1,
    "locale": "en-US",
    "timezone_id": "UTC",
    "color_scheme": "light",
    "service_workers": "block",
}
"""Settings every context gets, so two scans render a page alike (service workers would also
fetch outside the allow-list's reach)."""

QUIET_MEDIA = """(() => {
  const quiet = (node) => {
    if (!(node instanceof Element)) return;
    const media = node.matches('video, audio') ? [node] : node.querySelectorAll('video, audio');
    for (const element of media) {
      element.autoplay = false;
      element.removeAttribute('autoplay');
      element.preload = 'none';
      element.setAttribute('preload', 'none');
      try { element.pause(); } catch (error) {}
    }
  };
  new MutationObserver((records) => {
    for (const record of records) record.addedNodes.forEach(quiet);
  }).observe(document, {childList: true, subtree: true});
})();"""
"""Media neither plays nor preloads: nothing moves in screenshots, and axe never waits on media."""


class PageLoadError(Exception):
    """A page could not be loaded (network failure, timeout, or an HTTP error status)."""


WEBSOCKET_SCHEMES = {"ws": "http", "wss": "https"}
POLICY_VIOLATION = 1008


class Tally:
    """How many requests were refused, and the first few distinct ones (for the scan's warnings)."""

    def __init__(self) -> None:
        self.count = 0
        self.shown: list[str] = []

    def note(self, entry: str) -> None:
        self.count += 1
        if entry not in self.shown and len(self.shown) < BLOCKED_REPORTED:
            self.shown.append(entry)


class RouteGuard:
    """Lets a context reach only what `scope` allows; every other request or WebSocket is refused
    and noted. With `public_only` (SaaS), an IP literal of a non-public address is refused first,
    whatever the scope says, in any spelling (`http://2130706433/`, `http://[::ffff:127.0.0.1]/`)."""

    def __init__(self, scope: Scope, *, public_only: bool = False) -> None:
        self.scope = scope
        self.public_only = public_only
        self.outside = Tally()
        """Requests outside the scan's origin, or excluded."""
        self.non_public = Tally()
        """Requests to non-public addresses, each with the reason."""

    async def handle(self, route: Route) -> None:
        request = route.request
        if self._refused(request.url):
            await route.abort("addressunreachable")
        elif self.scope.allows(request.url, request.method):
            await route.continue_()
        else:
            self.outside.note(request.url)
            await route.abort("blockedbyclient")

    async def handle_websocket(self, websocket: WebSocketRoute) -> None:
        scheme, _, rest = websocket.url.partition(":")
        if self._refused(websocket.url):
            await websocket.close(code=POLICY_VIOLATION, reason="a non-public address")
        elif self.scope.allows(f"{WEBSOCKET_SCHEMES.get(scheme.lower(), scheme)}:{rest}"):
            websocket.connect_to_server()
        else:
            self.outside.note(websocket.url)
            await websocket.close(code=POLICY_VIOLATION, reason="outside the scan's scope")

    def _refused(self, url: str) -> bool:
        reason = literal_refusal(url) if self.public_only else None
        if reason:
            self.non_public.note(f"{url} ({reason})")
        return reason is not None


async def new_context(browser: Browser, guard: RouteGuard, *, for_measurement: bool = False) -> BrowserContext:
    """A fresh context behind `guard`. Visual and accessibility contexts also reduce motion, quiet
    media and bypass the page's CSP (so stabilising styles and axe can be injected); a measurement
    context leaves the page as a visitor gets it."""
    options = dict(RENDERING)
    if not for_measurement:
        options.update(reduced_motion="reduce", bypass_csp=True)
    context = await browser.new_context(**options)
    await context.route("**/*", guard.handle)
    await context.route_web_socket(re.compile(".*"), guard.handle_websocket)
    if not for_measurement:
        await context.add_init_script(QUIET_MEDIA)
    return context


async def load(page: Page, url: str, *, timeout_ms: float) -> None:
    """Navigate to `url` and wait for `load`, then briefly for the network to go quiet."""
    try:
        response = await page.goto(url, wait_until="load", timeout=timeout_ms)
    except PlaywrightTimeout:
        raise PageLoadError(f"{url} did not load within {timeout_ms / 1000:.0f} s") from None
    except PlaywrightError as exc:
        raise PageLoadError(f"{url} could not be loaded: {exc.message.splitlines()[0]}") from None
    if response is not None and response.status >= 400:
        raise PageLoadError(f"{url} answered HTTP {response.status}")
    with contextlib.suppress(PlaywrightTimeout):
        await page.wait_for_load_state("networkidle", timeout=min(NETWORK_IDLE_MS, timeout_ms))
