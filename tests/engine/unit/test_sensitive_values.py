"""What the exposure check calls sensitive, and what it must not."""
from __future__ import annotations

from scans.engine.checks.sensitive import looks_like_card, sensitive_values

BCRYPT = "$2b$12$" + "a" * 53


def _kinds(data, *, passwords=(), auth=False) -> dict[str, str]:
    return {path: hit.kind for path, hit in sensitive_values(data, known_passwords=passwords,
                                                             auth_operation=auth).items()}


def test_hashes_cards_keys_and_own_passwords_are_found_by_value() -> None:
    data = {"user": {"hash": BCRYPT, "note": "MySecretPw1"}, "cards": [{"number": "4111 1111 1111 1111"}],
            "key": "AKIAABCDEFGHIJKLMNOP"}
    assert _kinds(data, passwords={"MySecretPw1"}) == {
        "user.hash": "password hash", "user.note": "own password", "cards[].number": "card number",
        "key": "cloud access key",
    }


def test_masked_empty_and_boolean_values_are_not_sensitive() -> None:
    data = {"password": "********", "secret": "", "has_password": True, "token": None, "last4": "1111",
            "card_number": "**** **** **** 1111"}
    assert _kinds(data) == {}


def test_tokens_are_expected_in_login_answers_only() -> None:
    data = {"access_token": "a" * 40}
    assert _kinds(data, auth=True) == {}
    assert _kinds(data) == {"access_token": "token"}


def test_card_numbers_need_luhn_and_an_issuer_prefix() -> None:
    assert looks_like_card("5500005555555559")
    assert not looks_like_card("4111111111111112")
    assert not looks_like_card("1234567812345670")
    assert not looks_like_card("12345")
