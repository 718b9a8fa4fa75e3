"""A deliberately hostile API: every operation answers in a way meant to hurt the scanner (huge,
trickling, looping, compressed or malformed answers); hostile descriptions are served under
`/specs/`, and `many_paths` writes one of a million paths.

Every hostile answer ends on its own: a huge body stops at its size or when the client goes away, a
drip after `DRIP_SECONDS`, and a write blocked by a client that neither reads nor closes after the
socket timeout. Run as `python -m tests.targets.hostile --port 0`; it prints `READY <port>`.
"""
from __future__ import annotations

import json
import signal
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.targets.launcher import RunningTarget, start_target
from tests.targets.serving import CONTROL_PREFIX, server_arguments

HUGE_BYTES = 512 * 1024 * 1024
BOMB_EXPANDED_BYTES = 1024 * 1024 * 1024
"""What the gzip bomb inflates to; it is sent as about 1 MB."""
DRIP_SECONDS = 120
DEEP_LEVELS = 100_000
"""Nesting of `/deep`: far past any parser's recursion limit."""
NESTED_LEVELS = 900
"""Nesting of `/nested`: just inside Python's parser, deep enough to break naive recursive walkers."""
MANY_HEADERS = 1_000
BIG_HEADERS = (90, 60_000)
"""Headers `/big-headers` sends and the length of each: just inside what HTTP parsers accept."""
WIDE_HEADERS = (4, 60_000)
"""Headers `/wide-headers` sends and the length of each: long, but within NAT's 300 KB."""
GROWTH = 1_000
"""Characters `/redirect-grow` adds to its URL at each hop."""
SOCKET_TIMEOUT = 30
BLOCK = 64 * 1024

_OPERATIONS = {
    "/huge": "a JSON body of 512 MB",
    "/drip": "a JSON body sent one byte a second",
    "/drip-headers": "headers sent one byte a second",
    "/redirect-loop": "a redirect to itself",
    "/redirect-grow": "a redirect to itself with a longer URL each time",
    "/gzip-bomb": "1 MB of gzip that inflates to 1 GB",
    "/latin1": "JSON that is not UTF-8",
    "/binary": "binary bytes declared as JSON",
    "/deep": f"JSON nested {DEEP_LEVELS:,} levels deep",
    "/nested": f"JSON nested {NESTED_LEVELS} levels deep",
    "/many-headers": f"{MANY_HEADERS} headers",
    "/big-headers": f"{BIG_HEADERS[0]} headers of {BIG_HEADERS[1]:,} characters",
    "/wide-headers": f"{WIDE_HEADERS[0]} headers of {WIDE_HEADERS[1]:,} characters",
}


def openapi() -> dict[str, Any]:
    """The description: every hostile answer as an operation with a query parameter to play with."""
    parameter = {"name": "q", "in": "query", "schema": {"type": "string"}, "example": "x"}
    ok = {"200": {"description": "OK", "content": {"application/json": {"schema": {"type": "object"}}}}}
    paths = {
        path: {"get": {"operationId": path.strip("/").replace("-", "_"), "summary": summary, "security": [],
                       "parameters": [parameter], "responses": ok}}
        for path, summary in _OPERATIONS.items()
    }
    return {"openapi": "3.0.3", "info": {"title": "Hostile", "version": "1"}, "paths": paths}


def many_paths(count: int) -> bytes:
    """A description of `count` paths, each a `$ref` to one path item: 30 bytes a path, so a million
    of them fit well within the size cap."""
    paths = b",".join(b'"/p%d": {"$ref": "#/x-item"}' % n for n in range(count))
    return (b'{"openapi": "3.0.3", "info": {"title": "many", "version": "1"}, '
            b'"x-item": {"get": {"responses": {"200": {"description": "ok"}}}}, "paths": {' + paths + b"}}")


def gzip_bomb() -> bytes:
    """`BOMB_EXPANDED_BYTES` of spaces gzipped, compressed block by block (never held expanded)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b" " * (1024 * 1024)
    parts = [compressor.compress(block) for _ in range(BOMB_EXPANDED_BYTES // len(block))]
    return b"".join([*parts, compressor.flush()])


class HostileHandler(BaseHTTPRequestHandler):
    server_version = "hostile"
    sys_version = ""
    timeout = SOCKET_TIMEOUT

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - signature of the base class
        return

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        parts = urlsplit(self.path)
        self._entry = entry = {"path": parts.path, "query": parts.query, "sent": 0, "finished": False, "ended": False}
        if parts.path.startswith(CONTROL_PREFIX):
            return self._control(parts.path[len(CONTROL_PREFIX):])
        self.server.log.append(entry)  # type: ignore[attr-defined]
        try:
            self._answer(parts.path, parse_qs(parts.query))
            entry["finished"] = True
        except OSError:
            # The client went away (or stopped reading): that is how most of these answers end.
            self.close_connection = True
        finally:
            entry["ended"] = True

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        self._entry = {"sent": 0}
        if self.path == CONTROL_PREFIX + "reset-log":
            self.server.log.clear()  # type: ignore[attr-defined]
            return self._plain(200, b"{}")
        self._plain(405, b'{"error": "method not allowed"}')

    def _answer(self, path: str, query: dict[str, list[str]]) -> None:
        if path == "/openapi.json":
            return self._plain(200, json.dumps(openapi()).encode())
        if path in ("/huge", "/specs/huge.json"):
            return self._huge()
        if path in ("/drip", "/specs/drip.json"):
            return self._drip()
        if path == "/drip-headers":
            return self._drip_headers()
        if path in ("/redirect-loop", "/specs/redirect-loop.json"):
            return self._redirect(path)
        if path == "/redirect-grow":
            grown = query.get("n", [""])[0] + "a" * GROWTH
            return self._redirect(f"{path}?n={grown}")
        if path in ("/gzip-bomb", "/specs/gzip-bomb.json"):
            bomb = self.server.bomb  # type: ignore[attr-defined]
            return self._plain(200, bomb, extra=(("Content-Encoding", "gzip"),))
        if path == "/latin1":
            return self._plain(200, '{"name": "café crème", "note": "\xff\xfe"}'.encode("latin-1"))
        if path == "/binary":
            return self._plain(200, b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 256)
        if path == "/deep":
            return self._plain(200, b"[" * DEEP_LEVELS + b"]" * DEEP_LEVELS)
        if path == "/nested":
            return self._plain(200, b'{"a": ' * NESTED_LEVELS + b"1" + b"}" * NESTED_LEVELS)
        if path == "/many-headers":
            headers = tuple((f"X-Flood-{n}", "x") for n in range(MANY_HEADERS))
            return self._plain(200, b"{}", extra=headers)
        if path in ("/big-headers", "/wide-headers"):
            count, length = BIG_HEADERS if path == "/big-headers" else WIDE_HEADERS
            return self._plain(200, b"{}", extra=tuple((f"X-Big-{n}", "b" * length) for n in range(count)))
        return self._plain(404, b'{"error": "not found"}')

    def _plain(self, status: int, body: bytes, *, extra: tuple[tuple[str, str], ...] = ()) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for name, value in extra:
            self.send_header(name, value)
        self.end_headers()
        self._write(body)

    def _write(self, data: bytes) -> None:
        self.wfile.write(data)
        self._entry["sent"] += len(data)

    def _huge(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(HUGE_BYTES))
        self.end_headers()
        block = b"[" + b"0," * (BLOCK // 2 - 1) + b"0"
        for _ in range(HUGE_BYTES // len(block)):
            self._write(block)

    def _drip(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(DRIP_SECONDS + 2))
        self.end_headers()
        self._write(b"[")
        for _ in range(DRIP_SECONDS):
            self.wfile.flush()
            time.sleep(1)
            self._write(b" ")
        self._write(b"]")

    def _drip_headers(self) -> None:
        self.wfile.write(b"HTTP/1.1 200 OK\r\nX-Drip: ")
        for _ in range(DRIP_SECONDS):
            self.wfile.flush()
            time.sleep(1)
            self._write(b"d")
        self._write(b"\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _control(self, command: str) -> None:
        if command == "log":
            return self._plain(200, json.dumps(self.server.log).encode())  # type: ignore[attr-defined]
        self._plain(404, b"{}")


class HostileServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, port: int) -> None:
        super().__init__(("127.0.0.1", port), HostileHandler)
        self.log: list[dict[str, Any]] = []
        """Each request: bytes sent, whether its whole answer left (`finished`), whether it is over (`ended`)."""
        self.bomb = gzip_bomb()
        """Built once, before the server says it is ready (it takes a few seconds)."""


def start_hostile() -> RunningTarget:
    """This API in a process of its own on a loopback port."""
    return start_target("tests.targets.hostile", spec_path="/openapi.json")


def main() -> None:
    arguments = server_arguments(__doc__ or "")
    server = HostileServer(arguments.port)
    signal.signal(signal.SIGTERM, lambda signum, frame: threading.Thread(target=server.shutdown).start())
    print(f"READY {server.server_address[1]}", flush=True)
    server.serve_forever(poll_interval=0.2)
    server.server_close()


if __name__ == "__main__":
    main()
