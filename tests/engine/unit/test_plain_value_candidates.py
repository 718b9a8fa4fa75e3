"""Plain values tried when an input's first value is an error: the schema's own values first, then
(for inputs naming a field) the answers' property names, then values the scan learned."""
from __future__ import annotations

import json

from scans.engine.checks.plain_values import candidates
from scans.engine.identity.configured import anonymous_identity
from scans.engine.kb.knowledge import KnowledgeBase
from scans.engine.spec import load_spec

RECORD = {"type": "object", "properties": {"sku": {"type": "string"}, "price": {"type": "number"}}}
SPEC = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/items": {"get": {
    "parameters": [{"name": "sort", "in": "query", "schema": {"type": "string"}}],
    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
        "type": "object", "properties": {"results": {"type": "array", "items": RECORD}}}}}}}}}}}


def _kb() -> KnowledgeBase:
    return KnowledgeBase(load_spec(json.dumps(SPEC).encode(), base_url="http://127.0.0.1:1"),
                         anonymous=anonymous_identity())


def test_a_field_input_gets_the_property_names_of_the_records_the_operation_answers() -> None:
    kb = _kb()
    op = kb.description.operations[0]
    assert list(candidates(kb, op, "sort", {"type": "string"})) == ["sku", "price"]


def test_examples_and_enums_come_before_learned_values_without_repeats() -> None:
    kb = _kb()
    op = kb.description.operations[0]
    kb.learn_values([("category", "tools"), ("category", "home")])
    schema = {"type": "string", "example": "home", "enum": ["home", "garden"]}
    assert list(candidates(kb, op, "category", schema)) == ["home", "garden", "tools"]
