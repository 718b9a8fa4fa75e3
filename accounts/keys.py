"""API key material: generation, hashing and the display prefix. No database access here."""
from __future__ import annotations

import hashlib
import secrets

KEY_PREFIX = "nat_pk_"
RANDOM_BYTES = 32
"""32 random bytes → 43 URL-safe characters after the prefix (256 bits of entropy)."""
DISPLAY_CHARS = len(KEY_PREFIX) + 6


def generate_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(RANDOM_BYTES)


def key_digest(raw_key: str) -> str:
    """SHA-256 hex digest of a key.

    A fast hash is right here: keys are 256-bit random strings, so there is nothing to brute-force,
    and a constant-cost lookup by digest keeps authentication O(1).
    """
    return hashlib.sha256(raw_key.encode()).hexdigest()


def display_prefix(raw_key: str) -> str:
    return raw_key[:DISPLAY_CHARS]


def looks_like_key(raw_key: str) -> bool:
    return raw_key.startswith(KEY_PREFIX) and len(raw_key) >= len(KEY_PREFIX) + 32
