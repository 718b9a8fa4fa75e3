"""`type: int` and its kin (`long`, `float`, `double`, `bool`, a capitalised `Integer`) are read as
the JSON Schema type they mean, wherever the schema sits, each repair named where it was made."""
from __future__ import annotations

import pytest

from scans.engine.model import Remedy
from scans.engine.spec import build_request, validate_against

from .imperfect import OK, get, only_operation, openapi, swagger

READINGS = [
    ("int", "integer", None), ("long", "integer", "int64"), ("float", "number", "float"),
    ("double", "number", "double"), ("bool", "boolean", None), ("Integer", "integer", None),
]


@pytest.mark.parametrize(("written", "meant", "implied"), READINGS)
def test_a_swagger_parameter_type_is_read_as_the_type_it_means(written, meant, implied):
    param = {"name": "n", "in": "query", "required": True, "type": written}
    operation, description = only_operation(swagger({"/items": get(param)}))
    schema = operation.parameters[0].schema
    assert schema["type"] == meant and schema.get("format") == implied
    assert [warning.remedy for warning in description.warnings] == [Remedy.REPAIRED]
    assert description.warnings[0].location == "paths./items.get.parameters[0]"
    value = build_request(operation).query["n"]
    if meant == "boolean":
        assert value in ("true", "false")
    else:
        float(value)  # a number, where an unknown type would have given a placeholder text


def test_a_misspelt_type_in_a_body_property_is_repaired_and_values_follow_it():
    body = {"type": "object", "required": ["count"], "properties": {"count": {"type": "int"}}}
    content = openapi({"/items": {"post": {
        "requestBody": {"content": {"application/json": {"schema": body}}}, "responses": OK}}})
    operation, description = only_operation(content)
    schema = operation.request_body.schema
    assert schema["properties"]["count"]["type"] == "integer"
    assert isinstance(build_request(operation).body["count"], int)
    assert validate_against(schema, {"count": "seven"}) != []
    [warning] = description.warnings
    assert warning.remedy is Remedy.REPAIRED
    assert warning.location.endswith("properties.count")


def test_a_type_with_no_obvious_reading_is_left_as_written_without_a_repair():
    operation, description = only_operation(swagger({"/items": get({"name": "n", "in": "query", "type": "thing"})}))
    assert operation.parameters[0].schema["type"] == "thing"
    assert Remedy.REPAIRED not in {warning.remedy for warning in description.warnings}
