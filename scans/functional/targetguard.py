"""The SaaS target guard in the functional runners: the target's address is checked before anything
connects, and the browser is then bound to that checked address.

Chromium resolves names itself, so a check in Python alone would not bind it: between the check and
Chromium's own lookup a name can be re-pointed inward (DNS rebinding), and a page or a redirect can
name any other host or IP literal. `--host-resolver-rules` makes the checked address Chromium's only
answer for the target's host and fails every other lookup, IP literals included. Plain HTTP (the
crawl, the contract tests) goes through netguard's guarded session, which checks every connection.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests

from scans.engine.netguard import BlockedAddress, blocked_reason, guard_session, resolve_public
from scans.functional.errors import TargetRefused
from scans.functional.scope import literal_address, origin_of

PINNED_ARGS = ("--no-proxy-server", "--webrtc-ip-handling-policy=disable_non_proxied_udp")
"""A proxy would resolve names for Chromium, past the pin; WebRTC's STUN/TURN traffic bypasses both
the resolver rules and Playwright's routing, so it is left no transport (no UDP, no proxy)."""


@dataclass(frozen=True, slots=True)
class TargetPin:
    """The scan target's host and the checked address the browser must reach it at."""

    host: str
    """As Chromium spells it: lower case, IDNA-encoded, an IP literal canonical and unbracketed."""
    address: str

    def resolver_rules(self) -> str:
        # Chromium applies the first rule that matches: the target's own must come before the catch-all.
        replacement = f"[{self.address}]" if ":" in self.address else self.address
        return f"MAP {self.host} {replacement}, MAP * ~NOTFOUND"

    def chromium_args(self) -> tuple[str, ...]:
        return (f"--host-resolver-rules={self.resolver_rules()}", *PINNED_ARGS)


def pin_target(url: str, *, resolve: Callable[[str, int], list[str]] = resolve_public) -> TargetPin:
    """Resolve `url`'s host and check every address it has (`resolve` raises `BlockedAddress`);
    `TargetRefused` names the address a SaaS scan may not reach."""
    _scheme, host, port = origin_of(url)
    try:
        addresses = resolve(urlsplit(url).hostname or host, port)  # as the user spelled it, for the reason
    except BlockedAddress as error:
        raise TargetRefused(f"NAT refused to connect: {error}") from None
    return TargetPin(host=_chromium_host(host), address=addresses[0])


def _chromium_host(host: str) -> str:
    if literal_address(host) is not None:
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def literal_refusal(url: str) -> str | None:
    """Why `url`'s host, an IP literal in any spelling, may not be reached in SaaS mode; None when it may
    (or is a name: names are the resolver rules' job)."""
    address = literal_address((urlsplit(url).hostname or "").lower())
    reason = blocked_reason(address) if address is not None else None
    return f"{address} is {reason}" if reason else None


def http_session(*, public_only: bool) -> requests.Session:
    """A session for the crawl or the contract tests; with `public_only` every connection is checked."""
    session = requests.Session()
    return guard_session(session) if public_only else session
