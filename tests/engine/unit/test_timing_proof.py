"""Time-based proof on a simulated target (no real waiting): a delay that follows the payload at two
durations, each against a same-length control, is proven; an input that waits whatever it says, a
one-off slow answer, or a spent budget prove nothing."""
from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from scans.engine.checks.timing import (
    HEAVY_PROBE_ROWS,
    BudgetSpent,
    Delay,
    DelayProof,
    NoDelay,
    TimingLane,
    prove_delay,
)
from scans.engine.http.control import ScanControl
from scans.engine.http.redact import Redactor
from scans.engine.http.reply import Reply

SLEEP = Delay("test sleep", lambda seconds: f"v;sleep {seconds:g}", lambda seconds: f"v;sleex {seconds:g}")
HEAVY = Delay("test count", lambda rows: f"v count<{rows:d}", lambda rows: f"v count>{rows:d}", heavy=True)
PLAIN = 0.01


def reply(elapsed: float) -> Reply:
    return Reply(method="GET", url="http://127.0.0.1/x", request_headers=(), request_body=None, status=200,
                 headers={}, body=b"{}", truncated=False, elapsed=elapsed, identity="primary", template="/x",
                 redactor=Redactor())


def target(answer_time: Callable[[str], float]) -> tuple[Callable[[str], Reply], list[str]]:
    sent: list[str] = []

    def send(value: str) -> Reply:
        sent.append(value)
        return reply(PLAIN + answer_time(value))

    return send, sent


def lane(budget: float = 30.0) -> TimingLane:
    return TimingLane(ScanControl(), budget=budget)


def test_a_sleep_that_follows_the_payload_is_proven() -> None:
    send, sent = target(lambda value: float(value.split("sleep ")[1]) if "sleep " in value else 0.0)
    proof = prove_delay(send, SLEEP, plain=reply(PLAIN), lane=lane())
    assert isinstance(proof, DelayProof) and "answered after 1.01 s and 2.01 s" in proof.why
    assert sent == ["v;sleep 1", "v;sleex 1", "v;sleep 1", "v;sleex 2", "v;sleep 2"]
    assert [note for _, note in proof.evidence][1:] == ["control for 1 s", "asks for 1 s", "control for 2 s",
                                                        "asks for 2 s"]


def test_an_input_that_waits_for_any_number_is_self_delaying() -> None:
    send, sent = target(lambda value: float(re.findall(r"\d+", value)[-1]))
    outcome = prove_delay(send, SLEEP, plain=reply(PLAIN), lane=lane())
    assert isinstance(outcome, NoDelay) and outcome.self_delaying
    assert sent == ["v;sleep 1", "v;sleex 1"]


def test_a_delay_that_does_not_follow_the_payload_is_not_proven() -> None:
    send, _ = target(lambda value: 1.0 if "sleep" in value else 0.0)
    outcome = prove_delay(send, SLEEP, plain=reply(PLAIN), lane=lane())
    assert isinstance(outcome, NoDelay) and not outcome.self_delaying and "did not follow" in outcome.reason


def test_one_slow_answer_is_screened_out_on_the_lane() -> None:
    answers = iter([1.5])
    send, sent = target(lambda value: next(answers, 0.0))
    outcome = prove_delay(send, SLEEP, plain=reply(PLAIN), lane=lane())
    assert isinstance(outcome, NoDelay) and len(sent) == 3


def test_a_fast_answer_costs_one_request() -> None:
    send, sent = target(lambda value: 0.0)
    assert isinstance(prove_delay(send, SLEEP, plain=reply(PLAIN), lane=lane()), NoDelay) and len(sent) == 1


def test_a_heavy_query_is_sized_from_two_measurements_then_proven() -> None:
    rate = 3_000_000.0
    overhead = 0.05
    send, sent = target(lambda value: overhead + int(value.split("<")[1]) / rate if "<" in value else 0.0)
    proof = prove_delay(send, HEAVY, plain=reply(PLAIN), lane=lane())
    assert isinstance(proof, DelayProof)
    sized = [int(value.split("<")[1]) for value in sent if "<" in value][-2:]
    assert sized == [pytest.approx(rate, rel=0.01), pytest.approx(2 * rate, rel=0.01)]
    assert sent[0] == f"v count<{HEAVY_PROBE_ROWS}"


def test_the_budget_bounds_the_delays_asked() -> None:
    send, _ = target(lambda value: float(value.split("sleep ")[1]) if "sleep " in value else 0.0)
    with pytest.raises(BudgetSpent):
        prove_delay(send, SLEEP, plain=reply(PLAIN), lane=lane(budget=2.0))


def test_a_heavy_query_sized_on_a_busy_moment_is_sized_again_once() -> None:
    rate = 3_000_000.0
    payloads: list[str] = []

    def answer_time(value: str) -> float:
        if "<" not in value:
            return 0.0
        payloads.append(value)
        # The two sizing queries (after the screening one) meet a target three times as busy.
        slower = 3.0 if len(payloads) in (2, 3) else 1.0
        return int(value.split("<")[1]) / rate * slower

    send, sent = target(answer_time)
    proof = prove_delay(send, HEAVY, plain=reply(PLAIN), lane=lane())
    assert isinstance(proof, DelayProof), proof
    assert len([value for value in sent if "<" in value]) == 6
