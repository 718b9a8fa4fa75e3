"""Keeps our credentials out of evidence: each secret becomes `[REDACTED]`, or an env var in curl."""
from __future__ import annotations

import json
import re
import threading
from urllib.parse import quote, quote_plus

REDACTED = "[REDACTED]"
SHORT_SECRET = 4
"""Secrets shorter than this are only replaced where they stand alone, so `pw` leaves `pwd` intact."""


class Redactor:
    """The set of secrets of one scan (configured and learned) and the placeholder of each.

    Each secret is also matched in its URL-encoded and JSON-escaped forms. Thread-safe: identities
    add tokens while other threads redact.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._placeholders: dict[str, str] = {}
        self._pattern: re.Pattern[str] | None = None

    def add(self, secret: str, placeholder: str) -> None:
        """Register `secret`; curl lines will read it from `$placeholder`."""
        if not secret:
            return
        variants = {secret, quote(secret, safe=""), quote_plus(secret), json.dumps(secret)[1:-1]}
        with self._lock:
            for variant in variants:
                self._placeholders.setdefault(variant, placeholder)
            self._pattern = None

    def __contains__(self, text: str) -> bool:
        if not text:
            return False
        pattern = self._compiled()
        return pattern is not None and pattern.search(text) is not None

    def redact(self, text: str) -> str:
        """`text` with every secret replaced by `[REDACTED]`."""
        pattern = self._compiled()
        if pattern is None or not text:
            return text
        return pattern.sub(REDACTED, text)

    def segments(self, text: str) -> list[tuple[str, bool]]:
        """Split `text` into `(literal, False)` and `(placeholder_name, True)` parts, in order."""
        pattern = self._compiled()
        if pattern is None or not text:
            return [(text, False)] if text else []
        parts: list[tuple[str, bool]] = []
        position = 0
        for match in pattern.finditer(text):
            if match.start() > position:
                parts.append((text[position:match.start()], False))
            parts.append((self._placeholders[match.group(0)], True))
            position = match.end()
        if position < len(text):
            parts.append((text[position:], False))
        return parts

    def _compiled(self) -> re.Pattern[str] | None:
        with self._lock:
            if self._pattern is None and self._placeholders:
                alternatives = []
                for variant in sorted(self._placeholders, key=len, reverse=True):
                    escaped = re.escape(variant)
                    if len(variant) < SHORT_SECRET:
                        escaped = rf"(?<![A-Za-z0-9_]){escaped}(?![A-Za-z0-9_])"
                    alternatives.append(escaped)
                self._pattern = re.compile("|".join(alternatives))
            return self._pattern
