"""Each web process caches the keys it has authenticated, yet a key revoked or rotated through one
process is refused on the very next request to another one (which had the key cached), with the
database cache and with Redis; the replacement key works there at once."""
from __future__ import annotations

import pytest
import requests

from tests.server_process import ServerProcess, second_web_process


@pytest.fixture(params=["saas_server", "saas_redis_server"])
def server(request) -> ServerProcess:
    return request.getfixturevalue(request.param)


def issue_key(server: ServerProcess, admin: dict[str, str], name: str) -> dict:
    response = requests.post(f"{server.url}/api/v1/keys", json={"name": name}, headers=admin, timeout=30)
    assert response.status_code == 201
    return response.json()


def status_with(url: str, key: str) -> tuple[int, str]:
    response = requests.get(f"{url}/api/v1/usage", headers={"X-API-Key": key}, timeout=30)
    return response.status_code, response.json().get("error", "")


def test_a_revoked_key_is_refused_at_once_by_another_process(server):
    admin = {"X-API-Key": server.create_key(f"revoke-{server.url[-5:]}@example.com")}
    issued = issue_key(server, admin, "ci")
    with second_web_process(server) as other:
        assert [status_with(other, issued["key"]) for _ in range(3)] == [(200, "")] * 3
        revoked = requests.post(f"{server.url}/api/v1/keys/{issued['id']}/revoke", headers=admin, timeout=30)
        assert revoked.status_code == 200 and revoked.json()["active"] is False
        assert status_with(other, issued["key"]) == (401, "INVALID_API_KEY")
        assert status_with(other, admin["X-API-Key"])[0] == 200
    assert status_with(server.url, issued["key"]) == (401, "INVALID_API_KEY")


def test_a_rotated_key_is_refused_at_once_by_another_process_and_its_replacement_works(server):
    admin = {"X-API-Key": server.create_key(f"rotate-{server.url[-5:]}@example.com")}
    issued = issue_key(server, admin, "deploy")
    with second_web_process(server) as other:
        assert status_with(other, issued["key"]) == (200, "")
        rotated = requests.post(f"{server.url}/api/v1/keys/{issued['id']}/rotate", headers=admin, timeout=30)
        assert rotated.status_code == 201
        assert status_with(other, issued["key"]) == (401, "INVALID_API_KEY")
        assert status_with(other, rotated.json()["key"]) == (200, "")
