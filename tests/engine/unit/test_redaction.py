"""Redaction: our secrets never reach evidence, in any encoding a request or response may carry them."""
from __future__ import annotations

import json
from urllib.parse import quote

from scans.engine.http.redact import REDACTED, Redactor


def test_every_occurrence_and_encoding_of_a_secret_is_replaced() -> None:
    redactor = Redactor()
    secret = 'p@ss w"rd/1'
    redactor.add(secret, "NAT_PASSWORD")
    text = f"raw {secret} url {quote(secret, safe='')} json {json.dumps(secret)}"
    redacted = redactor.redact(text)
    assert secret not in redacted and quote(secret, safe="") not in redacted
    assert redacted.count(REDACTED) == 3


def test_short_secrets_are_replaced_only_where_they_stand_alone() -> None:
    redactor = Redactor()
    redactor.add("pw", "NAT_PASSWORD")
    assert redactor.redact('{"password": "pw", "pwd_hint": "x"}') == '{"password": "[REDACTED]", "pwd_hint": "x"}'


def test_longer_secret_wins_over_a_secret_it_contains() -> None:
    redactor = Redactor()
    redactor.add("abcd", "NAT_A")
    redactor.add("abcdef123", "NAT_B")
    assert redactor.segments("x abcdef123 y") == [("x ", False), ("NAT_B", True), (" y", False)]


def test_secrets_learned_later_are_redacted_from_then_on() -> None:
    redactor = Redactor()
    assert redactor.redact("token tok-123456") == "token tok-123456"
    redactor.add("tok-123456", "NAT_TOKEN")
    assert redactor.redact("token tok-123456") == f"token {REDACTED}"
