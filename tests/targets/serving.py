"""Serving a test target: a threaded WSGI server on loopback, a request log, optional throttling.

The log is read by tests through `GET /__nat_test__/log` (never in the target's OpenAPI document):
each entry says what was asked, what was answered, and whether a state-changing request aimed at
an object seeded before the scan (which safe mode must never do).
"""
from __future__ import annotations

import argparse
import itertools
import json
import signal
import socketserver
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

CONTROL_PREFIX = "/__nat_test__/"
StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict, StartResponse], Iterable[bytes]]


class ThreadingWSGIServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True
    request_queue_size = 128
    allow_reuse_address = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - signature of the base class
        return


class Recorder:
    """WSGI middleware: logs every request, throttles every Nth one, serves the control endpoints."""

    def __init__(
        self, app: WsgiApp, *, seeded: Callable[[], set[str]], throttle_every: int = 0, delay: float = 0.0
    ) -> None:
        self.app = app
        self.seeded = seeded
        self.throttle_every = throttle_every
        self.delay = delay
        self.entries: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._count = 0

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path.startswith(CONTROL_PREFIX):
            return self._control(environ, start_response, path[len(CONTROL_PREFIX):])
        method = environ["REQUEST_METHOD"]
        with self._lock:
            self._count += 1
            throttled = bool(self.throttle_every) and self._count % self.throttle_every == 0
        entry = {
            "at": time.time(),
            "method": method,
            "path": path,
            "query": environ.get("QUERY_STRING", ""),
            "authorization": environ.get("HTTP_AUTHORIZATION", ""),
            "seeded_target": method not in ("GET", "HEAD", "OPTIONS") and _targets_seeded(path, self.seeded()),
            "status": 0,
        }
        if self.delay:
            time.sleep(self.delay)
        if throttled:
            entry["status"] = 429
            self._append(entry)
            start_response("429 Too Many Requests", [("Content-Type", "application/json"), ("Retry-After", "1")])
            return [b'{"error": "throttled"}']

        def recording_start(status: str, headers: list, exc_info: Any = None) -> Any:
            entry["status"] = int(status.split(" ", 1)[0])
            return start_response(status, headers, exc_info) if exc_info else start_response(status, headers)

        body = b"".join(self.app(environ, recording_start))
        self._append(entry)
        return [body]

    def _append(self, entry: dict[str, Any]) -> None:
        entry["done"] = time.time()
        with self._lock:
            self.entries.append(entry)

    def _control(self, environ: dict, start_response: StartResponse, command: str) -> Iterable[bytes]:
        if command == "log":
            with self._lock:
                body = json.dumps(self.entries).encode()
        elif command == "reset-log" and environ["REQUEST_METHOD"] == "POST":
            with self._lock:
                self.entries = []
            body = b"{}"
        else:
            start_response("404 Not Found", [("Content-Type", "application/json")])
            return [b"{}"]
        start_response("200 OK", [("Content-Type", "application/json")])
        return [body]


def _targets_seeded(path: str, seeded: set[str]) -> bool:
    segments = [segment for segment in path.split("/") if segment]
    return any(f"{a}/{b}" in seeded for a, b in itertools.pairwise(segments))


def server_arguments(description: str) -> argparse.Namespace:
    """Command line shared by every target: port, flaws, throttling, session lifetime."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--flaws", default="all", help="`all`, `none`, or a comma-separated list")
    parser.add_argument("--throttle-every", type=int, default=0)
    parser.add_argument("--session-ttl", type=float, default=0.0, help="seconds a token stays valid (0: 1 hour)")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds every answer is held back (a slow target)")
    return parser.parse_args()


def parse_flaws(text: str, known: frozenset[str]) -> frozenset[str]:
    if text == "all":
        return known
    if text in ("none", ""):
        return frozenset()
    chosen = frozenset(item.strip() for item in text.split(",") if item.strip())
    unknown = chosen - known
    if unknown:
        raise SystemExit(f"unknown flaws: {', '.join(sorted(unknown))}")
    return chosen


def serve(app: WsgiApp, *, port: int) -> None:
    """Serve on 127.0.0.1, print `READY <port>` once listening, run until killed."""
    server = make_server("127.0.0.1", port, app, server_class=ThreadingWSGIServer, handler_class=QuietHandler)
    signal.signal(signal.SIGTERM, _interrupt)
    print(f"READY {server.server_address[1]}", flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        sys.stdout.flush()


@contextmanager
def in_thread(app: WsgiApp) -> Iterator[str]:
    """Serve `app` on a free loopback port from a thread of this process; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, server_class=ThreadingWSGIServer, handler_class=QuietHandler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class JsonApp:
    """A WSGI app answering JSON: `route` (called under one lock) gives each request's status and body."""

    def __init__(self) -> None:
        self.lock = threading.Lock()

    def route(self, method: str, path: str, environ: dict) -> tuple[int, Any]:
        raise NotImplementedError

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        with self.lock:
            status, body = self.route(environ["REQUEST_METHOD"], environ.get("PATH_INFO", ""), environ)
        data = json.dumps(body).encode()
        start_response(f"{status} {'OK' if status < 400 else 'Error'}",
                       [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
        return [data]


def bearer(environ: dict) -> str:
    """The bearer token of the request, `""` without one."""
    return environ.get("HTTP_AUTHORIZATION", "")[7:]


def json_object(environ: dict) -> dict[str, Any]:
    """The request's body read as a JSON object; empty when it is not one."""
    raw = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
    try:
        parsed = json.loads(raw)
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt
