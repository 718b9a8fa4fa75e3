"""JSON Web Token helpers, standard library only: decode without trust, sign, forge, crack HMAC."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

JWT_PATTERN = re.compile(r"^[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*$")
HMAC_ALGORITHMS = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}
NONE_VARIANTS = ("none", "None", "NONE", "nOnE")


class JwtError(ValueError):
    """The text is not a decodable JWT."""


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    padded = text + "=" * (-len(text) % 4)
    try:
        return base64.urlsafe_b64decode(padded.encode("ascii"))
    except (ValueError, UnicodeEncodeError) as exc:
        raise JwtError(f"bad base64url segment: {exc}") from None


@dataclass(frozen=True, slots=True)
class Jwt:
    """A decoded, unverified token."""

    header: Mapping[str, Any]
    payload: Mapping[str, Any]
    signature: bytes
    raw: str

    @property
    def algorithm(self) -> str:
        return str(self.header.get("alg", ""))

    @property
    def signing_input(self) -> bytes:
        return self.raw.rsplit(".", 1)[0].encode("ascii")

    @property
    def signature_segment(self) -> str:
        return self.raw.rsplit(".", 1)[1]

    @property
    def is_hmac(self) -> bool:
        return self.algorithm.upper() in HMAC_ALGORITHMS


def looks_like_jwt(value: str) -> bool:
    """True for three base64url segments whose first decodes to a JSON object with `alg`."""
    if not value or not JWT_PATTERN.match(value):
        return False
    try:
        return "alg" in decode(value).header
    except JwtError:
        return False


def decode(token: str) -> Jwt:
    """Split and decode `token` without verifying anything."""
    parts = token.strip().split(".")
    if len(parts) != 3:
        raise JwtError("a JWT has three dot-separated segments")
    try:
        header = json.loads(b64url_decode(parts[0]))
        payload = json.loads(b64url_decode(parts[1]))
    except (ValueError, UnicodeDecodeError) as exc:
        raise JwtError(f"segment is not JSON: {exc}") from None
    if not isinstance(header, dict) or not isinstance(payload, dict):
        raise JwtError("header and payload must be JSON objects")
    return Jwt(header=header, payload=payload, signature=b64url_decode(parts[2]), raw=token.strip())


def _segment(obj: Mapping[str, Any]) -> str:
    return b64url_encode(json.dumps(obj, separators=(",", ":")).encode())


def hmac_signature(signing_input: bytes, key: bytes, algorithm: str) -> bytes:
    digest = HMAC_ALGORITHMS[algorithm.upper()]
    return hmac.new(key, signing_input, digest).digest()


def encode(header: Mapping[str, Any], payload: Mapping[str, Any], *, key: bytes | None = None) -> str:
    """Serialize a token; signed with `key` for HS* algorithms, unsigned (empty signature) otherwise."""
    signing_input = f"{_segment(header)}.{_segment(payload)}"
    algorithm = str(header.get("alg", ""))
    if algorithm.upper() in HMAC_ALGORITHMS:
        if key is None:
            raise ValueError(f"{algorithm} needs a key")
        return f"{signing_input}.{b64url_encode(hmac_signature(signing_input.encode(), key, algorithm))}"
    return f"{signing_input}."


def unsigned(token: Jwt, *, alg: str) -> str:
    """The same claims with `alg` set to a `none` variant and the signature removed."""
    header = {**token.header, "alg": alg}
    return encode(header, token.payload)


def with_claims(token: Jwt, changes: Mapping[str, Any], *, signature: str | None = None) -> str:
    """The claims changed by `changes` and re-serialized, keeping the original header and
    signature segment (or using `signature` instead): what a server that does not verify accepts."""
    payload = {**token.payload, **changes}
    segment = token.signature_segment if signature is None else signature
    return f"{token.raw.split('.', 1)[0]}.{_segment(payload)}.{segment}"


def verify_hmac(token: Jwt, key: bytes) -> bool:
    if not token.is_hmac:
        return False
    expected = hmac_signature(token.signing_input, key, token.algorithm)
    return hmac.compare_digest(expected, token.signature)


def crack_hmac(token: Jwt, candidates: Iterable[str]) -> str | None:
    """The first candidate secret that reproduces the token's HMAC signature, offline; else `None`."""
    if not token.is_hmac:
        return None
    for candidate in candidates:
        if verify_hmac(token, candidate.encode()):
            return candidate
    return None
