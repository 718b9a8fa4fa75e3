"""Target URLs: validation and the normalised key that says two scans hit the same target."""
from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit


class InvalidTargetUrl(ValueError):
    """Not an absolute http(s) URL with a host."""


def check_http_url(value: str) -> str:
    """`value` stripped, if it is an absolute http(s) URL with a host (and a valid port)."""
    text = (value or "").strip()
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError for an invalid port
    except ValueError:
        raise InvalidTargetUrl("must be an http(s) URL with a valid port") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise InvalidTargetUrl("must start with http:// or https://")
    if not parts.hostname:
        raise InvalidTargetUrl("must name a host, e.g. https://api.example.com")
    if any(ch.isspace() for ch in text):
        raise InvalidTargetUrl("must not contain spaces")
    return text


def target_key(url: str) -> str:
    """Scheme, host, port and path, lower-cased, default port and trailing slash dropped."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    path = parts.path.rstrip("/")
    return urlunsplit((scheme, host, path, "", ""))
