"""1 MB of gzip that inflates to 1 GB is inflated only up to the body cap, in bounded steps."""
from __future__ import annotations

from scans.engine.http.client import MAX_BODY_BYTES

from .conftest import get, peak_memory


def test_a_gzip_bomb_is_inflated_up_to_the_cap_only(hostile_target):
    sent, peak = peak_memory(lambda: get(hostile_target, "/gzip-bomb"))
    reply = sent.reply
    assert reply.status == 200 and reply.headers["Content-Encoding"] == "gzip"
    assert reply.truncated and len(reply.body) == MAX_BODY_BYTES
    assert reply.body.strip() == b"", "the body is the inflated bomb"
    assert peak < 4 * MAX_BODY_BYTES, f"{peak:,} bytes held at once while inflating"
