"""A parameter that declares no type (no `type` in Swagger 2.0, no `schema` or `content` in
OpenAPI 3) is read as a string, and one written in the other version's style is read that way."""
from __future__ import annotations

import pytest

from scans.engine.model import Remedy
from scans.engine.spec import build_request

from .imperfect import get, only_operation, openapi, swagger


@pytest.mark.parametrize("build", [swagger, openapi], ids=["swagger", "openapi"])
def test_a_parameter_with_no_type_is_read_as_a_required_string(build):
    operation, description = only_operation(build({"/search": get({"name": "q", "in": "query", "required": True})}))
    assert operation.parameters[0].schema == {"type": "string"}
    assert isinstance(build_request(operation).query["q"], str)
    [warning] = description.warnings
    assert (warning.remedy, warning.location) == (Remedy.REPAIRED, "paths./search.get.parameters[0]")


def test_an_openapi3_schema_inside_a_swagger2_parameter_is_read_as_its_type():
    param = {"name": "limit", "in": "query", "required": True, "schema": {"type": "integer", "maximum": 50}}
    operation, description = only_operation(swagger({"/items": get(param)}))
    assert operation.parameters[0].schema == {"type": "integer", "maximum": 50}
    assert isinstance(build_request(operation).query["limit"], str)
    assert int(build_request(operation).query["limit"]) <= 50
    [warning] = description.warnings
    assert (warning.remedy, warning.location) == (Remedy.REPAIRED, "paths./items.get.parameters[0]")
    assert "schema" in warning.problem


def test_an_openapi3_schema_in_swagger2_may_be_a_ref_to_a_definition():
    param = {"name": "kind", "in": "query", "schema": {"$ref": "#/definitions/Kind"}}
    content = swagger({"/items": get(param)}, definitions={"Kind": {"type": "string", "enum": ["a", "b"]}})
    operation, _ = only_operation(content)
    assert operation.parameters[0].schema == {"type": "string", "enum": ["a", "b"]}


def test_a_swagger2_style_type_in_an_openapi3_parameter_is_read_as_its_schema():
    content = openapi({"/items": get({"name": "page", "in": "query", "type": "integer"})})
    operation, description = only_operation(content)
    assert operation.parameters[0].schema == {"type": "integer"}
    assert [warning.remedy for warning in description.warnings] == [Remedy.REPAIRED]
