"""Which pages a functional scan tests: the user's list, or a same-origin crawl from the scan URL.

The crawl reads links from the HTML the server sends (`<a href>`, `<area href>`), breadth first,
with plain HTTP: links a page only builds in JavaScript are not followed. A page whose HTML is the
same as one already found (`/docs/` and `/docs/index.html`) is the same page.
"""
from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin

import requests

from scans.engine.errors import TargetUnreachable
from scans.functional.config import MAX_EXPLICIT_PAGES, FunctionalConfig
from scans.functional.scope import Scope, logout_like, normalize_url

MAX_HTML_BYTES = 5 * 1024 * 1024
"""A page's HTML is read up to this size for links."""
FETCHES_PER_PAGE = 4
"""A crawl stops after `max_pages × this` fetches even when most answers were not pages."""
SKIPPED_SUFFIXES = (
    ".pdf", ".zip", ".gz", ".tar", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".ico", ".css", ".js",
    ".json", ".xml", ".txt", ".csv", ".mp4", ".mp3", ".webm", ".woff", ".woff2", ".ttf", ".exe", ".dmg",
)
"""Links to these are not pages; they are skipped without a request."""
USER_AGENT = "NAT-functional/1.0"


@dataclass(frozen=True, slots=True)
class FetchedPage:
    url: str
    """Where the page ended up after redirects, normalized."""
    html: str


def discover_pages(
    config: FunctionalConfig, *, session: requests.Session, warn: Callable[[str], None]
) -> tuple[str, ...]:
    """The pages to test, normalized and same-origin. Raises `TargetUnreachable` when `url` does not answer."""
    scope = Scope(config.url, config.exclude)
    if config.pages:
        return _listed_pages(config, scope, warn)
    return _crawl(config, scope, session, warn)


def _listed_pages(config: FunctionalConfig, scope: Scope, warn: Callable[[str], None]) -> tuple[str, ...]:
    pages: list[str] = []
    for given in config.pages:
        url = normalize_url(urljoin(config.url, given.strip()))
        if not scope.same_origin(url):
            warn(f"page {given} is not on the scan's origin; skipped")
        elif scope.excluded(url):
            warn(f"page {given} matches an exclude pattern; skipped")
        elif url not in pages:
            pages.append(url)
    if len(pages) > MAX_EXPLICIT_PAGES:
        warn(f"{len(pages)} pages given; the first {MAX_EXPLICIT_PAGES} are tested")
    return tuple(pages[:MAX_EXPLICIT_PAGES])


def _crawl(
    config: FunctionalConfig, scope: Scope, session: requests.Session, warn: Callable[[str], None]
) -> tuple[str, ...]:
    start = normalize_url(config.url)
    queue: deque[str] = deque([start])
    seen = {start}
    pages: list[str] = []
    contents: set[str] = set()
    fetches = 0
    while queue and len(pages) < config.max_pages and fetches < config.max_pages * FETCHES_PER_PAGE:
        url = queue.popleft()
        fetches += 1
        try:
            page = fetch_html(url, session=session, timeout=config.timeout)
        except requests.RequestException as exc:
            if url == start:
                raise TargetUnreachable(f"{config.url} did not answer: {exc}") from None
            warn(f"{url} did not answer: {exc}")
            continue
        if page is None or not scope.same_origin(page.url) or scope.excluded(page.url) or logout_like(page.url):
            if url == start:
                warn(f"{config.url} is not an HTML page on the scan's origin: the crawl starts nowhere")
            continue
        digest = hashlib.sha256(page.html.encode()).hexdigest()
        if page.url in pages or digest in contents:
            continue
        contents.add(digest)
        pages.append(page.url)
        seen.add(page.url)
        for href in links_in(page.html, page_url=page.url):
            target = scope.page_link(page.url, href)
            if target and target not in seen and not target.lower().endswith(SKIPPED_SUFFIXES):
                seen.add(target)
                queue.append(target)
    return tuple(pages)


def fetch_html(url: str, *, session: requests.Session, timeout: float) -> FetchedPage | None:
    """The page at `url` when it answers 2xx with HTML, else None; network failures raise."""
    headers = {"User-Agent": USER_AGENT, "Accept": "text/html"}
    with session.get(url, timeout=timeout, stream=True, headers=headers) as response:
        content_type = response.headers.get("Content-Type", "").split(";", 1)[0].strip().lower()
        if response.status_code >= 400 or content_type not in ("text/html", "application/xhtml+xml"):
            return None
        raw = response.raw.read(MAX_HTML_BYTES, decode_content=True)
        encoding = response.encoding or "utf-8"
    return FetchedPage(url=normalize_url(response.url), html=raw.decode(encoding, errors="replace"))


def links_in(html: str, *, page_url: str) -> list[str]:
    """Absolute URLs of the links in `html`, in document order, resolved as the browser would
    (against `<base href>` when the page has one)."""
    parser = _LinkParser()
    parser.feed(html)
    parser.close()
    base = urljoin(page_url, parser.base) if parser.base else page_url
    return [urljoin(base, href) for href in parser.links]


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.base = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag in ("a", "area") and values.get("href") and "download" not in values:
            self.links.append(values["href"])
        elif tag == "base" and values.get("href") and not self.base:
            self.base = values["href"]
