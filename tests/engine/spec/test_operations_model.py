"""How operations are read: merged parameters, chosen body media type, responses, examples, warnings."""
from __future__ import annotations

from scans.engine.spec import load_spec

DOCUMENT = b"""
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /users/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: string}}
      - {name: verbose, in: query, schema: {type: boolean}}
      - {$ref: '#/components/parameters/Trace'}
    get:
      operationId: getUser
      summary: One user
      tags: [users]
      deprecated: true
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer, minimum: 1}}
        - {name: id, in: query, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json: {schema: {$ref: '#/components/schemas/User'}}
            text/plain: {schema: {type: string}}
        4xx: {$ref: '#/components/responses/Problem'}
        default: {description: other}
    put:
      requestBody:
        required: true
        content:
          text/plain: {schema: {type: string}}
          application/x-www-form-urlencoded: {schema: {$ref: '#/components/schemas/User'}}
          application/merge-patch+json:
            schema: {$ref: '#/components/schemas/User'}
            examples:
              first: {$ref: '#/components/examples/Alice'}
      responses: {'204': {description: done}}
  /files:
    post:
      requestBody:
        content:
          application/octet-stream: {schema: {type: string, format: binary}}
      responses: {'201': {description: created}}
components:
  parameters:
    Trace: {name: X-Trace, in: header, required: true, schema: {type: string}, example: abc}
  responses:
    Problem: {description: problem, content: {application/problem+json: {schema: {type: object}}}}
  examples:
    Alice: {value: {name: alice}}
  schemas:
    User:
      type: object
      properties: {name: {type: string}, age: {type: integer, nullable: true}}
"""


def _operations():
    return {op.key: op for op in load_spec(DOCUMENT).operations}


def test_operation_parameters_override_path_ones_by_name_and_location():
    get = _operations()["GET /users/{id}"]
    params = {(param.name, param.location): param for param in get.parameters}
    assert set(params) == {("id", "path"), ("verbose", "query"), ("X-Trace", "header"), ("id", "query")}
    assert params[("id", "path")].schema == {"type": "integer", "minimum": 1}
    assert params[("X-Trace", "header")].required and params[("X-Trace", "header")].example == "abc"
    assert not params[("verbose", "query")].required


def test_operation_metadata_is_kept():
    get = _operations()["GET /users/{id}"]
    assert (get.operation_id, get.summary, get.tags, get.deprecated) == ("getUser", "One user", ("users",), True)


def test_responses_keep_status_ranges_and_every_media_type():
    get = _operations()["GET /users/{id}"]
    responses = {response.status: response for response in get.responses}
    assert set(responses) == {"200", "4XX", "default"}
    assert set(responses["200"].content) == {"application/json", "text/plain"}
    assert responses["4XX"].description == "problem"
    assert responses["4XX"].content == {"application/problem+json": {"type": "object"}}


def test_nullable_is_rewritten_as_a_null_type():
    get = _operations()["GET /users/{id}"]
    user = get.responses[0].content["application/json"]
    assert user["properties"]["age"] == {"type": ["integer", "null"]}


def test_json_flavoured_body_beats_form_and_text_and_its_example_ref_is_followed():
    put = _operations()["PUT /users/{id}"]
    body = put.request_body
    assert body is not None
    assert body.content_type == "application/merge-patch+json"
    assert body.required is True
    assert body.example == {"name": "alice"}


def test_body_without_json_or_form_takes_the_first_media_type():
    body = _operations()["POST /files"].request_body
    assert body is not None and body.content_type == "application/octet-stream"


def test_path_parameter_missing_required_true_is_tolerated_with_a_warning():
    sloppy = DOCUMENT.replace(
        b"{name: id, in: path, required: true, schema: {type: integer, minimum: 1}}",
        b"{name: id, in: path, schema: {type: integer}}",
    )
    description = load_spec(sloppy)
    get = {op.key: op for op in description.operations}["GET /users/{id}"]
    assert [p.required for p in get.parameters if p.location == "path"] == [True]
    assert any("has no 'required: true'" in warning.problem for warning in description.warnings)


def test_path_parameter_absent_from_the_template_is_dropped_with_a_warning():
    extra = DOCUMENT.replace(
        b"      - {name: verbose, in: query",
        b"      - {name: org, in: path, required: true}\n      - {name: verbose, in: query",
    )
    description = load_spec(extra)
    get = {op.key: op for op in description.operations}["GET /users/{id}"]
    assert "org" not in {param.name for param in get.parameters}
    assert any("'org' is not in the path template" in warning.problem for warning in description.warnings)


def test_summary_is_json_safe_and_counts_operations():
    summary = load_spec(DOCUMENT).summary()
    assert summary["operations"] == 3
    assert summary["format"] == "openapi 3.0.3"


def test_extension_keys_among_paths_and_responses_are_skipped():
    extended = DOCUMENT.replace(b"paths:\n", b"paths:\n  x-internal: {note: kept aside}\n").replace(
        b"        default: {description: other}", b"        default: {description: other}\n        x-codegen: {skip: true}"
    )
    description = load_spec(extended)
    assert len(description.operations) == 3
    get = {op.key: op for op in description.operations}["GET /users/{id}"]
    assert {response.status for response in get.responses} == {"200", "4XX", "default"}
