"""A real scan of the demo API as two freshly signed-up users, through a real NAT server: their
passwords and the tokens the API issued them appear nowhere NAT writes or serves — not in the API's
answers, any export format, the dashboard, error pages, the server's logs, the database (every row
of every table) or any file of the data directory. NAT's own API key and password neither."""
from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
import requests

from nat_site.demo import tokens as demo_tokens
from nat_site.demo.server import demo_api
from scans import exports
from tests.hardening.live import (
    api,
    csrf_token,
    dashboard_session,
    data_dir_bytes,
    database_rows,
    wait_for,
)
from tests.server_process import nat_server


@dataclass
class Planted:
    """Secret strings and where they must not be found."""

    secrets: dict[str, str] = field(default_factory=dict)
    """label → secret value"""
    places: dict[str, bytes] = field(default_factory=dict)
    """where → what NAT wrote or served there"""

    def look(self, where: str, content: bytes | str) -> None:
        self.places[where] = content if isinstance(content, bytes) else content.encode()

    def leaks(self) -> list[str]:
        return [f"{label} in {where}" for where, content in self.places.items()
                for label, value in self.secrets.items() if value.encode() in content]


@pytest.fixture
def demo_identities(monkeypatch) -> Iterator[tuple[str, dict[str, tuple[str, str]], dict[str, str]]]:
    """The demo API with two fresh users (unique passwords); yields its URL, the users, and every token
    the API issues to them (recorded as it issues them)."""
    users = {role: (f"hardening-{role}-{secrets.token_hex(3)}", f"pw-{role}-{secrets.token_urlsafe(18)}")
             for role in ("primary", "secondary")}
    issued: dict[str, str] = {}
    original = demo_tokens.issue

    def recording_issue(claims: dict) -> str:
        token = original(claims)
        names = {name: role for role, (name, _) in users.items()}
        if claims.get("sub") in names:
            issued[f"{names[claims['sub']]} token #{len(issued) + 1}"] = token
        return token

    monkeypatch.setattr(demo_tokens, "issue", recording_issue)
    with demo_api() as base:
        for username, password in users.values():
            response = requests.post(f"{base}/api/auth/signup", json={"username": username, "password": password}, timeout=10)
            assert response.status_code == 201
        yield base, users, issued


def login(base: str, user: tuple[str, str]) -> dict:
    return {"type": "login", "login_url": f"{base}/api/auth/login", "token_path": "token",
            "login_body": {"username": user[0], "password": user[1]}}


def test_target_credentials_and_tokens_appear_nowhere(tmp_path, demo_identities):
    base, users, issued = demo_identities
    nat_password = f"nat-{secrets.token_urlsafe(16)}"
    with nat_server(tmp_path, extra_env={"NAT_LOG_LEVEL": "DEBUG"}) as server:
        browser = dashboard_session(server, email="owner@example.com", password=nat_password)
        key = server.create_key("owner@example.com")
        client = api(server, key)
        body = {"url": f"{base}/api", "spec_url": f"{base}/openapi.json", "auth": login(base, users["primary"]),
                "auth_secondary": login(base, users["secondary"]),
                "options": {"concurrency": 4, "timeout": 10, "max_duration": 120}}
        accepted = client.post(f"{server.url}/api/v1/scan", json=body, timeout=30)
        assert accepted.status_code == 202, accepted.text
        scan_id = accepted.json()["scan_id"]
        final = wait_for(server, key, scan_id, timeout=180)
        assert final["status"] == "completed", final

        seen = Planted(secrets={"primary password": users["primary"][1], "secondary password": users["secondary"][1],
                                "NAT API key": key, "NAT password": nat_password})
        results = client.get(f"{server.url}/api/v1/scan/{scan_id}/results", timeout=30)
        assert results.json()["findings"], "the scan found the demo's planted flaws (so evidence was recorded)"
        for path in (f"/scan/{scan_id}", f"/scan/{scan_id}/results", "/scans", "/usage", "/keys",
                     *(f"/scan/{scan_id}/export?format={name}" for name in exports.FORMATS)):
            seen.look(f"API {path}", client.get(f"{server.url}/api/v1{path}", timeout=30).content)
        for path in ("/scans/", f"/scans/{scan_id}/", f"/scans/{scan_id}/status.json", "/dashboard/",
                     "/settings/api-keys/", *(f"/scans/{scan_id}/export/{name}/" for name in exports.FORMATS)):
            seen.look(f"dashboard {path}", browser.get(f"{server.url}{path}", timeout=30).content)

        # Error pages: the secrets sent beside an invalid field come back nowhere in the refusal.
        invalid = {**body, "url": "not a url", "options": {"concurrency": 0}}
        seen.look("API 422", client.post(f"{server.url}/api/v1/scan", json=invalid, timeout=30).content)
        form = {"csrfmiddlewaretoken": csrf_token(browser, f"{server.url}/scans/new/"), "url": "not a url",
                "mode": "security", "auth_type": "login", "login_url": f"{base}/api/auth/login",
                "password": users["primary"][1], "username": users["primary"][0], "token_path": "token",
                "login_body": f'{{"username": "{users["primary"][0]}", "password": "{users["primary"][1]}"}}',
                "secondary_token": users["secondary"][1]}
        refused = browser.post(f"{server.url}/scans/new/", data=form, timeout=30,
                               headers={"Referer": f"{server.url}/scans/new/"})
        assert refused.status_code == 422
        seen.look("dashboard new-scan form with an error", refused.content)

        seen.secrets.update(issued)
        assert len(issued) >= 2, "the scan logged in as both users"
        for table, rows in database_rows(server).items():
            seen.look(f"table {table}", "\n".join(map(repr, rows)))
        for name, content in data_dir_bytes(server).items():
            seen.look(f"file {name}", content)
    seen.look("server log", (tmp_path / "server.log").read_bytes())
    assert b"DEBUG" in seen.places["server log"], "the server logged at DEBUG level"
    assert not seen.leaks(), seen.leaks()
