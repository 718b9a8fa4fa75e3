"""An operation that cannot be called as described (two bodies of its own, a required parameter in
a place that does not exist) is skipped, and the rest of the description loads; when nothing
callable is left the load fails, naming every operation and why."""
from __future__ import annotations

import pytest

from scans.engine.model import Remedy
from scans.engine.spec import SpecError, load_spec

from .imperfect import OK, get, openapi, swagger

NOWHERE = {"/a": get({"name": "sid", "in": "cookie", "required": True, "type": "string"})}
"""A required parameter in a place Swagger 2.0 has no such thing as."""
TWO_BODIES = {"/notes": {"post": {"parameters": [
    {"name": "a", "in": "body", "schema": {"type": "object"}},
    {"name": "b", "in": "body", "schema": {"type": "object"}},
], "responses": OK}}}


def test_an_uncallable_operation_is_skipped_and_the_others_load():
    description = load_spec(swagger({**TWO_BODIES, "/health": get()}))
    assert [operation.key for operation in description.operations] == ["GET /health"]
    [warning] = description.warnings
    assert (warning.remedy, warning.location) == (Remedy.SKIPPED, "paths./notes.post")


def test_a_path_level_body_is_overridden_by_the_operations_own():
    shared = {"parameters": [{"name": "old", "in": "body", "schema": {"type": "string"}}]}
    own = {"name": "new", "in": "body", "schema": {"type": "object", "properties": {"x": {"type": "integer"}}}}
    description = load_spec(swagger({"/notes": {**shared, "post": {"parameters": [own], "responses": OK}}}))
    [operation] = description.operations
    assert operation.request_body.schema["type"] == "object"
    assert [warning.remedy for warning in description.warnings] == [Remedy.REPAIRED]


@pytest.mark.parametrize("paths", [NOWHERE, TWO_BODIES], ids=["required-cookie", "two-bodies"])
def test_a_document_whose_only_operation_is_uncallable_is_refused_with_the_reason(paths):
    with pytest.raises(SpecError) as refused:
        load_spec(swagger(paths))
    assert "no operation of the description can be called" in refused.value.message
    assert refused.value.location.startswith("paths.")


def test_the_refusal_names_every_skipped_operation():
    with pytest.raises(SpecError) as refused:
        load_spec(swagger({**NOWHERE, **TWO_BODIES}))
    assert [location for location, _ in refused.value.problems] == ["paths./a.get", "paths./notes.post"]
    assert "(and 1 more problem)" in str(refused.value)


def test_a_required_parameter_in_an_impossible_place_skips_its_operation_an_optional_one_is_dropped():
    required = {"name": "sid", "in": "session", "required": True, "schema": {"type": "string"}}
    optional = {"name": "trace", "in": "session", "schema": {"type": "string"}}
    description = load_spec(openapi({"/a": get(required), "/b": get(optional)}))
    assert [(operation.key, operation.parameters) for operation in description.operations] == [("GET /b", ())]
    assert [(warning.location, warning.remedy) for warning in description.warnings] == [
        ("paths./a.get", Remedy.SKIPPED), ("paths./b.get.parameters[0]", Remedy.IGNORED),
    ]


def test_a_description_that_declares_no_operation_still_loads():
    assert load_spec(openapi({})).operations == ()


def test_a_required_parameter_nowhere_skips_only_the_operation_that_declares_it():
    nowhere = {"name": "sid", "in": "cookie", "required": True, "type": "string"}
    paths = {"/a": {"get": {"parameters": [nowhere], "responses": OK}, "post": {"responses": OK}}}
    description = load_spec(swagger(paths))
    assert [operation.key for operation in description.operations] == ["POST /a"]


def test_a_required_path_level_parameter_nowhere_skips_every_operation_of_the_path():
    paths = {"/a": {"parameters": [{"name": "sid", "in": "cookie", "required": True, "type": "string"}],
                    "get": {"responses": OK}, "post": {"responses": OK}}, "/b": get()}
    description = load_spec(swagger(paths))
    assert [operation.key for operation in description.operations] == ["GET /b"]
    assert [warning.location for warning in description.warnings if warning.remedy is Remedy.SKIPPED] == [
        "paths./a.get", "paths./a.post",
    ]
