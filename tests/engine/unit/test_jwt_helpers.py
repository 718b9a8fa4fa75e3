"""JWT helpers: decoding without trust, signing, forging, offline cracking."""
from __future__ import annotations

import pytest

from scans.engine.identity import jwt

KEY = b"secret123"


def _token(claims: dict | None = None) -> str:
    return jwt.encode({"alg": "HS256", "typ": "JWT"}, claims or {"sub": "u1", "role": "user"}, key=KEY)


def test_encoded_token_decodes_to_the_same_claims_and_verifies_with_its_key() -> None:
    token = jwt.decode(_token())
    assert token.payload == {"sub": "u1", "role": "user"}
    assert token.algorithm == "HS256" and token.is_hmac
    assert jwt.verify_hmac(token, KEY)
    assert not jwt.verify_hmac(token, b"other")


def test_looks_like_jwt_needs_three_segments_and_an_alg_header() -> None:
    assert jwt.looks_like_jwt(_token())
    assert not jwt.looks_like_jwt("abc.def.ghi")
    assert not jwt.looks_like_jwt("nat-invalid-token")


@pytest.mark.parametrize("variant", jwt.NONE_VARIANTS)
def test_unsigned_copy_keeps_claims_with_alg_none_and_an_empty_signature(variant: str) -> None:
    forged = jwt.unsigned(jwt.decode(_token()), alg=variant)
    assert forged.endswith(".")
    decoded = jwt.decode(forged)
    assert decoded.header["alg"] == variant and decoded.payload["sub"] == "u1" and decoded.signature == b""


def test_with_claims_keeps_the_original_signature_unless_told_otherwise() -> None:
    original = jwt.decode(_token())
    tampered = jwt.decode(jwt.with_claims(original, {"sub": "u2"}))
    assert tampered.payload["sub"] == "u2" and tampered.signature == original.signature
    assert not jwt.verify_hmac(tampered, KEY)
    resigned = jwt.with_claims(original, {"sub": "u2"}, signature="AAAA")
    assert resigned.endswith(".AAAA")


def test_crack_finds_a_key_from_the_list_offline_and_none_otherwise() -> None:
    assert jwt.crack_hmac(jwt.decode(_token()), ["password", "secret123", "x"]) == "secret123"
    strong = jwt.encode({"alg": "HS256"}, {"sub": "u1"}, key=b"k" * 48)
    assert jwt.crack_hmac(jwt.decode(strong), ["password", "secret123"]) is None


def test_decode_refuses_what_is_not_a_jwt() -> None:
    with pytest.raises(jwt.JwtError):
        jwt.decode("only.two")
    with pytest.raises(jwt.JwtError):
        jwt.decode("bm90IGpzb24.bm90IGpzb24.")
