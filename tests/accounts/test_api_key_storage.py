"""Keys are `nat_pk_` + 32+ URL-safe characters, stored only as a hash plus a short prefix."""
from __future__ import annotations

import re

import pytest
from django.db import connection

from accounts.keys import key_digest
from accounts.models import ApiKey

pytestmark = pytest.mark.django_db


def test_key_format(account):
    assert re.fullmatch(r"nat_pk_[A-Za-z0-9_-]{32,}", account.key)


def test_keys_are_unique(make_account):
    keys = {make_account(email=f"user{i}@example.com").key for i in range(20)}
    assert len(keys) == 20


def test_the_plaintext_key_is_nowhere_in_the_database(account):
    stored = ApiKey.objects.get(tenant=account.tenant)
    assert stored.digest == key_digest(account.key) and stored.digest != account.key
    assert account.key.startswith(stored.prefix) and len(stored.prefix) < 16
    secret_part = account.key[len(stored.prefix):]
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                assert not any(secret_part in str(value) for value in row), f"key material found in {table}"
