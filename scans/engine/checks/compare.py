"""Comparing answers to inputs that differ: what the target did with them, its echo of them removed."""
from __future__ import annotations

import html
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, quote_plus

from scans.engine.http.reply import MISSING, Reply, parse_json
from scans.engine.kb import jsondata

LONG_ANSWER = 512
"""Answers at least this long may differ slightly (by `LENGTH_SHARE`) and still count as alike;
shorter ones must be equal once echoes and volatile values are masked."""
LENGTH_SHARE = 0.02


def echo_forms(value: str) -> set[str]:
    """The ways a target may repeat `value` back: raw, URL-, JSON- and HTML-encoded."""
    forms = {value, quote(value, safe=""), quote_plus(value), json.dumps(value)[1:-1], html.escape(value),
             html.escape(value, quote=False)}
    return {form for form in forms if form}


MIN_ECHO = 3
"""Shorter values are left in place: removing every `1` from an answer would blur it."""


def without_echo(text: str, values: Iterable[str]) -> str:
    """`text` with every form of every value removed, longest first."""
    forms = sorted({form for value in values for form in echo_forms(value) if len(form) >= MIN_ECHO},
                   key=len, reverse=True)
    for form in forms:
        text = text.replace(form, "")
    return text


@dataclass(frozen=True, slots=True)
class Answer:
    """What matters of a reply when comparing it with another: status, records and text."""

    status: int
    records: int
    """Items in the answer's list (after an envelope), `-1` when it holds none."""
    text: str
    """The body with the sent values and volatile parts (ids, times) masked."""


def answer(reply: Reply, sent: Iterable[str]) -> Answer:
    text = without_echo(reply.text, sent)
    data: Any = MISSING if not reply.is_json else parse_json(text)
    text = (json.dumps(jsondata.normalize(data), sort_keys=True) if data is not MISSING
            else jsondata.VOLATILE_VALUE.sub("<v>", text))
    return Answer(status=reply.status, records=_records(data), text=text)


def _records(data: Any) -> int:
    inner = jsondata.unwrap(data) if data is not MISSING else None
    if isinstance(inner, list):
        return len(inner)
    if isinstance(inner, Mapping):
        lists = [value for value in inner.values() if isinstance(value, list)]
        if len(lists) == 1:
            return len(lists[0])
    return -1


def alike(first: Answer, second: Answer) -> bool:
    """Same status and records, and the same text (long texts: about the same length and shape)."""
    if first.status != second.status or first.records != second.records:
        return False
    if first.text == second.text:
        return True
    longest = max(len(first.text), len(second.text))
    if min(len(first.text), len(second.text)) < LONG_ANSWER:
        return False
    return abs(len(first.text) - len(second.text)) <= LENGTH_SHARE * longest and _same_shape(first.text, second.text)


def _same_shape(first: str, second: str) -> bool:
    a, b = parse_json(first), parse_json(second)
    if a is MISSING or b is MISSING:
        return True
    return jsondata.key_shape(a) == jsondata.key_shape(b)

