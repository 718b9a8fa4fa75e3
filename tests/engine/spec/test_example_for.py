"""`example_for` builds values that are valid against their schema, preferring what the schema declares."""
from __future__ import annotations

import random
import re
import uuid
from datetime import date, datetime

import pytest

from scans.engine.spec import example_for, validate_against


def _valid(schema, **options):
    value = example_for(schema, **options)
    assert validate_against(schema, value) == [], (schema, value)
    return value


def test_declared_values_win_in_order_const_example_examples_default_enum():
    assert _valid({"type": "string", "const": "fixed", "example": "other"}) == "fixed"
    assert _valid({"type": "integer", "example": 7, "default": 3}) == 7
    assert _valid({"type": "integer", "examples": [8, 9], "default": 3}) == 8
    assert _valid({"type": "integer", "default": 3, "enum": [1, 3]}) == 3
    assert _valid({"type": "string", "enum": ["b", "a"]}) == "b"


def test_example_that_contradicts_its_schema_is_not_used():
    assert _valid({"type": "integer", "example": "seven", "minimum": 5}) == 5
    assert _valid({"type": "string", "enum": ["a", "b"], "example": "c"}) == "a"


def test_prefer_example_false_builds_from_constraints():
    assert example_for({"type": "integer", "example": 42}, prefer_example=False) == 1


@pytest.mark.parametrize(
    ("fmt", "check"),
    [
        ("email", lambda v: re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]+", v)),
        ("uuid", lambda v: uuid.UUID(v)),
        ("date", lambda v: date.fromisoformat(v)),
        ("date-time", lambda v: datetime.fromisoformat(v.replace("Z", "+00:00"))),
        ("uri", lambda v: v.startswith("https://")),
        ("ipv4", lambda v: len(v.split(".")) == 4),
        ("ipv6", lambda v: ":" in v),
        ("hostname", lambda v: "." in v),
        ("byte", lambda v: re.fullmatch(r"[A-Za-z0-9+/]+=*", v)),
        ("password", lambda v: len(v) >= 8),
    ],
)
def test_string_formats_produce_well_formed_values(fmt, check):
    assert check(_valid({"type": "string", "format": fmt}))


def test_string_lengths_and_patterns_are_respected():
    assert len(_valid({"type": "string", "minLength": 12})) >= 12
    assert len(_valid({"type": "string", "maxLength": 2})) <= 2
    assert re.fullmatch(r"[A-Z]{3}-\d{4}", _valid({"type": "string", "pattern": r"^[A-Z]{3}-\d{4}$"}))
    bounded = {"type": "string", "pattern": r"^[a-z]+$", "minLength": 10, "maxLength": 12}
    assert re.fullmatch(r"[a-z]{10,12}", _valid(bounded))


def test_pattern_it_cannot_satisfy_falls_back_without_hanging():
    value = example_for({"type": "string", "pattern": r"^(?=.*\d)(?=.*[a-z])\p{L}{8,}$"})
    assert isinstance(value, str)


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "integer", "minimum": 10, "maximum": 20},
        {"type": "integer", "exclusiveMinimum": 0, "exclusiveMaximum": 2},
        {"type": "integer", "minimum": 0, "exclusiveMinimum": True},
        {"type": "integer", "multipleOf": 7, "minimum": 10},
        {"type": "number", "minimum": 0.5, "maximum": 0.75},
        {"type": "number", "multipleOf": 0.01, "minimum": 1.005},
        {"type": "number", "exclusiveMaximum": -1},
        {"type": "integer", "maximum": -100},
    ],
)
def test_numbers_stay_within_bounds_and_multiples(schema):
    _valid(schema)
    for seed in range(5):
        value = example_for(schema, rng=random.Random(seed))
        assert validate_against(schema, value) == [], (schema, value)


def test_arrays_respect_item_counts_and_uniqueness():
    assert len(_valid({"type": "array", "items": {"type": "integer"}, "minItems": 3, "maxItems": 4})) == 3
    assert _valid({"type": "array", "items": {"type": "string"}, "maxItems": 0}) == []
    snowflakes = {"type": "string", "pattern": "^(0|[1-9][0-9]*)$"}
    values = _valid({"type": "array", "items": snowflakes, "minItems": 3, "uniqueItems": True})
    assert len(set(values)) == 3


def test_objects_get_required_properties_and_optional_ones_near_the_top():
    schema = {
        "type": "object",
        "required": ["id"],
        "properties": {
            "id": {"type": "integer"},
            "note": {"type": "string"},
            "created": {"type": "string", "readOnly": True},
        },
    }
    assert set(_valid(schema)) == {"id", "note"}
    assert set(_valid(schema, include_optional=False)) == {"id"}


def test_all_of_is_merged_and_unions_take_a_usable_branch():
    merged = {"allOf": [{"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}}},
                        {"required": ["b"], "properties": {"b": {"type": "integer", "minimum": 3}}}]}
    assert set(_valid(merged, include_optional=False)) == {"a", "b"}
    assert _valid({"oneOf": [{"type": "null"}, {"type": "integer", "minimum": 5}]}) == 5
    assert isinstance(_valid({"anyOf": [{"type": "string", "format": "uuid"}, {"type": "integer"}]}), str)


def test_one_of_avoids_a_value_that_two_branches_accept():
    schema = {"oneOf": [{"type": "number"}, {"type": "integer"}]}
    value = _valid(schema)
    assert isinstance(value, float)


def test_nullable_and_type_lists_produce_the_non_null_type():
    assert isinstance(_valid({"type": "string", "nullable": True}), str)
    assert isinstance(_valid({"type": ["null", "integer"]}), int)


def test_depth_cap_ends_deep_nesting():
    schema: dict = {"type": "string"}
    for _ in range(40):
        schema = {"type": "object", "required": ["child"], "properties": {"child": schema}}
    value = example_for(schema)
    depth = 0
    while isinstance(value, dict) and "child" in value:
        value, depth = value["child"], depth + 1
    assert depth <= 12


def test_rng_varies_values_and_none_is_deterministic():
    schema = {
        "type": "object",
        "required": ["id", "name"],
        "properties": {"id": {"type": "string", "format": "uuid"}, "name": {"type": "string"}},
    }
    random.seed(1)
    without_rng = example_for(schema)
    random.seed(2)
    assert example_for(schema) == without_rng, "without an rng, values must not come from the global random state"
    first, second = example_for(schema, rng=random.Random(1)), example_for(schema, rng=random.Random(2))
    assert first["id"] != second["id"] and first["name"] != second["name"]
    assert example_for(schema, rng=random.Random(1)) == first


def test_property_names_hint_at_formats():
    value = _valid({"type": "object", "required": ["contact_email", "homepageUrl"], "properties": {
        "contact_email": {"type": "string"}, "homepageUrl": {"type": "string"}}})
    assert "@" in value["contact_email"] and value["homepageUrl"].startswith("https://")
