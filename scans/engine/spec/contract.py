"""`validate_against`: does a value match a description's schema? For contract tests and checks."""
from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError, UnknownType

from scans.engine.spec.dialect import SUBSCHEMA, SUBSCHEMA_LIST, SUBSCHEMA_MAP, normalize_keywords
from scans.engine.spec.errors import SpecError
from scans.engine.spec.refs import RECURSIVE, UNRESOLVED

MAX_ERRORS = 20
"""Errors reported per value; the first ones say enough."""
MAX_MESSAGE = 240
_CACHE_SIZE = 512
_DROPPED = frozenset({"$id", "$schema", "$anchor", "$dynamicAnchor", "$vocabulary", "$comment"})
_COUNTS = frozenset({"minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"})
_BOUNDS = frozenset({"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"})
_TYPES = frozenset({"string", "number", "integer", "boolean", "object", "array", "null"})
_validators: OrderedDict[int, tuple[Any, Draft202012Validator]] = OrderedDict()
_lock = threading.Lock()


def validate_against(schema: Any, instance: Any, *, check_formats: bool = True) -> list[str]:
    """Why `instance` is not valid against `schema` (empty when it is), as `$.path: message` lines.

    The schema is read as JSON Schema 2020-12 after rewriting OpenAPI 3.0's `nullable` and boolean
    exclusive bounds. Where a strict reading would blame the description rather than the value, the
    OpenAPI reading wins: a `oneOf` with a `discriminator` needs one matching branch (the
    discriminator picks it), an empty `enum` constrains nothing, recursion markers and unresolved
    references accept anything, and patterns Python cannot compile are skipped. A schema that still
    cannot be applied raises `SpecError`.
    """
    validator = _validator(schema, check_formats)
    try:
        errors = sorted(validator.iter_errors(instance), key=lambda error: [str(part) for part in error.absolute_path])
    except (SchemaError, UnknownType, TypeError, ValueError, re.error) as exc:
        raise SpecError(f"the schema cannot be applied: {exc}", location="schema") from None
    lines = []
    for error in errors[:MAX_ERRORS]:
        message = error.message if len(error.message) <= MAX_MESSAGE else error.message[: MAX_MESSAGE - 1] + "…"
        lines.append(f"{_json_path(error.absolute_path)}: {message}")
    if len(errors) > MAX_ERRORS:
        lines.append(f"… and {len(errors) - MAX_ERRORS} more errors")
    return lines


def _validator(schema: Any, check_formats: bool) -> Draft202012Validator:
    key = id(schema) * 2 + int(check_formats)
    with _lock:
        cached = _validators.get(key)
        if cached is not None and cached[0] is schema:
            _validators.move_to_end(key)
            return cached[1]
    checker = Draft202012Validator.FORMAT_CHECKER if check_formats else None
    validator = Draft202012Validator(_prepare(schema, {}), format_checker=checker)
    with _lock:
        _validators[key] = (schema, validator)
        if len(_validators) > _CACHE_SIZE:
            _validators.popitem(last=False)
    return validator


def _prepare(schema: Any, seen: dict[int, Any]) -> Any:
    """A copy a 2020-12 validator can apply without tripping on a sloppy description.

    Malformed keyword values (a string `minLength`, an unknown type name) are dropped rather than
    checked against the metaschema, which would walk every shared subschema once per reference.
    Shared subschemas are prepared once.
    """
    if not isinstance(schema, Mapping):
        return schema if isinstance(schema, bool) else True
    if id(schema) in seen:
        return seen[id(schema)]
    if schema.get(RECURSIVE) or schema.get(UNRESOLVED):
        return True
    source = normalize_keywords(schema)
    out: dict[str, Any] = {}
    for key, value in source.items():
        if key in _DROPPED or key == "$ref" or not _well_formed(key, value):
            continue
        if key == "oneOf" and "discriminator" in source:
            out["anyOf"] = [_prepare(item, seen) for item in value]
        elif key in SUBSCHEMA:
            out[key] = [_prepare(item, seen) for item in value] if isinstance(value, list) else _prepare(value, seen)
            if key == "items" and isinstance(value, list):
                out["prefixItems"] = out.pop("items")
        elif key in SUBSCHEMA_LIST:
            out[key] = [_prepare(item, seen) for item in value]
        elif key in SUBSCHEMA_MAP:
            out[key] = {
                str(name): _prepare(item, seen)
                for name, item in value.items()
                if key != "patternProperties" or _compiles(str(name))
            }
        else:
            out[key] = value
    seen[id(schema)] = out
    return out


def _well_formed(key: str, value: Any) -> bool:
    if key in _COUNTS:
        return isinstance(value, int) and not isinstance(value, bool) and value >= 0
    if key in _BOUNDS:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if key == "multipleOf":
        return isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0
    if key == "type":
        names = value if isinstance(value, list) else [value]
        return all(isinstance(name, str) and name in _TYPES for name in names)
    if key == "enum":
        return isinstance(value, list) and bool(value)
    if key == "required":
        return isinstance(value, list) and all(isinstance(item, str) for item in value)
    if key == "pattern":
        return isinstance(value, str) and _compiles(value)
    if key in SUBSCHEMA_LIST:
        return isinstance(value, list) and bool(value)
    if key in SUBSCHEMA_MAP:
        return isinstance(value, Mapping)
    if key in ("uniqueItems",):
        return isinstance(value, bool)
    if key == "format":
        return isinstance(value, str)
    return True


def _compiles(pattern: str) -> bool:
    try:
        re.compile(pattern)
    except (re.error, RecursionError, OverflowError):
        return False
    return True


def _json_path(parts: Any) -> str:
    path = "$"
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path
