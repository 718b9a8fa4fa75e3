"""TLS handshakes with chosen versions and cipher suites, and what the server's certificate says.

Handshakes go through the scan's budgets and pacing like requests, and in SaaS mode only to
public addresses (checked after DNS, as `netguard` does for HTTP). What can be offered depends
on the local OpenSSL: versions or suites it cannot offer raise `NotTestable`.
"""
from __future__ import annotations

import datetime
import ipaddress
import socket
import ssl
import warnings
from dataclasses import dataclass

from cryptography import x509

from scans.engine.http.client import HttpClient
from scans.engine.netguard import BlockedAddress, resolve_public

PERMISSIVE_CIPHERS = "ALL:@SECLEVEL=0"
"""Everything the local OpenSSL can offer, old suites included (to see what a server accepts)."""
HANDSHAKE_TIMEOUT = 10.0
VERIFY_REASONS = {
    10: "expired", 9: "not yet valid", 18: "self-signed", 19: "self-signed", 20: "untrusted issuer",
    21: "untrusted issuer", 2: "untrusted issuer",
}
"""OpenSSL verification codes and the certificate problem each means."""


class NotTestable(Exception):
    """The local OpenSSL cannot offer what the test needs."""


@dataclass(frozen=True, slots=True)
class Handshake:
    """How one handshake went."""

    ok: bool
    version: str = ""
    cipher: str = ""
    error: str = ""
    certificate: bytes = b""
    """The server's certificate (DER), when the handshake got that far."""
    verify_problem: str = ""
    """With verification asked: `expired`, `self-signed`, `untrusted issuer`… or `""` when it passed."""
    offered: tuple[str, ...] = ()
    """The suites the handshake offered (a weak-suite test checks the server chose one of them)."""


@dataclass(frozen=True, slots=True)
class CertificateFacts:
    subject: str
    issuer: str
    not_before: datetime.datetime
    not_after: datetime.datetime
    names: tuple[str, ...]
    """DNS names and IP addresses the certificate is valid for."""

    @property
    def self_issued(self) -> bool:
        return self.subject == self.issuer

    def covers(self, host: str) -> bool:
        """True when the certificate names `host` (wildcards match one label)."""
        host = host.lower().rstrip(".")
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            address = None
        for name in self.names:
            if address is not None:
                if name == str(address):
                    return True
                continue
            name = name.lower().rstrip(".")
            if name == host or (name.startswith("*.") and host.count(".") >= 2
                                and host.split(".", 1)[1] == name[2:]):
                return True
        return False


def certificate_facts(der: bytes) -> CertificateFacts:
    certificate = x509.load_der_x509_certificate(der)
    names: list[str] = []
    try:
        alternative = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        names += alternative.get_values_for_type(x509.DNSName)
        names += [str(address) for address in alternative.get_values_for_type(x509.IPAddress)]
    except x509.ExtensionNotFound:
        names += [attribute.value for attribute in certificate.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
                  if isinstance(attribute.value, str)]
    return CertificateFacts(
        subject=certificate.subject.rfc4514_string(),
        issuer=certificate.issuer.rfc4514_string(),
        not_before=certificate.not_valid_before_utc,
        not_after=certificate.not_valid_after_utc,
        names=tuple(str(name) for name in names),
    )


class TlsProber:
    """Handshakes with one server as part of a scan."""

    def __init__(self, client: HttpClient, host: str, port: int) -> None:
        self.client = client
        self.host = host
        self.port = port

    def handshake(
        self,
        *,
        version: ssl.TLSVersion | None = None,
        ciphers: str = PERMISSIVE_CIPHERS,
        cap: ssl.TLSVersion | None = None,
        verify: bool = False,
        cafile: str = "",
    ) -> Handshake:
        """One handshake offering only `version` (or up to `cap`) and `ciphers`."""
        context = client_context(version=version, ciphers=ciphers, cap=cap, verify=verify, cafile=cafile)
        offered = tuple(suite["name"] for suite in context.get_ciphers())
        control = self.client.control
        control.charge()
        self.client.rate_limiter.acquire(control)
        try:
            address = self._address()
        except BlockedAddress as exc:
            return Handshake(ok=False, error=f"NAT refused to connect: {exc}")
        try:
            with socket.create_connection((address, self.port), timeout=HANDSHAKE_TIMEOUT) as raw:
                server_name = None if _is_address(self.host) else self.host
                with context.wrap_socket(raw, server_hostname=server_name) as connection:
                    cipher = connection.cipher()
                    return Handshake(ok=True, version=connection.version() or "", cipher=cipher[0] if cipher else "",
                                     certificate=connection.getpeercert(binary_form=True) or b"", offered=offered)
        except ssl.SSLCertVerificationError as exc:
            problem = VERIFY_REASONS.get(exc.verify_code, exc.verify_message or "untrusted")
            return Handshake(ok=False, error=str(exc), verify_problem=problem)
        except (OSError, ssl.SSLError) as exc:
            return Handshake(ok=False, error=str(exc) or type(exc).__name__)

    def _address(self) -> str:
        if self.client.public_only:
            return resolve_public(self.host, self.port)[0]
        return self.host


def client_context(*, version: ssl.TLSVersion | None = None, ciphers: str = PERMISSIVE_CIPHERS,
                   cap: ssl.TLSVersion | None = None, verify: bool = False, cafile: str = "") -> ssl.SSLContext:
    """A client context offering only `version` (or up to `cap`) and `ciphers`; `NotTestable` when
    the local OpenSSL cannot."""
    if verify:
        context = ssl.create_default_context(cafile=cafile or None)
        context.check_hostname = False
    else:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    try:
        with warnings.catch_warnings():
            # Old versions are deprecated in `ssl`; offering them is the point of the test.
            warnings.simplefilter("ignore", DeprecationWarning)
            if version is not None:
                context.minimum_version = version
                context.maximum_version = version
            elif cap is not None:
                context.minimum_version = ssl.TLSVersion.MINIMUM_SUPPORTED
                context.maximum_version = cap
        context.set_ciphers(ciphers)
    except (ValueError, ssl.SSLError) as exc:
        raise NotTestable(f"this machine's OpenSSL cannot offer {ciphers} ({exc})") from None
    return context


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def can_offer(version: ssl.TLSVersion) -> bool:
    """True when the local OpenSSL can offer `version` (with old suites allowed)."""
    try:
        client_context(version=version)
    except NotTestable:
        return False
    return {ssl.TLSVersion.TLSv1: ssl.HAS_TLSv1, ssl.TLSVersion.TLSv1_1: ssl.HAS_TLSv1_1}.get(version, True)
