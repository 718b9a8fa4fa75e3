"""A small shop API whose Swagger 2.0 description breaks the rules the way real ones do, with an
SQL injection planted behind an operation that only a repaired reading can call.

Defects of its description (`SPEC`):
- `host` names production (`shop.production.example.com`, over https): no request may go there;
- `GET /shops/{shop}/items`: `{shop}` has no declared parameter, its `q` has no type, its `limit`
  says `type: int`. `q` is concatenated into SQLite's `LIKE` (the planted flaw); `shop` is bound;
- `GET /items/{id}`: the path parameter says `type: long` and has no `required: true`;
- `GET /stock`: its `sku` query parameter carries an OpenAPI 3 `schema`;
- `POST /notes` declares two `in: body` parameters: it cannot be called and is skipped.
Served in the test's process on loopback; every request's path is kept for the test.
"""
from __future__ import annotations

import json
import re
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from tests.targets.serving import in_thread

OK = {"200": {"description": "OK"}}
SPEC: dict[str, Any] = {
    "swagger": "2.0",
    "info": {"title": "Imperfect shop", "version": "1.0"},
    "host": "shop.production.example.com",
    "schemes": ["https"],
    "basePath": "/api",
    "paths": {
        "/shops/{shop}/items": {"get": {
            "operationId": "searchItems", "security": [],
            "parameters": [{"name": "q", "in": "query", "required": True},
                           {"name": "limit", "in": "query", "type": "int"}],
            "responses": OK,
        }},
        "/items/{id}": {"get": {
            "operationId": "getItem", "security": [],
            "parameters": [{"name": "id", "in": "path", "type": "long"}], "responses": OK,
        }},
        "/stock": {"get": {
            "operationId": "stock", "security": [],
            "parameters": [{"name": "sku", "in": "query", "required": True, "schema": {"type": "string"}}],
            "responses": OK,
        }},
        "/notes": {"post": {
            "operationId": "addNote", "security": [],
            "parameters": [{"name": "note", "in": "body", "schema": {"type": "object"}},
                           {"name": "meta", "in": "body", "schema": {"type": "object"}}],
            "responses": OK,
        }},
    },
}
ITEMS = [(1, "main", "red mug"), (2, "main", "blue mug"), (3, "outlet", "green bowl")]


@dataclass
class ImperfectApi:
    """A running imperfect API: its URL and the paths it was asked for."""

    url: str
    paths: list[str] = field(default_factory=list)

    @property
    def spec_url(self) -> str:
        return self.url + "/api/swagger.json"


class _App:
    def __init__(self, api: ImperfectApi) -> None:
        self.api = api
        self.lock = threading.Lock()
        self.db = sqlite3.connect(":memory:", check_same_thread=False)
        self.db.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, shop TEXT, name TEXT)")
        self.db.executemany("INSERT INTO items VALUES (?, ?, ?)", ITEMS)

    def __call__(self, environ: dict, start_response: Any) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", ""), environ["REQUEST_METHOD"]
        query = {key: values[0] for key, values in parse_qs(environ.get("QUERY_STRING", "")).items()}
        with self.lock:
            self.api.paths.append(path)
            status, body = self._answer(method, path, query)
        data = json.dumps(body).encode()
        start_response(f"{status} {'OK' if status == 200 else 'Error'}",
                       [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
        return [data]

    def _answer(self, method: str, path: str, query: dict[str, str]) -> tuple[int, Any]:
        search = re.fullmatch(r"/api/shops/([^/]+)/items", path)
        item = re.fullmatch(r"/api/items/(\d+)", path)
        if path == "/api/swagger.json":
            return 200, SPEC
        if search and method == "GET":
            sql = f"SELECT id, name FROM items WHERE shop = ? AND name LIKE '%{query.get('q', '')}%'"  # planted
            try:
                rows = self.db.execute(sql, (search.group(1),)).fetchall()
            except sqlite3.Error as exc:
                return 500, {"error": f"sqlite3.OperationalError: {exc}"}
            return 200, {"items": [{"id": row[0], "name": row[1]} for row in rows]}
        if item and method == "GET":
            row = self.db.execute("SELECT id, name FROM items WHERE id = ?", (int(item.group(1)),)).fetchone()
            return (200, {"id": row[0], "name": row[1]}) if row else (404, {"error": "no such item"})
        if path == "/api/stock" and method == "GET":
            return 200, {"sku": query.get("sku", ""), "in_stock": 3}
        return 404, {"error": "not found"}


@contextmanager
def serving() -> Iterator[ImperfectApi]:
    """Serve the API on loopback for the `with` block."""
    api = ImperfectApi(url="")
    with in_thread(_App(api)) as url:
        api.url = url
        yield api
