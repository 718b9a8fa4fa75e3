"""A notes API with reads that destroy state, as some real APIs have. Served in the test's process.

`POST /api/auth/signup` and `POST /api/auth/login` make and log in accounts (`alice`/`alice-pass-1`
is seeded), `GET /api/me` shows the caller, `GET|POST /api/notes` and `GET /api/notes/{id}` list,
create and read the caller's notes; `PATCH /api/notes/{id}` lets anyone logged in change any note
(BOLA). With `reset_on_foreign_write`, the target wipes itself right after the first change of a note
by another user, as a demo API that resets itself on a timer would at that moment.
Two `GET`s wipe every account, token and note: `/api/admin/reset-db` (its path says so; any logged-in
caller may use it) and `/api/housekeeping` (only its summary says so, public). `GET
/api/account/reset-password-hint` only shows a hint: a password reset is not a database reset.
Every request is logged in arrival order (`ResetApi.log`).
"""
from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from tests.targets.serving import JsonApp, bearer, in_thread, json_object

WIPES = ("/api/admin/reset-db", "/api/housekeeping")
HINT = "/api/account/reset-password-hint"
ACCOUNT = {"type": "object", "required": ["username", "email", "password"], "properties": {
    "username": {"type": "string"}, "email": {"type": "string", "format": "email"},
    "password": {"type": "string", "format": "password"}}}
NOTE = {"type": "object", "properties": {"id": {"type": "integer"}, "title": {"type": "string"},
                                          "owner": {"type": "string"}}}


@dataclass
class ResetApi:
    """A running API: its URL, stored state, and the paths asked for, in order."""

    url: str = ""
    accounts: dict[str, dict[str, Any]] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    notes: dict[int, dict[str, Any]] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)
    resets: int = 0
    reset_on_foreign_write: bool = False

    def __post_init__(self) -> None:
        self.accounts["alice"] = {"username": "alice", "email": "alice@example.com", "password": "alice-pass-1"}

    @property
    def spec(self) -> bytes:
        return json.dumps(_spec()).encode()


def _op(operation_id: str, answer: dict[str, Any], *, summary: str = "", body: dict[str, Any] | None = None,
        public: bool = False) -> dict[str, Any]:
    op: dict[str, Any] = {"operationId": operation_id, "summary": summary, "responses": {
        "200": {"description": "OK", "content": {"application/json": {"schema": answer}}},
        "401": {"description": "Not logged in"}}}
    if body is not None:
        op["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
    if public:
        op["security"] = []
    return op


def _spec() -> dict[str, Any]:
    done = {"type": "object", "properties": {"status": {"type": "string"}}}
    return {
        "openapi": "3.0.3", "info": {"title": "Notes with resets", "version": "1.0"}, "servers": [{"url": "/api"}],
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        "security": [{"bearer": []}],
        "paths": {
            "/auth/signup": {"post": _op("signUp", ACCOUNT, body=ACCOUNT, public=True)},
            "/auth/login": {"post": _op("logIn", {"type": "object", "properties": {"token": {"type": "string"}}},
                                        body=ACCOUNT, public=True)},
            "/me": {"get": _op("me", ACCOUNT)},
            "/notes": {"get": _op("listNotes", {"type": "array", "items": NOTE}),
                       "post": _op("createNote", NOTE, body={"type": "object", "required": ["title"],
                                                             "properties": {"title": {"type": "string"}}})},
            "/notes/{id}": {
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "get": _op("readNote", NOTE),
                "patch": _op("updateNote", NOTE, body={"type": "object", "properties": {"title": {"type": "string"}}}),
            },
            "/admin/reset-db": {"get": _op("adminTool", done)},
            "/housekeeping": {"get": _op("housekeeping", done, summary="Drops and re-creates the database",
                                         public=True)},
            "/account/reset-password-hint": {"get": _op("passwordHint", done, summary="Show the password reset hint",
                                                        public=True)},
        },
    }


class _App(JsonApp):
    def __init__(self, api: ResetApi) -> None:
        super().__init__()
        self.api = api

    def route(self, method: str, path: str, environ: dict) -> tuple[int, Any]:
        api = self.api
        api.log.append(path)
        user = api.tokens.get(bearer(environ), "")
        if (method, path) == ("GET", "/api/openapi.json"):
            return 200, _spec()
        if (method, path) == ("POST", "/api/auth/signup"):
            fields = json_object(environ)
            name = str(fields.get("username", ""))
            if not name or name in api.accounts:
                return 409, {"error": "taken"}
            api.accounts[name] = {"username": name, "email": str(fields.get("email", "")),
                                  "password": str(fields.get("password", ""))}
            return 200, {"username": name}
        if (method, path) == ("POST", "/api/auth/login"):
            fields = json_object(environ)
            account = api.accounts.get(str(fields.get("username", "")))
            if account is None or account["password"] != fields.get("password"):
                return 401, {"error": "bad credentials"}
            token = secrets.token_hex(16)
            api.tokens[token] = account["username"]
            return 200, {"token": token}
        if (method, path) == ("GET", "/api/housekeeping") or (method, path) == ("GET", HINT):
            if path != HINT:
                self._wipe()
            return 200, {"status": "done"}
        if not user:
            return 401, {"error": "not logged in"}
        return self._private(method, path, user, environ)

    def _private(self, method: str, path: str, user: str, environ: dict) -> tuple[int, Any]:
        api = self.api
        if (method, path) == ("GET", "/api/admin/reset-db"):
            self._wipe()
            return 200, {"status": "done"}
        if (method, path) == ("GET", "/api/me"):
            return 200, {key: value for key, value in api.accounts[user].items() if key != "password"}
        if (method, path) == ("GET", "/api/notes"):
            return 200, [note for note in api.notes.values() if note["owner"] == user]
        if (method, path) == ("POST", "/api/notes"):
            note = {"id": len(api.notes) + 1, "title": str(json_object(environ).get("title", "")), "owner": user}
            api.notes[note["id"]] = note
            return 200, note
        note = api.notes.get(int(path[11:])) if path.startswith("/api/notes/") and path[11:].isdigit() else None
        if method == "GET" and note is not None and note["owner"] == user:
            return 200, note
        if method == "PATCH" and note is not None:
            note["title"] = str(json_object(environ).get("title", note["title"]))
            answer = dict(note)
            if api.reset_on_foreign_write and note["owner"] != user and not api.resets:
                self._wipe()
            return 200, answer
        return 404, {"error": "not found"}

    def _wipe(self) -> None:
        self.api.resets += 1
        self.api.accounts.clear()
        self.api.tokens.clear()
        self.api.notes.clear()


@contextmanager
def serving(*, reset_on_foreign_write: bool = False) -> Iterator[ResetApi]:
    """Serve the API on loopback for the `with` block."""
    api = ResetApi(reset_on_foreign_write=reset_on_foreign_write)
    with in_thread(_App(api)) as api.url:
        yield api
