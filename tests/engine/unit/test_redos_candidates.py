"""ReDoS candidates and growth: nested-quantifier patterns give the character to pump and a tail they
reject; the next step is predicted from the rise so far and never sent past the time limit; a rise
counts only when it is steep, steady and clear of noise."""
from __future__ import annotations

from scans.engine.checks.inputs import InputPoint
from scans.engine.checks.redos import MAX_SECONDS, _attack, _predicted, _rising
from scans.engine.http.redact import Redactor
from scans.engine.http.reply import Reply
from scans.engine.model import Operation

OP = Operation(method="GET", path="/tags")


def _point(name: str, schema: dict) -> InputPoint:
    return InputPoint(OP, "query", name, schema)


def _reply(elapsed: float) -> Reply:
    return Reply(method="GET", url="http://127.0.0.1/tags", request_headers=(), request_body=None, status=200,
                 headers={}, body=b"{}", truncated=False, elapsed=elapsed, identity="primary", template="/tags",
                 redactor=Redactor())


def test_a_nested_quantifier_pattern_gives_a_pump_and_a_rejected_tail() -> None:
    assert _attack(_point("code", {"type": "string", "pattern": "^([a-z0-9]+-?)*$"})) == ("a", "!")
    assert _attack(_point("code", {"type": "string", "pattern": "^(\\d+)+$"})) == ("0", "!")
    assert _attack(_point("code", {"type": "string", "pattern": "^[a-z]+$"})) is None
    assert _attack(_point("email", {"type": "string"})) == ("a", "!")


def test_the_next_step_is_predicted_from_the_rise_so_far() -> None:
    assert _predicted([], 64) == 0.0
    assert _predicted([(20, 0.1), (22, 0.4)], 24) > MAX_SECONDS / 2
    assert _predicted([(20, 0.1), (22, 0.4)], 30) > MAX_SECONDS
    assert _predicted([(20, 0.1), (22, 0.1)], 32768) < 1.0


def test_only_a_steep_steady_clear_rise_counts() -> None:
    plain = 0.01
    rising = [(18, 0.04, _reply(0.04)), (20, 0.15, _reply(0.15)), (22, 0.6, _reply(0.6))]
    assert [step[0] for step in _rising(rising, plain)] == [18, 20, 22]
    assert _rising(rising[:2], plain) == []
    linear = [(1024, 0.1, _reply(0.1)), (4096, 0.35, _reply(0.35)), (16384, 1.3, _reply(1.3))]
    assert _rising(linear, plain) == []
    noisy = [(18, 0.04, _reply(0.04)), (20, 0.5, _reply(0.5)), (22, 0.45, _reply(0.45))]
    assert _rising(noisy, plain) == []
