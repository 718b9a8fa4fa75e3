"""Request synthesis: a concrete, valid request for an operation, using ids the scan learned.

`known` maps names to real values (an id a list call returned, the current user's name). For each
parameter the first of these keys found in `known` wins over anything synthesized:

1. `{resource}.{param}`: the path segment before the placeholder, as written then singular
   (`users.user_id`, `user.user_id` for `/users/{user_id}`);
2. the parameter's exact name (`user_id`);
3. its normalized name, ignoring case, `_` and `-` (`userId` ≈ `user_id` ≈ `user-id`);
4. for id-like names (ending in `id`): `{resource}.id` and `{entity}.id`, the entity taken from the
   name (`user_id` → `user.id`, `users.id`), then the generic `id` (path parameters only).

Top-level body properties take known values by steps 2 and 3. Without a known value, a parameter's
declared example is used when it fits its schema, else `example_for` builds one.
"""
from __future__ import annotations

import copy
import random
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from scans.engine.model import Operation, Parameter
from scans.engine.spec.media import FORM_TYPES
from scans.engine.spec.values import example_for, fits

IGNORED_HEADERS = frozenset({"accept", "content-type", "authorization"})
"""Header parameters OpenAPI says to ignore: the HTTP layer and the identity set them."""


@dataclass(frozen=True, slots=True)
class RequestSpec:
    """A request ready for the HTTP layer, relative to the scan's base URL."""

    method: str
    path: str
    """The filled path, values URL-encoded: `/users/42`."""
    path_params: Mapping[str, Any] = field(default_factory=dict)
    """The raw values placed in the path, by parameter name."""
    query: Mapping[str, str | list[str]] = field(default_factory=dict)
    headers: Mapping[str, str] = field(default_factory=dict)
    cookies: Mapping[str, str] = field(default_factory=dict)
    body: Any = None
    """JSON-like value for JSON bodies, a flat dict for form bodies, text otherwise; None for no body."""
    content_type: str = ""


def build_request(
    operation: Operation,
    *,
    known: Mapping[str, Any] | None = None,
    rng: random.Random | None = None,
    optional: bool = False,
) -> RequestSpec:
    """A valid request for `operation`: required parameters always, optional ones only with `optional`.

    Values come from `known` (see the module docs for the lookup order), then declared examples,
    then schemas. A body is sent whenever the operation documents one, with its optional
    properties filled near the top (APIs often require more than their schema says).
    """
    lookup = _Known(known or {})
    path_values: dict[str, Any] = {}
    query: dict[str, str | list[str]] = {}
    headers: dict[str, str] = {}
    cookies: dict[str, str] = {}
    for param in operation.parameters:
        if param.location != "path" and not (param.required or optional):
            continue
        if param.location == "header" and param.name.lower() in IGNORED_HEADERS:
            continue
        resource = _resource_of(operation.path, param.name) if param.location == "path" else ""
        value = lookup.find(param.name, resource=resource, generic=param.location == "path")
        if value is _MISSING:
            value = _synthesized(param, rng)
        if param.location == "path":
            path_values[param.name] = value
        elif param.location == "query":
            query.update(_query_pairs(param.name, value))
        elif param.location == "header":
            headers[param.name] = _text(value)
        elif param.location == "cookie":
            cookies[param.name] = _text(value)
    path = _fill_path(operation.path, path_values, lookup, rng)
    body, content_type = _body(operation, lookup, rng)
    return RequestSpec(
        method=operation.method,
        path=path,
        path_params=path_values,
        query=query,
        headers=headers,
        cookies=cookies,
        body=body,
        content_type=content_type,
    )


_MISSING = object()


class _Known:
    def __init__(self, known: Mapping[str, Any]) -> None:
        self._exact = known
        self._normalized: dict[str, Any] = {}
        for key, value in known.items():
            self._normalized.setdefault(_normalize(str(key)), value)

    def find(self, name: str, *, resource: str = "", generic: bool = False) -> Any:
        normalized = _normalize(name)
        candidates: list[str] = []
        resources = [resource, _singular(resource)] if resource else []
        candidates += [f"{owner}.{name}" for owner in resources]
        candidates += [name]
        id_like = normalized.endswith("id")
        if id_like:
            entity = normalized[:-2]
            owners = [*resources, *([entity, f"{entity}s"] if entity else [])]
            candidates += [f"{owner}.id" for owner in owners]
            if generic:
                candidates.append("id")
        for candidate in candidates:
            found = self.value(candidate)
            if found is not _MISSING:
                return found
        return _MISSING

    def value(self, key: str) -> Any:
        """The value under `key` exactly, else under its normalized form, else `_MISSING`."""
        if key in self._exact:
            return self._exact[key]
        return self._normalized.get(_normalize(key), _MISSING)


def _synthesized(param: Parameter, rng: random.Random | None) -> Any:
    if param.example is not None and fits(param.example, param.schema):
        return param.example
    return example_for(param.schema or {"type": "string"}, rng=rng, include_optional=False, name=param.name)


def _fill_path(template: str, values: dict[str, Any], lookup: _Known, rng: random.Random | None) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            found = lookup.find(name, resource=_resource_of(template, name), generic=True)
            values[name] = found if found is not _MISSING else example_for({"type": "string"}, rng=rng, name=name)
        return quote(_text(values[name]), safe="")

    return re.sub(r"{([^{}/]+)}", replace, template)


def _body(operation: Operation, lookup: _Known, rng: random.Random | None) -> tuple[Any, str]:
    spec = operation.request_body
    if spec is None:
        return None, ""
    if spec.example is not None and fits(spec.example, spec.schema):
        body = copy.deepcopy(spec.example)
    elif not spec.schema and "json" in spec.content_type.lower():
        body = {}
    else:
        body = example_for(spec.schema, rng=rng)
    if isinstance(body, dict):
        for name in body:
            value = lookup.value(name)
            if value is not _MISSING:
                body[name] = value
        if spec.content_type.split(";", 1)[0].strip().lower() in FORM_TYPES:
            body = {name: value if isinstance(value, list) else _text(value) for name, value in body.items()}
    return body, spec.content_type


def _query_pairs(name: str, value: Any) -> dict[str, str | list[str]]:
    """Form style, exploded (OpenAPI's default): lists repeat the key, objects spread their fields."""
    if isinstance(value, list):
        return {name: [_text(item) for item in value]}
    if isinstance(value, dict):
        return {str(key): _text(item) for key, item in value.items()}
    return {name: _text(value)}


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, list):
        return ",".join(_text(item) for item in value)
    if isinstance(value, dict):
        return ",".join(f"{key},{_text(item)}" for key, item in value.items())
    return str(value)


def _resource_of(template: str, name: str) -> str:
    segments = template.strip("/").split("/")
    for index, segment in enumerate(segments):
        if "{" + name + "}" in segment:
            for previous in reversed(segments[:index]):
                if previous and "{" not in previous:
                    return previous
            return ""
    return ""


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 3:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _normalize(name: str) -> str:
    return re.sub(r"[^a-z0-9.]", "", name.lower())
