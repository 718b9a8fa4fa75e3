"""Where a check can put a value: the query, path and top-level body inputs of an operation, and
calls that carry a chosen value in one of them, the rest of the request left valid."""
from __future__ import annotations

import dataclasses
import itertools
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, unquote

from scans.engine.checks.context import ProbeContext
from scans.engine.checks.plain_values import MAX_TRIES, candidates, succeeds
from scans.engine.http.reply import Call, Reply
from scans.engine.identity.identity import Identity
from scans.engine.kb.knowledge import KnowledgeBase
from scans.engine.kb.operations import body_properties, is_destructive
from scans.engine.kb.resources import PARAM, fill
from scans.engine.model import Operation
from scans.engine.spec import example_for
from scans.engine.synth import encode_body

CLOSED_FORMATS = frozenset({"uuid", "date", "date-time", "time", "byte", "binary", "password", "int32", "int64"})
"""String formats servers parse before use: a payload never gets past them."""
SECRET_WORDS = ("pass", "secret", "token", "csrf", "captcha", "otp")
"""Inputs holding credentials: injecting into them tests nothing and may lock accounts."""
TEXT_TYPES = frozenset({"string", ""})
NUMBER_TYPES = frozenset({"integer", "number"})
UNFIXABLE = frozenset({401, 403, 405, 429})
"""Plain answers no other value can turn into a success: the search for one is not tried."""
MAX_INPUTS_PER_CHECK = 200
"""Inputs one injection check tests at most, in description order: a description with thousands of
operations must not turn into hundreds of thousands of requests (the scan's budget applies too)."""


@dataclass(frozen=True, slots=True)
class InputPoint:
    """One input of an operation a check can set."""

    operation: Operation
    location: str
    """`query`, `path` or `body` (a top-level property of a JSON or form body)."""
    name: str
    schema: Mapping[str, Any]

    @property
    def type(self) -> str:
        kind = self.schema.get("type", "") if isinstance(self.schema, Mapping) else ""
        return kind if isinstance(kind, str) else ""

    @property
    def key(self) -> str:
        return f"{self.operation.key}|{self.location}:{self.name}"

    @property
    def label(self) -> str:
        where = {"query": "query parameter", "path": "path parameter", "body": "body field"}[self.location]
        return f"{where} {self.name!r}"

    @property
    def is_text(self) -> bool:
        """A free-text input a server may hand to an interpreter (not an enum, a parsed format
        or a credential)."""
        schema = self.schema if isinstance(self.schema, Mapping) else {}
        if self.type not in TEXT_TYPES or schema.get("enum") or schema.get("const") is not None:
            return False
        if schema.get("format") in CLOSED_FORMATS:
            return False
        return not any(word in self.name.lower() for word in SECRET_WORDS)

    @property
    def is_number(self) -> bool:
        return self.type in NUMBER_TYPES and not (isinstance(self.schema, Mapping) and self.schema.get("enum"))


def can_inject(op: Operation) -> bool:
    """Operations whose inputs the injection checks may fill: reads, and creations (a POST on a
    collection); never operations that say they wipe state or delete something."""
    if op.kind != "rest" or is_destructive(op):
        return False
    return op.method == "GET" or (op.method == "POST" and not PARAM.search(op.path))


def input_points(op: Operation) -> list[InputPoint]:
    points = [
        InputPoint(op, param.location, param.name, _with_example(param.schema or {}, param.example))
        for param in op.parameters
        if param.location in ("query", "path")
    ]
    if op.request_body is not None and _object_body(op.request_body.content_type):
        points += [InputPoint(op, "body", name, schema if isinstance(schema, Mapping) else {})
                   for name, schema in body_properties(op).items()]
    return points


def _with_example(schema: Mapping[str, Any], example: Any) -> Mapping[str, Any]:
    if example is None or not isinstance(schema, Mapping) or "example" in schema:
        return schema
    return {**schema, "example": example}


def injectable_points(
    kb: KnowledgeBase, *, accept: Callable[[InputPoint], bool], methods: tuple[str, ...] = ("GET", "POST")
) -> list[InputPoint]:
    """Inputs `accept` takes, of the operations injection checks may fill, in description order
    (at most `MAX_INPUTS_PER_CHECK`)."""
    points = (point for op in kb.description.operations if op.method in methods and can_inject(op)
              for point in input_points(op) if accept(point))
    return list(itertools.islice(points, MAX_INPUTS_PER_CHECK))


def text_points(kb: KnowledgeBase, *, methods: tuple[str, ...] = ("GET", "POST")) -> list[InputPoint]:
    """Free-text inputs of the operations injection checks may fill, in description order."""
    return injectable_points(kb, accept=lambda point: point.is_text, methods=methods)


def _object_body(content_type: str) -> bool:
    base = content_type.split(";", 1)[0].strip().lower()
    return base == "application/x-www-form-urlencoded" or base.endswith("json")


def identity_for(ctx: ProbeContext, op: Operation) -> Identity:
    """Who to call `op` as: an identity recon saw it succeed for, else the first regular one."""
    kb = ctx.kb
    observed = [obs for obs in kb.observations(op) if kb.is_success(obs.reply, op)]
    for observation in sorted(observed, key=lambda obs: obs.identity == kb.anonymous.name):
        identity = kb.identity(observation.identity)
        if identity is not None:
            return identity
    return next(iter(kb.regular_identities()), None) or next(iter(kb.identities), kb.anonymous)


class Injector:
    """Calls of one operation that differ only in the value of one input."""

    def __init__(self, ctx: ProbeContext, point: InputPoint, *, identity: Identity | None = None) -> None:
        self.ctx = ctx
        self.point = point
        self.identity = identity or identity_for(ctx, point.operation)
        self.base = ctx.call(point.operation)
        self.base_value = self._current_value()
        self._adopt(ctx.kb.plain_values(point.operation) or ())
        self.fastest = float("inf")
        """The quickest answer this input got so far (seconds): the floor timing tests compare with."""

    def _current_value(self) -> str:
        point = self.point
        if point.location == "query":
            current = next((value for name, value in self.base.query if name == point.name), None)
        elif point.location == "path":
            current = _path_values(point.operation.path, self.base.path).get(point.name)
        else:
            current = self._body().get(point.name)
        if current is None or isinstance(current, (dict, list)):
            known = self.ctx.kb.known_values().get(point.name)
            current = known if known is not None else example_for(point.schema or {"type": "string"},
                                                                  name=point.name, include_optional=False)
        return current if isinstance(current, str) else json.dumps(current)

    def _body(self) -> dict[str, Any]:
        return _decoded_body(self.base)

    def call(self, value: Any) -> Call:
        """The base call with this input set to `value` (any JSON value in a JSON body)."""
        return self._set(self.base, self.point.location, self.point.name, value)

    def _set(self, base: Call, location: str, name: str, value: Any) -> Call:
        template = self.point.operation.path
        if location == "query":
            query = [(key, item) for key, item in base.query if key != name]
            return dataclasses.replace(base, query=(*query, (name, str(value))))
        if location == "path":
            values = _path_values(template, base.path)
            values[name] = str(value)
            return dataclasses.replace(base, path=fill(template, values))
        body = {**_decoded_body(base), name: value}
        content_type = base.content_type or "application/json"
        return dataclasses.replace(base, body=encode_body(body, content_type), content_type=content_type)

    def _adopt(self, values: tuple[tuple[str, str, str], ...]) -> None:
        """Use plain values found to succeed: this input's as its base value, the others' in the base call."""
        for location, name, value in values:
            if (location, name) == (self.point.location, self.point.name):
                self.base_value = value
            else:
                self.base = self._set(self.base, location, name, value)

    def plain(self) -> Reply:
        """The answer to the plain value; when it is no success (an error, a database error, no answer),
        other plain values are tried input by input (`plain_values`) and the first that succeeds is kept."""
        kb, op = self.ctx.kb, self.point.operation
        adopted = kb.plain_values(op) or ()
        self._adopt(adopted)  # another probe of the operation may have found them since this one began
        reply = self.send(self.base_value)
        if succeeds(kb, op, reply) or reply.status in UNFIXABLE:
            kb.keep_plain_values(op, ())
            return reply
        known = kb.plain_values(op)
        if known is None:
            return self._search(kb, op) or reply
        if known and known != adopted:
            self._adopt(known)
            return self.send(self.base_value)
        return reply

    def _search(self, kb: KnowledgeBase, op: Operation) -> Reply | None:
        """The first answer, within `MAX_TRIES`, to a call with one input set to another plain value
        that succeeds; what worked is kept for the operation (nothing: an empty record)."""
        tries = 0
        for point in input_points(op):
            for value in candidates(kb, op, point.name, point.schema):
                if tries >= MAX_TRIES:
                    break
                tries += 1
                trial = self.ctx.send(self._set(self.call(self.base_value), point.location, point.name, value),
                                      self.identity)
                if succeeds(kb, op, trial):
                    found = ((point.location, point.name, value),)
                    kb.keep_plain_values(op, found)
                    self._adopt(found)
                    return trial
        kb.keep_plain_values(op, ())
        return None

    def with_query(self, pairs: list[tuple[str, str]]) -> Call:
        """The base call with this query input replaced by raw `pairs` (`code[$ne]=x`)."""
        query = [(name, item) for name, item in self.base.query if name != self.point.name]
        return dataclasses.replace(self.base, query=(*query, *pairs))

    def send(self, value: Any, **options: Any) -> Reply:
        reply = self.ctx.send(self.call(value), self.identity, **options)
        if reply.status:
            self.fastest = min(self.fastest, reply.elapsed)
        return reply


def _decoded_body(call: Call) -> dict[str, Any]:
    body = call.body or b""
    if "json" in call.content_type:
        try:
            data = json.loads(body or b"{}")
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}
    return dict(parse_qsl(body.decode("utf-8", errors="replace")))


def _path_values(template: str, path: str) -> dict[str, str]:
    """The raw values a filled path carries for `template`'s parameters."""
    names = PARAM.findall(template)
    template_parts = template.split("/")
    path_parts = path.split("/")
    values: dict[str, str] = {}
    if len(template_parts) == len(path_parts):
        for template_part, path_part in zip(template_parts, path_parts, strict=True):
            match = PARAM.fullmatch(template_part)
            if match:
                values[match.group(1)] = unquote(path_part)
    return {name: values.get(name, "") for name in names}
