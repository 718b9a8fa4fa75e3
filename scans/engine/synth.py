"""Operation → `Call`: the spec layer's request synthesis, encoded for the wire, per transport.

Each `Operation.kind` has a call builder; REST is built in. GraphQL (a POST carrying a query) and
gRPC register theirs with `register_transport`, and every agent and check keeps calling `build_call`.
"""
from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator, Mapping
from typing import Any
from urllib.parse import urlencode

from scans.engine.http.reply import Call
from scans.engine.kb.operations import destroys
from scans.engine.kb.resources import fill
from scans.engine.model import Operation
from scans.engine.spec import build_request

UNSET: Any = object()


def encode_body(body: Any, content_type: str) -> bytes | None:
    """Bytes for a JSON-like body in `content_type` (JSON by default, form-encoding for forms)."""
    if body is None:
        return None
    base = content_type.split(";", 1)[0].strip().lower()
    if base == "application/x-www-form-urlencoded" and isinstance(body, Mapping):
        return urlencode(list(_form_pairs(body))).encode()
    if isinstance(body, bytes):
        return body
    if isinstance(body, str) and "json" not in base:
        return body.encode()
    return json.dumps(body).encode()


def _form_pairs(body: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    for key, value in body.items():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, bool):
                item = "true" if item else "false"
            yield str(key), "" if item is None else str(item)


def example_body(
    operation: Operation, *, known: Mapping[str, Any] | None = None, rng: random.Random | None = None
) -> Any:
    """The body `build_request` would send for `operation` (a dict for object bodies)."""
    return build_request(operation, known=known, rng=rng).body


def call_for(
    operation: Operation,
    *,
    known: Mapping[str, Any] | None = None,
    params: Mapping[str, str] | None = None,
    body: Any = UNSET,
    rng: random.Random | None = None,
) -> Call:
    """A valid call for `operation`: `params` fill the path exactly, `known` feeds synthesis,
    `body` (when given) replaces the synthesized body."""
    spec = build_request(operation, known={**(known or {}), **(params or {})}, rng=rng)
    path = fill(operation.path, params) if params else spec.path
    if "{" in path:
        path = spec.path
    content_type = spec.content_type or (operation.request_body.content_type if operation.request_body else "")
    chosen = spec.body if body is UNSET else body
    if chosen is not None and not content_type:
        content_type = "application/json"
    query: list[tuple[str, str]] = []
    for name, value in spec.query.items():
        for item in value if isinstance(value, list) else [value]:
            query.append((name, str(item)))
    return Call(
        method=operation.method,
        path=path,
        template=operation.path,
        operation_id=operation.operation_id,
        destroys=destroys(operation),
        query=tuple(query),
        headers=tuple((name, str(value)) for name, value in spec.headers.items()),
        cookies=tuple((name, str(value)) for name, value in spec.cookies.items()),
        body=encode_body(chosen, content_type),
        content_type=content_type if chosen is not None else "",
    )


CallBuilder = Callable[..., Call]
TRANSPORTS: dict[str, CallBuilder] = {"rest": call_for}


class UnsupportedOperation(Exception):
    """No transport can call operations of this kind yet."""


def register_transport(kind: str, builder: CallBuilder) -> None:
    """Make operations of `kind` callable; `builder` takes `call_for`'s arguments."""
    TRANSPORTS[kind] = builder


def build_call(operation: Operation, **arguments: Any) -> Call:
    """The call for `operation` from its transport's builder (`call_for`'s keyword arguments)."""
    builder = TRANSPORTS.get(operation.kind)
    if builder is None:
        raise UnsupportedOperation(f"no transport for {operation.kind} operations ({operation.key})")
    return builder(operation, **arguments)
