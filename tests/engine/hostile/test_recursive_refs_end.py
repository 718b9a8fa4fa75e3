"""`$ref`s that loop or chain without end are refused or kept finite, never followed forever."""
from __future__ import annotations

import json

import pytest

from scans.engine.spec import RECURSIVE, SpecError, load_spec


def description(**components: dict) -> bytes:
    body = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/S0"}}}}
    return json.dumps({
        "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"post": {"parameters": [{"$ref": "#/components/parameters/P"}], "requestBody": body,
                                  "responses": {"200": {"description": "ok"}}}}},
        "components": {"parameters": {"P": {"name": "p", "in": "query", "schema": {"type": "string"}}},
                       **components},
    }).encode()


def test_a_schema_that_is_a_ref_to_itself_ends_in_a_marker():
    [operation] = load_spec(description(schemas={"S0": {"$ref": "#/components/schemas/S0"}})).operations
    assert operation.request_body is not None and operation.request_body.schema[RECURSIVE] is True


def test_a_parameter_that_is_a_ref_to_itself_is_refused():
    content = json.loads(description(schemas={"S0": {"type": "string"}}))
    content["components"]["parameters"]["P"] = {"$ref": "#/components/parameters/P"}
    with pytest.raises(SpecError, match=r"'\$ref' cycle"):
        load_spec(json.dumps(content).encode())


def test_path_items_referring_to_each_other_are_refused():
    content = json.loads(description(schemas={"S0": {"type": "string"}}))
    content["paths"] = {"/a": {"$ref": "#/paths/~1b"}, "/b": {"$ref": "#/paths/~1a"}}
    with pytest.raises(SpecError, match=r"'\$ref' cycle"):
        load_spec(json.dumps(content).encode())


def test_a_chain_of_a_hundred_thousand_refs_is_refused():
    chain = {f"S{n}": {"$ref": f"#/components/schemas/S{n + 1}"} for n in range(100_000)}
    with pytest.raises(SpecError, match="nested too deeply to resolve"):
        load_spec(description(schemas={**chain, "S100000": {"type": "string"}}))
