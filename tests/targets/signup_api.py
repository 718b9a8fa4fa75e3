"""APIs with an open sign-up whose answer echoes what the client sent, `role` included, for the
mass-assignment check's sign-up probe. Served in the test's process on loopback.

`POST /api/auth/signup` takes JSON `{username, email, password}` (and anything else) and answers 201
with the new account and every other field of the request (password aside); `POST /api/auth/login`
takes `{username, password}` and answers `{"token": …}`; `GET /api/me` answers the caller's stored
account. Styles (`Style`) say what happens to the `role` a sign-up sends:
- `stores`: it is stored (the flaw);
- `echoes`: it is echoed only, every account is stored as a `user`;
- `second_factor`: it is stored, but an admin cannot log in without a second factor (401), so a
  new admin account can never be read back;
- `first_session`: it is stored, but every login answers the first account's token (a broken
  login), so reading "the new account" back shows another one.
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

ACCOUNT = {"type": "object", "properties": {
    "id": {"type": "integer"}, "username": {"type": "string"}, "email": {"type": "string", "format": "email"},
    "role": {"type": "string", "enum": ["user", "admin"]}}}
SIGNUP = {"type": "object", "required": ["username", "email", "password"], "properties": {
    "username": {"type": "string"}, "email": {"type": "string", "format": "email"},
    "password": {"type": "string", "format": "password"}}}
LOGIN = {"type": "object", "required": ["username", "password"], "properties": {
    "username": {"type": "string"}, "password": {"type": "string", "format": "password"}}}


class Style(str, Enum):
    STORES = "stores"
    ECHOES = "echoes"
    SECOND_FACTOR = "second_factor"
    FIRST_SESSION = "first_session"


@dataclass
class SignupApi:
    """A running sign-up API: its URL, description and stored accounts (user name → fields)."""

    url: str
    style: Style
    accounts: dict[str, dict[str, Any]] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)

    @property
    def spec(self) -> bytes:
        return json.dumps(_spec()).encode()


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _spec() -> dict[str, Any]:
    def post(operation_id: str, schema: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
        return {"post": {"operationId": operation_id, "security": [], "responses": answers,
                         "requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}}

    token = {"type": "object", "properties": {"token": {"type": "string"}}}
    return {
        "openapi": "3.0.3", "info": {"title": "Sign-up echo", "version": "1.0"}, "servers": [{"url": "/api"}],
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        "security": [{"bearer": []}],
        "paths": {
            "/auth/signup": post("signUp", SIGNUP, {"201": _json(ACCOUNT, "Created"), "409": {"description": "Taken"}}),
            "/auth/login": post("logIn", LOGIN, {"200": _json(token, "Logged in"), "401": {"description": "Refused"}}),
            "/me": {"get": {"operationId": "me", "responses": {"200": _json(ACCOUNT, "You"),
                                                               "401": {"description": "Not logged in"}}}},
        },
    }


class _App(JsonApp):
    def __init__(self, api: SignupApi) -> None:
        super().__init__()
        self.api = api

    def route(self, method: str, path: str, environ: dict) -> tuple[int, Any]:
        if (method, path) == ("GET", "/api/openapi.json"):
            return 200, _spec()
        if (method, path) == ("POST", "/api/auth/signup"):
            return self._signup(json_object(environ))
        if (method, path) == ("POST", "/api/auth/login"):
            return self._login(json_object(environ))
        if (method, path) == ("GET", "/api/me"):
            account = self.api.accounts.get(self.api.tokens.get(bearer(environ), ""))
            return (200, _public(account)) if account else (401, {"error": "not logged in"})
        return 404, {"error": "not found"}

    def _signup(self, fields: dict[str, Any]) -> tuple[int, Any]:
        username = str(fields.get("username", ""))
        if not username or not fields.get("password") or username in self.api.accounts:
            return 409, {"error": "username missing or taken"}
        role = str(fields.get("role", "user")) if self.api.style is not Style.ECHOES else "user"
        account = {"id": len(self.api.accounts) + 1, "username": username, "email": str(fields.get("email", "")),
                   "role": role, "password": str(fields["password"])}
        self.api.accounts[username] = account
        echoed = {name: value for name, value in fields.items() if name != "password"}
        return 201, {**_public(account), **echoed}

    def _login(self, fields: dict[str, Any]) -> tuple[int, Any]:
        account = self.api.accounts.get(str(fields.get("username", "")))
        if account is None or account["password"] != fields.get("password"):
            return 401, {"error": "bad credentials"}
        if self.api.style is Style.SECOND_FACTOR and account["role"] == "admin":
            return 401, {"error": "second factor required"}
        if self.api.style is Style.FIRST_SESSION and self.api.tokens:
            return 200, {"token": next(iter(self.api.tokens))}
        token = secrets.token_hex(16)
        self.api.tokens[token] = account["username"]
        return 200, {"token": token}


def _public(account: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in account.items() if name != "password"}


@contextmanager
def serving(style: Style) -> Iterator[SignupApi]:
    """Serve a sign-up API of `style` on loopback for the `with` block."""
    api = SignupApi(url="", style=style)
    with in_thread(_App(api)) as api.url:
        yield api
