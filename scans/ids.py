"""Public identifiers: a type prefix and 16 random lowercase letters and digits (~82 bits)."""
from __future__ import annotations

import secrets
import string

ALPHABET = string.ascii_lowercase + string.digits


def random_id(prefix: str, length: int = 16) -> str:
    return prefix + "".join(secrets.choice(ALPHABET) for _ in range(length))


def new_scan_id() -> str:
    return random_id("scan_")


def new_finding_id() -> str:
    return random_id("fnd_")
