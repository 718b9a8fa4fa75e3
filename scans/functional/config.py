"""What a functional scan is asked to do: pages, runners and their options, as one typed object."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from scans.engine.model import ApiDescription

VIEWPORT_WIDTH = 1280
VIEWPORT_HEIGHT = 800
VIEWPORT = f"{VIEWPORT_WIDTH}x{VIEWPORT_HEIGHT}"

WCAG_PROFILES: Mapping[str, tuple[str, ...]] = {
    "wcag21aa": ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa"),
    "wcag22aa": ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"),
    "section508": ("section508",),
}
"""axe-core tags each `wcag_profile` runs; best-practice rules run beside every profile."""

MAX_EXPLICIT_PAGES = 100
"""`pages` given by the user beyond this many are dropped (with a warning)."""


class Runner(str, Enum):
    """One kind of functional test; a scan runs those in `FunctionalConfig.runners`."""

    VISUAL = "visual_regression"
    ACCESSIBILITY = "accessibility"
    PERFORMANCE = "performance"
    CONTRACT = "contract"


ALL_RUNNERS = frozenset(Runner)
PAGE_RUNNERS = frozenset({Runner.VISUAL, Runner.ACCESSIBILITY, Runner.PERFORMANCE})


class FunctionalConfigError(ValueError):
    """An option a functional scan cannot run with; `str()` says which and why."""


@dataclass(frozen=True, slots=True)
class FunctionalConfig:
    """One functional scan of `url`'s origin."""

    url: str
    pages: tuple[str, ...] = ()
    """Pages to test (absolute, or relative to `url`); empty means crawl from `url`."""
    max_pages: int = 10
    """Pages a crawl collects at most."""
    exclude: tuple[str, ...] = ()
    """Path globs (`/admin/*`) or `METHOD:/path` patterns: never crawled, loaded or called."""
    visual_threshold: float = 0.5
    """Percent of changed pixels above which a page is a visual regression."""
    reset_baseline: bool = False
    """Replace each page's baseline with this scan's screenshot."""
    wcag_profile: str = "wcag21aa"
    """A key of `WCAG_PROFILES`."""
    masks: tuple[str, ...] = ()
    """CSS selectors of dynamic regions painted over before screenshots are compared."""
    timeout: float = 30.0
    """Seconds for one page load or one API call."""
    spec: ApiDescription | None = None
    """When given, every operation it documents is contract-tested."""
    concurrency: int = 3
    """Browser contexts (and contract calls) in flight at once."""
    allow_unsafe: bool = False
    """Contract-test POST/PUT/PATCH/DELETE operations too (GET and HEAD only otherwise)."""
    headers: tuple[tuple[str, str], ...] = ()
    """Extra headers for contract calls (e.g. the scan's credential); redacted in evidence."""
    runners: frozenset[Runner] = field(default=ALL_RUNNERS)
    public_only: bool = False
    """SaaS mode: reach public addresses only, checked before the scan starts and at every connection
    (see `targetguard`)."""

    def __post_init__(self) -> None:
        parts = urlsplit(self.url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FunctionalConfigError(f"url must be an absolute http(s) URL, not {self.url!r}")
        if self.wcag_profile not in WCAG_PROFILES:
            raise FunctionalConfigError(
                f"wcag_profile must be one of {', '.join(WCAG_PROFILES)}, not {self.wcag_profile!r}"
            )
        if self.max_pages < 1:
            raise FunctionalConfigError("max_pages must be at least 1")
        if not 0 <= self.visual_threshold <= 100:
            raise FunctionalConfigError("visual_threshold is a percentage between 0 and 100")
        if self.concurrency < 1:
            raise FunctionalConfigError("concurrency must be at least 1")
        if self.timeout <= 0:
            raise FunctionalConfigError("timeout must be positive")
        unknown = [runner for runner in self.runners if not isinstance(runner, Runner)]
        if unknown:
            raise FunctionalConfigError(f"unknown runners: {unknown}")

    @property
    def wcag_tags(self) -> tuple[str, ...]:
        return WCAG_PROFILES[self.wcag_profile]

    @property
    def timeout_ms(self) -> float:
        return self.timeout * 1000

    def runs(self, runner: Runner) -> bool:
        return runner in self.runners

    @property
    def runs_pages(self) -> bool:
        """True when some runner needs pages in a browser."""
        return bool(self.runners & PAGE_RUNNERS)


def runners_from(names: Iterable[str]) -> frozenset[Runner]:
    """`{"accessibility", "visual_regression"}` → the matching `Runner`s; unknown names are an error."""
    try:
        return frozenset(Runner(name) for name in names)
    except ValueError as exc:
        raise FunctionalConfigError(str(exc)) from None
