"""What a schema describes, read through its composition: its types, and its `allOf` parts merged."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scans.engine.spec.dialect import normalize_keywords
from scans.engine.spec.numbers import is_number

_OBJECT_KEYWORDS = ("properties", "required", "additionalProperties", "patternProperties", "minProperties")
_ARRAY_KEYWORDS = ("items", "prefixItems", "minItems", "maxItems", "uniqueItems")


def merge_all_of(schema: Mapping[str, Any]) -> dict[str, Any]:
    """`schema` with its `allOf` parts folded in: properties and required combined, bounds tightened."""
    merged = {key: value for key, value in schema.items() if key != "allOf"}
    for part in schema.get("allOf") or ():
        if not isinstance(part, Mapping):
            continue
        part = normalize_keywords(part)
        part = merge_all_of(part) if "allOf" in part else part
        for key, value in part.items():
            if key not in merged:
                merged[key] = value
            elif key == "properties" and isinstance(value, Mapping) and isinstance(merged[key], Mapping):
                combined = dict(merged[key])
                for prop, sub in value.items():
                    combined[prop] = {"allOf": [combined[prop], sub]} if prop in combined else sub
                merged[key] = combined
            elif key == "required" and isinstance(value, list) and isinstance(merged[key], list):
                merged[key] = list(dict.fromkeys([*merged[key], *value]))
            elif key == "type":
                merged[key] = _intersect_types(merged[key], value)
            elif key in ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties"):
                merged[key] = max(merged[key], value) if _both_numbers(merged[key], value) else merged[key]
            elif key in ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties"):
                merged[key] = min(merged[key], value) if _both_numbers(merged[key], value) else merged[key]
    return merged


def type_of(schema: Mapping[str, Any]) -> str | None:
    """The type a value should have: the first non-null declared one, else one its keywords imply."""
    types = types_of(schema)
    concrete = [kind for kind in types if kind != "null"]
    if concrete:
        return concrete[0]
    if types:
        return "null"
    if any(key in schema for key in _OBJECT_KEYWORDS):
        return "object"
    if any(key in schema for key in _ARRAY_KEYWORDS):
        return "array"
    if schema.get("format") in ("int32", "int64"):
        return "integer"
    if schema.get("format") in ("float", "double"):
        return "number"
    if any(key in schema for key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf")):
        return "number"
    return None


def types_of(schema: Mapping[str, Any]) -> list[str]:
    """The declared `type` as a list, empty when none is declared."""
    kind = schema.get("type")
    if isinstance(kind, str):
        return [kind]
    return [item for item in kind if isinstance(item, str)] if isinstance(kind, list) else []


def _intersect_types(first: Any, second: Any) -> Any:
    left = [first] if isinstance(first, str) else list(first or [])
    right = [second] if isinstance(second, str) else list(second or [])
    common = [kind for kind in left if kind in right or (kind == "integer" and "number" in right)]
    common += [kind for kind in right if kind == "integer" and "number" in left and kind not in common]
    return (common[0] if len(common) == 1 else common) if common else first


def _both_numbers(first: Any, second: Any) -> bool:
    return is_number(first) and is_number(second)
