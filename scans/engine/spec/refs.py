"""`$ref` resolution: structural objects one hop at a time, schemas in depth, recursion kept finite.

Schemas resolve into a shared graph: every `$ref` target is expanded once and the same object is
reused wherever it is referenced, so memory grows with the document, not with the number of
references. A reference back into a schema that is still being expanded becomes a marker,
`{"$ref": "#/components/schemas/Node", "x-nat-recursive": true}`, so recursive schemas stay finite.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from scans.engine.spec.dialect import SUBSCHEMA, SUBSCHEMA_LIST, SUBSCHEMA_MAP, normalize_keywords
from scans.engine.spec.documents import DocumentStore, RefNotFollowed
from scans.engine.spec.errors import SpecError

RECURSIVE = "x-nat-recursive"
"""Marks a `$ref` left in place because expanding it again would loop."""
UNRESOLVED = "x-nat-unresolved"
"""Marks a `$ref` NAT did not follow (remote, or a file beside uploaded content)."""

MAX_SCHEMA_NODES = 5_000_000
"""Schema nodes visited before a description is refused as too large to expand."""
MAX_CONTEXT_EXPANSIONS = 20_000
"""Expansions of schemas inside a cycle redone per context before they are shared as they are."""

_NO_DEPTH = 1 << 30
_LINE_LOCATION = re.compile(r":\d+:\d+$")

Warn = Callable[[str, str, str], None]
"""Reports `(location, problem, action)`: a defect read past, and what was done about it."""

TYPE_ALIASES = {
    "int": ("integer", None), "int32": ("integer", "int32"), "int64": ("integer", "int64"),
    "long": ("integer", "int64"), "short": ("integer", "int32"), "float": ("number", "float"),
    "double": ("number", "double"), "decimal": ("number", None), "bool": ("boolean", None),
    "str": ("string", None), "text": ("string", None), "dict": ("object", None), "list": ("array", None),
}
"""Misspelt `type` names with one obvious JSON Schema reading (and the format they imply)."""
_TYPE_NAMES = frozenset({"string", "number", "integer", "boolean", "object", "array", "null"})
Trail = tuple[Any, ...]


class Resolver:
    """Resolves `$ref`s across a `DocumentStore`, reporting what it read past through `warn` and
    what it read the one obvious way (a misspelt `type`) through `repair`."""

    def __init__(self, store: DocumentStore, *, warn: Warn, repair: Warn) -> None:
        self._store = store
        self._warn = warn
        self._repair = repair
        self._memo: dict[str, Any] = {}
        self._active: dict[str, tuple[int, Any]] = {}
        self._lowest = _NO_DEPTH
        self._visits = 0
        self._context_expansions = 0
        self._unfollowed: dict[str, str] = {}

    def deref(self, node: Any, base: str, *, location: str) -> tuple[Any, str]:
        """Follow a chain of `$ref`s to a structural object; returns it and its document's URI.

        Siblings of a `$ref` (a 3.1 `summary` or `description`) override the target's fields.
        Raises `RefNotFollowed` for a reference NAT does not follow; `not_followed` reports it.
        """
        seen: list[str] = []
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            siblings = {key: value for key, value in node.items() if key != "$ref"}
            if not isinstance(ref, str):
                self._warn(location, f"'$ref' is {kind_of(ref)}, not a string", "ignored")
                return siblings, base
            uri = self._target(ref, base, location)
            if uri in seen:
                chain = " -> ".join(self._store.display(step) for step in [*seen, uri])
                raise SpecError(f"'$ref' cycle: {chain}", location=location)
            seen.append(uri)
            node, base = self._lookup(uri, ref, base, location)
            if siblings and isinstance(node, dict):
                node = {**node, **siblings}
        return node, base

    def schema(self, node: Any, base: str, *, location: str) -> Any:
        """`node` as a schema with every `$ref` resolved (shared, recursion-marked, 2020-12 style)."""
        try:
            return self._schema(node, base, (location,))
        except RecursionError:
            raise SpecError("schema nested too deeply to resolve", location=location) from None

    def named_schema(self, pointer: str, name: str, base: str, *, location: str) -> Any:
        """The schema stored under `pointer` + `name` (`#/components/schemas/`), resolved as a `$ref`
        to it would be, so it is shared with every reference and recursion marks its first level."""
        escaped = str(name).replace("~", "~0").replace("/", "~1")
        try:
            return self._expand(f"{base}{pointer}{escaped}", f"{pointer}{escaped}", base, location)
        except RecursionError:
            raise SpecError("schema nested too deeply to resolve", location=location) from None

    def not_followed(self, location: str, exc: RefNotFollowed) -> None:
        """Warn once per document that a reference to it was not followed."""
        if exc.document not in self._unfollowed:
            self._unfollowed[exc.document] = exc.reason
            self._warn(location, f"'$ref' to {exc.document} not followed: {exc.reason}", "read as any value")

    @property
    def unfollowed(self) -> dict[str, str]:
        """Documents a `$ref` named but NAT did not read, with the reason."""
        return dict(self._unfollowed)

    def _schema(self, node: Any, base: str, trail: Trail) -> Any:
        self._visits += 1
        if self._visits > MAX_SCHEMA_NODES:
            raise SpecError(
                f"schemas expand past {MAX_SCHEMA_NODES:,} nodes (YAML aliases or references that fan out)",
                location=_render(trail),
            )
        if isinstance(node, bool):
            return node
        if not isinstance(node, dict):
            self._warn(_render(trail), f"a schema must be an object or a boolean, not {kind_of(node)}", "read as {}")
            return {}
        if "$ref" in node:
            return self._schema_ref(node, base, trail)
        out: dict[str, Any] | None = None
        for key, value in node.items():
            if key in SUBSCHEMA and not isinstance(value, list):
                new = self._schema(value, base, (trail, key))
            elif key in SUBSCHEMA or key in SUBSCHEMA_LIST:
                new = self._schema_list(value, base, (trail, key))
            elif key in SUBSCHEMA_MAP:
                new = self._schema_map(value, base, (trail, key))
            else:
                continue
            if new is not value:
                if out is None:
                    out = dict(node)
                out[key] = new
        repaired = self._repaired_type(out if out is not None else node, trail)
        return normalize_keywords(repaired)

    def _repaired_type(self, schema: dict[str, Any], trail: Trail) -> dict[str, Any]:
        """`schema` with a misspelt `type` (`int`, `Long`, `bool`) read as the JSON Schema type it means."""
        kind = schema.get("type")
        if not isinstance(kind, str) or kind in _TYPE_NAMES:
            return schema
        alias = TYPE_ALIASES.get(kind.lower()) or ((kind.lower(), None) if kind.lower() in _TYPE_NAMES else None)
        if alias is None:
            return schema
        name, implied = alias
        repaired = {**schema, "type": name}
        if implied and "format" not in schema:
            repaired["format"] = implied
        self._repair(_render(trail), f"'type: {kind}' is not a JSON Schema type", f"read as '{name}'")
        return repaired

    def _schema_list(self, value: Any, base: str, trail: Trail) -> Any:
        if not isinstance(value, list):
            self._warn(_render(trail), f"must be a list of schemas, not {kind_of(value)}", "ignored")
            return []
        resolved = [self._schema(item, base, (trail, index)) for index, item in enumerate(value)]
        return value if all(new is old for new, old in zip(resolved, value, strict=True)) else resolved

    def _schema_map(self, value: Any, base: str, trail: Trail) -> Any:
        if isinstance(value, dict) and isinstance(value.get("$ref"), str):
            try:
                value, base = self.deref(value, base, location=_render(trail))
            except RefNotFollowed as exc:
                self.not_followed(_render(trail), exc)
                return {}
        if not isinstance(value, dict):
            self._warn(_render(trail), f"must map names to schemas, not be {kind_of(value)}", "ignored")
            return {}
        resolved = {key: self._schema(item, base, (trail, key)) for key, item in value.items()}
        return value if all(resolved[key] is item for key, item in value.items()) else resolved

    def _schema_ref(self, node: dict[str, Any], base: str, trail: Trail) -> Any:
        ref = node["$ref"]
        siblings = {key: value for key, value in node.items() if key != "$ref"}
        if not isinstance(ref, str):
            self._warn(
                _render(trail),
                f"'$ref' is {kind_of(ref)}, not a string (in YAML an unquoted '#' starts a comment)",
                "ignored",
            )
            return self._schema(siblings, base, trail)
        location = _render(trail)
        try:
            uri = self._target(ref, base, location)
        except RefNotFollowed as exc:
            self.not_followed(location, exc)
            return {"$ref": ref, UNRESOLVED: True}
        resolved = self._expand(uri, ref, base, location)
        if not siblings:
            return resolved
        extra = self._schema(siblings, base, trail)
        return _merge_siblings(resolved, extra)

    def _expand(self, uri: str, ref: str, base: str, location: str) -> Any:
        active = self._active.get(uri)
        if active is not None:
            depth, target = active
            self._lowest = min(self._lowest, depth)
            marker: dict[str, Any] = {"$ref": self._store.display(uri), RECURSIVE: True}
            if isinstance(target, dict) and isinstance(target.get("type"), (str, list)):
                marker["type"] = target["type"]
            return marker
        if uri in self._memo:
            return self._memo[uri]
        try:
            target, target_base = self._lookup(uri, ref, base, location)
        except RefNotFollowed as exc:
            self.not_followed(location, exc)
            return {"$ref": ref, UNRESOLVED: True}
        depth = len(self._active)
        self._active[uri] = (depth, target)
        outer, self._lowest = self._lowest, _NO_DEPTH
        try:
            resolved = self._schema(target, target_base, (self._store.location(uri),))
        finally:
            del self._active[uri]
        inner = self._lowest
        if inner >= depth or self._context_expansions >= MAX_CONTEXT_EXPANSIONS:
            self._memo[uri] = resolved
        else:
            self._context_expansions += 1
        self._lowest = min(outer, inner) if inner < depth else outer
        return resolved

    def _target(self, ref: str, base: str, location: str) -> str:
        try:
            return self._store.target(ref, base)
        except SpecError as exc:
            raise SpecError(exc.message, location=location) from None

    def _lookup(self, uri: str, ref: str, base: str, location: str) -> tuple[Any, str]:
        try:
            return self._store.lookup(uri, base=base)
        except SpecError as exc:
            if _LINE_LOCATION.search(exc.location):
                message = f"{exc.message} (file reached by '$ref' {ref!r} at {location})"
                raise SpecError(message, location=exc.location) from None
            raise SpecError(f"'$ref' {ref!r} cannot be resolved: {exc.message}", location=location) from None


def _merge_siblings(resolved: Any, extra: Any) -> Any:
    """A `$ref` target with its sibling keywords applied (`required` and `properties` combine)."""
    if not isinstance(resolved, dict) or not isinstance(extra, dict):
        return extra if resolved is True else resolved
    merged = {**resolved, **extra}
    if isinstance(resolved.get("required"), list) and isinstance(extra.get("required"), list):
        merged["required"] = list(dict.fromkeys([*resolved["required"], *extra["required"]]))
    if isinstance(resolved.get("properties"), dict) and isinstance(extra.get("properties"), dict):
        merged["properties"] = {**resolved["properties"], **extra["properties"]}
    return merged


def _render(trail: Trail) -> str:
    """A trail of keys as a readable location: `components.schemas.Pet.properties.tags[0]`."""
    parts: list[Any] = []
    while len(trail) == 2:
        trail, key = trail
        parts.append(key)
    text = str(trail[0]) if trail else ""
    for key in reversed(parts):
        text += f"[{key}]" if isinstance(key, int) else f".{key}"
    return text


def kind_of(value: Any) -> str:
    """How a message names a value's JSON type: `null`, `a number`, `a list`…"""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"
