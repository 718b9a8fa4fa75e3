"""An API with endpoints its description leaves out, served in the test's process on loopback.

Documented: `GET /api/accounts` (the caller's accounts, bearer token `alice-token`) and
`GET /admin/stats`. Undocumented, by `Style`:
- `leaky`: `GET /debug/users` answers anyone every user with a plaintext password, and
  `POST /graphql` (bearer token) answers GraphQL with introspection on;
- `clean`: the twin: `GET /debug/users` answers user names only, and `POST /graphql` answers
  GraphQL but refuses introspection.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from typing import Any

from tests.targets.serving import JsonApp, bearer, in_thread, json_object

TOKEN = "alice-token"
USERS = (("alice", "Wonder-Land-77"), ("admin", "S3cret-Admin-99"))


class Style(str, Enum):
    LEAKY = "leaky"
    CLEAN = "clean"


def _spec() -> dict[str, Any]:
    listing = {"200": {"description": "OK", "content": {"application/json": {"schema": {"type": "object"}}}}}
    return {
        "openapi": "3.0.3", "info": {"title": "Hidden", "version": "1.0"},
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        "paths": {
            "/api/accounts": {"get": {"operationId": "accounts", "security": [{"bearer": []}], "responses": listing}},
            "/admin/stats": {"get": {"operationId": "stats", "responses": listing}},
        },
    }


class _App(JsonApp):
    def __init__(self, style: Style) -> None:
        super().__init__()
        self.style = style

    def route(self, method: str, path: str, environ: dict) -> tuple[int, Any]:
        if (method, path) == ("GET", "/openapi.json"):
            return 200, _spec()
        if (method, path) == ("GET", "/admin/stats"):
            return 200, {"users": len(USERS)}
        if (method, path) == ("GET", "/debug/users"):
            if self.style is Style.LEAKY:
                return 200, {"users": [{"username": name, "password": password} for name, password in USERS]}
            return 200, {"users": [{"username": name} for name, _ in USERS]}
        if path in ("/api/accounts", "/graphql") and bearer(environ) != TOKEN:
            return 401, {"error": "unauthorized"}
        if (method, path) == ("GET", "/api/accounts"):
            return 200, {"accounts": [{"number": "ACC-1", "balance": 10}]}
        if (method, path) == ("POST", "/graphql"):
            return self._graphql(str(json_object(environ).get("query", "")))
        return 404, {"error": "not found"}

    def _graphql(self, query: str) -> tuple[int, Any]:
        if "__schema" in query:
            if self.style is Style.CLEAN:
                return 400, {"errors": [{"message": "GraphQL introspection is not allowed"}]}
            return 200, {"data": {"__schema": {"queryType": {"name": "Query"},
                                               "types": [{"name": "Query"}, {"name": "Account"}]}}}
        if "__typename" in query:
            return 200, {"data": {"__typename": "Query"}}
        return 400, {"errors": [{"message": "unknown field"}]}


def spec() -> bytes:
    return json.dumps(_spec()).encode()


@contextmanager
def serving(style: Style) -> Iterator[str]:
    """Serve the API of `style` on loopback for the `with` block; yields its URL."""
    with in_thread(_App(style)) as url:
        yield url
