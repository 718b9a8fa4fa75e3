"""Reading documented response schemas: which schema applies to an answer, which fields it names."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scans.engine.model import Operation

MAX_DEPTH = 4


def response_schema(op: Operation, status: int) -> Mapping[str, Any] | None:
    """The JSON schema documented for `status` (exact, then `2XX`, then `default`), or None."""
    by_status = {response.status.upper(): response for response in op.responses}
    for key in (str(status), f"{str(status)[0]}XX", "DEFAULT"):
        response = by_status.get(key)
        if response is None:
            continue
        for media_type, schema in response.content.items():
            if "json" in media_type.lower() and isinstance(schema, Mapping):
                return schema
        return None
    return None


def object_properties(schema: Mapping[str, Any]) -> tuple[dict[str, Any], bool]:
    """Properties an object schema documents, and whether it is closed (documents every field).

    `allOf` parts are merged; `oneOf`/`anyOf` branches are united. A schema with no properties,
    or with `additionalProperties` allowed explicitly, is open.
    """
    properties: dict[str, Any] = {}
    closed = True
    parts = [schema, *(schema.get("allOf") or ())]
    branches = [*(schema.get("oneOf") or ()), *(schema.get("anyOf") or ())]
    for part in parts + branches:
        if not isinstance(part, Mapping):
            closed = False
            continue
        if isinstance(part.get("properties"), Mapping):
            properties.update(part["properties"])
        additional = part.get("additionalProperties")
        if additional not in (None, False):
            closed = False
        if part is not schema and part in branches and not part.get("properties"):
            closed = False
    if not properties:
        closed = False
    return properties, closed


def undocumented_fields(data: Any, schema: Mapping[str, Any] | None, path: str = "", depth: int = 0) -> list[str]:
    """Paths of fields in `data` that a closed object schema in `schema` does not document."""
    if schema is None or depth > MAX_DEPTH or not isinstance(schema, Mapping):
        return []
    if isinstance(data, list):
        items = schema.get("items")
        if not isinstance(items, Mapping):
            return []
        found: list[str] = []
        for item in data[:10]:
            for field in undocumented_fields(item, items, f"{path}[]", depth + 1):
                if field not in found:
                    found.append(field)
        return found
    if not isinstance(data, Mapping):
        return []
    properties, closed = object_properties(schema)
    found = []
    for key, value in data.items():
        child = f"{path}.{key}" if path else str(key)
        if key in properties:
            found.extend(undocumented_fields(value, properties[key], child, depth + 1))
        elif closed:
            found.append(child)
    return found
