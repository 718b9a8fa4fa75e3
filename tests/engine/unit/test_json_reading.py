"""Reading answers without a schema: envelopes, ids, owners, likeness and error bodies."""
from __future__ import annotations

from scans.engine.kb import jsondata


def test_records_are_found_in_lists_and_envelopes() -> None:
    assert jsondata.records_in([{"id": 1}, {"name": "no id"}]) == [{"id": 1}]
    assert jsondata.records_in({"data": [{"uuid": "u"}]}) == [{"uuid": "u"}]
    assert jsondata.records_in({"results": [{"id": 2}], "count": 1}) == [{"id": 2}]
    assert jsondata.records_in({"data": {"slug": "a-b"}}) == [{"slug": "a-b"}]


def test_ids_follow_the_path_parameter_name() -> None:
    record = {"id": 7, "slug": "my-doc", "order_id": 3}
    assert jsondata.id_for(record, "slug") == "my-doc"
    assert jsondata.id_for(record, "order_id") == "3"
    assert jsondata.id_for({"id": 7}, "note_id") == "7"
    assert jsondata.id_for({"name": "x"}, "id") == ""


def test_owner_fields_are_read_directly_or_from_a_nested_user() -> None:
    assert jsondata.owner_of({"owner_id": "u-1"}) == "u-1"
    assert jsondata.owner_of({"author": {"id": 5, "login": "x"}}) == "5"
    assert jsondata.owner_of({"title": "x"}) == ""


def test_likeness_ignores_volatile_values() -> None:
    a = {"id": 1, "title": "t", "updated_at": "2024-01-01T00:00:00Z", "trace": "a1b2c3d4e5f60718293a"}
    b = {"id": 1, "title": "t", "updated_at": "2025-05-05T10:00:00Z", "trace": "ffffffffffffffff0000"}
    assert jsondata.likeness(a, b) == 1.0
    assert jsondata.likeness(a, {"id": 2, "title": "u"}) < 0.5


def test_error_bodies_are_recognised_whatever_the_status() -> None:
    assert jsondata.looks_like_error_body({"error": {"code": "x"}})
    assert jsondata.looks_like_error_body({"ok": False, "data": None})
    assert not jsondata.looks_like_error_body({"id": 3, "title": "x"})
