"""What counts as sensitive in an answer: names and value shapes of passwords, hashes, keys, cards."""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from scans.engine.identity.jwt import looks_like_jwt
from scans.engine.kb import jsondata

PASSWORD_NAMES = frozenset({
    "password", "passwd", "pwd", "pass", "passwordhash", "hashedpassword", "passhash", "encryptedpassword",
    "passworddigest", "passwordsalt", "userpassword", "plainpassword",
})
SECRET_NAMES = frozenset({
    "secret", "clientsecret", "apisecret", "secretkey", "privatekey", "apikey", "accesskey", "secretaccesskey",
    "mfasecret", "totpsecret", "otpsecret", "signingkey", "encryptionkey", "recoverycodes", "pin",
})
TOKEN_NAMES = frozenset({
    "token", "accesstoken", "refreshtoken", "authtoken", "sessiontoken", "resettoken", "passwordresettoken",
    "apitoken", "bearertoken", "sessionid", "jwt", "idtoken", "verificationtoken", "otp",
})
CARD_NAMES = frozenset({"cardnumber", "ccnumber", "creditcard", "creditcardnumber", "pan", "cvv", "cvc", "cvv2",
                        "securitycode", "cardcvv"})
NATIONAL_ID_NAMES = frozenset({"ssn", "socialsecuritynumber", "nationalid", "taxid", "passportnumber", "nin",
                               "nationalidentifier", "socialinsurancenumber"})
MASKED = re.compile(r"^[*•xX#]{3,}|redacted|hidden|masked|^\*+\w{0,4}$", re.IGNORECASE)
HASH_VALUE = re.compile(
    r"^(\$2[abxy]?\$\d{2}\$[./A-Za-z0-9]{53}"
    r"|\$argon2(id|i|d)\$\S+"
    r"|pbkdf2_sha\d+\$\d+\$\S+"
    r"|(bcrypt|scrypt|argon2|sha1|md5)\$\S+"
    r"|\$[156]\$[^$]{1,16}\$\S+)$"
)
HEX_DIGEST = re.compile(r"^[0-9a-fA-F]{32}$|^[0-9a-fA-F]{40}$|^[0-9a-fA-F]{64}$|^[0-9a-fA-F]{128}$")
AWS_KEY = re.compile(r"^(AKIA|ASIA)[0-9A-Z]{16}$")
PRIVATE_KEY = re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----")
CARD_DIGITS = re.compile(r"^(?:\d[ -]?){13,19}$")


@dataclass(frozen=True, slots=True)
class Sensitive:
    """One sensitive value in an answer."""

    path: str
    """Where it is (`data.password`, `data[].number`)."""
    kind: str
    """`own password`, `password hash`, `password`, `secret`, `token`, `card number`, `national id`."""
    score: int


def _name(path: str) -> str:
    last = path.rsplit(".", 1)[-1].replace("[]", "")
    return re.sub(r"[^a-z0-9]", "", last.lower())


def luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def looks_like_card(value: Any) -> bool:
    """A payment card number: 13–19 digits, a known issuer prefix, and a valid Luhn checksum."""
    text = str(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
    if not CARD_DIGITS.match(text):
        return False
    digits = re.sub(r"\D", "", text)
    issuer = digits[0] == "4" or digits[:2] in {"51", "52", "53", "54", "55", "34", "37"} or digits[:4] == "6011" \
        or 2221 <= int(digits[:4]) <= 2720
    return issuer and luhn_valid(digits)


def classify(path: str, value: Any, *, known_passwords: Iterable[str], auth_operation: bool) -> Sensitive | None:
    """Why `value` at `path` is sensitive, or `None`."""
    name = _name(path)
    if isinstance(value, str) and value in known_passwords:
        return Sensitive(path, "own password", 90)
    if isinstance(value, bool) or value is None:
        return None
    text = str(value)
    if isinstance(value, str) and (len(text) < 4 or MASKED.search(text)):
        return None
    if isinstance(value, str) and HASH_VALUE.match(text):
        return Sensitive(path, "password hash", 75)
    if isinstance(value, str) and PRIVATE_KEY.search(text):
        return Sensitive(path, "private key", 85)
    if isinstance(value, str) and AWS_KEY.match(text):
        return Sensitive(path, "cloud access key", 85)
    if looks_like_card(value) and (name in CARD_NAMES or "card" in path.lower() or "number" in name or name == "pan"):
        return Sensitive(path, "card number", 80)
    if not isinstance(value, str):
        return None
    if name in PASSWORD_NAMES:
        return Sensitive(path, "password hash" if HEX_DIGEST.match(text) else "password", 80)
    if name in NATIONAL_ID_NAMES:
        return Sensitive(path, "national id", 75)
    if name in SECRET_NAMES and len(text) >= 8:
        return Sensitive(path, "secret", 75)
    if name in CARD_NAMES and name in ("cvv", "cvc", "cvv2", "securitycode", "cardcvv") and text.isdigit():
        return Sensitive(path, "card security code", 80)
    if not auth_operation and (name in TOKEN_NAMES and len(text) >= 16 or looks_like_jwt(text)):
        return Sensitive(path, "token", 70)
    return None


def sensitive_values(data: Any, *, known_passwords: Iterable[str], auth_operation: bool) -> dict[str, Sensitive]:
    """Sensitive values in `data`, one per field path."""
    passwords = frozenset(password for password in known_passwords if len(password) >= 6)
    found: dict[str, Sensitive] = {}
    for path, value in jsondata.leaves(data):
        if path in found:
            continue
        hit = classify(path, value, known_passwords=passwords, auth_operation=auth_operation)
        if hit is not None:
            found[path] = hit
    return found


PRIVATE_NAMES = frozenset({
    "balance", "availablebalance", "currentbalance", "credit", "creditlimit", "salary", "income", "amount",
    "email", "emailaddress", "phone", "phonenumber", "mobile", "address", "streetaddress", "dateofbirth", "dob",
    "birthdate", "iban", "transactions", "statement", "diagnosis", "medical",
}) | PASSWORD_NAMES | SECRET_NAMES | TOKEN_NAMES | CARD_NAMES | NATIONAL_ID_NAMES
"""Fields that make an object a person's private data rather than a public catalogue entry."""


def private_fields(data: Any) -> list[str]:
    """Paths of the fields of `data` whose names say they are personal or financial (`balance`, `email`)."""
    return [path for path, value in jsondata.leaves(data)
            if value not in (None, "") and _name(path) in PRIVATE_NAMES]
