"""An API that answers 200 to every login, success or not, the outcome told only by its body:
`{"status": "success", "token": …}` for a right password, `{"status": "fail", "message": …}` for a
wrong one. Served in the test's process on loopback.

`POST /api/signup` takes JSON `{username, email, password}` and answers 200 `{"status": "success", …}`;
`POST /api/login` takes `{username, password}`; `GET /api/me` answers the caller's account.
Styles (`Style`):
- `flawed`: no lockout at all, and the message tells "wrong password" from "no such user";
- `locks`: the clean twin: the same message for every refusal, and after `LOCK_AFTER` wrong
  passwords in a row the account refuses even the right one (still 200, still the same message).
"""
from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from tests.targets.serving import JsonApp, bearer, in_thread, json_object

LOCK_AFTER = 5
ACCOUNT = {"type": "object", "properties": {"username": {"type": "string"}, "email": {"type": "string"}}}
CREDENTIALS = {"type": "object", "required": ["username", "password"], "properties": {
    "username": {"type": "string"}, "email": {"type": "string", "format": "email"},
    "password": {"type": "string", "format": "password"}}}
REFUSED = "Invalid username or password"


class Style(str, Enum):
    FLAWED = "flawed"
    LOCKS = "locks"


@dataclass
class StatusFailApi:
    url: str
    style: Style
    accounts: dict[str, dict[str, Any]] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    failures: dict[str, int] = field(default_factory=dict)

    @property
    def spec(self) -> bytes:
        return json.dumps(_spec()).encode()


def _spec() -> dict[str, Any]:
    def post(operation_id: str, schema: dict[str, Any]) -> dict[str, Any]:
        return {"post": {"operationId": operation_id, "security": [], "responses": {"200": {"description": "Done"}},
                         "requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}}

    return {
        "openapi": "3.0.3", "info": {"title": "Status in the body", "version": "1.0"}, "servers": [{"url": "/api"}],
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        "security": [{"bearer": []}],
        "paths": {
            "/signup": post("signUp", CREDENTIALS),
            "/login": post("logIn", {**CREDENTIALS, "properties": {
                key: value for key, value in CREDENTIALS["properties"].items() if key != "email"}}),
            "/me": {"get": {"operationId": "me", "responses": {"200": {"description": "You", "content": {
                "application/json": {"schema": ACCOUNT}}}}}},
        },
    }


class _App(JsonApp):
    def __init__(self, api: StatusFailApi) -> None:
        super().__init__()
        self.api = api

    def route(self, method: str, path: str, environ: dict) -> tuple[int, Any]:
        if (method, path) == ("GET", "/api/openapi.json"):
            return 200, _spec()
        if (method, path) == ("POST", "/api/signup"):
            return self._signup(json_object(environ))
        if (method, path) == ("POST", "/api/login"):
            return self._login(json_object(environ))
        if (method, path) == ("GET", "/api/me"):
            account = self.api.accounts.get(self.api.tokens.get(bearer(environ), ""))
            if account is None:
                return 200, {"status": "fail", "message": "Please log in"}
            return 200, {"status": "success", "data": {"username": account["username"], "email": account["email"]}}
        return 404, {"status": "fail", "message": "Not found"}

    def _signup(self, fields: dict[str, Any]) -> tuple[int, Any]:
        username = str(fields.get("username", ""))
        if not username or not fields.get("password") or username in self.api.accounts:
            return 200, {"status": "fail", "message": "Username missing or taken"}
        self.api.accounts[username] = {"username": username, "email": str(fields.get("email", "")),
                                       "password": str(fields["password"])}
        return 200, {"status": "success", "data": {"username": username}}

    def _login(self, fields: dict[str, Any]) -> tuple[int, Any]:
        username = str(fields.get("username", ""))
        account = self.api.accounts.get(username)
        locks = self.api.style is Style.LOCKS
        if account is None:
            return 200, {"status": "fail", "message": REFUSED if locks else "No such user"}
        if account["password"] != fields.get("password"):
            self.api.failures[username] = self.api.failures.get(username, 0) + 1
            return 200, {"status": "fail", "message": REFUSED if locks else "Wrong password"}
        if locks and self.api.failures.get(username, 0) >= LOCK_AFTER:
            return 200, {"status": "fail", "message": REFUSED}
        self.api.failures[username] = 0
        token = secrets.token_hex(16)
        self.api.tokens[token] = username
        return 200, {"status": "success", "token": token}


@contextmanager
def serving(style: Style) -> Iterator[StatusFailApi]:
    """Serve the API of `style` on loopback for the `with` block."""
    api = StatusFailApi(url="", style=style)
    with in_thread(_App(api)) as api.url:
        yield api
