"""`build_request` fills a concrete request; values the scan learned (`known`) win over synthesized ones."""
from __future__ import annotations

import dataclasses
import random

import pytest

from scans.engine.model import Operation, Parameter, RequestBody
from scans.engine.spec import RequestSpec, build_request


def _op(path="/users/{user_id}/posts/{id}", *, params=(), body=None, method="GET"):
    return Operation(method=method, path=path, parameters=tuple(params), request_body=body)


PATH_PARAMS = (
    Parameter("user_id", "path", True, {"type": "integer"}),
    Parameter("id", "path", True, {"type": "string", "format": "uuid"}),
)


def test_path_is_filled_and_required_parameters_are_present():
    op = _op(params=[
        *PATH_PARAMS,
        Parameter("limit", "query", True, {"type": "integer", "minimum": 5}),
        Parameter("sort", "query", False, {"type": "string"}),
        Parameter("X-Tenant", "header", True, {"type": "string"}, example="acme"),
        Parameter("session", "cookie", True, {"type": "boolean"}),
    ])
    request = build_request(op)
    assert isinstance(request, RequestSpec)
    assert request.method == "GET"
    assert request.path == "/users/1/posts/3fa85f64-5717-4562-b3fc-2c963f66afa6"
    assert request.path_params == {"user_id": 1, "id": "3fa85f64-5717-4562-b3fc-2c963f66afa6"}
    assert request.query == {"limit": "5"}
    assert request.headers == {"X-Tenant": "acme"}
    assert request.cookies == {"session": "true"}
    assert request.body is None and request.content_type == ""


def test_optional_parameters_only_on_request():
    op = _op(params=[*PATH_PARAMS, Parameter("sort", "query", False, {"type": "string", "enum": ["asc", "desc"]})])
    assert "sort" not in build_request(op).query
    assert build_request(op, optional=True).query == {"sort": "asc"}


def test_path_values_are_url_encoded():
    request = build_request(_op(params=PATH_PARAMS), known={"user_id": "a b/c?d", "id": "ü"})
    assert request.path == "/users/a%20b%2Fc%3Fd/posts/%C3%BC"
    assert request.path_params["user_id"] == "a b/c?d"


@pytest.mark.parametrize(
    ("known", "expected_user", "expected_post"),
    [
        ({"posts.id": 9, "id": 1, "user_id": 2}, 2, 9),
        ({"post.id": 9, "id": 1}, 1, 9),
        ({"users.user_id": 5, "user_id": 6}, 5, "3fa85f64-5717-4562-b3fc-2c963f66afa6"),
        ({"userId": 7}, 7, "3fa85f64-5717-4562-b3fc-2c963f66afa6"),
        ({"user.id": 8}, 8, "3fa85f64-5717-4562-b3fc-2c963f66afa6"),
        ({"id": 4}, 4, 4),
    ],
)
def test_known_values_win_in_the_documented_order(known, expected_user, expected_post):
    request = build_request(_op(params=PATH_PARAMS), known=known)
    assert request.path_params == {"user_id": expected_user, "id": expected_post}


def test_generic_id_is_not_used_for_names_that_are_not_ids():
    op = _op("/repos/{owner}/{repo}", params=[Parameter(name, "path", True, {"type": "string"}) for name in ("owner", "repo")])
    request = build_request(op, known={"id": 5, "repo": "hello-world"})
    assert request.path == "/repos/nat-owner/hello-world"


def test_known_values_also_fill_query_parameters_and_body_properties():
    body = RequestBody("application/json", {"type": "object", "required": ["owner_id", "title"], "properties": {
        "owner_id": {"type": "integer"}, "title": {"type": "string"}}})
    op = _op("/notes", params=[Parameter("project-id", "query", True, {"type": "integer"})], body=body, method="POST")
    request = build_request(op, known={"projectId": 3, "owner_id": 42})
    assert request.query == {"project-id": "3"}
    assert request.body == {"owner_id": 42, "title": "nat-title"}
    assert request.content_type == "application/json"


def test_declared_examples_are_used_when_they_fit():
    schema = {"type": "string", "pattern": "^[A-Z]{3}$"}
    op = _op("/items/{sku}", params=[Parameter("sku", "path", True, schema, example="ABC")])
    assert build_request(op).path == "/items/ABC"
    bad_example = dataclasses.replace(op, parameters=(Parameter("sku", "path", True, schema, example="toolong"),))
    assert build_request(bad_example).path == "/items/AAA"


def test_body_example_is_used_when_it_fits_the_schema():
    schema = {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}
    op = _op("/pets", body=RequestBody("application/json", schema, example={"name": "Rex"}), method="POST")
    assert build_request(op).body == {"name": "Rex"}
    broken = _op("/pets", body=RequestBody("application/json", schema, example={"nom": "Rex"}), method="POST")
    assert build_request(broken).body == {"name": "nat-name"}


def test_form_bodies_are_flat_text_fields():
    schema = {
        "type": "object",
        "required": ["age", "admin"],
        "properties": {"age": {"type": "integer"}, "admin": {"type": "boolean"}},
    }
    op = _op("/form", body=RequestBody("application/x-www-form-urlencoded", schema), method="POST")
    request = build_request(op)
    assert request.body == {"age": "1", "admin": "true"}
    assert request.content_type == "application/x-www-form-urlencoded"


def test_query_arrays_repeat_and_objects_spread():
    op = _op("/search", params=[
        Parameter("tags", "query", True, {"type": "array", "items": {"type": "string", "enum": ["a"]}, "minItems": 2}),
        Parameter("filter", "query", True, {
            "type": "object", "required": ["state"], "properties": {"state": {"type": "string", "enum": ["open"]}},
        }),
    ])
    assert build_request(op).query == {"tags": ["a", "a"], "state": "open"}


def test_reserved_headers_are_left_to_the_http_layer():
    names = ("Authorization", "Accept", "Content-Type", "X-Request-Id")
    op = _op("/x", params=[Parameter(name, "header", True, {"type": "string"}) for name in names])
    assert set(build_request(op).headers) == {"X-Request-Id"}


def test_rng_gives_fresh_values_for_repeated_creation():
    schema = {"type": "object", "required": ["username"], "properties": {"username": {"type": "string"}}}
    body = RequestBody("application/json", schema)
    op = _op("/users", body=body, method="POST")
    rng = random.Random(1)
    assert build_request(op, rng=rng).body != build_request(op, rng=rng).body


def test_json_body_without_a_schema_is_an_empty_object_and_examples_are_copied():
    assert build_request(_op("/ping", body=RequestBody("application/json"), method="POST")).body == {}
    example = {"tags": ["a"]}
    op = _op("/pets", body=RequestBody("application/json", {"type": "object"}, example=example), method="POST")
    build_request(op).body["tags"].append("changed")
    assert example == {"tags": ["a"]}
