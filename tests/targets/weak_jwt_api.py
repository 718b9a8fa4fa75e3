"""An API whose JWTs are signed with a dictionary word, and whose only protected read answers the same
to every user (`{"cards": [], "status": "success"}`): no operation shows who the caller is.

`POST /api/login {username, password}` → `{"token"}` (HS256, claims `user_id`, `username`, `iat`);
`GET /api/cards` answers 200 to a token whose signature verifies with the key, 401 otherwise.
`weak=True` (the flaw) signs with `secret123`; `weak=False` (the clean twin) with a random 32-byte key;
`checks_signature=False` accepts any signature on a well-formed token (as some real APIs fall back to).
Served in the test's process on loopback.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from tests.targets.serving import in_thread, json_object

WEAK_KEY = b"secret123"
USERS = {"alice": ("alice-pass-1", 1), "bob": ("bob-pass-2", 2)}


def _spec() -> dict[str, Any]:
    credentials = {"type": "object", "required": ["username", "password"],
                   "properties": {"username": {"type": "string"}, "password": {"type": "string"}}}
    return {
        "openapi": "3.0.3", "info": {"title": "Cards", "version": "1.0"}, "servers": [{"url": "/api"}],
        "paths": {
            "/login": {"post": {"operationId": "login", "security": [], "requestBody": {
                "required": True, "content": {"application/json": {"schema": credentials}}},
                "responses": {"200": {"description": "A token"}, "401": {"description": "Bad credentials"}}}},
            "/cards": {"get": {"operationId": "listCards", "responses": {
                "200": {"description": "The caller's cards"}, "401": {"description": "Not logged in"}}}},
        },
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}},
        "security": [{"bearer": []}],
    }


SPEC = json.dumps(_spec()).encode()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _sign(signing_input: str, key: bytes) -> str:
    return _b64(hmac.new(key, signing_input.encode(), hashlib.sha256).digest())


class _App:
    def __init__(self, key: bytes, *, checks_signature: bool) -> None:
        self.key = key
        self.checks_signature = checks_signature

    def __call__(self, environ: dict, start_response: Any) -> Iterable[bytes]:
        method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO", "")
        if method == "POST" and path == "/api/login":
            status, body = self._login(environ)
        elif method == "GET" and path == "/api/cards":
            status, body = (200, {"cards": [], "status": "success"}) if self._verified(environ) else (
                401, {"error": "invalid token"})
        else:
            status, body = 404, {"error": "not found"}
        data = json.dumps(body).encode()
        start_response(f"{status} {'OK' if status == 200 else 'Error'}",
                       [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
        return [data]

    def _login(self, environ: dict) -> tuple[int, Any]:
        fields = json_object(environ)
        user = USERS.get(str(fields.get("username")))
        if user is None or user[0] != fields.get("password"):
            return 401, {"error": "bad credentials"}
        header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
        claims = _b64(json.dumps({"user_id": user[1], "username": fields["username"], "iat": int(time.time())}).encode())
        return 200, {"token": f"{header}.{claims}.{_sign(f'{header}.{claims}', self.key)}"}

    def _verified(self, environ: dict) -> bool:
        authorization = environ.get("HTTP_AUTHORIZATION", "")
        parts = authorization[7:].split(".") if authorization.lower().startswith("bearer ") else []
        if len(parts) != 3:
            return False
        return not self.checks_signature or hmac.compare_digest(parts[2], _sign(f"{parts[0]}.{parts[1]}", self.key))


@contextmanager
def serving(*, weak: bool, checks_signature: bool = True) -> Iterator[str]:
    """Serve the API on loopback for the `with` block; yields its base URL."""
    with in_thread(_App(WEAK_KEY if weak else secrets.token_bytes(32), checks_signature=checks_signature)) as url:
        yield url
