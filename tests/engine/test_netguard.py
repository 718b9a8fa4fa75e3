"""SaaS target guard: non-public addresses are refused at connect time, whatever form they take."""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from scans.engine.netguard import BlockedAddress, blocked_reason, check_url_host, guard_session


@pytest.mark.parametrize("address", [
    "127.0.0.1", "127.8.9.10", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "169.254.1.1",
    "100.64.0.1", "224.0.0.1", "0.0.0.0", "240.0.0.1", "::1", "fe80::1", "fc00::1", "fd00:ec2::254",
    "::ffff:127.0.0.1", "::ffff:10.0.0.1", "2002:7f00:1::", "64:ff9b::a00:1", "ff02::1",
])
def test_internal_addresses_are_blocked(address):
    assert blocked_reason(address)


@pytest.mark.parametrize("address", ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"])
def test_public_addresses_are_allowed(address):
    assert blocked_reason(address) is None


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8000/", "http://localhost/", "http://2130706433/", "http://0x7f000001/",
    "http://017700000001/", "http://[::ffff:127.0.0.1]/", "http://127.1/",
])
def test_every_spelling_of_loopback_is_refused_at_submit_time(url):
    with pytest.raises(BlockedAddress):
        check_url_host(url)


class _Counter(BaseHTTPRequestHandler):
    hits = 0

    def do_GET(self) -> None:
        type(self).hits += 1
        self.send_response(302)
        self.send_header("Location", "/landed")
        self.end_headers()

    def log_message(self, *args) -> None:
        return


def test_a_guarded_session_never_connects_inward():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        assert requests.get(url, timeout=5, allow_redirects=False).status_code == 302  # reachable unguarded
        before = _Counter.hits
        session = guard_session(requests.Session())
        with pytest.raises(requests.ConnectionError, match="NAT refused to connect"):
            session.get(url, timeout=5)
        with pytest.raises(requests.ConnectionError, match="loopback"):
            session.get(f"http://localhost:{server.server_address[1]}/", timeout=5)
        assert _Counter.hits == before
    finally:
        server.shutdown()
        server.server_close()
