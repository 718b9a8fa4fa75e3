"""NAT's out-of-band listener: a fetch of a token's URL is recorded for that token, a redirecting URL
leads to a second one, and a deployment's public address is the one handed out."""
from __future__ import annotations

import urllib.request
from collections.abc import Iterator

import pytest

from scans.engine.http.control import Cancelled, ScanControl
from scans.engine.oob import FETCH, REDIRECT, REDIRECTED, CallbackListener


@pytest.fixture
def listener() -> Iterator[CallbackListener]:
    started = CallbackListener()
    started.start()
    yield started
    started.close()


def test_a_fetch_is_recorded_for_its_token_only(listener: CallbackListener) -> None:
    with urllib.request.urlopen(listener.url("tok-a"), timeout=5) as answer:
        assert answer.read() == b"nat-callback tok-a\n"
    [hit] = listener.wait("tok-a", timeout=2, control=ScanControl())
    assert (hit.kind, hit.method, hit.client) == (FETCH, "GET", "127.0.0.1")
    assert listener.hits("tok-b") == []
    assert listener.reachable_only_internally


def test_a_redirecting_url_leads_to_a_second_one(listener: CallbackListener) -> None:
    with urllib.request.urlopen(listener.url("tok-r", kind=REDIRECT), timeout=5) as answer:
        assert answer.status == 200
    assert [hit.kind for hit in listener.hits("tok-r")] == [REDIRECT, REDIRECTED]


def test_waiting_ends_at_the_timeout_or_at_once_when_the_scan_stops(listener: CallbackListener) -> None:
    control = ScanControl()
    assert listener.wait("never", timeout=0.2, control=control) == []
    control.stop(Cancelled("stopped by the test"))
    assert listener.wait("never", timeout=30, control=control) == []


def test_a_public_address_is_handed_out_and_judged_by_its_host() -> None:
    public = CallbackListener(bind="127.0.0.1:0", public_url="https://oob.example.net:8443/")
    assert public.url("tok") == "https://oob.example.net:8443/c/tok"
    assert not CallbackListener(public_url="http://8.8.8.8:80").reachable_only_internally
