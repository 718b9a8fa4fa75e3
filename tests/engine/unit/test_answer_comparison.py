"""Differentials compare what the target did, not what it echoed: sent values are masked in every
encoding, volatile values are masked, and short answers must match exactly."""
from __future__ import annotations

import json

from scans.engine.checks.compare import alike, answer, without_echo
from scans.engine.http.redact import Redactor
from scans.engine.http.reply import Reply


def reply(data: object, *, status: int = 200) -> Reply:
    body = json.dumps(data).encode() if not isinstance(data, bytes) else data
    return Reply(method="GET", url="http://127.0.0.1/x", request_headers=(), request_body=None, status=status,
                 headers={"Content-Type": "application/json"}, body=body, truncated=False, elapsed=0.01,
                 identity="primary", template="/x", redactor=Redactor())


def test_the_sent_value_is_removed_in_every_encoding() -> None:
    sent = "x' OR 1=1-- <b>"
    text = f"raw {sent} url x%27%20OR%201%3D1--%20%3Cb%3E json {json.dumps(sent)[1:-1]} html x&#x27; OR 1=1-- &lt;b&gt;"
    assert "OR 1=1" not in without_echo(text, [sent])


def test_an_answer_that_only_echoes_the_input_is_alike() -> None:
    first = answer(reply({"data": {"text": "abc' AND 1=1-- "}}), ["abc' AND 1=1-- "])
    second = answer(reply({"data": {"text": "abc' AND 1=2-- "}}), ["abc' AND 1=2-- "])
    assert alike(first, second)


def test_short_answers_that_differ_in_a_value_are_not_alike() -> None:
    assert not alike(answer(reply({"valid": True, "discount": 10}), []), answer(reply({"valid": False, "discount": 0}), []))


def test_volatile_values_do_not_make_answers_differ() -> None:
    first = answer(reply({"id": "9f1c2b3a-4d5e-6f70-8a9b-0c1d2e3f4a5b", "at": "2026-01-01T10:00:00Z", "n": 3}), [])
    second = answer(reply({"id": "0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d", "at": "2026-01-01T10:00:09Z", "n": 3}), [])
    assert alike(first, second)


def test_lists_of_different_lengths_are_not_alike() -> None:
    assert not alike(answer(reply([{"id": 1}] * 3), []), answer(reply([{"id": 1}] * 2), []))
    assert not alike(answer(reply({"detail": "x"}, status=400), []), answer(reply({"detail": "x"}), []))
