"""A path parameter without `required: true` (absent, or `required: false`) is read as required, a
repair the warnings name at the parameter; the operation is kept."""
from __future__ import annotations

import pytest

from scans.engine.model import Remedy

from .imperfect import get, only_operation, openapi, swagger


@pytest.mark.parametrize("required", [{}, {"required": False}], ids=["absent", "false"])
@pytest.mark.parametrize("build", [swagger, openapi], ids=["swagger", "openapi"])
def test_a_path_parameter_not_marked_required_is_read_as_required(build, required):
    typed = {"type": "integer"} if build is swagger else {"schema": {"type": "integer"}}
    content = build({"/items/{id}": get({"name": "id", "in": "path", **typed, **required})})
    operation, description = only_operation(content)
    assert [(param.name, param.required) for param in operation.parameters] == [("id", True)]
    [warning] = description.warnings
    assert (warning.remedy, warning.location) == (Remedy.REPAIRED, "paths./items/{id}.get.parameters[0]")
    assert "'id'" in warning.problem
