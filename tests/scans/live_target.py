"""A tiny, correct JSON API on a loopback port, for driving the scan lifecycle end to end.

It has nothing to find: public read-only operations, an OpenAPI document at /openapi.json, and an
optional delay per request (to watch a scan run, or cancel it midway).
"""
from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

ITEMS = {str(i): {"id": i, "name": f"item {i}"} for i in range(1, 4)}


def openapi(operations: int) -> dict[str, Any]:
    paths: dict[str, Any] = {
        "/items": {"get": {"operationId": "listItems", "security": [], "responses": {"200": {"description": "items"}}}},
        "/items/{item_id}": {"get": {
            "operationId": "getItem", "security": [],
            "parameters": [{"name": "item_id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}],
            "responses": {"200": {"description": "one item"}, "404": {"description": "no such item"}},
        }},
    }
    for n in range(operations):
        paths[f"/catalog/section{n}"] = {"get": {"operationId": f"section{n}", "security": [],
                                                 "responses": {"200": {"description": "a section"}}}}
    return {"openapi": "3.0.3", "info": {"title": "Catalog", "version": "1"}, "paths": paths}


class LiveTarget:
    def __init__(self, *, delay: float = 0.0, operations: int = 3, spec_body: bytes | None = None) -> None:
        self.delay = delay
        self.spec = spec_body or json.dumps(openapi(operations)).encode()
        self.requests = 0
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        target = self

        class Handler(BaseHTTPRequestHandler):
            server_version = "catalog"
            sys_version = ""

            def log_message(self, *args: Any) -> None:
                return

            def _send(self, status: int, body: bytes, content_type: str = "application/json") -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("X-Content-Type-Options", "nosniff")
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

            def do_GET(self) -> None:
                target.requests += 1
                if target.delay:
                    time.sleep(target.delay)
                path = self.path.split("?", 1)[0].rstrip("/")
                if path == "/openapi.json":
                    return self._send(200, target.spec)
                if path == "/items":
                    return self._send(200, json.dumps(list(ITEMS.values())).encode())
                if path.startswith("/items/") and path[len("/items/"):] in ITEMS:
                    return self._send(200, json.dumps(ITEMS[path[len("/items/"):]]).encode())
                if path.startswith("/catalog/section"):
                    return self._send(200, json.dumps({"section": path.rsplit("/", 1)[1]}).encode())
                return self._send(404, b'{"error": "not found"}')

            def _refuse(self) -> None:
                target.requests += 1
                self._send(405, b'{"error": "method not allowed"}')

            do_POST = do_PUT = do_PATCH = do_DELETE = _refuse

        return Handler


@contextmanager
def live_target(**options: Any) -> Iterator[LiveTarget]:
    target = LiveTarget(**options)
    thread = threading.Thread(target=target.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield target
    finally:
        target.server.shutdown()
        target.server.server_close()
