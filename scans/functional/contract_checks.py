"""Does one response keep its operation's contract? Documented status, content type and schema."""
from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from scans.engine.model import Operation, Response
from scans.engine.spec import SpecError, validate_against


def documented_response(operation: Operation, status: int) -> Response | None:
    """The response the description gives for `status`: exact code, else its `2XX` range, else `default`."""
    by_status = {response.status.upper(): response for response in operation.responses}
    return by_status.get(str(status)) or by_status.get(f"{str(status)[0]}XX") or by_status.get("DEFAULT")


def response_problems(operation: Operation, *, status: int, content_type: str, body: bytes) -> list[str]:
    """Every way this answer breaks the description (empty when it keeps it)."""
    if status >= 500:
        return [f"HTTP {status}: the server failed on a valid request"]
    documented = documented_response(operation, status)
    if documented is None:
        listed = ", ".join(response.status for response in operation.responses) or "none"
        return [f"HTTP {status} is not a documented response (documented: {listed})"]
    if operation.method == "HEAD" or not documented.content or status in (204, 304):
        return []
    media = content_type.split(";", 1)[0].strip().lower()
    if not body.strip():
        return [f"HTTP {status} has an empty body; documented: {', '.join(documented.content)}"]
    declared = _matching_media(documented.content, media)
    if declared is None:
        shown = media or "no Content-Type"
        listed = ", ".join(documented.content)
        return [f"Content-Type {shown} is not documented for HTTP {status} (documented: {listed})"]
    schema = documented.content[declared]
    if not _is_json(media) or not schema:
        return []
    try:
        value = json.loads(body)
    except ValueError as exc:
        return [f"the body is not valid JSON although served as {media}: {exc}"]
    return _schema_problems(schema, value, status=status, media=declared)


def _schema_problems(schema: Any, value: Any, *, status: int, media: str) -> list[str]:
    try:
        errors = validate_against(schema, value)
    except SpecError as exc:
        return [f"the documented schema for HTTP {status} {media} cannot be applied: {exc}"]
    return [f"body does not match the schema for HTTP {status} {media}: {error}" for error in errors]


def _matching_media(documented: Mapping[str, Any], media: str) -> str | None:
    """The documented media type `media` is: the same type (parameters aside), `type/*` or `*/*`."""
    for declared in documented:
        base = declared.split(";", 1)[0].strip().lower()
        if base == media or base == "*/*" or (base.endswith("/*") and media.startswith(base[:-1])):
            return declared
    return None


def _is_json(media: str) -> bool:
    return media == "application/json" or media.endswith("+json")
