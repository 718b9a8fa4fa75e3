"""A sign-up that refuses duplicates, as real APIs do. Served in the test's process on loopback.

`POST /api/register` takes `{username, email, password, phone, national_id}`, all required: the
user name is at most 12 characters, the national id matches `^[0-9]{3}-[0-9]{2}-[0-9]{4}$`, and the
description gives examples (`+15550100`, `123-45-6789`). It answers 400 for a value its schema
refuses and 409 when the user name, e-mail, phone or national id is already taken. `POST
/api/login` answers `{"token": …}`; `GET /api/me` shows the caller.
"""
from __future__ import annotations

import json
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from tests.targets.serving import JsonApp, bearer, in_thread, json_object

UNIQUE = ("username", "email", "phone", "national_id")
NATIONAL_ID = r"^[0-9]{3}-[0-9]{2}-[0-9]{4}$"
SIGNUP = {
    "type": "object", "required": ["username", "email", "password", "phone", "national_id"],
    "properties": {
        "username": {"type": "string", "maxLength": 12}, "email": {"type": "string", "format": "email"},
        "password": {"type": "string", "format": "password"}, "phone": {"type": "string", "example": "+15550100"},
        "national_id": {"type": "string", "pattern": NATIONAL_ID, "example": "123-45-6789"},
    },
}
LOGIN = {"type": "object", "required": ["username", "password"], "properties": {
    "username": {"type": "string"}, "password": {"type": "string", "format": "password"}}}


@dataclass
class UniqueSignupApi:
    """A running API: its URL, stored accounts (user name → fields) and refused sign-ups (reasons)."""

    url: str = ""
    accounts: dict[str, dict[str, Any]] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    refused: list[str] = field(default_factory=list)

    @property
    def spec(self) -> bytes:
        return json.dumps(_spec()).encode()


def _spec() -> dict[str, Any]:
    def post(operation_id: str, schema: dict[str, Any]) -> dict[str, Any]:
        return {"post": {"operationId": operation_id, "security": [],
                         "requestBody": {"required": True, "content": {"application/json": {"schema": schema}}},
                         "responses": {"200": {"description": "OK"}, "400": {"description": "Invalid"},
                                       "409": {"description": "Taken"}}}}

    return {
        "openapi": "3.0.3", "info": {"title": "Unique sign-up", "version": "1.0"}, "servers": [{"url": "/api"}],
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        "security": [{"bearer": []}],
        "paths": {
            "/register": post("register", SIGNUP),
            "/login": post("login", LOGIN),
            "/me": {"get": {"operationId": "me", "responses": {"200": {"description": "You"}}}},
        },
    }


class _App(JsonApp):
    def __init__(self, api: UniqueSignupApi) -> None:
        super().__init__()
        self.api = api

    def route(self, method: str, path: str, environ: dict) -> tuple[int, Any]:
        if (method, path) == ("GET", "/api/openapi.json"):
            return 200, _spec()
        if (method, path) == ("POST", "/api/register"):
            return self._register(json_object(environ))
        if (method, path) == ("POST", "/api/login"):
            return self._login(json_object(environ))
        if (method, path) == ("GET", "/api/me"):
            name = self.api.tokens.get(bearer(environ), "")
            return (200, {"username": name}) if name else (401, {"error": "not logged in"})
        return 404, {"error": "not found"}

    def _register(self, fields: dict[str, Any]) -> tuple[int, Any]:
        values = {name: str(fields.get(name, "")) for name in (*UNIQUE, "password")}
        invalid = [name for name, value in values.items() if not value]
        if len(values["username"]) > 12:
            invalid.append("username")
        if not re.match(NATIONAL_ID, values["national_id"]):
            invalid.append("national_id")
        if invalid:
            self.api.refused.append(f"invalid {', '.join(invalid)}")
            return 400, {"error": f"invalid {', '.join(invalid)}"}
        taken = [name for name in UNIQUE if any(account[name] == values[name] for account in self.api.accounts.values())]
        if taken:
            self.api.refused.append(f"{', '.join(taken)} taken")
            return 409, {"error": f"{', '.join(taken)} already registered"}
        self.api.accounts[values["username"]] = values
        return 200, {"username": values["username"]}

    def _login(self, fields: dict[str, Any]) -> tuple[int, Any]:
        account = self.api.accounts.get(str(fields.get("username", "")))
        if account is None or account["password"] != fields.get("password"):
            return 401, {"error": "bad credentials"}
        token = secrets.token_hex(16)
        self.api.tokens[token] = account["username"]
        return 200, {"token": token}


@contextmanager
def serving() -> Iterator[UniqueSignupApi]:
    """Serve the API on loopback for the `with` block."""
    api = UniqueSignupApi()
    with in_thread(_App(api)) as api.url:
        yield api
