"""Requests per minute per key (a tenant, or a client address): a fixed one-minute window counted in a
store every web process shares.

With Redis (`NAT_REDIS_URL`) the counter is an atomic INCR (with its EXPIRE, in one round trip). With
the default database cache it is a row of `billing_ratelimitwindow` bumped by one upsert statement,
because Django's DatabaseCache increments by read-then-write and would lose counts between processes.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.core.cache import cache
from django.db import connection

WINDOW_SECONDS = 60


@dataclass(frozen=True, slots=True)
class RateLimitDecision:
    """One request's place in its window: what the X-RateLimit-* headers say."""

    limit: int
    remaining: int
    reset_at: int
    """Unix time when the window ends and the count starts again."""
    allowed: bool
    retry_after: int
    """Seconds until the next window (only meaningful when not allowed)."""

    def headers(self) -> dict[str, str]:
        return {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(self.remaining),
            "X-RateLimit-Reset": str(self.reset_at),
        }


class WindowCounter(Protocol):
    def hit(self, key: str, window_start: int) -> tuple[int, int]:
        """Count one request for `key` in the window starting at `window_start`: (hits so far, window start)."""


class DatabaseWindowCounter:
    """One row per key, reset when a newer window arrives; a clock that lags counts in the newer window.

    One statement in autocommit: its own transaction, so the write lock (SQLite) or the row lock
    (PostgreSQL) is held only while the statement runs, never across a thread switch in Python.
    """

    UPSERT = """
        ON CONFLICT (key) DO UPDATE SET
            hits = CASE WHEN excluded.window_start > billing_ratelimitwindow.window_start
                        THEN 1 ELSE billing_ratelimitwindow.hits + 1 END,
            window_start = CASE WHEN excluded.window_start > billing_ratelimitwindow.window_start
                                THEN excluded.window_start ELSE billing_ratelimitwindow.window_start END
        RETURNING hits, window_start
    """
    SQL = "INSERT INTO billing_ratelimitwindow (key, window_start, hits) VALUES (%s, %s, 1)" + UPSERT
    POSTGRESQL_SQL = (
        # A count lost in a crash costs nothing: set_config(…, true) turns synchronous_commit off for this
        # statement's own transaction, so it does not wait for the WAL flush (~3 ms a request).
        "INSERT INTO billing_ratelimitwindow (key, window_start, hits) SELECT %s, %s, 1 "
        "FROM (SELECT set_config('synchronous_commit', 'off', true)) AS unflushed" + UPSERT
    )

    def hit(self, key: str, window_start: int) -> tuple[int, int]:
        sql = self.POSTGRESQL_SQL if connection.vendor == "postgresql" else self.SQL
        with connection.cursor() as cursor:
            cursor.execute(sql, [key, window_start])
            hits, start = cursor.fetchone()
        return int(hits), int(start)


class RedisWindowCounter:
    """INCR and EXPIRE in one MULTI/EXEC: one round trip to Redis a request."""

    def hit(self, key: str, window_start: int) -> tuple[int, int]:
        cache_key = cache.make_key(f"nat:ratelimit:{key}:{window_start}")
        # Django's RedisCache has no pipelines; its client (redis-py) for this key does.
        pipeline = cache._cache.get_client(cache_key, write=True).pipeline(transaction=True)  # type: ignore[attr-defined]
        pipeline.incr(cache_key)
        pipeline.expire(cache_key, WINDOW_SECONDS * 2)
        hits, _ = pipeline.execute()
        return int(hits), window_start


class CacheWindowCounter:
    """`cache.add` then `cache.incr`: atomic on Memcached and the local-memory cache."""

    def hit(self, key: str, window_start: int) -> tuple[int, int]:
        cache_key = f"nat:ratelimit:{key}:{window_start}"
        for _ in range(3):
            cache.add(cache_key, 0, timeout=WINDOW_SECONDS * 2)
            try:
                return int(cache.incr(cache_key)), window_start
            except ValueError:
                continue
        raise RuntimeError(f"rate-limit counter {cache_key} keeps expiring")


def window_counter() -> WindowCounter:
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith("DatabaseCache"):
        return DatabaseWindowCounter()
    return RedisWindowCounter() if backend.endswith("RedisCache") else CacheWindowCounter()


def rate_limit_hit(*, key: str, limit: int, now: float | None = None) -> RateLimitDecision:
    """Count one request for `key` in its current window of `limit` requests."""
    now = time.time() if now is None else now
    hits, window_start = window_counter().hit(key, int(now // WINDOW_SECONDS) * WINDOW_SECONDS)
    reset_at = window_start + WINDOW_SECONDS
    return RateLimitDecision(
        limit=limit,
        remaining=max(limit - hits, 0),
        reset_at=reset_at,
        allowed=hits <= limit,
        retry_after=max(math.ceil(reset_at - now), 1),
    )
