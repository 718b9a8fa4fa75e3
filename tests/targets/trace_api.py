"""A search that fails on a quote in its text: only an injection probe's value reaches the failure,
never the verbose-error check's own malformed inputs (which go to numbers, ids and bodies). Served
in the test's process on loopback.

`GET /api/search?q=<text>` answers the matching notes; a `'` in `q` makes it fail with 500.
Styles (`Style`):
- `traces`: the failure is answered with a Python traceback (debug mode left on);
- `generic`: the clean twin: the same failure is answered `{"error": "internal error"}`.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from typing import Any
from urllib.parse import parse_qs

from tests.targets.serving import JsonApp, in_thread

NOTES = ("groceries", "garden", "taxes")
TRACE = ('Traceback (most recent call last):\n  File "/srv/notes/app.py", line 41, in search\n'
         '    terms = shlex.split(q)\nValueError: No closing quotation\n')


class Style(str, Enum):
    TRACES = "traces"
    GENERIC = "generic"


def _spec() -> dict[str, Any]:
    answer = {"type": "object", "properties": {"items": {"type": "array", "items": {"type": "string"}}}}
    return {
        "openapi": "3.0.3", "info": {"title": "Note search", "version": "1.0"}, "servers": [{"url": "/api"}],
        "paths": {"/search": {"get": {"operationId": "search", "parameters": [
            {"name": "q", "in": "query", "required": True, "schema": {"type": "string"}, "example": "gar"}],
            "responses": {"200": {"description": "Matches", "content": {"application/json": {"schema": answer}}}}}}},
    }


class _App(JsonApp):
    def __init__(self, style: Style) -> None:
        super().__init__()
        self.style = style

    def route(self, method: str, path: str, environ: dict) -> tuple[int, Any]:
        if (method, path) == ("GET", "/api/openapi.json"):
            return 200, _spec()
        if (method, path) != ("GET", "/api/search"):
            return 404, {"error": "not found"}
        text = parse_qs(environ.get("QUERY_STRING", "")).get("q", [""])[0]
        if "'" in text:
            return 500, {"error": TRACE if self.style is Style.TRACES else "internal error"}
        return 200, {"items": [note for note in NOTES if text in note]}


def spec() -> bytes:
    return json.dumps(_spec()).encode()


@contextmanager
def serving(style: Style) -> Iterator[str]:
    """Serve the note search of `style` on loopback for the `with` block; yields its URL."""
    with in_thread(_App(style)) as url:
        yield url
