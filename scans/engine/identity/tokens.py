"""Finding a credential in a login or token response: by a dotted path, or by the usual names."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

TOKEN_KEYS = (
    "access_token", "accessToken", "token", "jwt", "id_token", "idToken", "auth_token", "authToken",
    "session_token", "sessionToken", "bearer", "api_key", "apiKey", "key",
)
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
    """The token in a login response: at `token_path` when given, else under a usual key
    (breadth-first, so `data.token` is found), else in a usual response header; `""` if none."""
    if token_path:
        value = at_path(data, token_path)
        return value if isinstance(value, str) else ""
    queue: list[Any] = [data]
    while queue:
        current = queue.pop(0)
        if isinstance(current, Mapping):
            for key in TOKEN_KEYS:
                value = current.get(key)
                if isinstance(value, str) and len(value) >= 8:
                    return value
            queue.extend(value for value in current.values() if isinstance(value, (Mapping, list)))
        elif isinstance(current, list):
            queue.extend(value for value in current[:5] if isinstance(value, (Mapping, list)))
    for name in TOKEN_HEADERS:
        value = headers.get(name, "")
        if value:
            return value.split(" ", 1)[1] if value.lower().startswith("bearer ") else value
    return ""


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
