"""Helpers for checks that work on objects: create one as an identity, read it, pick a field to change."""
from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from scans.engine.checks.context import ProbeContext
from scans.engine.http.reply import Reply
from scans.engine.identity.identity import Identity, IdentityOrigin
from scans.engine.kb import jsondata
from scans.engine.kb.knowledge import KnownObject
from scans.engine.kb.operations import body_properties
from scans.engine.kb.resources import Resource, fill
from scans.engine.model import Operation

UNTOUCHABLE_FIELD_WORDS = ("id", "owner", "user", "author", "pass", "email", "mail", "token", "secret", "slug",
                           "url", "uri", "href", "phone", "date", "time", "_at", "created", "updated", "role")


def record_of(reply: Reply) -> Mapping[str, Any]:
    """The object in an answer (envelope removed), `{}` when it holds none."""
    data = jsondata.unwrap(reply.data) if reply.is_json else None
    return data if isinstance(data, Mapping) else {}


def victim_order(identities: list[Identity]) -> list[Identity]:
    """Identities in the order to use them as victims of state changes: scan-made accounts first."""
    return sorted(identities, key=lambda identity: identity.origin is not IdentityOrigin.SACRIFICIAL)


def create_object(
    ctx: ProbeContext, resource: Resource, identity: Identity, *, extra: Mapping[str, Any] | None = None
) -> tuple[KnownObject | None, Reply | None]:
    """A fresh object of `resource` created by `identity` (its body plus `extra` properties),
    recorded as the scan's own."""
    op = resource.create_op
    if op is None:
        return None, None
    known = dict(ctx.kb.known_values())
    for obj in ctx.kb.objects():
        if identity.name in (obj.owner, obj.created_by):
            known.update(obj.params)
    call = ctx.call(op, known=known)
    if extra:
        body = json_body(call.body)
        if body is None:
            return None, None
        call = ctx.call(op, known=known, body={**body, **extra})
    reply = ctx.send(call, identity)
    if not ctx.kb.is_success(reply, op):
        return None, reply
    record = record_of(reply)
    value = jsondata.id_for(record, resource.param) if record else ""
    if not value:
        return None, reply
    params = {resource.param: value}
    obj = ctx.kb.add_object(KnownObject(
        item=resource.item,
        path=fill(resource.item, params),
        params=params,
        record=dict(record),
        owner=identity.name,
        owner_value=jsondata.owner_of(record),
        created_by=identity.name,
        seen_by=frozenset({identity.name}),
        learned_from=op.key,
    ))
    return obj, reply


def read_object(ctx: ProbeContext, op: Operation, obj: KnownObject, identity: Identity) -> Reply:
    return ctx.send(ctx.call(op, params=dict(obj.params)), identity)


def writable_text_field(write_op: Operation, view: Mapping[str, Any]) -> str:
    """A plain text property the write operation accepts and the object shows, safe to change."""
    properties = body_properties(write_op)
    for name, schema in properties.items():
        if not isinstance(schema, Mapping) or schema.get("type", "string") != "string":
            continue
        if schema.get("enum") or schema.get("format") or schema.get("pattern") or schema.get("readOnly"):
            continue
        lowered = name.lower()
        if any(word in lowered for word in UNTOUCHABLE_FIELD_WORDS):
            continue
        if isinstance(view.get(name), str):
            return name
    return ""


def write_body(write_op: Operation, view: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """The body that applies `changes`: just them for PATCH, the full object (schema fields) for PUT."""
    if write_op.method == "PATCH":
        return dict(changes)
    properties = body_properties(write_op)
    body = {name: view[name] for name in properties if name in view}
    body.update(changes)
    return body


def json_body(body: bytes | None) -> dict[str, Any] | None:
    """A call's JSON object body, or None when it has another shape."""
    try:
        data = json.loads(body or b"{}")
    except ValueError:
        return None
    return data if isinstance(data, dict) else None
