"""HS256 JSON Web Tokens with the standard library, and the ways the vulnerable mode gets them wrong."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any


class BadToken(Exception):
    pass


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except ValueError as exc:
        raise BadToken(str(exc)) from None


def sign(claims: dict[str, Any], key: bytes) -> str:
    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    payload = _b64(json.dumps(claims, separators=(",", ":")).encode())
    signature = hmac.new(key, f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{_b64(signature)}"


def parse(token: str) -> tuple[dict[str, Any], dict[str, Any], bytes, bytes]:
    """Header, claims, signature and signing input, unverified."""
    parts = token.split(".")
    if len(parts) != 3:
        raise BadToken("not a JWT")
    try:
        header = json.loads(_unb64(parts[0]))
        claims = json.loads(_unb64(parts[1]))
    except ValueError:
        raise BadToken("not JSON") from None
    if not isinstance(header, dict) or not isinstance(claims, dict):
        raise BadToken("not objects")
    return header, claims, _unb64(parts[2]), f"{parts[0]}.{parts[1]}".encode()


def verify(token: str, key: bytes, *, accept_none: bool) -> dict[str, Any]:
    """Claims of a token signed with `key`; with `accept_none`, unsigned `alg: none` tokens pass too."""
    header, claims, signature, signing_input = parse(token)
    algorithm = str(header.get("alg", ""))
    if accept_none and algorithm.lower() == "none":
        return claims
    if algorithm != "HS256":
        raise BadToken("unsupported algorithm")
    expected = hmac.new(key, signing_input, hashlib.sha256).digest()
    if not hmac.compare_digest(expected, signature):
        raise BadToken("bad signature")
    return claims
