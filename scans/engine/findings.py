"""What a scan reports: confirmed findings with their evidence, and the tasks it ran."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from enum import Enum
from typing import Any, Literal

from scans.engine.owasp import Owasp

EXCERPT_CHARS = 4096
"""Bodies kept in evidence are cut to this many characters; enough to show a proof, small to store."""


class Severity(str, Enum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @classmethod
    def from_score(cls, score: int) -> Severity:
        """Severity band of a 0–100 score: 90+ critical, 70+ high, 40+ medium, 10+ low, else info."""
        if score >= 90:
            return cls.CRITICAL
        if score >= 70:
            return cls.HIGH
        if score >= 40:
            return cls.MEDIUM
        if score >= 10:
            return cls.LOW
        return cls.INFO


class Confidence(str, Enum):
    """How strong the confirming differential is: `high` when it shows the data or change itself."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


@dataclass(frozen=True, slots=True)
class RecordedRequest:
    """A request as sent, redacted of our credentials, body cut to an excerpt."""

    method: str
    url: str
    headers: tuple[tuple[str, str], ...] = ()
    body: str = ""
    body_truncated: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "url": self.url,
            "headers": dict(self.headers),
            "body": self.body,
            "body_truncated": self.body_truncated,
        }


@dataclass(frozen=True, slots=True)
class RecordedResponse:
    """A response as received (status 0 when none came), redacted, body cut to an excerpt."""

    status: int
    headers: tuple[tuple[str, str], ...] = ()
    body: str = ""
    body_truncated: bool = False
    elapsed_ms: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "headers": dict(self.headers),
            "body": self.body,
            "body_truncated": self.body_truncated,
            "elapsed_ms": self.elapsed_ms,
        }


@dataclass(frozen=True, slots=True)
class Exchange:
    """One request and its response, as evidence."""

    request: RecordedRequest
    response: RecordedResponse
    note: str = ""
    """What this exchange shows in the proof (`owner's view`, `anonymous refused`, …)."""

    def to_dict(self) -> dict[str, Any]:
        return {"note": self.note, "request": self.request.to_dict(), "response": self.response.to_dict()}


def normalize_path_template(path: str) -> str:
    """`/Users/{user_id}/` → `/users/{}`: the form fingerprints use, blind to parameter names."""
    path = re.sub(r"\{[^}]*\}", "{}", path.strip().lower())
    return path.rstrip("/") or "/"


@dataclass(frozen=True, slots=True)
class Finding:
    """A confirmed problem, with the exchanges that prove it and a curl line that reproduces it.

    `curl` never holds our credentials: where it needs one it reads an environment variable,
    `$NAT_TOKEN` for the primary identity's credential value, `$NAT_TOKEN_2` for the secondary's,
    `$NAT_PASSWORD`/`$NAT_PASSWORD_2` for their passwords, and `$NAT_TOKEN_<NAME>` for an account
    the scan created (its login and password are in `description`). A credential value is what follows
    the scheme in the header: the bearer token, the API key, or for basic auth `base64(user:password)`.
    """

    check: str
    title: str
    severity: Severity
    score: int
    owasp: Owasp
    cwe: str
    """`CWE-639` form."""
    method: str
    endpoint: str
    """The operation's path template, e.g. `/orders/{id}`."""
    parameter: str
    description: str
    evidence: tuple[Exchange, ...]
    curl: str
    remediation: str
    confidence: Confidence
    identity: str
    """Name of the identity that sent the proving request (`primary`, `secondary`, `anonymous`, …)."""
    why: str
    """The differential that proves it, in one sentence."""

    @property
    def fingerprint(self) -> str:
        """Stable across scans: the same flaw on the same operation and parameter gets the same id."""
        key = "|".join((self.check, self.method.upper(), normalize_path_template(self.endpoint), self.parameter))
        return hashlib.sha256(key.encode()).hexdigest()

    def to_dict(self) -> dict[str, Any]:
        return {
            "fingerprint": self.fingerprint,
            "check": self.check,
            "title": self.title,
            "severity": self.severity.value,
            "score": self.score,
            "owasp": self.owasp.value,
            "owasp_title": self.owasp.category_title,
            "cwe": self.cwe,
            "method": self.method,
            "endpoint": self.endpoint,
            "parameter": self.parameter,
            "description": self.description,
            "evidence": [exchange.to_dict() for exchange in self.evidence],
            "curl": self.curl,
            "remediation": self.remediation,
            "confidence": self.confidence.value,
            "identity": self.identity,
            "why": self.why,
        }


TaskStatus = Literal["passed", "failed", "error"]
"""The coarse status the API has always reported beside each task; derived from its `TaskOutcome`."""


class TaskOutcome(str, Enum):
    """How one unit of work ended."""

    FOUND = "found"
    """A confirmed problem: a finding carries it."""
    PASSED = "passed"
    """Tested, and the target behaved."""
    SKIPPED = "skipped"
    """Nothing to test: a precondition is missing (no second identity, no object to work on)."""
    NOT_TRIED = "not_tried"
    """Testable, but not allowed (safe mode, the request budget, an operation held back as destructive)."""
    UNCONFIRMED = "unconfirmed"
    """A candidate the confirming requests did not reproduce: neither a finding nor a pass."""
    ERROR = "error"
    """The unit could not run."""

    @property
    def status(self) -> TaskStatus:
        """`passed` for passed and skipped, `error` for error, `failed` for the rest (as the SPEC counts them)."""
        if self in (TaskOutcome.PASSED, TaskOutcome.SKIPPED):
            return "passed"
        return "error" if self is TaskOutcome.ERROR else "failed"

    @classmethod
    def from_status(cls, status: TaskStatus) -> TaskOutcome:
        """For runners whose only verdicts are pass, problem found and error (the functional ones)."""
        return {"passed": cls.PASSED, "failed": cls.FOUND, "error": cls.ERROR}[status]


@dataclass(frozen=True, slots=True)
class TaskResult:
    """One unit of work a check or agent ran; `detail` says why it ended as `outcome` says."""

    check: str
    endpoint: str
    method: str
    outcome: TaskOutcome
    duration: float
    detail: str
    agent: str

    @property
    def status(self) -> TaskStatus:
        return self.outcome.status

    def to_dict(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "endpoint": self.endpoint,
            "method": self.method,
            "status": self.status,
            "outcome": self.outcome.value,
            "duration": round(self.duration, 4),
            "detail": self.detail,
            "agent": self.agent,
        }
