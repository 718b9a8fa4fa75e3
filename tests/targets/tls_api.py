"""A small API served over HTTPS on loopback, with certificates made at test time, for the transport
checks: which certificate, which TLS versions and suites, HSTS or not, and a plain-HTTP twin that
redirects or serves the API. Runs in the test's process (threads), started and stopped by a fixture."""
from __future__ import annotations

import datetime
import json
import socketserver
import ssl
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from ipaddress import ip_address
from pathlib import Path
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

STRONG = "ECDHE+AESGCM:ECDHE+CHACHA20"
OLD_VERSION_SUITES = "ECDHE+AESGCM:ECDHE+CHACHA20:ECDHE+AES:@SECLEVEL=0"
WEAK_SUITES = ":kRSA+AES"
"""Static-RSA key exchange with AES (no NULL suites: those would be a second weakness)."""
SPEC = {
    "openapi": "3.0.3", "info": {"title": "Items", "version": "1.0"}, "servers": [{"url": "/api"}],
    "paths": {"/items": {"get": {"operationId": "listItems", "security": [], "responses": {"200": {
        "description": "OK", "content": {"application/json": {"schema": {"type": "object", "properties": {
            "items": {"type": "array", "items": {"type": "string"}}}}}}}}}}},
}


@dataclass(frozen=True, slots=True)
class TlsSetup:
    certificate: str = "trusted"
    """`trusted` (signed by the test CA, for 127.0.0.1), `self-signed`, `expired` or `wrong-name`."""
    old_versions: bool = False
    weak_suites: bool = False
    hsts: bool = True
    http_redirects: bool = True


@dataclass(frozen=True, slots=True)
class TlsApi:
    https_url: str
    http_url: str
    ca_file: str
    spec: bytes = json.dumps(SPEC).encode()


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _pem(path: Path, data: bytes) -> str:
    path.write_bytes(data)
    return str(path)


def make_certificates(folder: Path, kind: str) -> tuple[str, str, str]:
    """A test CA, and a server certificate of `kind` with its key: (ca, certificate, key) PEM paths."""
    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (x509.CertificateBuilder().subject_name(_name("NAT test CA")).issuer_name(_name("NAT test CA"))
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now - datetime.timedelta(days=30)).not_valid_after(now + datetime.timedelta(days=30))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .sign(ca_key, hashes.SHA256()))
    # RSA, so that static-RSA suites can be offered when a test wants them.
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    names: list[x509.GeneralName] = [x509.IPAddress(ip_address("127.0.0.1")), x509.DNSName("localhost")]
    if kind == "wrong-name":
        names = [x509.DNSName("api.other.test")]
    not_before, not_after = now - datetime.timedelta(days=1), now + datetime.timedelta(days=30)
    if kind == "expired":
        not_before, not_after = now - datetime.timedelta(days=60), now - datetime.timedelta(days=2)
    subject = _name("127.0.0.1")
    issuer, signer = (subject, key) if kind == "self-signed" else (ca.subject, ca_key)
    certificate = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(key.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(not_before)
                   .not_valid_after(not_after).add_extension(x509.SubjectAlternativeName(names), critical=False)
                   .sign(signer, hashes.SHA256()))
    return (
        _pem(folder / "ca.pem", ca.public_bytes(serialization.Encoding.PEM)),
        _pem(folder / "server.pem", certificate.public_bytes(serialization.Encoding.PEM)),
        _pem(folder / "server.key", key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                      serialization.NoEncryption())),
    )


def _app(setup: TlsSetup, *, secure: bool, https_origin: str) -> Callable[[dict, Any], Iterable[bytes]]:
    def app(environ: dict, start_response: Any) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if not secure and setup.http_redirects:
            start_response("301 Moved Permanently", [("Location", https_origin + path), ("Content-Length", "0")])
            return [b""]
        headers = [("Content-Type", "application/json"), ("X-Content-Type-Options", "nosniff"),
                   ("Cache-Control", "no-store"), ("Server", "items")]
        if secure and setup.hsts:
            headers.append(("Strict-Transport-Security", "max-age=31536000; includeSubDomains"))
        if path == "/api/openapi.json":
            body = json.dumps(SPEC).encode()
        elif path == "/api/items":
            body = json.dumps({"items": ["kettle", "teapot"]}).encode()
        else:
            start_response("404 Not Found", [*headers])
            return [b'{"detail": "not found"}']
        start_response("200 OK", [*headers, ("Content-Length", str(len(body)))])
        return [body]

    return app


class _Server(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        return


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - signature of the base class
        return


def _context(setup: TlsSetup, certificate: str, key: str) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificate, key)
    suites = OLD_VERSION_SUITES if setup.old_versions else STRONG
    if setup.weak_suites:
        suites = suites.replace(":@SECLEVEL=0", "") + WEAK_SUITES + ":@SECLEVEL=0"
    context.set_ciphers(suites)
    context.minimum_version = ssl.TLSVersion.MINIMUM_SUPPORTED if setup.old_versions else ssl.TLSVersion.TLSv1_2
    return context


@contextmanager
def serving(setup: TlsSetup, folder: Path) -> Iterator[TlsApi]:
    """Serve the API over HTTPS and its plain-HTTP twin on loopback for the `with` block."""
    ca, certificate, key = make_certificates(folder, setup.certificate)
    secure = make_server("127.0.0.1", 0, _app(setup, secure=True, https_origin=""), server_class=_Server,
                         handler_class=_Quiet)
    secure.socket = _context(setup, certificate, key).wrap_socket(secure.socket, server_side=True)
    https_origin = f"https://127.0.0.1:{secure.server_address[1]}"
    plain = make_server("127.0.0.1", 0, _app(setup, secure=False, https_origin=https_origin), server_class=_Server,
                        handler_class=_Quiet)
    servers = (secure, plain)
    for server in servers:
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
    try:
        yield TlsApi(https_url=https_origin, http_url=f"http://127.0.0.1:{plain.server_address[1]}", ca_file=ca)
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
