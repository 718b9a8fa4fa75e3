"""Which sign-up fields must not repeat (by name, format or pattern), and fresh values that fit them."""
from __future__ import annotations

import re

import pytest

from scans.engine.agents.unique import fitted, looks_unique, unique_value


@pytest.mark.parametrize(
    ("name", "schema", "unique"),
    [("phone", {}, True), ("phoneNumber", {}, True), ("mobile_number", {}, True), ("national_id", {}, True),
     ("nationalId", {}, True), ("accountNumber", {"type": "integer"}, True), ("ssn", {}, True),
     ("id_number", {}, True), ("slug", {}, True), ("zip", {"pattern": "^[0-9]{5}$"}, False),
     ("country_code", {"pattern": "^[A-Z]{2}$"}, False), ("role", {}, False), ("plan_id", {}, False),
     ("phone", {"enum": ["+15550100"]}, False), ("first_name", {}, False), ("contact", {"format": "email"}, True),
     ("contact", {"type": "string", "format": "phone"}, True),
     ("invite", {"pattern": "^[a-z]{8}$"}, True), ("password", {"pattern": ".{8,}"}, False)],
)
def test_unique_looking_fields_are_told_by_name_format_and_pattern(name: str, schema: dict, unique: bool) -> None:
    assert looks_unique(name, schema) is unique


def test_fresh_values_fit_the_schema_and_differ_between_sign_ups() -> None:
    schemas = {
        "national_id": {"type": "string", "pattern": r"^[0-9]{3}-[0-9]{2}-[0-9]{4}$"},
        "phone": {"type": "string", "minLength": 8, "maxLength": 9},
        "accountNumber": {"type": "integer", "minimum": 1000, "maximum": 10**9},
        "contact": {"type": "string", "format": "email", "maxLength": 20},
        "reach": {"type": "string", "format": "e164"},
    }
    for name, schema in schemas.items():
        values = [unique_value(name, schema) for _ in range(20)]
        assert len(set(values)) >= 19, (name, values)
        if name == "national_id":
            assert all(re.match(schema["pattern"], value) for value in values)
        if name == "phone":
            assert all(value.isdigit() and 8 <= len(value) <= 9 for value in values)
        if name == "accountNumber":
            assert all(isinstance(value, int) and 1000 <= value <= 10**9 for value in values)
        if name == "reach":
            assert all(value.startswith("+") and value[1:].isdigit() for value in values)
        if name == "contact":
            assert all(len(value) <= 20 and value.endswith("@example.com") for value in values)


def test_a_user_name_too_long_for_the_schema_is_replaced_by_one_that_fits() -> None:
    assert fitted("natabcdefghij", "username", {"type": "string", "maxLength": 30}) == "natabcdefghij"
    short = fitted("natabcdefghij", "username", {"type": "string", "maxLength": 8})
    assert len(short) <= 8 and short != "natabcdefghij"
    patterned = fitted("natabcdefghij", "login", {"type": "string", "pattern": "^[A-Z][0-9]{5}$"})
    assert re.match("^[A-Z][0-9]{5}$", patterned)
