"""What a check gets back from the request layer: the live answer, and its evidence form."""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from scans.engine.findings import EXCERPT_CHARS, Exchange, RecordedRequest, RecordedResponse
from scans.engine.http.curl import build_curl

if TYPE_CHECKING:
    from scans.engine.http.redact import Redactor

MISSING = object()
MAX_JSON_DEPTH = 100
"""Deepest nesting read as JSON: no API answer comes near it, and deeper ones only exist to break
recursive readers (a body nested past the parser's own limit raises `RecursionError`)."""
HEADER_EXCERPT_CHARS = 1024
"""Longest header value kept in evidence: a target's kilobytes-long headers are cut."""


def parse_json(text: str | bytes) -> Any:
    """`text` parsed, or `MISSING` when it is not JSON or nests deeper than `MAX_JSON_DEPTH`."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return MISSING
    return data if _nesting_at_most(data, MAX_JSON_DEPTH) else MISSING


def _nesting_at_most(data: Any, limit: int) -> bool:
    stack = [(data, 1)] if isinstance(data, (dict, list)) else []
    while stack:
        node, depth = stack.pop()
        children = node.values() if isinstance(node, dict) else node
        if depth > limit:
            return False
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return True


@dataclass(frozen=True, slots=True)
class Call:
    """A request a check wants sent, before the identity's credentials are added."""

    method: str
    path: str
    """Concrete path relative to the API base, e.g. `/orders/5`."""
    template: str = ""
    """The operation's path template (`/orders/{id}`); drives exclusions and safe mode."""
    operation_id: str = ""
    destroys: str = ""
    """What the operation's summary or description says it destroys (`wipe`, `delete`, `""`), for safe mode."""
    query: tuple[tuple[str, str], ...] = ()
    headers: tuple[tuple[str, str], ...] = ()
    cookies: tuple[tuple[str, str], ...] = ()
    body: bytes | None = None
    content_type: str = ""
    url: str = ""
    """An absolute URL overriding `path` (token and login endpoints outside the API)."""

    @classmethod
    def json(cls, method: str, path: str, payload: Any, **extra: Any) -> Call:
        """A call with a JSON body."""
        body = json.dumps(payload).encode()
        return cls(method.upper(), path, body=body, content_type="application/json", **extra)


class Reply:
    """The target's answer to one call (status 0 when none came), with the request as sent."""

    def __init__(
        self,
        *,
        method: str,
        url: str,
        request_headers: tuple[tuple[str, str], ...],
        request_body: bytes | None,
        status: int,
        headers: Mapping[str, str],
        body: bytes,
        truncated: bool,
        elapsed: float,
        identity: str,
        template: str,
        redactor: Redactor,
        error: str = "",
        set_cookies: tuple[str, ...] = (),
        curl_options: tuple[str, ...] = (),
    ) -> None:
        self.method = method
        self.url = url
        self.request_headers = request_headers
        self.request_body = request_body
        self.status = status
        self.headers = headers
        self.body = body
        self.truncated = truncated
        self.elapsed = elapsed
        self.identity = identity
        self.template = template
        self.error = error
        self.set_cookies = set_cookies
        self.curl_options = curl_options
        """curl options the scan's TLS settings call for, so the curl line connects as the scan did."""
        self._redactor = redactor

    def __repr__(self) -> str:
        return f"<Reply {self.method} {self.url} {self.status} as {self.identity}>"

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def content_type(self) -> str:
        return self.headers.get("Content-Type", "").split(";", 1)[0].strip().lower()

    @cached_property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    @cached_property
    def data(self) -> Any:
        """The parsed JSON body, or `MISSING` when the body is not JSON."""
        stripped = self.body.lstrip()
        if not stripped or ("json" not in self.content_type and stripped[:1] not in (b"{", b"[")):
            return MISSING
        return parse_json(self.body)

    @property
    def is_json(self) -> bool:
        return self.data is not MISSING

    def exchange(self, note: str = "") -> Exchange:
        """This request and response as redacted evidence excerpts."""
        redact = self._redactor.redact
        request_text = (self.request_body or b"").decode("utf-8", errors="replace")
        response_text = self.text
        return Exchange(
            request=RecordedRequest(
                method=self.method,
                url=redact(self.url),
                headers=tuple((name, redact(value)) for name, value in self.request_headers),
                body=redact(request_text[:EXCERPT_CHARS]),
                body_truncated=len(request_text) > EXCERPT_CHARS,
            ),
            response=RecordedResponse(
                status=self.status,
                headers=tuple((name, redact(_header_excerpt(value))) for name, value in self.headers.items()),
                body=redact(response_text[:EXCERPT_CHARS]) if not self.error else self.error,
                body_truncated=self.truncated or len(response_text) > EXCERPT_CHARS,
                elapsed_ms=int(self.elapsed * 1000),
            ),
            note=note,
        )

    def curl(self) -> str:
        """A curl line that replays this request; our credentials are read from env vars."""
        return build_curl(
            method=self.method,
            url=self.url,
            headers=self.request_headers,
            body=self.request_body,
            redactor=self._redactor,
            options=self.curl_options,
        )


def _header_excerpt(value: str) -> str:
    return value if len(value) <= HEADER_EXCERPT_CHARS else value[:HEADER_EXCERPT_CHARS] + "…"


@dataclass(frozen=True, slots=True)
class TrafficEntry:
    """One request in the scan's traffic log (URL already redacted)."""

    at: float
    method: str
    url: str
    template: str
    status: int
    identity: str


@dataclass(slots=True)
class IdentityStats:
    """How the target answered one identity: requests sent, accepted (2xx), rejected (401)."""

    sent: int = 0
    accepted: int = 0
    rejected: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
