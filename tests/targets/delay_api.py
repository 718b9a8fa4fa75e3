"""An API whose parameter *is* a delay, read the hard way: the last small number in the value, in
seconds. Payloads that carry a number (`SLEEP(1)`) make it wait, and so do their controls: a timing
check must see that and report nothing. Served in the test's process on loopback."""
from __future__ import annotations

import json
import re
import time
from collections.abc import Iterable
from contextlib import AbstractContextManager
from typing import Any
from urllib.parse import parse_qs

from tests.targets.serving import in_thread

MAX_WAIT = 3
SPEC = {
    "openapi": "3.0.3", "info": {"title": "Waits", "version": "1.0"}, "servers": [{"url": "/api"}],
    "paths": {"/wait": {"get": {
        "operationId": "wait", "security": [], "description": "Answers after the seconds the value names.",
        "parameters": [{"name": "for", "in": "query", "required": True, "schema": {"type": "string"},
                        "example": "about 0 seconds"}],
        "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {
            "type": "object", "properties": {"waited": {"type": "number"}}}}}}},
    }}},
}


def _app(environ: dict, start_response: Any) -> Iterable[bytes]:
    path = environ.get("PATH_INFO", "")
    if path == "/api/openapi.json":
        body = json.dumps(SPEC).encode()
    elif path == "/api/wait":
        value = parse_qs(environ.get("QUERY_STRING", "")).get("for", [""])[0]
        numbers = [int(number) for number in re.findall(r"\d+", value) if int(number) <= MAX_WAIT]
        waited = numbers[-1] if numbers else 0
        time.sleep(waited)
        body = json.dumps({"waited": waited}).encode()
    else:
        start_response("404 Not Found", [("Content-Type", "application/json")])
        return [b"{}"]
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


def serving() -> AbstractContextManager[str]:
    """Serve the API on loopback for the `with` block; yields its URL."""
    return in_thread(_app)
