"""A `{variable}` of the path template that no parameter declares becomes a required string path
parameter, so the operation is called with a value there; the repair is named at the operation."""
from __future__ import annotations

import pytest

from scans.engine.model import Remedy
from scans.engine.spec import build_request

from .imperfect import OK, get, only_operation, openapi, swagger


@pytest.mark.parametrize("build", [swagger, openapi], ids=["swagger", "openapi"])
def test_an_undeclared_template_variable_is_declared_as_a_string_and_filled(build):
    typed = {"type": "integer"} if build is swagger else {"schema": {"type": "integer"}}
    content = build({"/shops/{shop}/items/{id}": get({"name": "id", "in": "path", "required": True, **typed})})
    operation, description = only_operation(content)
    shop = next(param for param in operation.parameters if param.name == "shop")
    assert (shop.location, shop.required, shop.schema) == ("path", True, {"type": "string"})
    assert "{" not in build_request(operation).path
    [warning] = description.warnings
    assert (warning.remedy, warning.location) == (Remedy.REPAIRED, "paths./shops/{shop}/items/{id}.get")
    assert "{shop}" in warning.problem


def test_an_operation_declaring_no_parameter_at_all_gets_one_per_variable():
    operation, _ = only_operation(openapi({"/a/{x}/b/{y}": {"post": {"responses": OK}}}))
    assert [(param.name, param.location) for param in operation.parameters] == [("x", "path"), ("y", "path")]


def test_a_variable_repeated_in_the_template_is_filled_with_one_value_everywhere():
    name = {"name": "name", "in": "path", "required": True, "type": "string"}
    content = swagger({"/u/{name}/copy/{name}": get(name)})
    operation, description = only_operation(content)
    first, second = build_request(operation, known={"name": "ann"}).path.split("/copy/")
    assert (first, second) == ("/u/ann", "ann")
    assert [(warning.remedy, warning.location) for warning in description.warnings] == [
        (Remedy.REPAIRED, "paths./u/{name}/copy/{name}"),
    ]
