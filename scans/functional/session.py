"""One Chromium driven by Playwright's async API on a private event-loop thread.

The caller's thread never runs an event loop: Django refuses ORM calls from a thread that does,
and listeners and baseline stores are called from the caller's thread. Coroutines reach the
browser through `submit`, which returns a `concurrent.futures.Future`.
"""
from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any, TypeVar

from playwright.async_api import async_playwright

from scans.functional.browser import launch_chromium_async

if TYPE_CHECKING:
    from playwright.async_api import Browser, Playwright

    from scans.functional.targetguard import TargetPin

T = TypeVar("T")
CLOSE_SECONDS = 15.0


class FunctionalBrowser:
    """A headless Chromium shared by the runners of one scan (or, in tests, of many scans).

    Use as a context manager, or call `start()` and `close()`. Raises `BrowserNotFound` from
    `start()` when no Chromium can be found. With `pin` (SaaS) the browser can reach the pinned
    host at its checked address and nothing else, for its whole life.
    """

    def __init__(self, *, pin: TargetPin | None = None) -> None:
        self.pin = pin
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="nat-browser", daemon=True)
        self._playwright: Playwright | None = None
        self._browser: Browser | None = None

    def __enter__(self) -> FunctionalBrowser:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def browser(self) -> Browser:
        """The Playwright `Browser`; use it only inside coroutines given to `submit`."""
        if self._browser is None:
            raise RuntimeError("the browser is not started")
        return self._browser

    def start(self) -> FunctionalBrowser:
        self._thread.start()
        try:
            self.submit(self._launch()).result()
        except BaseException:
            self.close()
            raise
        return self

    def submit(self, coroutine: Coroutine[Any, Any, T]) -> Future[T]:
        """Run `coroutine` on the browser's loop; the future resolves in any thread."""
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop)

    def close(self) -> None:
        if self._thread.is_alive():
            try:
                self.submit(self._shutdown()).result(timeout=CLOSE_SECONDS)
            finally:
                self._loop.call_soon_threadsafe(self._loop.stop)
                self._thread.join(timeout=CLOSE_SECONDS)
        if not self._thread.is_alive() and not self._loop.is_closed():
            self._loop.close()

    async def _launch(self) -> None:
        self._playwright = await async_playwright().start()
        self._browser = await launch_chromium_async(
            self._playwright, extra_args=self.pin.chromium_args() if self.pin else (),
        )

    async def _shutdown(self) -> None:
        if self._browser is not None:
            await self._browser.close()
            self._browser = None
        if self._playwright is not None:
            await self._playwright.stop()
            self._playwright = None
