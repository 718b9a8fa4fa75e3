"""Where injection checks put values: free-text inputs only (no enums, parsed formats or secrets),
reads and creations only, and calls that change one input and keep the rest of the request valid."""
from __future__ import annotations

import json
from urllib.parse import parse_qsl

from scans.engine.checks.context import ProbeContext, ScanEvents, ScanServices
from scans.engine.checks.inputs import Injector, can_inject, input_points
from scans.engine.checks.registry import CHECKS, load_builtin_checks
from scans.engine.checks.timing import TimingLane
from scans.engine.config import ScanOptions
from scans.engine.http.control import ScanControl
from scans.engine.identity.configured import anonymous_identity
from scans.engine.kb.knowledge import KnowledgeBase
from scans.engine.model import ApiDescription, Operation, Parameter, RequestBody

SEARCH = Operation(method="GET", path="/shops/{shop}/items", parameters=(
    Parameter("shop", "path", required=True, schema={"type": "string"}, example="north"),
    Parameter("q", "query", required=False, schema={"type": "string"}, example="kettle"),
    Parameter("sort", "query", required=False, schema={"type": "string", "enum": ["asc", "desc"]}),
    Parameter("since", "query", required=False, schema={"type": "string", "format": "date-time"}),
    Parameter("limit", "query", required=True, schema={"type": "integer"}, example=10),
))
CREATE = Operation(method="POST", path="/items", request_body=RequestBody("application/json", schema={
    "type": "object", "required": ["name"],
    "properties": {"name": {"type": "string"}, "password": {"type": "string"}, "size": {"type": "integer"}}}))


def _context() -> ProbeContext:
    load_builtin_checks()
    kb = KnowledgeBase(ApiDescription("t", "1", "openapi 3.0.3", operations=(SEARCH, CREATE)),
                       anonymous=anonymous_identity())
    return ProbeContext(check=CHECKS.get("sql_injection"), kb=kb, client=None, options=ScanOptions(),  # type: ignore[arg-type]
                        events=ScanEvents(), services=ScanServices(timing=TimingLane(ScanControl())))


def test_only_free_text_inputs_count_as_text() -> None:
    points = {point.name: point for point in input_points(SEARCH) + input_points(CREATE)}
    assert {name for name, point in points.items() if point.is_text} == {"shop", "q", "name"}
    assert points["limit"].is_number and points["size"].is_number


def test_reads_and_creations_are_injected_but_not_changes_of_existing_objects() -> None:
    assert can_inject(SEARCH) and can_inject(CREATE)
    assert not can_inject(Operation(method="PUT", path="/items/{id}"))
    assert not can_inject(Operation(method="POST", path="/admin/reset-database"))


def test_an_injector_changes_one_input_and_keeps_the_others() -> None:
    ctx = _context()
    points = {point.name: point for point in input_points(SEARCH) + input_points(CREATE)}
    query = Injector(ctx, points["q"])
    assert query.base_value == "kettle"
    call = query.call("x'")
    assert dict(call.query)["q"] == "x'" and dict(call.query)["limit"] == "10" and call.path == "/shops/north/items"
    path = Injector(ctx, points["shop"]).call("../x y")
    assert path.path == "/shops/..%2Fx%20y/items" and dict(parse_qsl("&".join(f"{k}={v}" for k, v in path.query)))
    body = Injector(ctx, points["name"]).call({"$ne": "x"})
    assert json.loads(body.body)["name"] == {"$ne": "x"} and body.content_type == "application/json"
