"""Response headers past 300 KB, or past 100 lines, are refused before they are parsed: the reply
is a failed one saying why, and parsing never costs tens of MB. Long headers within the cap are
kept, and cut to an excerpt in evidence."""
from __future__ import annotations

from scans.engine.http.connection import MAX_HEADER_BYTES
from scans.engine.http.reply import HEADER_EXCERPT_CHARS
from tests.targets.hostile import WIDE_HEADERS

from .conftest import get, peak_memory


def test_headers_past_the_byte_cap_are_refused_cheaply(hostile_target):
    sent, peak = peak_memory(lambda: get(hostile_target, "/big-headers"))
    assert sent.reply.status == 0
    assert "response headers larger than 300 KB" in sent.reply.error
    assert peak < 4 * MAX_HEADER_BYTES, f"{peak:,} bytes held at once"


def test_more_than_a_hundred_headers_are_refused(hostile_target):
    sent = get(hostile_target, "/many-headers")
    assert sent.reply.status == 0 and "more than 100 headers" in sent.reply.error


def test_a_refused_answer_is_not_asked_for_again(hostile_target):
    for path in ("/many-headers", "/big-headers"):
        sent = get(hostile_target, path)
        assert sent.reply.status == 0
        assert len(sent.entries(hostile_target)) == 1, f"{path} was requested again after a malformed answer"


def test_long_headers_within_the_cap_are_kept_and_excerpted_in_evidence(hostile_target):
    reply = get(hostile_target, "/wide-headers").reply
    count, length = WIDE_HEADERS
    assert reply.status == 200 and len(reply.headers["X-Big-0"]) == length
    evidence = dict(reply.exchange().response.headers)
    assert [len(evidence[f"X-Big-{n}"]) for n in range(count)] == [HEADER_EXCERPT_CHARS + 1] * count
