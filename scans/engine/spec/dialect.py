"""One schema dialect downstream: OpenAPI 3.0 and Swagger 2.0 keywords rewritten as JSON Schema 2020-12.

`nullable: true` (and Swagger's `x-nullable`) becomes a `"null"` type, boolean `exclusiveMinimum` /
`exclusiveMaximum` become numeric bounds, and Swagger's `type: file` a binary string. Checks, synthesis
and contract validation then read a single dialect, whatever the description's version.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

_COMPOSITE = ("allOf", "anyOf", "oneOf", "$ref")

SUBSCHEMA = frozenset({
    "items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames",
    "unevaluatedItems", "unevaluatedProperties", "additionalItems", "contentSchema",
})
"""Keywords whose value is one schema (`items` may also be a list, draft 4 style)."""
SUBSCHEMA_LIST = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})
"""Keywords whose value is a list of schemas."""
SUBSCHEMA_MAP = frozenset({"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"})
"""Keywords whose value maps names to schemas."""


def normalize_keywords(schema: Mapping[str, Any]) -> Mapping[str, Any]:
    """`schema` itself when it is already 2020-12 style, else a rewritten shallow copy."""
    if not (
        "nullable" in schema
        or "x-nullable" in schema
        or isinstance(schema.get("exclusiveMinimum"), bool)
        or isinstance(schema.get("exclusiveMaximum"), bool)
        or schema.get("type") == "file"
    ):
        return schema
    out = dict(schema)
    if out.get("type") == "file":
        out["type"] = "string"
        out.setdefault("format", "binary")
    for exclusive, bound in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        flag = out.get(exclusive)
        if isinstance(flag, bool):
            del out[exclusive]
            if flag and bound in out:
                out[exclusive] = out.pop(bound)
    nullable = out.pop("nullable", False) is True
    nullable = (out.pop("x-nullable", False) is True) or nullable
    return _with_null(out) if nullable else out


def _with_null(out: dict[str, Any]) -> dict[str, Any]:
    kind = out.get("type")
    if isinstance(kind, str):
        out["type"] = [kind, "null"]
    elif isinstance(kind, list) and "null" not in kind:
        out["type"] = [*kind, "null"]
    if isinstance(out.get("enum"), list) and None not in out["enum"]:
        out["enum"] = [*out["enum"], None]
    if kind is None and "enum" not in out and any(key in out for key in _COMPOSITE):
        return {"anyOf": [out, {"type": "null"}]}
    return out
