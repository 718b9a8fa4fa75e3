"""What a server certificate says: the names it covers (IP addresses, wildcards one label deep) and
its validity dates, read from certificates made for the test."""
from __future__ import annotations

import datetime
import ssl
from pathlib import Path

from scans.engine.http.tls import CertificateFacts, certificate_facts
from tests.targets.tls_api import make_certificates


def _facts(tmp_path: Path, kind: str):
    _, certificate, _ = make_certificates(tmp_path, kind)
    return certificate_facts(ssl.PEM_cert_to_DER_cert(Path(certificate).read_text()))


def test_names_covered_by_a_certificate(tmp_path: Path) -> None:
    trusted = _facts(tmp_path, "trusted")
    assert trusted.covers("127.0.0.1") and trusted.covers("localhost") and not trusted.covers("127.0.0.2")
    wrong = _facts(tmp_path, "wrong-name")
    assert not wrong.covers("127.0.0.1") and wrong.covers("api.other.test")


def test_dates_and_self_issue_are_read(tmp_path: Path) -> None:
    expired = _facts(tmp_path, "expired")
    assert expired.not_after < datetime.datetime.now(datetime.UTC) and not expired.self_issued
    assert _facts(tmp_path, "self-signed").self_issued


def test_a_wildcard_covers_one_label() -> None:
    now = datetime.datetime.now(datetime.UTC)
    wildcard = CertificateFacts(subject="CN=x", issuer="CN=ca", not_before=now, not_after=now, names=("*.example.com",))
    assert wildcard.covers("api.example.com")
    assert not wildcard.covers("a.api.example.com") and not wildcard.covers("example.com")
