"""What the engine knows about an API before it sends anything: operations, parameters, bodies.

Spec loaders (OpenAPI, Swagger, and later GraphQL and gRPC) all produce an `ApiDescription`;
agents and checks only ever read this model, never the raw document.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE", "TRACK"})
"""Methods that change nothing (RFC 9110; TRACK is IIS's TRACE)."""
MAX_LISTED_WARNINGS = 100
"""Description warnings listed one by one in a summary or a scan; the rest are counted."""


class Remedy(str, Enum):
    """What the loader did about a defect of the description."""

    REPAIRED = "repaired"
    """Read it the one obvious way (a path parameter taken as required, `type: int` as integer)."""
    SKIPPED = "skipped"
    """Left out an operation (or path) that cannot be called as described."""
    IGNORED = "ignored"
    """Read past it: the part is dropped or unused, the rest of the operation stands."""


@dataclass(frozen=True, slots=True)
class SpecWarning:
    """A defect of the description that the loader read past: where, what was wrong, what NAT did."""

    location: str
    """Dotted path in the document (`paths./pets/{id}.get.parameters[0]`), or a `$ref`."""
    problem: str
    remedy: Remedy
    action: str
    """What NAT did, in words (`read as required`, `the operation is not scanned`)."""

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{where}{self.problem}; {self.action}"


@dataclass(frozen=True, slots=True)
class Parameter:
    """One parameter of an operation (path, query, header or cookie)."""

    name: str
    location: str
    """`path`, `query`, `header` or `cookie`."""
    required: bool = False
    schema: Mapping[str, Any] = field(default_factory=dict)
    """JSON Schema of the value, `$ref`s already resolved."""
    example: Any = None


@dataclass(frozen=True, slots=True)
class RequestBody:
    """The body an operation accepts, in its preferred media type."""

    content_type: str
    schema: Mapping[str, Any] = field(default_factory=dict)
    required: bool = False
    example: Any = None


@dataclass(frozen=True, slots=True)
class Response:
    """One documented response: status (`"200"`, `"4XX"`, `"default"`) and schema per media type."""

    status: str
    content: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    description: str = ""


@dataclass(frozen=True, slots=True)
class Operation:
    """One callable unit of the API: a REST method+path (and later a GraphQL field or gRPC method)."""

    method: str
    """Upper-case HTTP method."""
    path: str
    """Path template relative to the base URL, e.g. `/users/{user_id}`."""
    operation_id: str = ""
    summary: str = ""
    description: str = ""
    tags: tuple[str, ...] = ()
    parameters: tuple[Parameter, ...] = ()
    request_body: RequestBody | None = None
    responses: tuple[Response, ...] = ()
    security: tuple[Mapping[str, tuple[str, ...]], ...] | None = None
    """Effective security requirements; `()` means explicitly public, `None` means undeclared."""
    deprecated: bool = False
    kind: str = "rest"
    """`rest`, `graphql` or `grpc`: the transport a check must use to call it."""

    @property
    def key(self) -> str:
        """`METHOD /path`: stable identity of the operation inside one description."""
        return f"{self.method} {self.path}"

    @property
    def is_safe(self) -> bool:
        return self.method in SAFE_METHODS

    @property
    def is_secured(self) -> bool:
        """True when the description requires some credential for this operation."""
        return bool(self.security) and all(req for req in self.security or ())


@dataclass(frozen=True, slots=True)
class SecurityScheme:
    """A named scheme from the description (`http` bearer/basic, `apiKey`, `oauth2`, `openIdConnect`)."""

    name: str
    type: str
    scheme: str = ""
    location: str = ""
    parameter_name: str = ""
    token_url: str = ""


@dataclass(frozen=True, slots=True)
class ApiDescription:
    """A loaded, `$ref`-resolved API description."""

    title: str
    version: str
    source_format: str
    """e.g. `openapi 3.1.0`, `swagger 2.0`, `graphql`, `grpc`, `crawl`."""
    base_path: str = ""
    """Path prefix from `servers`/`basePath`, joined to the scan URL."""
    operations: tuple[Operation, ...] = ()
    security_schemes: Mapping[str, SecurityScheme] = field(default_factory=dict)
    schemas: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    """Named component schemas, for checks that look for privileged properties."""
    warnings: tuple[SpecWarning, ...] = ()
    """Defects read past while loading: repairs, skipped operations, ignored parts."""

    def warning_lines(self) -> list[str]:
        """The warnings as text for a summary or a scan, the first `MAX_LISTED_WARNINGS` verbatim."""
        lines = [str(warning) for warning in self.warnings[:MAX_LISTED_WARNINGS]]
        hidden = len(self.warnings) - MAX_LISTED_WARNINGS
        return [*lines, f"… and {hidden} more description warnings"] if hidden > 0 else lines

    def summary(self) -> dict[str, Any]:
        """A small JSON-safe description stored with the scan."""
        return {
            "title": self.title,
            "version": self.version,
            "format": self.source_format,
            "base_path": self.base_path,
            "operations": len(self.operations),
            "warnings": self.warning_lines(),
        }
