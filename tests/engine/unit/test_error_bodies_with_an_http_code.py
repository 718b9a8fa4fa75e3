"""A 200 whose body carries an HTTP error code beside a message is an error answer; a record that
merely has a code field is not."""
from __future__ import annotations

from scans.engine.kb.jsondata import looks_like_error_body


def test_an_http_error_code_beside_a_message_is_an_error_body() -> None:
    assert looks_like_error_body({"status": 404, "message": "Not found"})
    assert looks_like_error_body({"code": "401", "msg": "Login first"})
    assert looks_like_error_body({"statusCode": 500, "detail": "Something broke"})


def test_codes_that_are_no_error_or_belong_to_a_record_are_not() -> None:
    assert not looks_like_error_body({"status": 200, "message": "Done"})
    assert not looks_like_error_body({"id": 7, "code": 404, "description": "Not Found"})
    assert not looks_like_error_body({"code": 404, "name": "coupon"})
    assert not looks_like_error_body({"status": True, "message": "ok"})
