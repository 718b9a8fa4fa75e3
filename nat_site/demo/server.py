"""Running the demo API on a free loopback port in a background thread."""
from __future__ import annotations

import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from nat_site.demo.app import DemoApi


class _ThreadingServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's signature
        return


@contextmanager
def demo_api(port: int = 0) -> Iterator[str]:
    """Serve a fresh demo API on 127.0.0.1:`port` (0: chosen by the OS); yields its base URL."""
    server = make_server("127.0.0.1", port, DemoApi(), server_class=_ThreadingServer, handler_class=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="nat-demo-api", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
