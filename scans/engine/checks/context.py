"""What a check works with: the plan context (reads the KB) and the probe context (sends requests)."""
from __future__ import annotations

import random
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from scans.engine.checks.registry import CheckDefinition
from scans.engine.checks.services import ScanServices
from scans.engine.checks.signatures import framework_error
from scans.engine.checks.timing import TimingLane
from scans.engine.config import ScanOptions
from scans.engine.findings import Confidence, Exchange, Finding, Severity, TaskOutcome, TaskResult
from scans.engine.http.client import HttpClient
from scans.engine.http.reply import Call, Reply
from scans.engine.identity.identity import Identity
from scans.engine.kb.knowledge import KnowledgeBase
from scans.engine.model import Operation
from scans.engine.synth import UNSET, build_call


@dataclass(frozen=True, slots=True)
class Verdict:
    """How one probe ended, and why."""

    outcome: TaskOutcome
    detail: str
    findings: tuple[Finding, ...] = ()


def passed(detail: str) -> Verdict:
    return Verdict(TaskOutcome.PASSED, detail)


def skipped(detail: str) -> Verdict:
    """Nothing to test: a precondition is missing (no second identity, no object to work on)."""
    return Verdict(TaskOutcome.SKIPPED, detail)


def not_tried(detail: str) -> Verdict:
    """A test that safe mode, the budget or the user's options did not allow."""
    return Verdict(TaskOutcome.NOT_TRIED, detail)


def unconfirmed(detail: str) -> Verdict:
    """A candidate the confirming requests did not reproduce."""
    return Verdict(TaskOutcome.UNCONFIRMED, detail)


def found(finding: Finding, detail: str = "") -> Verdict:
    return found_all((finding,), detail or finding.why)


def found_all(findings: Iterable[Finding], detail: str) -> Verdict:
    """Several findings from one probe; `detail` says what confirmed them."""
    return Verdict(TaskOutcome.FOUND, detail, tuple(findings))


@dataclass(frozen=True, slots=True)
class Probe:
    """One unit of a check's work on one operation."""

    operation: Operation
    run: Callable[[ProbeContext], Verdict]
    key: str
    """Stable id within the check; a probe whose key already ran is not planned again."""
    final: bool = False
    """Run after every other probe (operations that wipe or re-create state, bursts that a target
    may answer by throttling everyone)."""


class ScanEvents:
    """What agents and probes report besides verdicts: warnings, identities they added, and tasks
    finished outside a check round (recon's), which the scan's own thread hands to the listener.
    Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.warnings: list[str] = []
        self.new_identities: list[Identity] = []
        self._tasks: list[TaskResult] = []

    def warn(self, message: str) -> None:
        with self._lock:
            if message not in self.warnings:
                self.warnings.append(message)

    def identity_added(self, identity: Identity) -> None:
        with self._lock:
            self.new_identities.append(identity)

    def take_new_identities(self) -> list[Identity]:
        with self._lock:
            taken, self.new_identities = self.new_identities, []
            return taken

    def task_done(self, task: TaskResult) -> None:
        with self._lock:
            self._tasks.append(task)

    def take_tasks(self) -> list[TaskResult]:
        with self._lock:
            taken, self._tasks = self._tasks, []
            return taken


class PlanContext:
    """Read access to what the scan knows, for a check's planner."""

    def __init__(self, *, check: CheckDefinition, kb: KnowledgeBase, options: ScanOptions, round_number: int,
                 root: str = "") -> None:
        self.check = check
        self.kb = kb
        self.options = options
        self.root = root
        """The URL the description's paths are joined to (scan URL plus base path)."""
        self.round = round_number
        """0 for the first pass; higher when new identities made the checks run again."""

    def probe(self, operation: Operation, run: Callable[[ProbeContext], Verdict], *, key: str) -> Probe:
        return Probe(operation=operation, run=run, key=f"{self.check.name}|{key}")


class ProbeContext:
    """Everything a probe needs to send requests and turn a confirmed candidate into a finding."""

    def __init__(
        self,
        *,
        check: CheckDefinition,
        kb: KnowledgeBase,
        client: HttpClient,
        options: ScanOptions,
        events: ScanEvents,
        services: ScanServices | None = None,
    ) -> None:
        self.check = check
        self.kb = kb
        self.client = client
        self.options = options
        self.events = events
        self.services = services or ScanServices(timing=TimingLane(client.control, gate=client.gate))
        self.rng = random.Random()
        self.used: dict[str, Identity] = {}
        """Identities the probe sent requests as, by name."""

    def send(self, call: Call, identity: Identity, **options: Any) -> Reply:
        """Send `call` as `identity`; an error answer holding a stack trace is kept as evidence in the KB."""
        self.used[identity.name] = identity
        reply = self.client.send(call, identity, **options)
        if (reply.status >= 400 or self.kb.is_error(reply)) and not self.kb.traces_full \
                and framework_error(reply.text)[0]:
            self.kb.note_trace(call, identity.name, reply)
        return reply

    def lost_identities(self) -> list[str]:
        """Names of the identities this probe used that can no longer log in (their account is gone)."""
        return sorted(name for name, identity in self.used.items() if identity.lost)

    def call(
        self,
        operation: Operation,
        *,
        params: Mapping[str, str] | None = None,
        body: Any = UNSET,
        known: Mapping[str, Any] | None = None,
    ) -> Call:
        """A valid call for `operation`, path filled from `params` or learned values."""
        merged = {**self.kb.known_values(), **(known or {})}
        return build_call(operation, known=merged, params=params, body=body, rng=self.rng)

    def token(self, prefix: str = "nat") -> str:
        """A random marker value that no target produces by itself."""
        return f"{prefix}-{self.rng.getrandbits(40):010x}"

    def _scan_accounts(self, curl: str) -> str:
        """How to get the tokens of scan-made accounts a curl line reads (`$NAT_TOKEN_SIGNUP_1`)."""
        notes = []
        for account in self.kb.sacrificial_accounts:
            placeholder = account.identity.placeholder
            if placeholder and f'"${placeholder}"' in curl:
                notes.append(
                    f"The account {account.login_name!r} (password {account.password!r}) was created by the scan; "
                    f"${placeholder} in the curl line is the token its login returns."
                )
        return " ".join(notes)

    def finding(
        self,
        *,
        operation: Operation,
        proof: Reply | None,
        evidence: Iterable[tuple[Reply, str] | Exchange],
        why: str,
        parameter: str = "",
        description: str = "",
        title: str = "",
        score: int | None = None,
        confidence: Confidence = Confidence.HIGH,
        identity: str = "",
        curl: str = "",
    ) -> Finding:
        """A finding of this check; `proof` is the confirming reply its curl line replays (unless
        `curl` gives the line, for proofs that cannot be replayed on the same object, or that are
        not HTTP exchanges: then `proof` may be None). Evidence is replies with a note, or
        exchanges recorded otherwise (a TLS handshake)."""
        check = self.check
        final_score = check.score if score is None else max(0, min(100, score))
        curl = curl or (proof.curl() if proof is not None else "")
        description = description or f"{check.title} on {operation.method} {operation.path}."
        accounts = self._scan_accounts(curl)
        if accounts:
            description = f"{description} {accounts}"
        exchanges: list[Exchange] = [
            item if isinstance(item, Exchange) else item[0].exchange(item[1]) for item in evidence
        ]
        return Finding(
            check=check.name,
            title=title or check.title,
            severity=Severity.from_score(final_score),
            score=final_score,
            owasp=check.owasp,
            cwe=check.cwe_id,
            method=operation.method,
            endpoint=operation.path,
            parameter=parameter,
            description=description,
            evidence=tuple(exchanges),
            curl=curl,
            remediation=check.remediation,
            confidence=confidence,
            identity=identity or (proof.identity if proof is not None else "anonymous"),
            why=why,
        )
