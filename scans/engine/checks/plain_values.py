"""Plain values that succeed: before an input is attacked, the operation must answer a harmless call
well, or every comparison with that answer means nothing ("the plain answer already holds a
database error"). When the first plain call fails, other values are tried, input by input:
the schema's examples and enums, values the knowledge base learned (ids, names), values seen under
the same name in other answers, and, for inputs that name a field or a filter, the property names
of the operation's answers. What worked is kept per operation, so each check does not search again.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from scans.engine.checks.signatures import database_error, framework_error
from scans.engine.http.reply import Reply
from scans.engine.kb import jsondata
from scans.engine.kb.knowledge import KnowledgeBase
from scans.engine.model import Operation

MAX_TRIES = 8
"""Calls one operation's search sends at most."""
MAX_PER_SOURCE = 3
FIELD_NAMES = re.compile(r"^(sort|sort_?by|order|order_?by|field|fields|column|columns|filter|filter_?by|by|"
                         r"attribute|attr|key|select|group_?by|search_?by|property)$", re.I)
"""Inputs whose value names a property of the records (`?sort=name`, `?field=price`)."""


def succeeds(kb: KnowledgeBase, operation: Operation, reply: Reply) -> bool:
    """Answered, a success for this API, and free of database errors and stack traces."""
    return (reply.status != 0 and kb.is_success(reply, operation) and not database_error(reply.text)
            and not framework_error(reply.text)[0])


def candidates(kb: KnowledgeBase, operation: Operation, name: str, schema: Mapping[str, Any]) -> Iterator[str]:
    """Plain values for input `name`, best first, without repeats."""
    seen: set[str] = set()
    for value in _sources(kb, operation, name, schema):
        text = value if isinstance(value, str) else _text(value)
        if text and text not in seen:
            seen.add(text)
            yield text


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value) if isinstance(value, (int, float, str)) else ""


def _sources(kb: KnowledgeBase, operation: Operation, name: str, schema: Mapping[str, Any]) -> Iterator[Any]:
    for key in ("example", "default"):
        if key in schema:
            yield schema[key]
    examples = schema.get("examples")
    if isinstance(examples, list):
        yield from examples[:MAX_PER_SOURCE]
    enum = schema.get("enum")
    if isinstance(enum, list):
        yield from enum[:MAX_PER_SOURCE]
    if FIELD_NAMES.match(name):
        yield from _property_names(operation)[:MAX_PER_SOURCE]
    yield from kb.values_for(name)[:MAX_PER_SOURCE]
    yield from _seen_values(kb, name)[:MAX_PER_SOURCE]


def _property_names(operation: Operation) -> list[str]:
    """Property names of the records the operation's successful answers describe."""
    names: list[str] = []
    for response in operation.responses:
        if not response.status.startswith("2"):
            continue
        for schema in response.content.values():
            _collect(schema, names, depth=4)
    return names


def _collect(schema: Any, names: list[str], *, depth: int) -> None:
    if depth < 0 or not isinstance(schema, Mapping):
        return
    properties = schema.get("properties")
    if isinstance(properties, Mapping):
        lists = [value for value in properties.values() if isinstance(value, Mapping) and value.get("type") == "array"]
        if len(lists) == 1 and len(properties) <= 3:
            _collect(lists[0], names, depth=depth - 1)
            return
        names.extend(str(key) for key in properties if str(key) not in names)
    _collect(schema.get("items"), names, depth=depth - 1)


def _seen_values(kb: KnowledgeBase, name: str) -> list[Any]:
    """Scalars answers carried under a key called `name`."""
    values: list[Any] = []
    lowered = name.lower()
    for observation in kb.observations():
        reply = observation.reply
        if not (reply.ok and reply.is_json):
            continue
        for path, value in jsondata.leaves(reply.data):
            if path.rsplit(".", 1)[-1].lower() == lowered and value not in values and value not in (None, ""):
                values.append(value)
                if len(values) >= MAX_PER_SOURCE:
                    return values
    return values
