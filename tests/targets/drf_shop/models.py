"""The shop's tables: users, OAuth clients, tokens, products, orders, addresses, reviews, events."""
from __future__ import annotations

import contextlib
import hashlib
import secrets
import time
from typing import Any

from django.db import models
from django.db.backends.signals import connection_created
from django.dispatch import receiver

HASH_ITERATIONS = 1000
MAX_SLEEP = 10.0


@receiver(connection_created)
def _offer_sleep(sender: Any, connection: Any, **kwargs: Any) -> None:
    """Give the shop's SQLite MySQL's `SLEEP(seconds)`: an injected wait is then a plain sleep, which
    a loaded machine does not blur the way it blurs a CPU-bound counting query."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("sleep", 1, _sleep)


def _sleep(seconds: Any) -> int:
    with contextlib.suppress(TypeError, ValueError):
        time.sleep(min(max(float(seconds), 0.0), MAX_SLEEP))
    return 0


def make_password(password: str) -> str:
    salt = secrets.token_hex(8)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), HASH_ITERATIONS).hex()
    return f"pbkdf2_sha256${HASH_ITERATIONS}${salt}${digest}"


def check_password(password: str, encoded: str) -> bool:
    _, iterations, salt, digest = encoded.split("$")
    candidate = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), int(iterations)).hex()
    return secrets.compare_digest(candidate, digest)


class User(models.Model):
    username = models.CharField(max_length=80, unique=True)
    email = models.CharField(max_length=200)
    password = models.CharField(max_length=200)
    role = models.CharField(max_length=20, default="customer")
    date_joined = models.DateTimeField(auto_now_add=True)
    failed_logins = models.IntegerField(default=0)
    locked_until = models.FloatField(default=0)

    class Meta:
        app_label = "drf_shop"

    is_authenticated = True


class Client(models.Model):
    client_id = models.CharField(max_length=80, unique=True)
    secret = models.CharField(max_length=80)
    user = models.ForeignKey(User, on_delete=models.CASCADE)
    scope = models.CharField(max_length=200, default="read write")

    class Meta:
        app_label = "drf_shop"


class Token(models.Model):
    key = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(User, on_delete=models.CASCADE)
    scope = models.CharField(max_length=200)
    expires = models.FloatField()

    class Meta:
        app_label = "drf_shop"


class Product(models.Model):
    name = models.CharField(max_length=120)
    price = models.DecimalField(max_digits=10, decimal_places=2)
    internal_cost = models.DecimalField(max_digits=10, decimal_places=2)

    class Meta:
        app_label = "drf_shop"


class Order(models.Model):
    owner = models.ForeignKey(User, on_delete=models.CASCADE)
    product = models.ForeignKey(Product, on_delete=models.PROTECT)
    quantity = models.IntegerField(default=1)
    note = models.CharField(max_length=200, blank=True, default="")
    status = models.CharField(max_length=20, default="pending")
    total = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "drf_shop"


class Address(models.Model):
    owner = models.ForeignKey(User, on_delete=models.CASCADE)
    label = models.CharField(max_length=80)
    street = models.CharField(max_length=200)
    city = models.CharField(max_length=120)

    class Meta:
        app_label = "drf_shop"


class Review(models.Model):
    owner = models.ForeignKey(User, on_delete=models.CASCADE)
    product = models.ForeignKey(Product, on_delete=models.PROTECT)
    rating = models.IntegerField(default=5)
    text = models.CharField(max_length=500, blank=True, default="")

    class Meta:
        app_label = "drf_shop"


class Event(models.Model):
    name = models.CharField(max_length=200)
    path = models.CharField(max_length=200)
    created = models.FloatField()

    class Meta:
        app_label = "drf_shop"


ALL_MODELS = (User, Client, Token, Product, Order, Address, Review, Event)
