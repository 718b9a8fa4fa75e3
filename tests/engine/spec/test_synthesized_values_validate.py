"""Values synthesized for real descriptions validate against their own schemas (jsonschema decides)."""
from __future__ import annotations

import random

import pytest

from scans.engine.spec import build_request, example_for, load_spec, validate_against

from .conftest import openapi_path


def _violations(description, *, rng=None, every=1):
    """(operation, what, errors) for each synthesized value that its schema rejects."""
    found = []
    for operation in description.operations[::every]:
        request = build_request(operation, rng=rng, optional=True)
        for param in operation.parameters:
            value = request.path_params.get(param.name) if param.location == "path" else None
            if param.location == "path":
                errors = validate_against(param.schema, value)
                if errors:
                    found.append((operation.key, param.name, errors))
        body = operation.request_body
        if body is not None and body.content_type.split(";")[0].endswith("json"):
            errors = validate_against(body.schema, request.body)
            if errors:
                found.append((operation.key, "body", errors))
    return found


@pytest.mark.parametrize("name", ["petstore-3.1.yaml", "museum-3.1.yaml", "petstore-swagger2.json"])
def test_every_request_of_a_small_description_is_valid(name):
    description = load_spec(openapi_path(name))
    assert _violations(description) == []
    assert _violations(description, rng=random.Random(7)) == []


def test_every_github_request_body_is_valid(github):
    assert _violations(github) == []


def test_a_sample_of_github_requests_is_valid_with_random_choices(github):
    assert _violations(github, rng=random.Random(11), every=5) == []


def test_every_digitalocean_request_body_is_valid(digitalocean):
    assert _violations(digitalocean) == []
    assert _violations(digitalocean, rng=random.Random(3), every=3) == []


def test_every_discord_request_body_is_valid(discord):
    assert _violations(discord) == []
    assert _violations(discord, rng=random.Random(5)) == []


def test_every_github_component_schema_yields_a_valid_value(github):
    rejected = {}
    for name, schema in github.schemas.items():
        errors = validate_against(schema, example_for(schema))
        if errors:
            rejected[name] = errors
    assert rejected == {}
