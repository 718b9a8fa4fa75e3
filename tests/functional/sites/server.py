"""A tiny threaded HTTP server on a loopback port: static files from `pages/` plus dynamic routes."""
from __future__ import annotations

import mimetypes
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

PAGES = Path(__file__).resolve().parent / "pages"


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    query: Mapping[str, str]
    body: bytes


@dataclass(frozen=True)
class Reply:
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    body: bytes = b""
    delay: float = 0.0
    """Seconds to wait before answering (a slow resource)."""
    headers: tuple[tuple[str, str], ...] = ()
    """More response headers (`Location` for a redirect)."""


Route = Callable[[Request], Reply]


@dataclass
class SiteServer:
    """Serves `PAGES` and `routes` on `host` (a loopback address) at an ephemeral port."""

    routes: Mapping[tuple[str, str], Route] = field(default_factory=dict)
    """`(method, path)` → route; method `*` matches any, a path ending in `/*` any path under it."""
    host: str = "127.0.0.1"
    hits: list[str] = field(default_factory=list)
    """Paths requested, in order (query strings kept)."""
    methods: list[str] = field(default_factory=list)
    """The method of each hit."""
    state: dict[str, str] = field(default_factory=dict)
    """Switches dynamic routes read (e.g. the visual page's stylesheet variant)."""

    def __post_init__(self) -> None:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                self._answer("GET")

            def do_HEAD(self) -> None:
                self._answer("HEAD")

            def do_POST(self) -> None:
                self._answer("POST")

            def _answer(self, method: str) -> None:
                site.hits.append(self.path)
                site.methods.append(method)
                length = int(self.headers.get("Content-Length") or 0)
                parts = urlsplit(self.path)
                request = Request(
                    method=method,
                    path=parts.path,
                    query={key: values[0] for key, values in parse_qs(parts.query).items()},
                    body=self.rfile.read(length) if length else b"",
                )
                reply = site.reply(request)
                if reply.delay:
                    time.sleep(reply.delay)
                self.send_response(reply.status)
                self.send_header("Content-Type", reply.content_type)
                self.send_header("Content-Length", str(len(reply.body)))
                self.send_header("Cache-Control", "no-store")
                for name, value in reply.headers:
                    self.send_header(name, value)
                self.end_headers()
                if method != "HEAD":
                    self.wfile.write(reply.body)

            def log_message(self, format: str, *args: object) -> None:
                return

        self.server = _QuietServer((self.host, 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, name="test-site", daemon=True)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.server.server_address[1]}"

    def start(self) -> SiteServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def reply(self, request: Request) -> Reply:
        for method in (request.method, "*"):
            route = self.routes.get((method, request.path))
            prefixed = [key for key in self.routes if key[0] == method and key[1].endswith("/*")]
            for key in prefixed:
                if route is None and request.path.startswith(key[1][:-1]):
                    route = self.routes[key]
            if route is not None:
                return route(request)
        if request.method not in ("GET", "HEAD"):
            return Reply(405, "text/plain", b"method not allowed")
        return static(request.path)


def static(path: str) -> Reply:
    """A file under `PAGES` (`/dir/` serves `dir/index.html`), or 404."""
    relative = path.lstrip("/")
    if not relative or relative.endswith("/"):
        relative += "index.html"
    file = (PAGES / relative).resolve()
    if PAGES not in file.parents or not file.is_file():
        return Reply(404, "text/plain", b"not found")
    content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    if content_type.startswith("text/") or content_type in ("application/json", "image/svg+xml"):
        content_type += "; charset=utf-8"
    return Reply(200, content_type, file.read_bytes())


class _QuietServer(ThreadingHTTPServer):
    """A client hanging up mid-answer (a browser context closed by a stopped scan) is no error here."""

    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)
