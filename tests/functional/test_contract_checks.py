"""One answer against its operation's contract: documented status, content type and schema."""
from __future__ import annotations

import json

from scans.engine.model import Operation, Response
from scans.functional.contract_checks import documented_response, response_problems

ITEM = {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}}
OPERATION = Operation(
    method="GET",
    path="/items/{id}",
    responses=(
        Response("200", {"application/json": ITEM}),
        Response("4XX", {"application/problem+json": {}}),
        Response("default", {}),
    ),
)


def problems(status=200, content_type="application/json", body=b'{"id": 1}', operation=OPERATION):
    return response_problems(operation, status=status, content_type=content_type, body=body)


def test_a_documented_answer_with_a_valid_body_keeps_the_contract():
    assert problems() == []
    assert problems(content_type="application/json; charset=utf-8") == []


def test_a_body_breaking_the_schema_says_where():
    [problem] = problems(body=json.dumps({"id": "one"}).encode())
    assert "$.id" in problem and "integer" in problem and "HTTP 200" in problem


def test_undeclared_content_type_is_a_problem():
    [problem] = problems(content_type="text/html", body=b"<p>hi</p>")
    assert "text/html" in problem and "application/json" in problem


def test_a_json_body_that_does_not_parse_is_a_problem():
    [problem] = problems(body=b"{not json")
    assert "not valid JSON" in problem


def test_an_empty_body_where_content_is_documented_is_a_problem():
    assert "empty body" in problems(body=b"")[0]


def test_status_ranges_and_default_match_in_that_order():
    assert documented_response(OPERATION, 200).status == "200"
    assert documented_response(OPERATION, 404).status == "4XX"
    assert documented_response(OPERATION, 302).status == "default"
    assert problems(status=404, content_type="application/problem+json", body=b'{"title": "gone"}') == []


def test_undocumented_status_is_a_problem_when_there_is_no_default():
    strict = Operation(method="GET", path="/items", responses=(Response("200", {"application/json": {}}),))
    [problem] = problems(status=404, operation=strict)
    assert "HTTP 404 is not a documented response" in problem and "200" in problem


def test_a_server_error_fails_even_when_a_default_response_is_documented():
    [problem] = problems(status=500, content_type="text/plain", body=b"boom")
    assert "HTTP 500" in problem


def test_wildcard_media_types_accept_any_subtype():
    wild = Operation(method="GET", path="/file", responses=(Response("200", {"image/*": {}}),))
    assert problems(content_type="image/png", body=b"\x89PNG", operation=wild) == []
    assert problems(content_type="text/plain", body=b"x", operation=wild) != []
