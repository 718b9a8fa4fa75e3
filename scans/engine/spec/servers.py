"""The base path a description's operations live under, relative to the scan URL."""
from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

_VARIABLE = re.compile(r"{([^{}]+)}")


def openapi_base_path(servers: Any, *, base_url: str | None) -> str:
    """The path part of the chosen server URL, variables replaced by their defaults.

    The scan URL decides the host, so only the path is kept. With several servers, the first one
    on the scan URL's host wins, else the first one. A path the scan URL already ends with is
    not repeated (scanning `https://x/api/v3` with server `/api/v3` gives `""`).
    """
    if not isinstance(servers, list):
        return ""
    candidates = [server for server in servers if isinstance(server, dict) and isinstance(server.get("url"), str)]
    if not candidates:
        return ""
    chosen = candidates[0]
    scan_host = urlsplit(base_url).hostname if base_url else None
    for server in candidates:
        if scan_host and urlsplit(_substitute(server)).hostname == scan_host:
            chosen = server
            break
    return _relative_to_scan(_path_of(_substitute(chosen)), base_url)


def swagger_base_path(base_path: Any, *, base_url: str | None) -> str:
    """Swagger 2.0's `basePath`, normalised like a server path."""
    return _relative_to_scan(_normalise(base_path), base_url) if isinstance(base_path, str) else ""


def _substitute(server: dict[str, Any]) -> str:
    variables = server.get("variables") if isinstance(server.get("variables"), dict) else {}

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
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", url) or url.startswith("//"):
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
