"""`validate_against` reads OpenAPI 3.0 and 3.1 schemas alike and reports readable paths."""
from __future__ import annotations

import pytest

from scans.engine.spec import RECURSIVE, UNRESOLVED, SpecError, validate_against


def test_valid_value_gives_no_errors():
    assert validate_against({"type": "object", "required": ["a"], "properties": {"a": {"type": "integer"}}}, {"a": 1}) == []


def test_errors_name_the_json_path():
    errors = validate_against(
        {"type": "object", "properties": {"items": {"type": "array", "items": {"properties": {"n": {"type": "string"}}}}}},
        {"items": [{"n": "ok"}, {"n": 5}]},
    )
    assert errors == ["$.items[1].n: 5 is not of type 'string'"]


def test_openapi_30_nullable_allows_null_and_nothing_else():
    schema = {"type": "string", "nullable": True}
    assert validate_against(schema, None) == []
    assert validate_against({"type": "string"}, None) != []
    assert validate_against(schema, 3) != []


def test_openapi_30_boolean_exclusive_bounds():
    schema = {"type": "integer", "minimum": 1, "exclusiveMinimum": True}
    assert validate_against(schema, 1) != []
    assert validate_against(schema, 2) == []


def test_openapi_31_type_lists_and_numeric_exclusive_bounds():
    schema = {"type": ["integer", "null"], "exclusiveMaximum": 10}
    assert validate_against(schema, None) == []
    assert validate_against(schema, 10) != []


def test_formats_are_checked_unless_asked_not_to():
    assert validate_against({"type": "string", "format": "ipv4"}, "999.1.1.1") != []
    assert validate_against({"type": "string", "format": "ipv4"}, "999.1.1.1", check_formats=False) == []


def test_discriminated_one_of_needs_only_one_matching_branch():
    base = {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string"}}}
    sized = {"allOf": [base, {"properties": {"size": {"type": "integer"}}}]}
    schema = {"oneOf": [base, sized], "discriminator": {"propertyName": "kind"}}
    assert validate_against(schema, {"kind": "small"}) == []
    assert validate_against({"oneOf": schema["oneOf"]}, {"kind": "small"}) != []


def test_markers_and_description_defects_do_not_fail_values():
    schema = {"type": "object", "properties": {
        "loop": {"$ref": "#/components/schemas/Node", RECURSIVE: True},
        "remote": {"$ref": "https://example.com/x.json", UNRESOLVED: True},
        "code": {"type": "string", "pattern": r"^\p{Lu}+$"},
        "state": {"type": "string", "enum": []},
        "size": {"type": "integer", "minimum": "3"},
    }}
    assert validate_against(schema, {"loop": {"any": 1}, "remote": [1], "code": "x", "state": "open", "size": 1}) == []


def test_many_errors_are_capped():
    schema = {"type": "array", "items": {"type": "string"}}
    errors = validate_against(schema, list(range(50)))
    assert len(errors) == 21 and errors[-1] == "… and 30 more errors"


def test_a_schema_that_cannot_be_applied_is_a_spec_error():
    with pytest.raises(SpecError):
        validate_against({"type": "object", "dependentRequired": {"a": 3}}, {"a": 1})
