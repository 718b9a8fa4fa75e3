"""Bodies declared as JSON that are not UTF-8, are binary, or nest thousands of levels deep are read
as text: no check sees a decoding or recursion error, and each can still become evidence."""
from __future__ import annotations

import pytest

from scans.engine.checks import compare, signatures
from scans.engine.http.reply import MAX_JSON_DEPTH, MISSING, parse_json

from .conftest import get

MALFORMED = ["/latin1", "/binary", "/deep", "/nested"]


@pytest.mark.parametrize("path", MALFORMED)
def test_the_body_is_not_json_but_is_text(hostile_target, path):
    reply = get(hostile_target, path).reply
    assert reply.status == 200 and reply.content_type == "application/json"
    assert reply.data is MISSING and not reply.is_json
    assert reply.text


@pytest.mark.parametrize("path", MALFORMED)
def test_checks_read_it_without_error(hostile_target, path):
    reply = get(hostile_target, path).reply
    assert compare.answer(reply, ["x"]).records == -1
    assert signatures.database_error(reply.text) == ""
    assert signatures.framework_error(reply.text) == ("", "")
    assert reply.exchange().response.status == 200


def test_json_up_to_the_depth_limit_is_still_json():
    assert parse_json("[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH) is not MISSING
    assert parse_json("[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1)) is MISSING
