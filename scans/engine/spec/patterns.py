"""Strings that match a schema's `pattern`, built from the parsed regular expression.

Every candidate is checked with `re.search` before it is returned; a pattern this cannot satisfy
(lookarounds, backreferences to optional groups, syntax Python does not read) gives None.
"""
from __future__ import annotations

import random
import re
from re import _parser as sre_parse  # type: ignore[attr-defined]  # typeshed has no stub for re._parser
from typing import Any

ATTEMPTS = 8
"""Candidates tried per pattern, repeats stretched a little more each time."""
MAX_PATTERN_LENGTH = 2_000
"""Longer patterns are not attempted."""
_CATEGORY_CHARS = {
    "CATEGORY_DIGIT": "0123456789",
    "CATEGORY_NOT_DIGIT": "abcxyz",
    "CATEGORY_WORD": "abcxyz0123",
    "CATEGORY_NOT_WORD": "-. ",
    "CATEGORY_SPACE": " ",
    "CATEGORY_NOT_SPACE": "abcxyz",
}
_FALLBACK_CHARS = "abcxyzABC0123-_."


class _Unsupported(Exception):
    pass


def string_matching(
    pattern: str, *, min_length: int = 0, max_length: int | None = None, rng: random.Random | None = None
) -> str | None:
    """A string of the allowed length that `pattern` finds (search semantics), or None.

    Without `rng` the first candidate is the shortest, most literal one; with it, repeats and
    alternatives vary from call to call.
    """
    if len(pattern) > MAX_PATTERN_LENGTH:
        return None
    source = pattern.replace("(?<", "(?P<").replace("(?P<=", "(?<=").replace("(?P<!", "(?<!")
    try:
        compiled = re.compile(source)
        parsed = sre_parse.parse(source)
    except (re.error, RecursionError, OverflowError, ValueError):
        return None
    for attempt in range(ATTEMPTS):
        chooser = rng if rng is not None else random.Random(attempt)
        stretch = 1 << attempt if rng is not None else (0 if attempt == 0 else 1 << (attempt - 1))
        try:
            text = _Emitter(chooser, stretch=stretch).emit(parsed)
        except (_Unsupported, RecursionError):
            return None
        for candidate in _padded(text, min_length):
            if max_length is not None and len(candidate) > max_length:
                continue
            if len(candidate) >= min_length and compiled.search(candidate):
                return candidate
    return None


def _padded(text: str, min_length: int) -> list[str]:
    missing = min_length - len(text)
    if missing <= 0:
        return [text]
    return [text, text + "a" * missing, "a" * missing + text, text + "0" * missing]


class _Emitter:
    def __init__(self, rng: random.Random, *, stretch: int) -> None:
        self._rng = rng
        self._stretch = stretch
        self._groups: dict[int, str] = {}

    def emit(self, parsed: Any) -> str:
        return "".join(self._node(op, value) for op, value in parsed)

    def _node(self, op: Any, value: Any) -> str:
        name = str(op)
        if name == "LITERAL":
            return chr(value)
        if name == "NOT_LITERAL":
            return next(char for char in _FALLBACK_CHARS if ord(char) != value)
        if name == "ANY":
            return "a"
        if name == "IN":
            return self._in(value)
        if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, high, sub = value
            high = low + 64 if high == sre_parse.MAXREPEAT else high
            count = low if self._stretch == 0 else min(high, low + self._rng.randint(0, self._stretch))
            count = max(count, min(high, 1)) if self._stretch else count
            return "".join(self.emit(sub) for _ in range(count))
        if name == "SUBPATTERN":
            group, sub = value[0], value[-1]
            text = self.emit(sub)
            if group is not None:
                self._groups[group] = text
            return text
        if name == "BRANCH":
            alternatives = value[1]
            chosen = alternatives[0] if self._stretch == 0 else self._rng.choice(alternatives)
            return self.emit(chosen)
        if name in ("AT", "ASSERT_NOT", "ASSERT"):
            return ""
        if name == "GROUPREF":
            return self._groups.get(value, "")
        if name == "ATOMIC_GROUP":
            return self.emit(value)
        raise _Unsupported(name)

    def _in(self, items: list[tuple[Any, Any]]) -> str:
        negate = bool(items) and str(items[0][0]) == "NEGATE"
        choices: list[str] = []
        for op, value in items[1:] if negate else items:
            kind = str(op)
            if kind == "LITERAL":
                choices.append(chr(value))
            elif kind == "RANGE":
                low, high = value
                choices.extend(chr(code) for code in range(low, min(high, low + 25) + 1))
            elif kind == "CATEGORY":
                choices.extend(_CATEGORY_CHARS.get(str(value), "a"))
        if negate:
            allowed = [char for char in _FALLBACK_CHARS if char not in choices]
            if not allowed:
                raise _Unsupported("NEGATE")
            return allowed[0] if self._stretch == 0 else self._rng.choice(allowed)
        if not choices:
            raise _Unsupported("IN")
        return choices[0] if self._stretch == 0 else self._rng.choice(choices)
