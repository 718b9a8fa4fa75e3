"""The base path a description's operations live under, relative to the scan URL."""
from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from scans.engine.spec.nodes import as_mapping
from scans.engine.spec.validation import Problems

_VARIABLE = re.compile(r"{([^{}]+)}")


def openapi_base_path(
    servers: list[tuple[int, dict[str, Any]]], *, base_url: str | None, problems: Problems
) -> str:
    """The path part of the chosen server URL, variables replaced by their defaults.

    The scan URL decides the host, so only the path is kept: a server naming another host or port
    (production, a port where nothing listens) never redirects a request, and a warning says so.
    With several servers, the first one on the scan URL's host wins, else the first one. A path
    the scan URL already ends with is not repeated (scanning `https://x/api/v3` with server
    `/api/v3` gives `""`).
    """
    if not servers:
        return ""
    index, chosen = servers[0]
    scan_host = urlsplit(base_url).hostname if base_url else None
    for at, server in servers:
        if scan_host and urlsplit(_substitute(server)).hostname == scan_host:
            index, chosen = at, server
            break
    url = _substitute(chosen)
    path = _relative_to_scan(_path_of(url), base_url)
    if _is_absolute(url):
        _note_foreign(f"servers[{index}].url", url, path, base_url=base_url, problems=problems)
    return path


def swagger_base_path(base_path: Any, *, host: Any, base_url: str | None, problems: Problems) -> str:
    """Swagger 2.0's `basePath`, normalised like a server path; a `host` other than the scan
    URL's is warned about and never called."""
    path = _relative_to_scan(_normalise(base_path), base_url) if isinstance(base_path, str) else ""
    if isinstance(host, str) and host.strip():
        _note_foreign("host", f"//{host.strip()}", path, base_url=base_url, problems=problems)
    return path


def _note_foreign(location: str, url: str, path: str, *, base_url: str | None, problems: Problems) -> None:
    """Warn when `url` names another host or port than the scan URL: NAT calls the scan URL only."""
    if not base_url:
        return
    named, scan = urlsplit(url), urlsplit(base_url)
    try:
        same_port = (named.port is None and not named.scheme) or _port(named.scheme, named.port) == _port(
            scan.scheme, scan.port
        )
    except ValueError:
        same_port = False
    if (named.hostname or "").lower() == (scan.hostname or "").lower() and same_port:
        return
    kept = f" (only its path {path!r} is kept)" if path else ""
    problems.warn(location, f"names {named.netloc}, not the scan URL's {scan.netloc}",
                  f"requests go to the scan URL {base_url}{kept}")


def _port(scheme: str, port: int | None) -> int | None:
    return port or {"http": 80, "https": 443}.get(scheme.lower())


def _is_absolute(url: str) -> bool:
    return bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", url)) or url.startswith("//")


def _substitute(server: dict[str, Any]) -> str:
    variables = as_mapping(server.get("variables"))

    def value(match: re.Match[str]) -> str:
        variable = variables.get(match.group(1))
        if isinstance(variable, dict):
            if "default" in variable:
                return str(variable["default"])
            enum = variable.get("enum")
            if isinstance(enum, list) and enum:
                return str(enum[0])
        return ""

    return _VARIABLE.sub(value, server["url"])


def _path_of(url: str) -> str:
    if _is_absolute(url):
        return _normalise(urlsplit(url).path)
    return _normalise(re.split(r"[?#]", url, maxsplit=1)[0])


def _normalise(path: str) -> str:
    path = re.sub(r"/{2,}", "/", path.strip()).rstrip("/")
    if path and not path.startswith("/"):
        path = "/" + path
    return path


def _relative_to_scan(path: str, base_url: str | None) -> str:
    if path and base_url:
        scan_path = urlsplit(base_url).path.rstrip("/")
        if scan_path == path or scan_path.endswith(path):
            return ""
    return path
