"""Finding and launching Chromium for Playwright.

Order: `NAT_CHROMIUM_PATH` when set; else Playwright's own browser when it was downloaded
(`playwright install chromium`); else a system Chromium (Debian's `/usr/bin/chromium`, …).
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.async_api import Browser as AsyncBrowser
    from playwright.async_api import Playwright as AsyncPlaywright
    from playwright.sync_api import Browser, Playwright

SYSTEM_CHROMIUMS = (
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
    "/usr/bin/google-chrome-stable",
)
# Headless in a container as root, with nothing phoning home: background networking, component
# updates and sync would otherwise try (and on a closed network, fail) to reach Google's hosts.
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


class BrowserNotFound(RuntimeError):
    """No Chromium could be found to drive."""


def chromium_executable(playwright: Playwright | AsyncPlaywright) -> str | None:
    """The executable to launch; `None` means Playwright's own downloaded browser."""
    configured = os.environ.get("NAT_CHROMIUM_PATH", "").strip()
    if configured:
        if not Path(configured).is_file():
            raise BrowserNotFound(f"NAT_CHROMIUM_PATH={configured} does not exist")
        return configured
    if Path(playwright.chromium.executable_path).is_file():
        return None
    for candidate in SYSTEM_CHROMIUMS:
        if Path(candidate).is_file():
            return candidate
    raise BrowserNotFound(
        "No Chromium found: run `playwright install chromium`, install your system's chromium "
        "package, or set NAT_CHROMIUM_PATH"
    )


def launch_chromium(playwright: Playwright, **options: Any) -> Browser:
    """A headless Chromium with NAT's flags."""
    return playwright.chromium.launch(
        executable_path=chromium_executable(playwright), headless=True, args=list(CHROMIUM_ARGS), **options,
    )


async def launch_chromium_async(
    playwright: AsyncPlaywright, *, extra_args: Sequence[str] = (), **options: Any
) -> AsyncBrowser:
    """`launch_chromium` for Playwright's async API; `extra_args` are added to NAT's flags."""
    return await playwright.chromium.launch(
        executable_path=chromium_executable(playwright), headless=True,
        args=[*CHROMIUM_ARGS, *extra_args], **options,
    )


def find_chromium() -> str | None:
    """Path of the Chromium NAT would launch, or None when there is none."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        try:
            return chromium_executable(playwright) or playwright.chromium.executable_path
        except BrowserNotFound:
            return None
