"""Swagger 2.0 is read into the OpenAPI 3 shaped model: bodies, forms, media types, schemes, basePath."""
from __future__ import annotations

import pytest

from scans.engine.spec import load_spec

from .conftest import openapi_path, operation


@pytest.fixture(scope="module")
def petstore():
    return load_spec(openapi_path("petstore-swagger2.json"))


def test_body_parameter_becomes_the_request_body(petstore):
    add_pet = operation(petstore, "POST /pet")
    assert add_pet.request_body is not None
    assert add_pet.request_body.content_type == "application/json"
    assert add_pet.request_body.required is True
    assert set(add_pet.request_body.schema["required"]) == {"name", "photoUrls"}
    assert all(param.location != "body" for param in add_pet.parameters)


def test_form_data_parameters_become_a_urlencoded_body(petstore):
    update = operation(petstore, "POST /pet/{petId}")
    body = update.request_body
    assert body is not None
    assert body.content_type == "application/x-www-form-urlencoded"
    assert set(body.schema["properties"]) == {"name", "status"}
    assert [param.name for param in update.parameters] == ["petId"]


def test_file_upload_becomes_a_multipart_body_with_a_binary_field(petstore):
    upload = operation(petstore, "POST /pet/{petId}/uploadImage")
    body = upload.request_body
    assert body is not None
    assert body.content_type == "multipart/form-data"
    assert body.schema["properties"]["file"] == {"type": "string", "format": "binary"}


def test_produces_gives_the_response_media_types(petstore):
    get_pet = operation(petstore, "GET /pet/{petId}")
    ok = {response.status: response for response in get_pet.responses}["200"]
    assert set(ok.content) == {"application/xml", "application/json"}
    assert ok.content["application/json"]["properties"]["name"]["type"] == "string"


def test_query_parameter_types_become_a_schema(petstore):
    by_status = operation(petstore, "GET /pet/findByStatus")
    (status,) = by_status.parameters
    assert status.schema["type"] == "array"
    assert status.schema["items"]["enum"] == ["available", "pending", "sold"]


def test_security_definitions_become_schemes(petstore):
    schemes = petstore.security_schemes
    assert schemes["api_key"].type == "apiKey"
    assert (schemes["api_key"].location, schemes["api_key"].parameter_name) == ("header", "api_key")
    assert schemes["petstore_auth"].type == "oauth2"


def test_base_path_comes_from_basepath(petstore):
    assert petstore.base_path == "/v2"
    assert petstore.source_format == "swagger 2.0"


def test_swagger_definitions_are_the_named_schemas(petstore):
    assert {"Pet", "Order", "User", "Category", "Tag"} <= set(petstore.schemas)


def test_consumes_on_the_operation_overrides_the_global_one():
    document = b"""
swagger: '2.0'
info: {title: t, version: '1'}
consumes: [application/xml]
paths:
  /a:
    post:
      consumes: [text/plain, application/vnd.api+json]
      parameters: [{name: body, in: body, schema: {type: object}}]
      responses: {'200': {description: ok}}
  /b:
    post:
      parameters: [{name: body, in: body, schema: {type: object}}]
      responses: {'200': {description: ok}}
"""
    description = load_spec(document)
    types = {op.path: op.request_body.content_type for op in description.operations}
    assert types == {"/a": "application/vnd.api+json", "/b": "application/xml"}
