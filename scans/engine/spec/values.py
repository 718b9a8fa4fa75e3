"""Valid values from JSON Schemas: declared examples first, then formats and constraints.

Works on the loader's schemas (2020-12 style, recursion markers) and on raw OpenAPI 3.0 ones
(`nullable`, boolean `exclusiveMinimum`) alike.
"""
from __future__ import annotations

import copy
import random
import re
import uuid
from collections.abc import Mapping
from typing import Any

from scans.engine.spec.dialect import normalize_keywords
from scans.engine.spec.nodes import as_list, as_mapping
from scans.engine.spec.numbers import number_fits, number_for
from scans.engine.spec.patterns import string_matching
from scans.engine.spec.refs import RECURSIVE, UNRESOLVED
from scans.engine.spec.shapes import merge_all_of, type_of, types_of

MAX_DEPTH = 10
"""Nesting levels generated before values shrink to their minimal form."""
OPTIONAL_DEPTH = 2
"""Object levels (from the top) where optional properties are filled in too."""
MAX_OPTIONAL_PROPERTIES = 30
MAX_ITEMS = 50
UNIQUE_TRIES = 10
"""Variations tried per item of a `uniqueItems` array before a duplicate is accepted."""
MAX_UNION_TRIES = 32
"""`oneOf` branches tried in search of a value only one of them accepts."""
_NONE = object()
_FORMATS: dict[str, str] = {
    "email": "nat@example.com",
    "idn-email": "nat@example.com",
    "uuid": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
    "date": "2024-01-15",
    "date-time": "2024-01-15T10:00:00Z",
    "time": "10:00:00Z",
    "duration": "PT1H",
    "uri": "https://example.com/nat",
    "url": "https://example.com/nat",
    "iri": "https://example.com/nat",
    "uri-reference": "/nat",
    "iri-reference": "/nat",
    "uri-template": "https://example.com/{id}",
    "hostname": "example.com",
    "idn-hostname": "example.com",
    "ipv4": "192.0.2.10",
    "ipv6": "2001:db8::10",
    "byte": "bmF0",
    "binary": "nat",
    "password": "Nat-Passw0rd!",
    "regex": "^nat$",
    "json-pointer": "/nat",
    "relative-json-pointer": "0",
    "int32": "1",
    "int64": "1",
}
_NAME_HINTS = {
    "email": "email", "mail": "email", "url": "uri", "uri": "uri", "website": "uri", "homepage": "uri",
    "password": "password", "passwd": "password", "uuid": "uuid", "guid": "uuid", "hostname": "hostname",
}


def example_for(
    schema: Any,
    *,
    rng: random.Random | None = None,
    prefer_example: bool = True,
    include_optional: bool = True,
    name: str = "",
) -> Any:
    """A value valid against `schema`.

    Order: `const`, then (with `prefer_example`) a declared `example`/`examples`/`default` that
    fits, then the first `enum` value, then a value built from type, format and constraints.
    Objects get their required properties, plus the optional ones near the top when
    `include_optional`. `rng` varies the choices (ids, names, enum picks); without it the
    result is deterministic. `name` (a property or parameter name) picks a format for plain strings
    (`email`, `url`, `password`…). Recursion markers and the depth cap end the descent.
    """
    return _Builder(rng, prefer_example=prefer_example, include_optional=include_optional).value(schema, 0, name)


def fits(value: Any, schema: Any, *, depth: int = 0) -> bool:
    """A quick structural check that `value` is valid: types, enums, lengths, bounds, required keys,
    nested properties and items (unions pass when one branch fits)."""
    if schema is True or not isinstance(schema, Mapping):
        return schema is not False
    if depth > MAX_DEPTH or schema.get(RECURSIVE) or schema.get(UNRESOLVED):
        return True
    schema = normalize_keywords(schema)
    if "allOf" in schema:
        schema = merge_all_of(schema)
    if "const" in schema and value != schema["const"]:
        return False
    if isinstance(schema.get("enum"), list) and schema["enum"] and value not in schema["enum"]:
        return False
    for key in ("oneOf", "anyOf"):
        branches = schema.get(key)
        if isinstance(branches, list) and branches:
            if not any(fits(value, branch, depth=depth + 1) for branch in branches):
                return False
    inferred = type_of(schema)
    types = types_of(schema) or ([inferred] if inferred else [])
    if types and not any(_is_type(value, kind) for kind in types):
        return False
    if isinstance(value, str):
        return _string_fits(value, schema)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return number_fits(value, schema)
    if isinstance(value, list):
        return _list_fits(value, schema, depth)
    if isinstance(value, dict):
        return _object_fits(value, schema, depth)
    return True


class _Builder:
    def __init__(self, rng: random.Random | None, *, prefer_example: bool, include_optional: bool) -> None:
        self._rng = rng
        self._prefer_example = prefer_example
        self._include_optional = include_optional

    def value(self, schema: Any, depth: int, name: str) -> Any:
        if schema is False:
            return None
        if not isinstance(schema, Mapping) or not schema:
            return self._word(name)
        schema = normalize_keywords(schema)
        if schema.get(RECURSIVE) or schema.get(UNRESOLVED) or depth > MAX_DEPTH:
            return _minimal(schema)
        if "allOf" in schema:
            schema = merge_all_of(schema)
        if "const" in schema:
            return copy.deepcopy(schema["const"])
        if self._prefer_example:
            declared = _declared_example(schema)
            if declared is not _NONE and fits(declared, schema):
                return copy.deepcopy(declared)
        enum = [item for item in schema["enum"] if item is not None] if isinstance(schema.get("enum"), list) else []
        if enum:
            return copy.deepcopy(self._rng.choice(enum) if self._rng else enum[0])
        for key in ("oneOf", "anyOf"):
            branches = schema.get(key)
            if isinstance(branches, list) and branches:
                return self._union(schema, key, branches, depth, name)
        kind = type_of(schema)
        if kind == "object":
            return self._object(schema, depth)
        if kind == "array":
            return self._array(schema, depth, name)
        if kind == "integer":
            return number_for(schema, integer=True, rng=self._rng)
        if kind == "number":
            return number_for(schema, integer=False, rng=self._rng)
        if kind == "boolean":
            return self._rng.choice((True, False)) if self._rng else True
        if kind == "null":
            return None
        return self._string(schema, name)

    def _union(self, schema: Mapping[str, Any], key: str, branches: list[Any], depth: int, name: str) -> Any:
        """A value for the first usable branch; for `oneOf`, one that no other branch also accepts."""
        rest = {k: v for k, v in schema.items() if k not in ("oneOf", "anyOf")}
        candidates = _ordered_branches(branches)
        first = _NONE
        for branch in candidates[:MAX_UNION_TRIES]:
            value = self.value(merge_all_of({**rest, "allOf": [branch]}), depth, name)
            if key == "anyOf" or "discriminator" in schema:
                return value
            if first is _NONE:
                first = value
            if sum(1 for other in branches if fits(value, other, depth=depth + 1)) == 1:
                return value
        return first

    def _object(self, schema: Mapping[str, Any], depth: int) -> dict[str, Any]:
        properties = as_mapping(schema.get("properties"))
        required = [item for item in schema.get("required") or () if isinstance(item, str)]
        extra = schema.get("additionalProperties")
        result: dict[str, Any] = {}
        for prop in required:
            fallback = extra if isinstance(extra, Mapping) else {}
            result[prop] = self.value(properties.get(prop, fallback), depth + 1, prop)
        limit = _int(schema.get("maxProperties"), len(properties) + len(required) + 1)
        if self._include_optional and depth < OPTIONAL_DEPTH:
            for prop, sub in list(properties.items())[:MAX_OPTIONAL_PROPERTIES]:
                if prop in result or len(result) >= limit or _skip_optional(sub):
                    continue
                result[prop] = self.value(sub, depth + 1, prop)
        minimum = _int(schema.get("minProperties"), 0)
        spare = [prop for prop in properties if prop not in result]
        index = 0
        while len(result) < minimum and index < minimum + len(spare):
            if spare:
                prop = spare.pop(0)
                result[prop] = self.value(properties[prop], depth + 1, prop)
            elif extra is not False:
                result[f"nat{index}"] = self.value(extra if isinstance(extra, Mapping) else {}, depth + 1, "")
            index += 1
        return result

    def _array(self, schema: Mapping[str, Any], depth: int, name: str) -> list[Any]:
        count = max(_int(schema.get("minItems"), 0), 1)
        count = min(count, _int(schema.get("maxItems"), count), MAX_ITEMS)
        prefix = as_list(schema.get("prefixItems"))
        items = schema.get("items") if isinstance(schema.get("items"), (Mapping, bool)) else {}
        if (items is False or _skip_optional(items)) and not prefix and not schema.get("minItems"):
            return []
        values: list[Any] = []
        for index in range(count):
            sub = prefix[index] if index < len(prefix) else items
            value = self.value(sub, depth + 1, name)
            for attempt in range(UNIQUE_TRIES if schema.get("uniqueItems") else 0):
                if value not in values:
                    break
                seed = (self._rng.random() if self._rng else 0) + index * UNIQUE_TRIES + attempt
                varied = _Builder(random.Random(seed), prefer_example=False, include_optional=self._include_optional)
                value = varied.value(sub, depth + 1, name)
            values.append(value)
        if schema.get("uniqueItems"):
            unique = [value for index, value in enumerate(values) if value not in values[:index]]
            values = unique if len(unique) >= _int(schema.get("minItems"), 0) else values
        return values

    def _string(self, schema: Mapping[str, Any], name: str) -> str:
        low = _int(schema.get("minLength"), 0)
        high = schema.get("maxLength") if isinstance(schema.get("maxLength"), int) else None
        pattern = schema.get("pattern")
        if isinstance(pattern, str):
            matched = string_matching(pattern, min_length=low, max_length=high, rng=self._rng)
            if matched is not None:
                return matched
        fmt = schema.get("format") if isinstance(schema.get("format"), str) else _format_from_name(name)
        text = self._formatted(fmt) if fmt in _FORMATS else self._word(name)
        if len(text) < low:
            text += "x" * (low - len(text))
        return text[:high] if high is not None else text

    def _formatted(self, fmt: str) -> str:
        if self._rng is None:
            return _FORMATS[fmt]
        if fmt == "uuid":
            return str(uuid.UUID(int=self._rng.getrandbits(128), version=4))
        if fmt in ("email", "idn-email"):
            return f"nat{self._rng.randrange(10**6)}@example.com"
        return _FORMATS[fmt]

    def _word(self, name: str) -> str:
        base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:24] or "nat"
        base = base if base.startswith("nat") else f"nat-{base}" if name else base
        return f"{base}-{self._rng.randrange(10**6)}" if self._rng else base


def _declared_example(schema: Mapping[str, Any]) -> Any:
    if "example" in schema:
        return schema["example"]
    examples = schema.get("examples")
    if isinstance(examples, list) and examples:
        return examples[0]
    return schema.get("default", _NONE)


def _ordered_branches(branches: list[Any]) -> list[Any]:
    """Union branches with the `null`-only ones last."""
    useful = [branch for branch in branches if not (isinstance(branch, Mapping) and types_of(branch) == ["null"])]
    return useful + [branch for branch in branches if branch not in useful]


def _skip_optional(schema: Any) -> bool:
    if not isinstance(schema, Mapping):
        return schema is False
    return bool(schema.get("readOnly") or schema.get(RECURSIVE) or schema.get(UNRESOLVED))


def _minimal(schema: Mapping[str, Any]) -> Any:
    kind = type_of(schema)
    return {"object": {}, "array": [], "integer": 0, "number": 0, "boolean": False, "null": None}.get(kind or "", "nat")


def _is_type(value: Any, kind: str) -> bool:
    if kind == "integer":
        whole_float = isinstance(value, float) and value.is_integer()
        return whole_float or (isinstance(value, int) and not isinstance(value, bool))
    return {
        "string": isinstance(value, str),
        "number": isinstance(value, (int, float)) and not isinstance(value, bool),
        "boolean": isinstance(value, bool),
        "object": isinstance(value, dict),
        "array": isinstance(value, list),
        "null": value is None,
    }.get(kind, True)


def _string_fits(value: str, schema: Mapping[str, Any]) -> bool:
    if len(value) < _int(schema.get("minLength"), 0) or len(value) > _int(schema.get("maxLength"), len(value)):
        return False
    pattern = schema.get("pattern")
    if isinstance(pattern, str):
        try:
            return re.search(pattern, value) is not None
        except re.error:
            return True
    return True


def _format_from_name(name: str) -> str | None:
    words = re.split(r"[^a-z0-9]+", re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).lower())
    return next((_NAME_HINTS[word] for word in reversed(words) if word in _NAME_HINTS), None)


def _list_fits(value: list[Any], schema: Mapping[str, Any], depth: int) -> bool:
    if len(value) < _int(schema.get("minItems"), 0) or len(value) > _int(schema.get("maxItems"), len(value)):
        return False
    items = schema.get("items")
    return not isinstance(items, (Mapping, bool)) or all(fits(item, items, depth=depth + 1) for item in value)


def _object_fits(value: dict[str, Any], schema: Mapping[str, Any], depth: int) -> bool:
    required = schema.get("required")
    if isinstance(required, list) and not all(name in value for name in required if isinstance(name, str)):
        return False
    properties = as_mapping(schema.get("properties"))
    extra = schema.get("additionalProperties")
    for key, item in value.items():
        if key in properties:
            if not fits(item, properties[key], depth=depth + 1):
                return False
        elif extra is False and not schema.get("patternProperties"):
            return False
        elif isinstance(extra, Mapping) and not fits(item, extra, depth=depth + 1):
            return False
    return True


def _int(value: Any, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default

