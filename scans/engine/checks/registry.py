"""The check registry: every check is a named planner with its OWASP category, CWE and score.

Modelled on Schemathesis' registry: a decorator registers a function under a name; the scan picks
checks by name (`ScanOptions.checks`), and `all_checks()` lists them for the CLI and the docs.
A check's function plans `Probe`s from the knowledge base; the runner executes them concurrently.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from scans.engine.owasp import Owasp

if TYPE_CHECKING:
    from scans.engine.checks.context import PlanContext, Probe

BUILTIN_MODULES = (
    "scans.engine.checks.auth_bypass",
    "scans.engine.checks.jwt_signature",
    "scans.engine.checks.jwt_keys",
    "scans.engine.checks.enumeration",
    "scans.engine.checks.lockout",
    "scans.engine.checks.bola",
    "scans.engine.checks.bfla",
    "scans.engine.checks.method_switching",
    "scans.engine.checks.mass_assignment",
    "scans.engine.checks.exposure",
    "scans.engine.checks.undocumented",
    "scans.engine.checks.sql_injection",
    "scans.engine.checks.nosql_injection",
    "scans.engine.checks.command_injection",
    "scans.engine.checks.template_injection",
    "scans.engine.checks.path_traversal",
    "scans.engine.checks.xss",
    "scans.engine.checks.header_injection",
    "scans.engine.checks.redos",
    "scans.engine.checks.ssrf",
    "scans.engine.checks.redirects",
    "scans.engine.checks.cors",
    "scans.engine.checks.headers",
    "scans.engine.checks.verbose_errors",
    "scans.engine.checks.debug_endpoints",
    "scans.engine.checks.graphql_introspection",
    "scans.engine.checks.http_trace",
    "scans.engine.checks.cookies",
    "scans.engine.checks.transport",
    "scans.engine.checks.https",
    "scans.engine.checks.inventory",
    "scans.engine.checks.mentioned_paths",
    "scans.engine.checks.resource_limits",
    "scans.engine.checks.rate_limit",
    "scans.engine.checks.business_flows",
)


class Agent(str, Enum):
    """The agent that runs a check (results group tasks by agent)."""

    RECON = "recon"
    AUTH = "auth"
    AUTHORIZATION = "authorization"
    EXPOSURE = "exposure"
    INJECTION = "injection"
    """Input that reaches an interpreter: SQL, NoSQL, shell, templates, files, HTML, headers, URLs."""
    CONFIGURATION = "configuration"
    """How the API is served: CORS, headers, errors, debug endpoints, methods, cookies, TLS."""
    INVENTORY = "inventory"
    """What is served beside the description: other versions, undocumented paths, drift."""
    ABUSE = "abuse"
    """Limits on volume and automation: page sizes, body sizes, rate limits, business flows."""


Planner = Callable[["PlanContext"], Iterable["Probe"]]


@dataclass(frozen=True, slots=True)
class CheckDefinition:
    """A registered check."""

    name: str
    title: str
    owasp: Owasp
    cwe: int
    score: int
    """Default 0–100 score of its findings (a probe may raise or lower it with reason)."""
    remediation: str
    agent: Agent
    planner: Planner
    rerun_with_new_identities: bool = False
    """Plan again when a finding adds an identity (an escalated or forged one)."""
    uses_callbacks: bool = False
    """Hands out URLs of the scan's out-of-band listener (the scan starts it when such a check runs)."""

    @property
    def cwe_id(self) -> str:
        return f"CWE-{self.cwe}"


class CheckRegistry:
    """Checks by name, in registration order."""

    def __init__(self) -> None:
        self._checks: dict[str, CheckDefinition] = {}

    def register(self, definition: CheckDefinition) -> None:
        if definition.name in self._checks:
            raise ValueError(f"check {definition.name!r} is already registered")
        self._checks[definition.name] = definition

    def get(self, name: str) -> CheckDefinition:
        return self._checks[name]

    def names(self) -> list[str]:
        return list(self._checks)

    def all(self) -> list[CheckDefinition]:
        return list(self._checks.values())

    def select(self, names: Iterable[str] | None) -> list[CheckDefinition]:
        """The checks named (all when `names` is None); unknown names raise `KeyError` naming them."""
        if names is None:
            return self.all()
        wanted = list(dict.fromkeys(names))
        unknown = [name for name in wanted if name not in self._checks]
        if unknown:
            raise KeyError(f"unknown check(s): {', '.join(unknown)}; known: {', '.join(self._checks)}")
        return [self._checks[name] for name in wanted]


CHECKS = CheckRegistry()


def check(
    *,
    name: str,
    title: str,
    owasp: Owasp,
    cwe: int,
    score: int,
    remediation: str,
    agent: Agent,
    rerun_with_new_identities: bool = False,
    uses_callbacks: bool = False,
) -> Callable[[Planner], Planner]:
    """Register the decorated planner as check `name`."""

    def decorate(planner: Planner) -> Planner:
        CHECKS.register(
            CheckDefinition(
                name=name,
                title=title,
                owasp=owasp,
                cwe=cwe,
                score=score,
                remediation=remediation,
                agent=agent,
                planner=planner,
                rerun_with_new_identities=rerun_with_new_identities,
                uses_callbacks=uses_callbacks,
            )
        )
        return planner

    return decorate


def load_builtin_checks() -> None:
    """Import the built-in check modules (their decorators register them); idempotent."""
    for module in BUILTIN_MODULES:
        importlib.import_module(module)


def all_checks() -> list[CheckDefinition]:
    """Every registered check, built-in ones included."""
    load_builtin_checks()
    return CHECKS.all()
