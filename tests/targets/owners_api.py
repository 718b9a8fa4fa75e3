"""A small bank whose objects name their owner by account number, user name or e-mail, never by a numeric id.
Served in the test's process on loopback; `vulnerable` plants two flaws, its clean twin has none.

`POST /api/login {username, password}` → `{"token", "accountNumber"}` (the account number only there);
`GET /api/me` → `{"username", "email"}`; `GET /api/documents` lists the caller's documents, each
`{"id", "title", "text", "owner_email"}`; `GET /api/documents/{doc_id}` reads one; `GET /api/balance/{account_number}`
→ `{"account_number", "holder", "balance"}`. Public in both twins: `GET /api/rates[/{code}]` (the same
catalogue for everyone) and `GET /api/profiles/{username}` (a user name and a display name).
Planted: the balance answers anyone, even anonymous (no check at all); a document answers any logged-in user.
"""
from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tests.targets.serving import JsonApp, bearer, in_thread, json_object

USERS = {
    "alice": {"password": "alice-pass-1", "email": "alice@ledger.test", "account": "AC-1001", "balance": 1200.5},
    "bob": {"password": "bob-pass-2", "email": "bob@ledger.test", "account": "AC-2002", "balance": 35.0},
}
DOCUMENTS = {"d-11": ("alice", "alice's will"), "d-12": ("bob", "bob's loan")}
RATES = {"EUR": 1.08, "GBP": 1.27}
PLANTED = (("bola", "GET", "/balance/{account_number}", "account_number"),
           ("bola", "GET", "/documents/{doc_id}", "doc_id"))


def _spec() -> dict[str, Any]:
    def get(operation_id: str, *params: str, public: bool = False) -> dict[str, Any]:
        operation: dict[str, Any] = {"operationId": operation_id, "responses": {"200": {"description": "OK"},
                                                                              "401": {"description": "Log in"}}}
        if params:
            operation["parameters"] = [{"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
                                       for name in params]
        if public:
            operation["security"] = []
        return {"get": operation}

    credentials = {"type": "object", "required": ["username", "password"],
                   "properties": {"username": {"type": "string"}, "password": {"type": "string"}}}
    return {
        "openapi": "3.0.3", "info": {"title": "Ledger", "version": "1.0"}, "servers": [{"url": "/api"}],
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        "security": [{"bearer": []}],
        "paths": {
            "/login": {"post": {"operationId": "login", "security": [], "requestBody": {
                "required": True, "content": {"application/json": {"schema": credentials}}},
                "responses": {"200": {"description": "OK"}, "401": {"description": "Refused"}}}},
            "/me": get("me"),
            "/documents": get("listDocuments"),
            "/documents/{doc_id}": get("getDocument", "doc_id"),
            "/balance/{account_number}": get("getBalance", "account_number"),
            "/rates": get("listRates", public=True),
            "/rates/{code}": get("getRate", "code", public=True),
            "/profiles/{username}": get("getProfile", "username", public=True),
        },
    }


SPEC = json.dumps(_spec()).encode()


class _App(JsonApp):
    def __init__(self, *, vulnerable: bool) -> None:
        super().__init__()
        self.vulnerable = vulnerable
        self.tokens: dict[str, str] = {}

    def route(self, method: str, path: str, environ: dict) -> tuple[int, Any]:
        if (method, path) == ("POST", "/api/login"):
            return self._login(json_object(environ))
        if method != "GET" or not path.startswith("/api/"):
            return 404, {"error": "not found"}
        parts = path[len("/api/"):].split("/")
        if parts[0] == "rates":
            if len(parts) == 1:
                return 200, [{"id": code, "rate": rate} for code, rate in RATES.items()]
            return (200, {"id": parts[1], "rate": RATES[parts[1]]}) if parts[1] in RATES else (404, {"error": "none"})
        if parts[0] == "profiles" and len(parts) == 2:
            return (200, {"username": parts[1], "display_name": parts[1].title()}) if parts[1] in USERS \
                else (404, {"error": "none"})
        user = self.tokens.get(bearer(environ), "")
        if parts[0] == "balance" and len(parts) == 2:
            return self._balance(parts[1], user)
        if not user:
            return 401, {"error": "log in"}
        if parts == ["me"]:
            return 200, {"username": user, "email": USERS[user]["email"]}
        if parts == ["documents"]:
            return 200, [_document(key) for key, (owner, _) in DOCUMENTS.items() if owner == user]
        if parts[0] == "documents" and len(parts) == 2 and parts[1] in DOCUMENTS:
            if DOCUMENTS[parts[1]][0] != user and not self.vulnerable:
                return 404, {"error": "no such document"}
            return 200, _document(parts[1])
        return 404, {"error": "not found"}

    def _balance(self, account: str, user: str) -> tuple[int, Any]:
        holder = next((name for name, fields in USERS.items() if fields["account"] == account), "")
        if not self.vulnerable and not user:
            return 401, {"error": "log in"}
        if not holder or (not self.vulnerable and holder != user):
            return 404, {"error": "no such account"}
        return 200, {"account_number": account, "holder": holder, "balance": USERS[holder]["balance"]}

    def _login(self, fields: dict[str, Any]) -> tuple[int, Any]:
        user = str(fields.get("username", ""))
        if user not in USERS or USERS[user]["password"] != fields.get("password"):
            return 401, {"error": "bad credentials"}
        token = secrets.token_hex(16)
        self.tokens[token] = user
        return 200, {"status": "success", "token": token, "accountNumber": USERS[user]["account"]}


def _document(key: str) -> dict[str, Any]:
    owner, text = DOCUMENTS[key]
    return {"id": key, "title": f"{owner}'s file", "text": text, "owner_email": USERS[owner]["email"]}


@contextmanager
def serving(*, vulnerable: bool) -> Iterator[str]:
    """Serve the ledger (planted flaws or its clean twin) on loopback for the `with` block; yields its base URL."""
    with in_thread(_App(vulnerable=vulnerable)) as url:
        yield url
