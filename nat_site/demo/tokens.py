"""HS256 tokens for the demo API, with the verification mistakes real APIs make (on purpose)."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any

SECRET = b"secret"
"""Planted: a dictionary word as the HMAC key, crackable offline from any issued token."""
LIFETIME = 3600


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def issue(claims: dict[str, Any]) -> str:
    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    payload = _b64(json.dumps({**claims, "exp": int(time.time()) + LIFETIME}).encode())
    signature = hmac.new(SECRET, f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{_b64(signature)}"


def verify(token: str) -> dict[str, Any] | None:
    """The claims of a valid token, else None. Planted: `alg: none` tokens are accepted unsigned."""
    try:
        header_b64, payload_b64, signature_b64 = token.split(".")
        header = json.loads(_unb64(header_b64))
        claims = json.loads(_unb64(payload_b64))
    except ValueError:
        return None
    if str(header.get("alg", "")).lower() != "none":
        expected = hmac.new(SECRET, f"{header_b64}.{payload_b64}".encode(), hashlib.sha256).digest()
        if not hmac.compare_digest(expected, _unb64(signature_b64)):
            return None
    if claims.get("exp", 0) < time.time():
        return None
    return claims
