"""An answer trickling in a byte a second never trips a socket timeout; the scan's per-request
timeout still bounds the whole exchange, headers and body alike."""
from __future__ import annotations

from scans.engine.http.reply import Call
from tests.targets.hostile_scan import ANONYMOUS, client_for

from .conftest import TIMEOUT, get


def test_a_trickling_body_is_cut_and_kept_as_truncated(hostile_target):
    sent = get(hostile_target, "/drip")
    assert sent.reply.status == 200 and sent.reply.truncated and not sent.reply.error
    [entry] = sent.entries(hostile_target)
    assert not entry["finished"], "the client waited for the whole drip"


def test_trickling_headers_are_no_answer(hostile_target):
    sent = get(hostile_target, "/drip-headers")
    assert sent.reply.status == 0
    assert sent.reply.error == f"no response within {TIMEOUT:g} s"
    entries = sent.entries(hostile_target)
    assert len(entries) == 1, "a timeout is not retried"
    assert not entries[0]["finished"]


def test_the_client_answers_normally_after_a_cut(hostile_target):
    client = client_for(hostile_target.url, timeout=TIMEOUT)
    try:
        dripped = client.send(Call("GET", "/drip", template="/drip"), ANONYMOUS)
        after = client.send(Call("GET", "/latin1", template="/latin1"), ANONYMOUS)
    finally:
        client.close()
    assert dripped.truncated
    assert after.status == 200 and not after.truncated and after.body.startswith(b'{"name"')
