"""Finding a credential in a login or token response: by a dotted path, or by the usual names."""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from scans.engine.identity.jwt import looks_like_jwt

TOKEN_KEYS = (
    "accesstoken", "token", "jwt", "idtoken", "authtoken", "sessiontoken", "bearer", "apikey", "key",
)
"""Usual names of a token in a login answer, in order of preference, compared ignoring case, `_` and `-`
(`access_token`, `accessToken` and `AccessToken` are one name)."""
MIN_TOKEN_LENGTH = 8
LIST_ITEMS_SEARCHED = 5
TOKEN_HEADERS = ("X-Auth-Token", "X-Access-Token", "Authorization")


def at_path(data: Any, path: str) -> Any:
    """The value at dotted `path` (`data.access_token`, `items.0.token`), or `None`."""
    current = data
    for part in (segment for segment in path.strip().strip(".").split(".") if segment):
        if isinstance(current, Mapping):
            current = current.get(part)
        elif isinstance(current, list) and part.lstrip("-").isdigit():
            index = int(part)
            current = current[index] if -len(current) <= index < len(current) else None
        else:
            return None
        if current is None:
            return None
    return current


def find_token(data: Any, headers: Mapping[str, str], *, token_path: str = "") -> str:
    """The token in a login response: at `token_path` when given, else under a usual key (nearest
    the top first, so `data.accessToken` is found), else any JWT-looking string, else in a usual
    response header; `""` if none."""
    if token_path:
        value = at_path(data, token_path)
        return value if isinstance(value, str) else ""
    for mapping in _mappings(data):
        named = {_normalized(key): value for key, value in mapping.items()}
        for key in TOKEN_KEYS:
            value = named.get(key)
            if isinstance(value, str) and len(value) >= MIN_TOKEN_LENGTH:
                return value
    for mapping in _mappings(data):
        for value in mapping.values():
            if isinstance(value, str) and looks_like_jwt(value):
                return value
    for name in TOKEN_HEADERS:
        value = headers.get(name, "")
        if value:
            return value.split(" ", 1)[1] if value.lower().startswith("bearer ") else value
    return ""


def _normalized(key: Any) -> str:
    return str(key).lower().replace("_", "").replace("-", "")


def _mappings(data: Any) -> Iterator[Mapping[str, Any]]:
    """The objects inside `data`, breadth-first (the first items of lists only)."""
    queue: list[Any] = [data]
    while queue:
        current = queue.pop(0)
        if isinstance(current, Mapping):
            yield current
            queue.extend(value for value in current.values() if isinstance(value, (Mapping, list)))
        elif isinstance(current, list):
            queue.extend(value for value in current[:LIST_ITEMS_SEARCHED] if isinstance(value, (Mapping, list)))


def expires_in(data: Any) -> float | None:
    """Lifetime in seconds announced by a token response (`expires_in`), if any."""
    if isinstance(data, Mapping):
        for key in ("expires_in", "expiresIn"):
            value = data.get(key)
            if isinstance(value, (int, float)) and value > 0:
                return float(value)
            if isinstance(value, str) and value.isdigit():
                return float(value)
    return None
