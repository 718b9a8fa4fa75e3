"""Sacrificial accounts: fresh users the scan signs up so state-changing tests never touch real ones."""
from __future__ import annotations

import dataclasses
import json
import secrets
import string
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl

from scans.engine.agents.unique import fitted, looks_unique, unique_value
from scans.engine.http.client import HttpClient, RequestRefused
from scans.engine.http.reply import Call, Reply
from scans.engine.identity.identity import Identity, IdentityOrigin
from scans.engine.identity.login import LoginAuth, describe_failure
from scans.engine.kb.knowledge import KnowledgeBase, SacrificialAccount
from scans.engine.kb.operations import body_properties, username_field
from scans.engine.model import Operation
from scans.engine.synth import call_for, encode_body


def new_credentials(op: Operation | None = None) -> tuple[str, str, str]:
    """A user name, an email and a strong password, random enough never to collide across scans;
    with `op`, the user name and email fit its body's schema (length, pattern)."""
    suffix = "".join(secrets.choice(string.ascii_lowercase + string.digits) for _ in range(10))
    username = f"nat{suffix}"
    email = f"{username}@example.com"
    password = "Nat!" + "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(14)) + "9a"
    for name, schema in body_properties(op).items() if op is not None else ():
        role = _account_role(name, schema)
        if role == "username":
            username = fitted(username, name, schema)
        elif role == "email":
            email = fitted(email, name, schema)
    return username, email, password


def _account_role(name: str, schema: Any) -> str:
    """Which account field a body property is: `password`, `email`, `username`, `name`, `grant`, or `""`."""
    lowered = name.lower()
    fmt = schema.get("format", "") if isinstance(schema, Mapping) else ""
    if "pass" in lowered:
        return "password"
    if "mail" in lowered or fmt == "email":
        return "email"
    if any(word in lowered for word in ("user", "login", "handle", "nick")):
        return "username"
    if lowered in ("name", "full_name", "fullname", "display_name", "displayname"):
        return "name"
    return "grant" if lowered == "grant_type" else ""


def account_values(properties: dict[str, Any], *, username: str, email: str, password: str) -> dict[str, Any]:
    """Values for the account fields of a sign-up or login body, by field name and format."""
    by_role = {
        "password": password, "email": email, "username": username, "name": f"NAT {username}", "grant": "password",
    }
    values: dict[str, Any] = {}
    for name, schema in properties.items():
        role = _account_role(name, schema)
        if role:
            values[name] = by_role[role]
    return values


def unique_values(properties: Mapping[str, Any], taken: Mapping[str, Any]) -> dict[str, Any]:
    """A fresh value for every unique-looking property not in `taken` (phone numbers, national ids…),
    so that no two sign-ups repeat one."""
    values: dict[str, Any] = {}
    for name, schema in properties.items():
        if name in taken or not looks_unique(name, schema):
            continue
        value = unique_value(name, schema)
        if value is not None:
            values[name] = value
    return values


def signup_call(
    op: Operation, *, username: str, email: str, password: str, extra: dict[str, Any] | None = None
) -> Call:
    """A sign-up call for the operation, with `extra` properties added to its body."""
    properties = body_properties(op)
    values = account_values(dict(properties), username=username, email=email, password=password)
    values.update(unique_values(properties, values))
    base = call_for(op, known=values)
    if not extra:
        return base
    body = json.loads(base.body or b"{}") if "json" in base.content_type else None
    if not isinstance(body, dict):
        return base
    return call_for(op, known=values, body={**body, **extra})


def login_call(
    kb: KnowledgeBase, template: Identity | None, *, username: str, email: str, password: str
) -> tuple[Call, str] | None:
    """How to log in as a new account: the primary identity's login with the values swapped,
    else the description's login operation. Returns the call and the name it logs in with."""
    authenticator = template.authenticator if template else None
    if template is not None and isinstance(authenticator, LoginAuth) and authenticator.call.body:
        body = _decoded(authenticator.call.body, authenticator.call.content_type)
        if body is not None:
            login_name = username
            swapped: dict[str, Any] = {}
            for key, value in body.items():
                lowered = key.lower()
                if "pass" in lowered:
                    swapped[key] = password
                elif isinstance(value, str) and (value == template.username or "mail" in lowered or "user" in lowered):
                    uses_email = "mail" in lowered or "@" in value
                    swapped[key] = email if uses_email else username
                    login_name = swapped[key]
                else:
                    swapped[key] = value
            call = authenticator.call
            return dataclasses.replace(call, body=encode_body(swapped, call.content_type)), login_name
    op = kb.login_operation
    if op is None:
        return None
    properties = dict(body_properties(op))
    values = account_values(properties, username=username, email=email, password=password)
    field = username_field(properties)
    return call_for(op, known=values), str(values.get(field, username))


def _decoded(raw: bytes, content_type: str) -> dict[str, Any] | None:
    """The fields of a JSON or form-encoded login body; `None` for another kind."""
    if content_type.split(";", 1)[0].strip().lower() == "application/x-www-form-urlencoded":
        return dict(parse_qsl(raw.decode("utf-8", errors="replace"), keep_blank_values=True))
    try:
        body = json.loads(raw)
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def presentation(template: Identity | None) -> tuple[str, str]:
    """Header name and prefix new accounts present their token with, copied from the primary."""
    credential = template.credential() if template else None
    if credential and credential.headers and credential.token:
        name, value = credential.headers[0]
        if value.endswith(credential.token):
            return name, value[: len(value) - len(credential.token)]
    return "Authorization", "Bearer "


def sign_up(
    kb: KnowledgeBase,
    client: HttpClient,
    *,
    purpose: str,
    name: str,
    template: Identity | None,
    extra: dict[str, Any] | None = None,
) -> tuple[SacrificialAccount | None, Reply | None, str]:
    """Create and log in a fresh account; returns it, the sign-up reply, and why it failed (or `""`)."""
    op = kb.signup_operation
    if op is None:
        return None, None, "the API has no sign-up operation"
    username, email, password = new_credentials(op)
    try:
        call = signup_call(op, username=username, email=email, password=password, extra=extra)
        reply = client.send(call, kb.anonymous)
    except RequestRefused as exc:
        return None, None, f"sign-up not sent: {exc.reason}"
    if not kb.is_success(reply, op):
        return None, reply, describe_failure(reply, f"sign-up {op.key}")
    login = login_call(kb, template, username=username, email=email, password=password)
    if login is None:
        return None, reply, "signed up, but the API has no login operation to use the account"
    call, login_name = login
    header, prefix = presentation(template)
    placeholder = "NAT_TOKEN_" + name.upper().replace("-", "_")
    identity = Identity(
        name,
        origin=IdentityOrigin.SACRIFICIAL,
        authenticator=LoginAuth(
            call, redactor=client.redactor, placeholder=placeholder, prefix=prefix, header_name=header
        ),
        placeholder=placeholder,
        username=login_name,
        password=password,
    )
    failure = identity.login(client)
    if failure:
        return None, reply, f"signed up as {login_name}, but {failure}"
    account = SacrificialAccount(
        identity=identity, username=username, email=email, password=password, login_name=login_name, purpose=purpose
    )
    return account, reply, ""

