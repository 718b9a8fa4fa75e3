"""API8 Transport security of the API's HTTPS endpoint: old TLS versions and weak cipher suites
accepted, and certificate problems (expired, not yet valid, self-signed, untrusted, for another name).

The endpoint is the scan URL when it is `https://`, else the `counterpart_url` (or the scan
host on port 443 when the scan URL uses port 80). Each accepted weakness is confirmed by a second
handshake; what the local OpenSSL cannot offer is said in the task, not guessed.
"""
from __future__ import annotations

import datetime
import shlex
import ssl
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

from scans.engine.checks.context import PlanContext, Probe, ProbeContext, Verdict, found, found_all, passed, skipped
from scans.engine.checks.registry import Agent, check
from scans.engine.findings import Exchange, Finding, RecordedRequest, RecordedResponse
from scans.engine.http.tls import PERMISSIVE_CIPHERS, Handshake, NotTestable, TlsProber, can_offer, certificate_facts
from scans.engine.model import Operation
from scans.engine.owasp import Owasp

HOST_OPERATION = Operation(method="GET", path="/", summary="the API's HTTPS endpoint")
OLD_VERSIONS = ((ssl.TLSVersion.TLSv1, "TLS 1.0", "1.0"), (ssl.TLSVersion.TLSv1_1, "TLS 1.1", "1.1"))
WEAK_SUITES = (
    ("NULL encryption", "eNULL:@SECLEVEL=0", 80),
    ("anonymous key exchange", "aNULL:!eNULL:@SECLEVEL=0", 80),
    ("export-grade suites", "EXP:@SECLEVEL=0", 80),
    ("RC4", "RC4:@SECLEVEL=0", 70),
    ("DES or 3DES", "DES:3DES:@SECLEVEL=0", 60),
    ("static RSA key exchange (no forward secrecy)", "kRSA:@SECLEVEL=0", 30),
)
"""Weak families of TLS 1.2-and-older suites, the OpenSSL string offering them, and their score."""


def https_endpoint(ctx: ProbeContext) -> tuple[str, int] | None:
    """Host and port of the API's HTTPS endpoint, or None when it has none we know of."""
    parts = urlsplit(ctx.client.root)
    if parts.scheme == "https":
        return parts.hostname or "", parts.port or 443
    counterpart = urlsplit(ctx.options.counterpart_url) if ctx.options.counterpart_url else None
    if counterpart is not None and counterpart.scheme == "https":
        return counterpart.hostname or "", counterpart.port or 443
    if counterpart is None and parts.port in (None, 80):
        return parts.hostname or "", 443
    return None


def handshake_exchange(host: str, port: int, offered: str, handshake: Handshake, note: str) -> Exchange:
    """A handshake as evidence: what was offered and what the server chose."""
    return Exchange(
        request=RecordedRequest(method="TLS", url=f"https://{host}:{port}", headers=(("Offered", offered),)),
        response=RecordedResponse(
            status=0,
            headers=(("Negotiated-Version", handshake.version), ("Negotiated-Cipher", handshake.cipher)),
            body="handshake completed" if handshake.ok else f"handshake failed: {handshake.error}",
        ),
        note=note,
    )


def _url(host: str, port: int) -> str:
    return f"https://{host}:{port}/"


def _probe_for(plan: PlanContext, run: Callable[[ProbeContext, str, int, TlsProber], Verdict]) -> Iterator[Probe]:
    """One probe of the API's HTTPS endpoint: `run` gets its host, port and a prober; skipped without one."""

    def probe(ctx: ProbeContext) -> Verdict:
        endpoint = https_endpoint(ctx)
        if endpoint is None:
            return skipped("the API has no HTTPS endpoint we know of (set counterpart_url)")
        host, port = endpoint
        return run(ctx, host, port, TlsProber(ctx.client, host, port))

    yield plan.probe(HOST_OPERATION, probe, key="host")


@check(
    name="tls_protocols",
    title="Old TLS versions accepted",
    owasp=Owasp.API8,
    cwe=326,
    score=45,
    remediation="Accept TLS 1.2 and 1.3 only (disable SSLv3, TLS 1.0 and TLS 1.1 on the server and load balancer).",
    agent=Agent.CONFIGURATION,
)
def tls_protocols(plan: PlanContext) -> Iterator[Probe]:
    """One probe for the HTTPS endpoint."""
    yield from _probe_for(plan, _protocols)


def _protocols(ctx: ProbeContext, host: str, port: int, prober: TlsProber) -> Verdict:
    accepted, untested = [], []
    for version, label, flag in OLD_VERSIONS:
        if not can_offer(version):
            untested.append(label)
            continue
        handshake = prober.handshake(version=version)
        if handshake.ok:
            accepted.append((version, label, flag, handshake))
    note = f" ({', '.join(untested)} not testable with this machine's OpenSSL)" if untested else ""
    if not accepted:
        return passed(f"TLS 1.0 and 1.1 are refused{note}")
    version, label, flag, first = accepted[0]
    again = prober.handshake(version=version)
    if not again.ok:
        return passed(f"{label} was accepted once, not on the repeat")
    labels = ", ".join(item[1] for item in accepted)
    curl = (f"curl -sS -k -o /dev/null -w '%{{http_code}}\\n' --tlsv{flag} --tls-max {flag} "
            f"--ciphers {shlex.quote(PERMISSIVE_CIPHERS)} {shlex.quote(_url(host, port))}")
    return found(ctx.finding(
        operation=HOST_OPERATION,
        proof=None,
        parameter=accepted[-1][1],
        title=f"Old TLS versions accepted ({labels})",
        why=f"handshakes offering only {labels} completed ({again.version}, {again.cipher}), twice{note}",
        description=(
            f"{host}:{port} still accepts {labels}, which lack modern protections (weak MACs, CBC padding oracles, "
            "no AEAD suites); clients can be downgraded to them."
        ),
        evidence=[handshake_exchange(host, port, f"{label} only", first, "first handshake"),
                  handshake_exchange(host, port, f"{label} only", again, "repeated")],
        curl=curl,
    ))


@check(
    name="tls_ciphers",
    title="Weak TLS cipher suites accepted",
    owasp=Owasp.API8,
    cwe=326,
    score=30,
    remediation=(
        "Offer only AEAD suites with forward secrecy (ECDHE with AES-GCM or ChaCha20-Poly1305) on TLS 1.2, "
        "and TLS 1.3's suites; remove static-RSA, CBC-SHA1, 3DES, RC4, NULL, anonymous and export suites."
    ),
    agent=Agent.CONFIGURATION,
)
def tls_ciphers(plan: PlanContext) -> Iterator[Probe]:
    """One probe for the HTTPS endpoint."""
    yield from _probe_for(plan, _ciphers)


def _ciphers(ctx: ProbeContext, host: str, port: int, prober: TlsProber) -> Verdict:
    accepted, untested = [], []
    for label, suites, score in WEAK_SUITES:
        try:
            handshake = prober.handshake(ciphers=suites, cap=ssl.TLSVersion.TLSv1_2)
        except NotTestable:
            untested.append(label)
            continue
        if handshake.ok and handshake.cipher in handshake.offered and not handshake.cipher.startswith("TLS_"):
            accepted.append((label, suites, score, handshake))
    note = f" (not testable with this machine's OpenSSL: {', '.join(untested)})" if untested else ""
    if not accepted:
        return passed(f"no weak suite family was accepted{note}")
    label, suites, score, first = max(accepted, key=lambda item: item[2])
    again = prober.handshake(ciphers=suites, cap=ssl.TLSVersion.TLSv1_2)
    if not again.ok:
        return passed(f"{label} was accepted once, not on the repeat")
    labels = ", ".join(f"{item[0]} ({item[3].cipher})" for item in accepted)
    curl = (f"curl -sS -k -o /dev/null -w '%{{http_code}}\\n' --tls-max 1.2 --ciphers {shlex.quote(suites)} "
            f"{shlex.quote(_url(host, port))}")
    return found(ctx.finding(
        operation=HOST_OPERATION,
        proof=None,
        parameter=label,
        title=f"Weak TLS cipher suites accepted: {label}",
        why=f"handshakes offering only weak suites completed: {labels}; the worst repeated{note}",
        description=f"{host}:{port} accepts weak TLS cipher suites: {labels}.",
        evidence=[handshake_exchange(host, port, suites, first, "first handshake"),
                  handshake_exchange(host, port, suites, again, "repeated")],
        curl=curl,
        score=score,
    ))


@check(
    name="tls_certificate",
    title="TLS certificate problem",
    owasp=Owasp.API8,
    cwe=295,
    score=50,
    remediation=(
        "Serve a certificate from a trusted CA that covers every host name clients use, renew it before it "
        "expires (automate with ACME), and monitor expiry."
    ),
    agent=Agent.CONFIGURATION,
)
def tls_certificate(plan: PlanContext) -> Iterator[Probe]:
    """One probe for the HTTPS endpoint."""
    yield from _probe_for(plan, _certificate)


def _certificate(ctx: ProbeContext, host: str, port: int, prober: TlsProber) -> Verdict:
    first = prober.handshake()
    if not (first.ok and first.certificate):
        return passed(f"no certificate to read ({first.error or 'none sent'})")
    facts = certificate_facts(first.certificate)
    now = datetime.datetime.now(datetime.UTC)
    problems: list[tuple[str, str, int]] = []
    if facts.not_after < now:
        problems.append(("expired", f"it expired on {facts.not_after:%Y-%m-%d}", 60))
    if facts.not_before > now:
        problems.append(("not yet valid", f"it is valid only from {facts.not_before:%Y-%m-%d}", 50))
    if not facts.covers(host):
        problems.append(("wrong host name", f"it names {', '.join(facts.names) or 'no host'}, not {host}", 55))
    verified = prober.handshake(verify=True, cafile=ctx.options.tls_ca_bundle)
    if verified.verify_problem in ("self-signed", "untrusted issuer"):
        what = "it is self-signed" if verified.verify_problem == "self-signed" else \
            f"its issuer ({facts.issuer}) is not trusted"
        problems.append((verified.verify_problem, what, 50))
    if not problems:
        return passed("the certificate is valid, trusted and names the host")
    again = prober.handshake()
    if again.certificate != first.certificate:
        return passed("the server presented another certificate on the second handshake")
    cafile = f"--cacert {shlex.quote(ctx.options.tls_ca_bundle)} " if ctx.options.tls_ca_bundle else ""
    curl = f"curl -sS -o /dev/null {cafile}{shlex.quote(_url(host, port))}"
    evidence = [handshake_exchange(host, port, "any version, any suite", again, f"certificate of {facts.subject}")]
    findings: list[Finding] = [
        ctx.finding(
            operation=HOST_OPERATION,
            proof=None,
            parameter=kind,
            title=f"TLS certificate {kind}",
            why=f"the certificate {host}:{port} presents ({facts.subject}, issued by {facts.issuer}): {what}; "
                "seen on two handshakes",
            description=f"Clients that check certificates refuse {host}:{port}; those that do not can be "
                        "intercepted by anyone presenting their own certificate.",
            evidence=evidence,
            curl=curl,
            score=score,
        )
        for kind, what, score in problems
    ]
    return found_all(findings, "; ".join(finding.title for finding in findings))
