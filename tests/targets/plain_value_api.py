"""A search whose `field` input names a column: a made-up value for it is already an error, so an
injection check that does not first find a plain value that succeeds tests nothing. Served in the
test's process on loopback, over an in-memory SQLite table of products.

`GET /api/search?field=<column>&q=<text>` answers the products whose column holds the text.
Styles (`Style`):
- `flawed`: both inputs go into the SQL unescaped; an unknown column answers 500 with SQLite's error;
- `bound`: the clean twin: `field` is checked against the columns (400 `{"error": "unknown field"}`)
  and `q` is a bound parameter.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from typing import Any
from urllib.parse import parse_qs

from tests.targets.serving import JsonApp, in_thread

COLUMNS = ("id", "name", "category")
PRODUCTS = ((1, "Lamp", "home"), (2, "Kettle", "kitchen"), (3, "Chair", "home"))
PRODUCT = {"type": "object", "properties": {"id": {"type": "integer"}, "name": {"type": "string"},
                                            "category": {"type": "string"}}}


class Style(str, Enum):
    FLAWED = "flawed"
    BOUND = "bound"


@dataclass
class PlainValueApi:
    url: str
    style: Style

    @property
    def spec(self) -> bytes:
        return json.dumps(_spec()).encode()


def _spec() -> dict[str, Any]:
    def query(name: str) -> dict[str, Any]:
        return {"name": name, "in": "query", "required": True, "schema": {"type": "string"}}

    answer = {"type": "object", "properties": {"items": {"type": "array", "items": PRODUCT}}}
    return {
        "openapi": "3.0.3", "info": {"title": "Search by column", "version": "1.0"}, "servers": [{"url": "/api"}],
        "paths": {"/search": {"get": {"operationId": "search", "parameters": [query("field"), query("q")],
                                      "responses": {"200": {"description": "Matches", "content": {
                                          "application/json": {"schema": answer}}}}}}},
    }


class _App(JsonApp):
    def __init__(self, api: PlainValueApi) -> None:
        super().__init__()
        self.api = api
        self.db = sqlite3.connect(":memory:", check_same_thread=False)
        self.db.execute("CREATE TABLE products (id INTEGER, name TEXT, category TEXT)")
        self.db.executemany("INSERT INTO products VALUES (?, ?, ?)", PRODUCTS)

    def route(self, method: str, path: str, environ: dict) -> tuple[int, Any]:
        if (method, path) == ("GET", "/api/openapi.json"):
            return 200, _spec()
        if (method, path) != ("GET", "/api/search"):
            return 404, {"error": "not found"}
        params = {key: values[0] for key, values in parse_qs(environ.get("QUERY_STRING", "")).items()}
        field, text = params.get("field", ""), params.get("q", "")
        if self.api.style is Style.BOUND:
            if field not in COLUMNS:
                return 400, {"error": "unknown field"}
            rows = self.db.execute(f"SELECT id, name, category FROM products WHERE {field} LIKE ?",  # noqa: S608
                                   (f"%{text}%",)).fetchall()
        else:
            try:
                rows = self.db.execute(  # noqa: S608 - the planted flaw
                    f"SELECT id, name, category FROM products WHERE {field} LIKE '%{text}%'").fetchall()
            except sqlite3.Error as exc:
                return 500, {"error": f"sqlite3.OperationalError: {exc}"}
        return 200, {"items": [dict(zip(COLUMNS, row, strict=True)) for row in rows]}


@contextmanager
def serving(style: Style) -> Iterator[PlainValueApi]:
    """Serve the search API of `style` on loopback for the `with` block."""
    api = PlainValueApi(url="", style=style)
    with in_thread(_App(api)) as api.url:
        yield api
