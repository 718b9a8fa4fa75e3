"""An API with two kinds of account, like a bank that also serves merchants: customers log in with a
user name and a password, merchants present an API key. The description's only `/me`-like operation
is the merchants' (`GET /api/merchants/me`), which answers 401 to a customer's token.

Customers: `POST /api/login {username, password}` → `{"token"}`; `GET /api/notes` lists the caller's
notes; `GET /api/notes/{note_id}` answers any customer's note to any customer (BOLA, planted).
Served in the test's process on loopback.
"""
from __future__ import annotations

import json
import re
import secrets
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from tests.targets.serving import in_thread, json_object

USERS = {"alice": "alice-pass-1", "bob": "bob-pass-2"}
NOTES = {"11": ("alice", "alice's plans"), "12": ("bob", "bob's diary")}
NOTE_PATH = re.compile(r"^/api/notes/(\w+)$")


def _spec() -> dict[str, Any]:
    def answers(*codes: int) -> dict[str, Any]:
        return {str(code): {"description": str(code)} for code in codes}

    credentials = {"type": "object", "required": ["username", "password"],
                   "properties": {"username": {"type": "string"}, "password": {"type": "string"}}}
    return {
        "openapi": "3.0.3", "info": {"title": "Customers and merchants", "version": "1.0"},
        "servers": [{"url": "/api"}],
        "paths": {
            "/login": {"post": {"operationId": "login", "security": [], "requestBody": {
                "required": True, "content": {"application/json": {"schema": credentials}}},
                "responses": answers(200, 401)}},
            "/merchants/me": {"get": {"operationId": "currentMerchant", "summary": "The merchant the key belongs to",
                                      "security": [{"merchantKey": []}], "responses": answers(200, 401)}},
            "/notes": {"get": {"operationId": "listNotes", "responses": answers(200, 401)}},
            "/notes/{note_id}": {"get": {"operationId": "getNote", "parameters": [
                {"name": "note_id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": answers(200, 401, 404)}},
        },
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"},
                                           "merchantKey": {"type": "apiKey", "in": "header", "name": "X-Merchant-Key"}}},
        "security": [{"bearer": []}],
    }


SPEC = json.dumps(_spec()).encode()


class _App:
    def __init__(self) -> None:
        self.tokens: dict[str, str] = {}
        self.lock = threading.Lock()

    def __call__(self, environ: dict, start_response: Any) -> Iterable[bytes]:
        status, body = self._answer(environ["REQUEST_METHOD"], environ.get("PATH_INFO", ""), environ)
        data = json.dumps(body).encode()
        start_response(f"{status} {'OK' if status == 200 else 'Error'}",
                       [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
        return [data]

    def _answer(self, method: str, path: str, environ: dict) -> tuple[int, Any]:
        if method == "POST" and path == "/api/login":
            return self._login(environ)
        if method != "GET":
            return 404, {"error": "not found"}
        if path == "/api/merchants/me":
            return 401, {"error": "a merchant API key is required"}
        user = self._caller(environ)
        if path == "/api/notes":
            return (200, [{"id": key, "owner": owner, "text": text} for key, (owner, text) in NOTES.items()
                          if owner == user]) if user else (401, {"error": "log in"})
        match = NOTE_PATH.match(path)
        if match:
            if not user:
                return 401, {"error": "log in"}
            if match.group(1) not in NOTES:
                return 404, {"error": "no such note"}
            owner, text = NOTES[match.group(1)]
            return 200, {"id": match.group(1), "owner": owner, "text": text}
        return 404, {"error": "not found"}

    def _caller(self, environ: dict) -> str:
        authorization = environ.get("HTTP_AUTHORIZATION", "")
        token = authorization[7:] if authorization.lower().startswith("bearer ") else ""
        with self.lock:
            return self.tokens.get(token, "")

    def _login(self, environ: dict) -> tuple[int, Any]:
        fields = json_object(environ)
        if USERS.get(str(fields.get("username"))) != fields.get("password"):
            return 401, {"error": "bad credentials"}
        token = secrets.token_hex(20)
        with self.lock:
            self.tokens[token] = str(fields["username"])
        return 200, {"token": token}


@contextmanager
def serving() -> Iterator[str]:
    """Serve the API on loopback for the `with` block; yields its base URL."""
    with in_thread(_App()) as url:
        yield url
