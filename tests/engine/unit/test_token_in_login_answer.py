"""Without `token_path`, the token is found in a login answer under a usual name (any case or
separator, nested), else as any JWT-looking string, else in a usual header."""
from __future__ import annotations

from scans.engine.identity.jwt import encode
from scans.engine.identity.tokens import find_token

JWT = encode({"alg": "HS256", "typ": "JWT"}, {"sub": "alice"}, key=b"k" * 32)


def test_usual_names_match_in_any_case_and_separator_nested_and_access_beats_refresh() -> None:
    answer = {"data": {"user": {"id": 1}, "refresh_token": "r" * 20, "AccessToken": "a" * 20}}
    assert find_token(answer, {}) == "a" * 20
    assert find_token({"result": {"session": {"id-token": "i" * 20}}}, {}) == "i" * 20


def test_a_jwt_under_an_unusual_key_is_found_when_no_usual_name_holds_one() -> None:
    assert find_token({"result": {"expires": 3600, "credential": JWT}}, {}) == JWT
    assert find_token({"result": {"credential": "not-a-jwt-at-all"}}, {}) == ""


def test_short_values_under_usual_names_are_not_tokens() -> None:
    assert find_token({"token": "yes"}, {"X-Auth-Token": "hdr-1234567890"}) == "hdr-1234567890"
