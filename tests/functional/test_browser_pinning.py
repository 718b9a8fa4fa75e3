"""SaaS mode in the browser: Chromium is pinned to the target's checked address. The pin's flags are
built from the resolved address; a name resolving inward is refused before launch; a pinned browser
reaches its host without asking DNS and nothing else (other names, IP literals in any spelling, a
redirect, WebRTC); the route guard refuses non-public IP literals on its own.

Pinned tests pin a made-up name to 127.0.0.1 directly: the address check would (rightly) refuse
loopback, and what is tested here is what holds after that check passed."""
from __future__ import annotations

import asyncio
import socket
from collections.abc import Callable, Iterator
from urllib.parse import quote, urlsplit

import pytest

from scans.engine.errors import TargetUnreachable
from scans.functional.config import FunctionalConfig, Runner
from scans.functional.errors import TargetRefused
from scans.functional.pages import PageLoadError, RouteGuard, load, new_context
from scans.functional.runner import run_functional
from scans.functional.scope import Scope
from scans.functional.session import FunctionalBrowser
from scans.functional.targetguard import TargetPin, pin_target
from tests.functional.sites.server import Reply, SiteServer

PINNED_NAME = "nat-target.test"
LOAD_MS = 10_000
HELLO = b"<!doctype html><html lang=en><title>hello</title><p>hello</p></html>"
WEBRTC_PAGE = """<!doctype html><html lang=en><title>rtc</title><script>
const peer = new RTCPeerConnection({iceServers: [{urls: 'stun:127.0.0.1:%d'}]});
peer.onicegatheringstatechange = () => { window.gathered = peer.iceGatheringState === 'complete'; };
peer.createDataChannel('probe');
peer.createOffer().then((offer) => peer.setLocalDescription(offer));
</script></html>"""


def html(body: bytes) -> Reply:
    return Reply(200, "text/html; charset=utf-8", body)


@pytest.fixture(scope="module")
def stun() -> Iterator[socket.socket]:
    """A UDP socket on loopback standing in for a STUN server on the internal network."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    listener.bind(("127.0.0.1", 0))
    yield listener
    listener.close()


@pytest.fixture(scope="module")
def target(stun) -> Iterator[SiteServer]:
    routes = {
        ("GET", "/hello"): lambda request: html(HELLO),
        ("GET", "/landed"): lambda request: html(HELLO),
        ("GET", "/redirect"): lambda request: Reply(302, headers=(("Location", request.query["to"]),)),
        ("GET", "/webrtc.html"): lambda request: html((WEBRTC_PAGE % stun.getsockname()[1]).encode()),
    }
    server = SiteServer(routes=routes).start()
    yield server
    server.stop()


@pytest.fixture
def fresh_target(target: SiteServer) -> SiteServer:
    target.hits.clear()
    return target


@pytest.fixture(scope="module")
def pinned() -> Iterator[FunctionalBrowser]:
    browser = FunctionalBrowser(pin=TargetPin(host=PINNED_NAME, address="127.0.0.1")).start()
    yield browser
    browser.close()


def port(site: SiteServer) -> int:
    return site.server.server_address[1]


def visit(
    browser: FunctionalBrowser, url: str, guard: RouteGuard | None = None, *,
    until: str = "", meanwhile: Callable[[], object] | None = None,
) -> str:
    """Load `url` in a fresh context (behind `guard` when given); '' when it loaded, else the error.
    Then, with the page still open, wait for the page expression `until` and run `meanwhile`."""

    async def go() -> str:
        context = await (new_context(browser.browser, guard) if guard else browser.browser.new_context())
        try:
            page = await context.new_page()
            try:
                await load(page, url, timeout_ms=LOAD_MS)
                if until:
                    await page.wait_for_function(until, timeout=LOAD_MS)
                if meanwhile:
                    await asyncio.to_thread(meanwhile)
            except PageLoadError as error:
                return str(error)
            return ""
        finally:
            await context.close()

    return browser.submit(go()).result(timeout=60)


def datagrams(listener: socket.socket) -> int:
    """How many datagrams wait on `listener` (read and dropped)."""
    listener.setblocking(False)
    count = 0
    while True:
        try:
            listener.recv(4096)
        except BlockingIOError:
            return count
        count += 1


def first_datagram(listener: socket.socket) -> bytes:
    listener.settimeout(LOAD_MS / 1000)
    return listener.recv(4096)


def test_the_pin_maps_the_target_to_its_resolved_address_and_every_other_lookup_to_nothing():
    asked = []

    def resolver(host: str, port: int) -> list[str]:
        asked.append((host, port))
        return ["203.0.113.5", "2001:db8::5"]

    pin = pin_target("https://Shop.Example:8443/app", resolve=resolver)
    assert asked == [("shop.example", 8443)]
    assert pin.chromium_args() == (
        "--host-resolver-rules=MAP shop.example 203.0.113.5, MAP * ~NOTFOUND",
        "--no-proxy-server",
        "--webrtc-ip-handling-policy=disable_non_proxied_udp",
    )
    assert pin_target("http://bücher.example/", resolve=lambda host, port: ["2001:db8::5"]).resolver_rules() == (
        "MAP xn--bcher-kva.example [2001:db8::5], MAP * ~NOTFOUND"
    )
    assert pin_target("http://3405803781/", resolve=lambda host, port: ["203.0.113.5"]).resolver_rules() == (
        "MAP 203.0.113.5 203.0.113.5, MAP * ~NOTFOUND"
    )


@pytest.mark.parametrize("url", [
    "http://localhost:{port}/", "http://127.0.0.1:{port}/", "http://2130706433:{port}/",
    "http://0x7f.1:{port}/", "http://[::ffff:127.0.0.1]:{port}/",
])
def test_a_host_resolving_inward_is_refused_before_the_browser_starts(fresh_target, url):
    with pytest.raises(TargetRefused, match=r"127\.0\.0\.1.*loopback"):
        pin_target(url.format(port=port(fresh_target)))
    assert fresh_target.hits == []


@pytest.mark.browser
def test_a_pinned_browser_reaches_its_host_at_the_pinned_address_without_asking_dns(pinned, fresh_target):
    assert visit(pinned, f"http://{PINNED_NAME}:{port(fresh_target)}/hello") == ""
    assert fresh_target.hits[0] == "/hello"


@pytest.mark.browser
@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "2130706433", "[::ffff:127.0.0.1]"])
def test_a_pinned_browser_reaches_no_other_name_or_ip_literal(pinned, fresh_target, host):
    error = visit(pinned, f"http://{host}:{port(fresh_target)}/hello")
    assert "ERR_NAME_NOT_RESOLVED" in error
    assert fresh_target.hits == []


@pytest.mark.browser
@pytest.mark.parametrize("inward", ["http://localhost:{port}/landed", "http://127.0.0.1:{port}/landed"])
def test_a_redirect_inward_is_not_followed_by_a_pinned_browser(pinned, fresh_target, inward):
    start = f"http://{PINNED_NAME}:{port(fresh_target)}"
    to = quote(inward.format(port=port(fresh_target)), safe="")
    guard = RouteGuard(Scope(start), public_only=True)
    assert "could not be loaded" in visit(pinned, f"{start}/redirect?to={to}", guard)
    assert fresh_target.hits[0] == f"/redirect?to={to}" and "/landed" not in fresh_target.hits


@pytest.mark.browser
def test_without_the_pin_the_route_guard_alone_lets_a_redirect_leave_the_origin(browser, fresh_target):
    """Playwright does not route the requests a redirect makes: the pin is what stops them."""
    start = fresh_target.url
    to = quote(f"http://localhost:{port(fresh_target)}/landed", safe="")
    assert visit(browser, f"{start}/redirect?to={to}", RouteGuard(Scope(start))) == ""
    assert "/landed" in fresh_target.hits


@pytest.mark.browser
def test_webrtc_in_a_pinned_browser_sends_nothing(pinned, browser, fresh_target, stun):
    """ICE gathering completes without one datagram to the (internal) STUN server; unpinned, the same
    page does send one."""
    datagrams(stun)
    assert visit(pinned, f"http://{PINNED_NAME}:{port(fresh_target)}/webrtc.html", until="window.gathered") == ""
    assert datagrams(stun) == 0
    sent: list[bytes] = []
    assert visit(browser, f"{fresh_target.url}/webrtc.html", meanwhile=lambda: sent.append(first_datagram(stun))) == ""
    assert sent and sent[0][:2] == b"\x00\x01", "a STUN Binding Request"


@pytest.mark.browser
@pytest.mark.parametrize("host", ["127.0.0.1", "2130706433", "[::ffff:127.0.0.1]"])
def test_the_route_guard_refuses_a_non_public_ip_literal_in_any_spelling(browser, fresh_target, host):
    url = f"http://{host}:{port(fresh_target)}/hello"
    guard = RouteGuard(Scope(url), public_only=True)
    assert "could not be loaded" in visit(browser, url, guard)
    assert fresh_target.hits == []
    assert guard.non_public.count == 1 and "a loopback address" in guard.non_public.shown[0]
    assert visit(browser, url, RouteGuard(Scope(url))) == ""
    assert fresh_target.hits[0] == "/hello"


def checked_as_public(monkeypatch: pytest.MonkeyPatch, address: str) -> None:
    """The runner's address check passes (as it would for a public name) and pins `address`."""
    monkeypatch.setattr(
        "scans.functional.runner.pin_target", lambda url: TargetPin(host=urlsplit(url).hostname or "", address=address),
    )


@pytest.mark.browser
def test_a_public_only_scan_runs_in_a_browser_pinned_to_the_checked_address(fresh_target, store, monkeypatch):
    """The runner launches its browser with the pin: a page on a name only the pin resolves loads,
    and a redirect from it to another host never arrives."""
    start = f"http://{PINNED_NAME}:{port(fresh_target)}"
    checked_as_public(monkeypatch, "127.0.0.1")
    to = quote(f"http://localhost:{port(fresh_target)}/landed", safe="")
    config = FunctionalConfig(
        url=start, pages=("/hello", f"/redirect?to={to}"), runners=frozenset({Runner.VISUAL}), public_only=True,
    )
    outcome = run_functional(config, baselines=store)
    assert {task.endpoint: task.status for task in outcome.tasks} == {"/hello": "passed", f"/redirect?to={to}": "error"}
    assert "/landed" not in fresh_target.hits


def test_a_name_answering_inward_after_the_check_is_refused_by_the_crawl(fresh_target, store, monkeypatch):
    """DNS rebinding: the name passed the check, then resolves to loopback when the crawl connects."""
    checked_as_public(monkeypatch, "127.0.0.1")
    config = FunctionalConfig(url=f"http://localhost:{port(fresh_target)}/hello", public_only=True)
    with pytest.raises(TargetUnreachable, match="NAT refused to connect.*loopback"):
        run_functional(config, baselines=store)
    assert fresh_target.hits == []
