"""A 512 MB body is read up to the cap and the connection dropped: the target stops sending, and
the client never holds more than a few copies of the cap."""
from __future__ import annotations

from scans.engine.http.client import MAX_BODY_BYTES
from tests.targets.hostile import HUGE_BYTES

from .conftest import get, peak_memory


def test_a_huge_body_is_cut_at_the_cap(hostile_target):
    sent = get(hostile_target, "/huge")
    assert sent.reply.status == 200 and sent.reply.truncated
    assert len(sent.reply.body) == MAX_BODY_BYTES


def test_the_connection_is_dropped_instead_of_drained(hostile_target):
    sent = get(hostile_target, "/huge")
    [entry] = sent.entries(hostile_target)
    assert not entry["finished"]
    assert entry["sent"] < HUGE_BYTES // 16, f"the target sent {entry['sent']:,} bytes before the client left"


def test_reading_it_holds_a_few_times_the_cap_at_most(hostile_target):
    sent, peak = peak_memory(lambda: get(hostile_target, "/huge"))
    assert sent.reply.truncated
    assert peak < 4 * MAX_BODY_BYTES, f"{peak:,} bytes held at once"
