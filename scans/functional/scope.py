"""Where a functional scan may go: the scan's origin, minus excluded paths and logout-like links."""
from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Iterable
from urllib.parse import urljoin, urlsplit, urlunsplit

from scans.engine.http.exclude import ExcludeRules

DEFAULT_PORTS = {"http": 80, "https": 443}
LOGOUT_WORDS = re.compile(r"log[-_ ]?out|sign[-_ ]?out|log[-_ ]?off|sign[-_ ]?off|end[-_]?session", re.IGNORECASE)
"""A link whose path or query says this would end the session the scan browses with."""
IPV4_SPELLING = re.compile(r"[0-9a-fx.]+", re.IGNORECASE)
"""What a browser may read as an IPv4 address (`2130706433`, `0x7f.1`, `017700000001`)."""


def literal_address(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address `host` spells as an IP literal, in any form a browser accepts; None for a name."""
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        pass
    if not IPV4_SPELLING.fullmatch(host):
        return None
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except OSError:
        return None


def origin_of(url: str) -> tuple[str, str, int]:
    """`(scheme, host, port)` with the scheme's default port filled in; an IP literal is spelled as
    Chromium spells it (`http://2130706433/` is `127.0.0.1`), so the browser's requests match."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    address = literal_address(host)
    return scheme, str(address) if address else host, parts.port or DEFAULT_PORTS.get(scheme, 0)


def normalize_url(url: str) -> str:
    """One spelling per page: lower-case scheme and host, no default port, no fragment, `/` for no path."""
    parts = urlsplit(url)
    scheme, host, port = origin_of(url)
    netloc = f"[{host}]" if ":" in host else host
    if port != DEFAULT_PORTS.get(scheme):
        netloc = f"{netloc}:{port}"
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


def path_of(url: str) -> str:
    """The path and query of `url`, as a task's endpoint."""
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


class Scope:
    """The scan's origin and exclusions: what the crawl follows and what the browser may load."""

    def __init__(self, url: str, exclude: Iterable[str] = ()) -> None:
        self.origin = origin_of(url)
        self.exclude = ExcludeRules(exclude)

    def same_origin(self, url: str) -> bool:
        return origin_of(url) == self.origin

    def excluded(self, url: str, method: str = "GET") -> bool:
        return self.exclude.excluded(method, urlsplit(url).path or "/")

    def allows(self, url: str, method: str = "GET") -> bool:
        """May the browser load `url`? Same origin and not excluded; `data:`/`blob:` never leave it."""
        scheme = urlsplit(url).scheme.lower()
        if scheme in ("data", "blob", "about"):
            return True
        return self.same_origin(url) and not self.excluded(url, method)

    def page_link(self, base: str, href: str) -> str | None:
        """The page `href` (found on `base`) leads to, normalized, or None when the scan must not follow it."""
        absolute = urljoin(base, href.strip())
        if urlsplit(absolute).scheme.lower() not in ("http", "https"):
            return None
        if not self.same_origin(absolute) or self.excluded(absolute) or logout_like(absolute):
            return None
        return normalize_url(absolute)


def logout_like(url: str) -> bool:
    parts = urlsplit(url)
    return bool(LOGOUT_WORDS.search(parts.path) or LOGOUT_WORDS.search(parts.query))
