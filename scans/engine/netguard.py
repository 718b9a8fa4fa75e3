"""Which addresses a SaaS scan may reach, checked when a connection is made (not only at submit time).

In `saas` mode NAT must never become a way into its own network: loopback, private, link-local
(cloud metadata at 169.254.169.254 included), CGNAT, multicast and reserved addresses are refused,
and so are IPv6 forms that embed one (IPv4-mapped, 6to4, Teredo, NAT64). The check runs on the
address actually dialled, after DNS, so a name that resolves inward later, or a redirect to an
internal host, is refused too.
"""
from __future__ import annotations

import ipaddress
import socket
from typing import TYPE_CHECKING

import requests
from urllib3.exceptions import NewConnectionError

from scans.engine.http.connection import BoundedAdapter, BoundedHTTPConnection, BoundedHTTPSConnection, pools_for

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
NAT64 = ipaddress.ip_network("64:ff9b::/96")
METADATA = {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}


class BlockedAddress(Exception):
    """The target resolves to an address a SaaS scan may not reach."""


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address.ipv4_mapped:
        return address.ipv4_mapped
    if address.sixtofour:
        return address.sixtofour
    if address.teredo:
        return address.teredo[1]
    if address in NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def blocked_reason(address: str | IPAddress) -> str | None:
    """Why `address` may not be scanned in SaaS mode, or None when it may."""
    ip = ipaddress.ip_address(address) if isinstance(address, str) else address
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(ip)
        if embedded is not None:
            reason = blocked_reason(embedded)
            return f"{reason} (inside {ip})" if reason else None
    if ip in METADATA:
        return "a cloud metadata address"
    for test, label in (
        ("is_loopback", "a loopback address"), ("is_link_local", "a link-local address"),
        ("is_multicast", "a multicast address"), ("is_unspecified", "an unspecified address"),
        ("is_private", "a private address"), ("is_reserved", "a reserved address"),
    ):
        if getattr(ip, test):
            return label
    if not ip.is_global:
        return "a non-public address (e.g. carrier-grade NAT)"
    return None


def resolve_public(host: str, port: int) -> list[str]:
    """The public addresses `host` resolves to; BlockedAddress when it resolves to any other.

    Every address must be public: a name that answers with one public and one internal address
    could otherwise be dialled on the internal one.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise BlockedAddress(f"{host} does not resolve ({error.strerror})") from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    for address in addresses:
        reason = blocked_reason(address.split("%", 1)[0])
        if reason:
            raise BlockedAddress(f"{host} resolves to {address}, {reason}: SaaS scans may only reach public addresses")
    return addresses


if TYPE_CHECKING:
    _MixinBase = BoundedHTTPConnection
else:
    _MixinBase = object  # the mixin sits before a bounded connection class in the MRO


class _GuardedConnectionMixin(_MixinBase):
    """Resolve, check, then dial the checked address (TLS still verifies the original host name)."""

    def _new_conn(self) -> socket.socket:
        try:
            addresses = resolve_public(self._dns_host, self.port)
        except BlockedAddress as error:
            raise NewConnectionError(self, f"NAT refused to connect: {error}") from None
        original = self._dns_host
        self._dns_host = addresses[0]
        try:
            return super()._new_conn()
        finally:
            self._dns_host = original


class GuardedHTTPConnection(_GuardedConnectionMixin, BoundedHTTPConnection):
    pass


class GuardedHTTPSConnection(_GuardedConnectionMixin, BoundedHTTPSConnection):
    pass


class GuardedAdapter(BoundedAdapter):
    """A `BoundedAdapter` whose connections also refuse non-public addresses."""

    pools = pools_for(GuardedHTTPConnection, GuardedHTTPSConnection)


def guard_session(session: requests.Session) -> requests.Session:
    """Make every connection of `session` refuse non-public addresses; proxies from the environment
    are ignored (a proxy would dial on our behalf, unchecked)."""
    adapter = GuardedAdapter()
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.trust_env = False
    return session


def check_url_host(url: str) -> None:
    """Submit-time check of a URL's host (the connect-time check still applies later)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    resolve_public(parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80))
