"""The request layer on a tiny local server: bodies are capped, only connection errors are retried,
identities never share cookies."""
from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from scans.engine.http.client import MAX_BODY_BYTES, HttpClient
from scans.engine.http.control import ScanControl
from scans.engine.http.exclude import ExcludeRules
from scans.engine.http.ratelimit import RateLimiter
from scans.engine.http.redact import Redactor
from scans.engine.http.reply import Call
from scans.engine.http.safety import CreatedObjects, SafetyGuard
from scans.engine.identity.identity import Identity, IdentityOrigin


class Handler(BaseHTTPRequestHandler):
    hits: list[tuple[str, str]] = []

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - base class signature
        return

    def do_GET(self) -> None:  # noqa: N802 - http.server naming
        Handler.hits.append((self.path, self.headers.get("Cookie", "")))
        if self.path == "/big":
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.end_headers()
            chunk = b"x" * 65536
            for _ in range(3 * MAX_BODY_BYTES // len(chunk)):
                try:
                    self.wfile.write(chunk)
                except OSError:
                    return
        elif self.path == "/broken":
            self.send_response(500)
            self.end_headers()
        else:
            self.send_response(200)
            self.send_header("Set-Cookie", "session=abc; Path=/")
            self.end_headers()
            self.wfile.write(b"{}")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _client(root: str) -> HttpClient:
    return HttpClient(root=root, control=ScanControl(), redactor=Redactor(), guard=SafetyGuard(CreatedObjects()),
                      exclude=ExcludeRules([]), rate_limiter=RateLimiter(None), timeout=10, pool_size=2)


ANONYMOUS = Identity("anonymous", origin=IdentityOrigin.ANONYMOUS)


def test_a_huge_body_is_cut_at_the_cap(server: str) -> None:
    reply = _client(server).send(Call("GET", "/big"), ANONYMOUS)
    assert reply.status == 200 and reply.truncated and len(reply.body) == MAX_BODY_BYTES


def test_server_errors_are_not_retried(server: str) -> None:
    Handler.hits.clear()
    reply = _client(server).send(Call("GET", "/broken"), ANONYMOUS)
    assert reply.status == 500 and [path for path, _ in Handler.hits] == ["/broken"]


def test_connection_errors_are_retried_then_reported_as_no_answer() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = _client(f"http://127.0.0.1:{port}")
    reply = client.send(Call("GET", "/"), ANONYMOUS)
    assert reply.status == 0 and "connection failed" in reply.error
    assert client.control.requests_sent == 1, "retries of one request do not spend the budget"


def test_cookies_set_by_the_target_are_not_sent_back_by_anyone(server: str) -> None:
    Handler.hits.clear()
    client = _client(server)
    client.send(Call("GET", "/login"), ANONYMOUS)
    client.send(Call("GET", "/next"), ANONYMOUS)
    assert [cookie for _, cookie in Handler.hits] == ["", ""]
