"""With NAT_REDIS_URL, the task broker and the shared cache are the Redis server; without, the database."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid

import pytest
import redis

REDIS_URL = "redis://127.0.0.1:6379/7"

PROBE = """
import json, django
django.setup()
from django.core.cache import cache
from django_q.brokers import get_broker
cache.set("nat-probe", "{token}", 30)
broker = get_broker()
print(json.dumps({{"broker": type(broker).__name__, "value": cache.get("nat-probe")}}))
"""


def probe(tmp_path, token: str, **env_extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"NAT_REDIS_URL", "DATABASE_URL"}}
    env.update({"NAT_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "nat_site.settings", **env_extra})
    if "NAT_REDIS_URL" not in env_extra:
        subprocess.run([sys.executable, "-m", "django", "createcachetable"], env=env, check=True, timeout=60)
    out = subprocess.run([sys.executable, "-c", PROBE.format(token=token)], env=env, check=True,
                         capture_output=True, text=True, timeout=60).stdout
    return json.loads(out.strip().splitlines()[-1])


def test_redis_serves_broker_and_cache_when_configured(tmp_path):
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.fail("this test needs the Redis server on 127.0.0.1:6379")
    token = uuid.uuid4().hex
    result = probe(tmp_path, token, NAT_REDIS_URL=REDIS_URL)
    assert result["broker"] == "Redis"
    assert result["value"] == token
    assert any(token.encode() in (client.get(key) or b"") for key in client.keys("*nat-probe*"))


def test_database_serves_broker_and_cache_by_default(tmp_path):
    result = probe(tmp_path, "db-token")
    assert result["broker"] == "ORM"
    assert result["value"] == "db-token"
