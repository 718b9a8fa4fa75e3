"""API contract tests: each documented operation called once with valid data, its answer checked.

Operations without path parameters go first; ids their JSON answers carry (`GET /items` → the
first item's fields as `items.<field>`) then fill the path parameters of the others, so
`GET /items/{id}` asks for an item that exists. Only GET and HEAD are called unless
`allow_unsafe`; redirects are not followed (a 3xx is an answer like any other). Calls go to the scan
URL (a description's `servers` give only the base path); with `public_only` every connection is
checked after DNS and one to a non-public address is an error naming it.
"""
from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import requests

from scans.engine.findings import (
    EXCERPT_CHARS,
    Exchange,
    RecordedRequest,
    RecordedResponse,
    TaskOutcome,
    TaskResult,
    TaskStatus,
)
from scans.engine.http.client import api_root
from scans.engine.http.curl import build_curl
from scans.engine.http.exclude import ExcludeRules
from scans.engine.model import ApiDescription, Operation
from scans.engine.synth import call_for
from scans.functional.config import FunctionalConfig
from scans.functional.contract_checks import documented_response, response_problems
from scans.functional.targetguard import http_session

SAFE_METHODS = frozenset({"GET", "HEAD"})
MAX_OPERATIONS = 500
MAX_BODY_BYTES = 8 * 1024 * 1024
REDACTED = "[redacted]"
AGENT = "contract"


@dataclass(frozen=True, slots=True)
class ContractResult:
    """One operation's call and verdict."""

    method: str
    path: str
    """The operation's path template."""
    status: TaskStatus
    problems: tuple[str, ...]
    """Why it failed (or could not run); empty when it passed."""
    exchange: Exchange | None
    curl: str
    duration: float

    def to_task(self) -> TaskResult:
        return TaskResult(
            check="contract", endpoint=self.path, method=self.method, outcome=TaskOutcome.from_status(self.status),
            duration=self.duration, detail=self.detail(), agent=AGENT,
        )

    def detail(self) -> str:
        if self.status == "passed" and self.exchange is not None:
            return f"HTTP {self.exchange.response.status} as documented"
        lines = list(self.problems)
        if self.exchange is not None:
            request, response = self.exchange.request, self.exchange.response
            content_type = {name.lower(): value for name, value in response.headers}.get("content-type", "")
            lines += ["", f"{request.method} {request.url}"]
            lines += [f"{name}: {value}" for name, value in request.headers]
            if request.body:
                lines.append(request.body)
            lines += [f"→ HTTP {response.status} {content_type}".rstrip(), response.body]
        if self.curl:
            lines += ["", self.curl]
        return "\n".join(lines).strip()

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "path": self.path,
            "status": self.status,
            "problems": list(self.problems),
            "exchange": self.exchange.to_dict() if self.exchange else None,
            "curl": self.curl,
            "duration": round(self.duration, 4),
        }


@dataclass(frozen=True, slots=True)
class ContractPlan:
    """Which operations a contract run calls, and which it leaves out and why."""

    operations: tuple[Operation, ...]
    unsafe: tuple[str, ...]
    """`METHOD /path` of operations not called because they may change data."""
    excluded: tuple[str, ...]
    unsupported: tuple[str, ...]
    """GraphQL and gRPC operations (contract tests call REST only)."""
    over_limit: int

    def warnings(self) -> list[str]:
        notes = []
        if self.unsafe:
            notes.append(
                f"contract tests left out {len(self.unsafe)} operations that may change data "
                f"({', '.join(self.unsafe[:5])}{'…' if len(self.unsafe) > 5 else ''}); allow_unsafe calls them"
            )
        if self.excluded:
            notes.append(f"contract tests left out {len(self.excluded)} excluded operations")
        if self.unsupported:
            notes.append(f"contract tests call REST operations only; {len(self.unsupported)} others left out")
        if self.over_limit:
            notes.append(f"contract tests call the first {MAX_OPERATIONS} operations; {self.over_limit} left out")
        return notes


def plan_contract(spec: ApiDescription, config: FunctionalConfig) -> ContractPlan:
    """The operations to call: REST, not excluded, safe unless `allow_unsafe`; parameterless paths first."""
    exclude = ExcludeRules(config.exclude, base_path=spec.base_path)
    chosen: list[Operation] = []
    unsafe: list[str] = []
    excluded: list[str] = []
    unsupported: list[str] = []
    for operation in spec.operations:
        if operation.kind != "rest":
            unsupported.append(operation.key)
        elif exclude.excluded(operation.method, operation.path):
            excluded.append(operation.key)
        elif operation.method not in SAFE_METHODS and not config.allow_unsafe:
            unsafe.append(operation.key)
        else:
            chosen.append(operation)
    chosen.sort(key=lambda operation: "{" in operation.path)
    return ContractPlan(
        operations=tuple(chosen[:MAX_OPERATIONS]),
        unsafe=tuple(unsafe),
        excluded=tuple(excluded),
        unsupported=tuple(unsupported),
        over_limit=max(0, len(chosen) - MAX_OPERATIONS),
    )


class ContractTester:
    """Calls the planned operations of one description against the scan's target."""

    def __init__(self, spec: ApiDescription, config: FunctionalConfig) -> None:
        self.root = api_root(config.url, spec.base_path)
        self.config = config
        self.known: dict[str, Any] = {}
        self._lock = threading.Lock()
        self._local = threading.local()
        self._sessions: list[requests.Session] = []

    def run(
        self, operations: Iterable[Operation], *, emit: Callable[[ContractResult], None], stop: threading.Event
    ) -> None:
        """Call `operations` (those with path parameters after the others have taught their ids)."""
        operations = list(operations)
        waves = [[op for op in operations if "{" not in op.path], [op for op in operations if "{" in op.path]]
        try:
            with ThreadPoolExecutor(max_workers=self.config.concurrency, thread_name_prefix="nat-contract") as pool:
                for wave in waves:
                    futures = [pool.submit(self._checked, operation, emit, stop) for operation in wave]
                    for future in futures:
                        future.result()
        finally:
            for session in self._sessions:
                session.close()

    def _checked(self, operation: Operation, emit: Callable[[ContractResult], None], stop: threading.Event) -> None:
        if stop.is_set():
            return
        started = time.monotonic()
        try:
            result = self.call(operation)
        except Exception as exc:  # one operation the synthesis or the checks cannot handle must not end the run
            result = ContractResult(
                method=operation.method, path=operation.path, status="error",
                problems=(f"could not test this operation: {type(exc).__name__}: {exc}",),
                exchange=None, curl="", duration=time.monotonic() - started,
            )
        emit(result)

    def call(self, operation: Operation) -> ContractResult:
        """Call `operation` once with synthesized valid data and judge the answer."""
        with self._lock:
            known = dict(self.known)
        call = call_for(operation, known=known)
        url = self.root + call.path
        headers = {"Accept": _accept(operation), **dict(call.headers), **dict(self.config.headers)}
        if call.content_type:
            headers["Content-Type"] = call.content_type
        shown_headers = tuple(
            (name, REDACTED if _is_secret(name, self.config) else value) for name, value in headers.items()
        )
        prepared = requests.Request(
            call.method, url, params=list(call.query), headers=headers, cookies=dict(call.cookies), data=call.body
        ).prepare()
        curl = build_curl(method=call.method, url=prepared.url or url, headers=shown_headers, body=call.body)
        recorded_request = RecordedRequest(
            method=call.method, url=prepared.url or url, headers=shown_headers, **_excerpt(call.body or b""),
        )
        started = time.monotonic()
        try:
            answer = self._session().send(prepared, timeout=self.config.timeout, allow_redirects=False, stream=True)
            with answer as response:
                body = response.raw.read(MAX_BODY_BYTES + 1, decode_content=True)
                status, response_headers = response.status_code, dict(response.headers)
        except requests.RequestException as exc:
            return ContractResult(
                method=operation.method, path=operation.path, status="error",
                problems=(f"no answer: {exc}",), exchange=None, curl=curl, duration=time.monotonic() - started,
            )
        duration = time.monotonic() - started
        exchange = Exchange(
            request=recorded_request,
            response=RecordedResponse(
                status=status, headers=tuple(response_headers.items()), elapsed_ms=round(duration * 1000),
                **_excerpt(body[:MAX_BODY_BYTES]),
            ),
            note="contract test",
        )
        if len(body) > MAX_BODY_BYTES:
            problems = [f"the answer is larger than {MAX_BODY_BYTES // (1024 * 1024)} MB; not checked"]
            return ContractResult(operation.method, operation.path, "error", tuple(problems), exchange, curl, duration)
        content_type = response_headers.get("Content-Type", "")
        problems = response_problems(operation, status=status, content_type=content_type, body=body)
        if not problems and 200 <= status < 300:
            self._learn(operation, content_type, body)
        return ContractResult(
            method=operation.method, path=operation.path, status="failed" if problems else "passed",
            problems=tuple(problems), exchange=exchange, curl=curl, duration=duration,
        )

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = http_session(public_only=self.config.public_only)
            with self._lock:
                self._sessions.append(session)
        return session

    def _learn(self, operation: Operation, content_type: str, body: bytes) -> None:
        if "{" in operation.path or "json" not in content_type.lower():
            return
        try:
            value = json.loads(body)
        except ValueError:
            return
        item = _first_item(value)
        segments = [segment for segment in operation.path.split("/") if segment]
        if not isinstance(item, dict) or not segments:
            return
        with self._lock:
            for field, field_value in item.items():
                if isinstance(field_value, (str, int, float)) and not isinstance(field_value, bool):
                    self.known.setdefault(f"{segments[-1]}.{field}", field_value)


def _first_item(value: Any) -> Any:
    """The first object of a list answer, or of the first list inside an object answer (`{"items": […]}`)."""
    if isinstance(value, list):
        return value[0] if value else None
    if isinstance(value, dict):
        for inner in value.values():
            if isinstance(inner, list) and inner and isinstance(inner[0], dict):
                return inner[0]
    return None


def _accept(operation: Operation) -> str:
    for status in ("200", "201", "202", "203", "206"):
        response = documented_response(operation, int(status))
        if response is not None and response.content:
            return ", ".join(response.content)
    return "*/*"


def _is_secret(name: str, config: FunctionalConfig) -> bool:
    return any(name.lower() == secret.lower() for secret, _value in config.headers)


def _excerpt(body: bytes) -> dict[str, Any]:
    text = body.decode("utf-8", errors="replace")
    return {"body": text[:EXCERPT_CHARS], "body_truncated": len(text) > EXCERPT_CHARS}
