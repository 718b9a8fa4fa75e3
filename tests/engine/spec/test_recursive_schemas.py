"""Recursive schemas load finite: one expansion, then a marker; shared targets stay shared."""
from __future__ import annotations

import json

from scans.engine.spec import RECURSIVE, example_for, load_spec, validate_against

TREE = b"""
openapi: 3.0.3
info: {title: tree, version: '1'}
paths:
  /nodes:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Node'}
      responses:
        '201': {description: created}
components:
  schemas:
    Node:
      type: object
      required: [name]
      properties:
        name: {type: string}
        children: {type: array, items: {$ref: '#/components/schemas/Node'}}
        parent: {$ref: '#/components/schemas/Node'}
        left: {$ref: '#/components/schemas/Left'}
    Left:
      type: object
      properties: {right: {$ref: '#/components/schemas/Right'}}
    Right:
      type: object
      nullable: true
      properties: {left: {$ref: '#/components/schemas/Left'}}
"""


def test_self_reference_becomes_a_marker_after_the_first_level():
    node = load_spec(TREE).schemas["Node"]
    assert node["properties"]["parent"] == {"$ref": "#/components/schemas/Node", RECURSIVE: True, "type": "object"}
    assert node["properties"]["children"]["items"][RECURSIVE] is True


def test_mutual_recursion_ends_in_a_marker():
    left = load_spec(TREE).schemas["Left"]
    right = left["properties"]["right"]
    assert right["type"] == ["object", "null"]
    assert right["properties"]["left"] == {"$ref": "#/components/schemas/Left", RECURSIVE: True, "type": "object"}


def test_operation_schema_is_the_component_object_itself():
    description = load_spec(TREE)
    body = description.operations[0].request_body
    assert body is not None
    assert body.schema is description.schemas["Node"]


def test_synthesis_stops_at_markers_and_stays_valid():
    node = load_spec(TREE).schemas["Node"]
    value = example_for(node)
    assert value["name"]
    assert "parent" not in value and value.get("children", []) == []
    assert validate_against(node, value) == []
    json.dumps(value)


def test_fan_out_of_references_stays_linear():
    # Each level refers to the next one twice: copied trees would hold 2**24 nodes.
    levels = 24
    schemas = {
        f"L{i}": {"type": "object", "properties": {key: {"$ref": f"#/components/schemas/L{i + 1}"} for key in "ab"}}
        for i in range(levels)
    }
    schemas[f"L{levels}"] = {"type": "string"}
    document = {
        "openapi": "3.0.3", "info": {"title": "fan", "version": "1"}, "paths": {}, "components": {"schemas": schemas},
    }
    top = load_spec(json.dumps(document).encode()).schemas["L0"]
    node, depth = top, 0
    while node.get("type") == "object":
        assert node["properties"]["a"] is node["properties"]["b"]
        node, depth = node["properties"]["a"], depth + 1
    assert depth == levels
