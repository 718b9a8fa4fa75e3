"""Values a sign-up must not repeat: every field that looks unique gets a fresh one per account.

A field looks unique by its name (user names, e-mails, phone numbers, national ids, account and
card numbers…) or by its schema (`format: email`/`uuid`, a `pattern`). Each value is drawn at
random and fitted to the field's type, format, pattern and length; fields that name a shared
thing (a country, a role, a plan) and fields with an `enum` keep the synthesized value.
"""
from __future__ import annotations

import itertools
import random
import re
import secrets
import string
import uuid
from collections.abc import Mapping
from typing import Any

from scans.engine.http.safety import name_words
from scans.engine.spec.numbers import number_for
from scans.engine.spec.patterns import string_matching
from scans.engine.spec.shapes import type_of
from scans.engine.spec.values import fits

UNIQUE_WORDS = frozenset({
    "username", "user", "login", "handle", "nick", "nickname", "email", "mail", "phone", "mobile", "tel",
    "telephone", "cellphone", "msisdn", "ssn", "sin", "nin", "passport", "iban", "aadhaar", "cpf", "pesel",
    "slug", "uuid", "guid",
})
"""A field named with one of these words holds a value no two accounts may share."""
UNIQUE_QUALIFIERS = frozenset({
    "national", "tax", "vat", "account", "card", "personal", "citizen", "social", "identity",
    "identification", "document", "license", "licence", "driver", "employee", "member", "membership",
    "customer", "student", "insurance", "bank", "id",
})
NUMBER_WORDS = frozenset({"number", "no", "num", "nr", "id", "code"})
"""`national_id`, `accountNumber`, `id_number`: a qualifier followed by one of these."""
SHARED_WORDS = frozenset({
    "country", "currency", "lang", "language", "locale", "timezone", "tz", "role", "plan", "type", "kind",
    "status", "gender", "referral", "referrer", "ref", "postal", "zip", "area", "region", "state", "city",
})
"""Words naming something accounts share (or refer to): never made unique."""
DIGIT_WORDS = frozenset({
    "phone", "mobile", "tel", "telephone", "cellphone", "msisdn", "ssn", "sin", "nin", "number", "no", "num",
    "nr", "aadhaar", "cpf", "pesel",
})
"""Fields whose free value is a string of digits."""
UNIQUE_FORMATS = frozenset({"email", "idn-email", "uuid", "phone", "tel", "phone-number", "e164"})
DIGIT_FORMATS = frozenset({"phone", "tel", "phone-number", "e164"})
DEFAULT_DIGITS = 10
DEFAULT_TOKEN = 12


def looks_unique(name: str, schema: Any) -> bool:
    """True when no two accounts may share a value of this field (by name, format or pattern)."""
    schema = schema if isinstance(schema, Mapping) else {}
    if schema.get("enum") or "const" in schema or "pass" in name.lower():
        return False
    words = name_words(name)
    if set(words) & SHARED_WORDS:
        return False
    if set(words) & UNIQUE_WORDS:
        return True
    if any(word in UNIQUE_QUALIFIERS and after in NUMBER_WORDS for word, after in itertools.pairwise(words)):
        return True
    return schema.get("format") in UNIQUE_FORMATS or isinstance(schema.get("pattern"), str)


def unique_value(name: str, schema: Any, rng: random.Random | None = None) -> Any:
    """A fresh value for a unique-looking field that fits its schema, or `None` when none could be made."""
    rng = rng or random.Random(secrets.randbits(64))
    schema = schema if isinstance(schema, Mapping) else {}
    kind = type_of(schema)
    if kind in ("integer", "number"):
        bounded = {"minimum": 10**8, "maximum": 10**9 - 1, **schema}
        return number_for(bounded, integer=kind == "integer", rng=rng)
    if kind not in ("string", None):
        return None
    low = schema.get("minLength") if isinstance(schema.get("minLength"), int) else 0
    high = schema.get("maxLength") if isinstance(schema.get("maxLength"), int) else None
    pattern = schema.get("pattern")
    if isinstance(pattern, str):
        return string_matching(pattern, min_length=low, max_length=high, rng=rng)
    fmt = schema.get("format")
    words = set(name_words(name))
    if fmt == "uuid" or words & {"uuid", "guid"}:
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))
    if fmt in ("email", "idn-email") or words & {"email", "mail"}:
        local = "nat" + _drawn(rng, string.ascii_lowercase + string.digits, 10)
        return _fitted_email(local, low, high)
    digits = bool(words & DIGIT_WORDS) or fmt in DIGIT_FORMATS
    alphabet = string.digits if digits else string.ascii_lowercase + string.digits
    length = max(low, min(high if high is not None else 10**6, DEFAULT_DIGITS if digits else DEFAULT_TOKEN))
    prefix = "" if digits else "nat"
    value = prefix + _drawn(rng, alphabet, max(length - len(prefix), 1))
    if digits and value[0] == "0":
        value = "5" + value[1:]
    if fmt == "e164":
        value = "+" + value
    return value[:high] if high is not None else value


def fitted(value: str, name: str, schema: Any) -> str:
    """`value` when the field's schema accepts it, else a fresh unique value that it does."""
    if not isinstance(schema, Mapping) or fits(value, schema):
        return value
    fresh = unique_value(name, schema)
    return str(fresh) if fresh is not None else value


def _drawn(rng: random.Random, alphabet: str, length: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(length))


def _fitted_email(local: str, low: int, high: int | None) -> str:
    domain = "@example.com"
    if high is not None and len(local) + len(domain) > high:
        local = local[: max(high - len(domain), 1)]
    if len(local) + len(domain) < low:
        local += "x" * (low - len(local) - len(domain))
    return re.sub(r"[^a-z0-9]", "", local) + domain
