"""Every real description in the shared data loads, with the operation counts SOURCES.md gives."""
from __future__ import annotations

import pytest

from scans.engine.spec import load_spec

from .conftest import openapi_path, operation

COUNTS = {
    "github-api.json": (1223, "openapi 3.0.3"),
    "digitalocean/DigitalOcean-public.v2.yaml": (659, "openapi 3.0.0"),
    "discord-3.1.json": (242, "openapi 3.1.0"),
    "museum-3.1.yaml": (8, "openapi 3.1.0"),
    "petstore-3.1.yaml": (6, "openapi 3.1.1"),
    "petstore-swagger2.json": (20, "swagger 2.0"),
}


@pytest.mark.parametrize("name", ["museum-3.1.yaml", "petstore-3.1.yaml", "petstore-swagger2.json"])
def test_small_document_loads_with_its_operation_count(name):
    description = load_spec(openapi_path(name))
    expected_ops, expected_format = COUNTS[name]
    assert len(description.operations) == expected_ops
    assert description.source_format == expected_format
    assert len({op.key for op in description.operations}) == expected_ops


def test_github_loads_every_operation(github):
    assert len(github.operations) == COUNTS["github-api.json"][0]
    assert github.source_format == COUNTS["github-api.json"][1]
    assert len(github.schemas) >= 900
    assert github.warnings == ()


def test_digitalocean_loads_every_operation(digitalocean):
    assert len(digitalocean.operations) == 659
    assert digitalocean.source_format == "openapi 3.0.0"


def test_discord_loads_every_operation_and_its_server_path(discord):
    assert len(discord.operations) == 242
    assert discord.base_path == "/api/v10"


def test_github_operation_has_its_parameters_resolved(github):
    op = operation(github, "GET /repos/{owner}/{repo}/issues/{issue_number}")
    assert op.operation_id == "issues/get"
    by_name = {param.name: param for param in op.parameters}
    assert set(by_name) == {"owner", "repo", "issue_number"}
    assert all(param.location == "path" and param.required for param in by_name.values())
    assert by_name["issue_number"].schema.get("type") == "integer"
    ok = {response.status: response for response in op.responses}["200"]
    issue = ok.content["application/json"]
    assert "$ref" not in issue
    assert {"id", "number", "title", "user"} <= set(issue["properties"])


def test_github_json_request_body_prefers_json_media_type(github):
    op = operation(github, "POST /repos/{owner}/{repo}/issues")
    assert op.request_body is not None
    assert op.request_body.content_type == "application/json"
    assert "title" in op.request_body.schema["required"]


def test_webhooks_are_not_operations():
    description = load_spec(openapi_path("museum-3.1.yaml"))
    assert all(op.path.startswith("/") for op in description.operations)
    assert not any("publishNewEvent" in op.operation_id for op in description.operations)


def test_petstore_31_defects_become_warnings_not_errors():
    description = load_spec(openapi_path("petstore-3.1.yaml"))
    assert any("'$ref' is null" in warning.problem for warning in description.warnings)
    details_id = description.schemas["Pet"]["properties"]["petDetailsId"]
    assert details_id["type"] == "integer"
    assert details_id["$anchor"] == "pet_details_id"


def test_ref_siblings_combine_with_the_target():
    description = load_spec(openapi_path("petstore-3.1.yaml"))
    body = operation(description, "PUT /pet").request_body
    assert body is not None
    assert set(body.schema["required"]) == {"name", "photoUrls", "id"}
    assert body.schema["description"] == "A Pet in JSON Format"


def test_yaml_dates_stay_strings_so_values_are_json_safe():
    description = load_spec(openapi_path("museum-3.1.yaml"))
    body = operation(description, "POST /tickets").request_body
    assert body is not None
    assert isinstance(body.example["ticketDate"], str)
