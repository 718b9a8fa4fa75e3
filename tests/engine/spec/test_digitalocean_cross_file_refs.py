"""DigitalOcean's multi-file description: operations, parameters and schemas that live in other files."""
from __future__ import annotations

from .conftest import operation


def test_operation_object_that_is_a_ref_to_another_file_is_read(digitalocean):
    droplet = operation(digitalocean, "GET /v2/droplets/{droplet_id}")
    assert droplet.operation_id == "droplets_get"
    assert droplet.tags == ("Droplets",)
    assert droplet.security == ({"bearer_auth": ("droplet:read",)},)


def test_parameter_ref_relative_to_the_operation_file_is_resolved(digitalocean):
    droplet = operation(digitalocean, "GET /v2/droplets/{droplet_id}")
    (param,) = droplet.parameters
    assert (param.name, param.location, param.required) == ("droplet_id", "path", True)
    assert param.schema == {"type": "integer", "minimum": 1}
    assert param.example == 3164444


def test_response_schema_two_files_away_is_inlined(digitalocean):
    droplet = operation(digitalocean, "GET /v2/droplets/{droplet_id}")
    responses = {response.status: response for response in droplet.responses}
    body = responses["200"].content["application/json"]
    droplet_schema = body["properties"]["droplet"]
    assert droplet_schema["properties"]["id"]["type"] == "integer"
    assert "$ref" not in droplet_schema["properties"]["region"]
    error = responses["404"].content["application/json"]
    assert error["required"] == ["id", "message"]


def test_properties_map_given_as_a_ref_is_merged(digitalocean):
    create = operation(digitalocean, "POST /v2/load_balancers")
    assert create.request_body is not None
    branch = create.request_body.schema["oneOf"][0]
    parts = branch["allOf"]
    assert any("droplet_ids" in part.get("properties", {}) for part in parts)


def test_yaml_11_booleans_stay_strings_in_enums(digitalocean):
    droplet = operation(digitalocean, "GET /v2/droplets/{droplet_id}")
    body = {r.status: r for r in droplet.responses}["200"].content["application/json"]
    assert body["properties"]["droplet"]["properties"]["status"]["enum"] == ["new", "active", "off", "archive"]


def test_the_same_target_is_shared_not_copied(digitalocean):
    errors = [
        response.content["application/json"]
        for op in digitalocean.operations
        for response in op.responses
        if response.status == "401" and "application/json" in response.content
    ]
    assert len(errors) > 100
    assert len({id(schema) for schema in errors}) == 1
