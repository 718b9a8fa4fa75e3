"""NAT's out-of-band listener: a small HTTP server whose URLs the scan hands to the target.

A target that fetches `/c/<token>` proves it fetched a URL it was given (SSRF); `/r/<token>`
answers with a redirect to `/t/<token>`, so a fetch of the second proves the target follows
redirects. Tokens are random per probe, so a hit names the probe that caused it.
"""
from __future__ import annotations

import ipaddress
import socket
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from scans.engine.http.control import ScanControl

MAX_HITS = 2000
"""Hits kept at most: a target hammering the listener cannot exhaust memory."""
MAX_BODY = 1024
FETCH = "c"
REDIRECT = "r"
REDIRECTED = "t"
BODY_TEXT = "nat-callback {token}\n"
"""What a fetch of `/c/<token>` returns: the token, so a reflected answer can be recognised too."""


@dataclass(frozen=True, slots=True)
class Hit:
    """One request the listener received."""

    kind: str
    """`c` (fetch), `r` (the redirecting URL) or `t` (where the redirect led)."""
    token: str
    method: str
    path: str
    client: str
    user_agent: str
    at: float


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.0"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - signature of the base class
        return

    def _answer(self) -> None:
        parts = [part for part in urlsplit(self.path).path.split("/") if part]
        kind, token = (parts[0], parts[1]) if len(parts) >= 2 else ("", "")
        length = min(int(self.headers.get("Content-Length") or 0), MAX_BODY)
        if length:
            self.rfile.read(length)
        if kind in (FETCH, REDIRECT, REDIRECTED):
            self.server.listener.record(Hit(
                kind=kind, token=token, method=self.command, path=self.path, client=self.client_address[0],
                user_agent=self.headers.get("User-Agent", ""), at=time.monotonic(),
            ))
        if kind == REDIRECT:
            self.send_response(302)
            self.send_header("Location", self.server.listener.url(token, kind=REDIRECTED))
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = BODY_TEXT.format(token=token).encode() if kind else b""
        self.send_response(200 if kind else 404)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_HEAD = do_PATCH = do_DELETE = do_OPTIONS = _answer


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    listener: CallbackListener


class CallbackListener:
    """The listener of one scan; `start` it, hand out `url(token)`, `wait` for hits, `close` it."""

    def __init__(self, *, bind: str = "", public_url: str = "") -> None:
        host, _, port = bind.rpartition(":") if bind else ("", "", "")
        if not bind:
            configured = urlsplit(public_url) if public_url else None
            host = "0.0.0.0" if configured else "127.0.0.1"
            port = str(configured.port or (443 if configured.scheme == "https" else 80)) if configured else "0"
        self._bind = (host.strip("[]") or "127.0.0.1", int(port or 0))
        self._public_url = public_url.rstrip("/")
        self._lock = threading.Lock()
        self._arrived = threading.Condition(self._lock)
        self._hits: list[Hit] = []
        self._server: _Server | None = None

    def start(self) -> None:
        server = _Server(self._bind, _Handler)
        server.listener = self
        self._server = server
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, name="nat-oob",
                         daemon=True).start()

    def close(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def base_url(self) -> str:
        if self._public_url:
            return self._public_url
        assert self._server is not None, "the listener is not started"
        host, port = self._server.socket.getsockname()[:2]
        host = "127.0.0.1" if host in ("0.0.0.0", "") else host
        return f"http://{host}:{port}"

    @property
    def reachable_only_internally(self) -> bool:
        """True when the listener's address is loopback or private: a target that reaches it
        reached an internal address."""
        host = urlsplit(self.base_url).hostname or ""
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            try:
                address = ipaddress.ip_address(socket.gethostbyname(host))
            except (OSError, ValueError):
                return False
        return not address.is_global

    def url(self, token: str, *, kind: str = FETCH) -> str:
        return f"{self.base_url}/{kind}/{token}"

    def record(self, hit: Hit) -> None:
        with self._arrived:
            if len(self._hits) < MAX_HITS:
                self._hits.append(hit)
            self._arrived.notify_all()

    def hits(self, token: str, *, kind: str | None = None) -> list[Hit]:
        with self._lock:
            return [hit for hit in self._hits if hit.token == token and (kind is None or hit.kind == kind)]

    def wait(self, token: str, *, kind: str = FETCH, timeout: float, control: ScanControl) -> list[Hit]:
        """Hits of `token` (of `kind`), waiting up to `timeout` seconds for the first; a stopped
        scan ends the wait at once."""
        deadline = time.monotonic() + timeout
        with self._arrived:
            while True:
                found = [hit for hit in self._hits if hit.token == token and hit.kind == kind]
                left = deadline - time.monotonic()
                if found or left <= 0 or control.stopped is not None:
                    return found
                self._arrived.wait(min(left, 0.1))
