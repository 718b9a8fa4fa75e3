"""Small imperfect descriptions for the tests of how the loader reads past their defects."""
from __future__ import annotations

import json
from typing import Any

from scans.engine.model import ApiDescription, Operation, Remedy, SpecWarning
from scans.engine.spec import load_spec

OK = {"200": {"description": "OK"}}


def swagger(paths: dict[str, Any], **root: Any) -> bytes:
    return json.dumps({"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": paths, **root}).encode()


def openapi(paths: dict[str, Any], **root: Any) -> bytes:
    return json.dumps({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths, **root}).encode()


def get(*parameters: dict[str, Any]) -> dict[str, Any]:
    return {"get": {"parameters": list(parameters), "responses": OK}}


def only_operation(content: bytes, **kwargs: Any) -> tuple[Operation, ApiDescription]:
    description = load_spec(content, **kwargs)
    assert len(description.operations) == 1, [operation.key for operation in description.operations]
    return description.operations[0], description


def warnings_at(description: ApiDescription, location: str) -> list[tuple[Remedy, SpecWarning]]:
    """`(remedy, warning)` of every warning at `location`, so tests compare the remedy first."""
    return [(warning.remedy, warning) for warning in description.warnings if warning.location == location]
