"""Choosing among media types, and reading examples out of media and parameter objects."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from scans.engine.spec.documents import RefNotFollowed
from scans.engine.spec.refs import Resolver

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def preferred_media_type(media_types: Iterable[str]) -> str:
    """`application/json`, else another JSON type (`+json`), else a form type, else the first."""
    candidates = [str(media_type) for media_type in media_types]
    bases = [candidate.split(";", 1)[0].strip().lower() for candidate in candidates]
    for candidate, base in zip(candidates, bases, strict=True):
        if base == "application/json":
            return candidate
    for candidate, base in zip(candidates, bases, strict=True):
        if base.endswith(("+json", "/json")) or "json" in base:
            return candidate
    for candidate, base in zip(candidates, bases, strict=True):
        if base in FORM_TYPES:
            return candidate
    return candidates[0] if candidates else ""


def first_example(holder: dict[str, Any], *, base: str, location: str, resolver: Resolver) -> Any:
    """`example`, else the `value` of the first usable entry of `examples` (refs followed), else None."""
    if "example" in holder:
        return holder["example"]
    examples = holder.get("examples")
    if not isinstance(examples, dict):
        return None
    for name, entry in examples.items():
        try:
            entry, _ = resolver.deref(entry, base, location=f"{location}.examples.{name}")
        except RefNotFollowed:
            continue
        if isinstance(entry, dict) and "value" in entry:
            return entry["value"]
    return None
