"""API3 Mass assignment: properties the client should not set (read-only, or privileged such as
role, is_admin, balance) are accepted and persisted.

Proof is by reading back: a baseline object (or account) shows each candidate property's normal
value; an object created or updated with other values is read back through its read operation
(or the `/me`-like one for accounts), and a property holding the injected value is confirmed by a
second, separate write of that property alone. Creations use any regular identity; changes to an
account's own record use an account the scan signed up. A sign-up answer proves nothing by itself:
the new account is logged in and read back, and one that cannot be (its login fails, or the read
shows another account) leaves the task unconfirmed, never "not persisted". An account that
gains a privileged role becomes a new identity of the scan, and the authorization checks run again
with it.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from functools import partial
from typing import Any

from scans.engine.agents.accounts import new_credentials, sign_up, signup_call
from scans.engine.checks.context import (
    PlanContext,
    Probe,
    ProbeContext,
    Verdict,
    found_all,
    not_tried,
    passed,
    skipped,
    unconfirmed,
)
from scans.engine.checks.objects import create_object, read_object, record_of
from scans.engine.checks.registry import Agent, check
from scans.engine.checks.schemas import object_properties, response_schema
from scans.engine.findings import Finding
from scans.engine.http.reply import Reply
from scans.engine.identity.identity import Identity, IdentityOrigin
from scans.engine.kb import jsondata
from scans.engine.kb.knowledge import KnowledgeBase, SacrificialAccount
from scans.engine.kb.operations import body_properties, is_auth_operation, is_destructive, privilege_reason
from scans.engine.kb.resources import Resource, strip_slash
from scans.engine.kb.selfinfo import is_privileged_role, self_info_from
from scans.engine.model import Operation
from scans.engine.owasp import Owasp

BLIND_PROPERTIES: dict[str, Any] = {
    "role": "admin", "roles": ["admin"], "is_admin": True, "isAdmin": True, "admin": True, "is_staff": True,
    "is_superuser": True, "verified": True, "is_verified": True, "email_verified": True, "balance": 1000000,
    "credit": 1000000, "credits": 1000000, "permissions": ["*"],
}
"""Privileged names tried even when no schema mentions them, with the value to try."""
PREFERRED_VALUES = ("admin", "administrator", "superuser", "owner", "staff", "enterprise", "premium", "pro", "paid",
                    "approved", "verified", "active", "completed", "shipped")
SKIPPED_WORDS = ("id", "uuid", "pk", "slug", "key", "owner", "user", "author", "creator", "customer", "account",
                 "created", "updated", "modified", "deleted", "date", "time", "url", "href", "link", "password",
                 "token", "secret", "hash", "email", "username", "name", "etag", "version")
PRIVILEGE_WORDS = ("role", "admin", "staff", "superuser", "permission", "group", "scope")
NO_VALUE = object()
MAX_SINGLE_TRIES = 6


@check(
    name="mass_assignment",
    title="Mass assignment",
    owasp=Owasp.API3,
    cwe=915,
    score=75,
    remediation=(
        "Bind request bodies to an explicit allow-list of writable fields (separate input and output "
        "models, `read_only_fields`, `@JsonIgnore`…); set privileged fields such as role, status or "
        "balance only in dedicated, authorized operations."
    ),
    agent=Agent.EXPOSURE,
    rerun_with_new_identities=False,
)
def mass_assignment(plan: PlanContext) -> Iterator[Probe]:
    """Probes for creations, the sign-up, and updates of the caller's own record."""
    kb = plan.kb
    me = kb.me_operations[0] if kb.me_operations else None
    for resource in kb.resources.resources.values():
        op, read_op = resource.create_op, resource.read_op
        if op is None or read_op is None or is_auth_operation(op) or is_destructive(op) or privilege_reason(op):
            continue
        yield plan.probe(op, partial(_creation, resource=resource, read_op=read_op, op=op), key=op.key)
    if kb.signup_operation is not None and me is not None:
        yield plan.probe(kb.signup_operation, partial(_signup, op=kb.signup_operation, me=me), key="signup")
    if me is not None:
        for op in kb.description.operations:
            if op.method in ("PATCH", "PUT") and strip_slash(op.path) == strip_slash(me.path):
                yield plan.probe(op, partial(_self_update, op=op, me=me), key=op.key)


# candidates ---------------------------------------------------------------------------------------
def record_properties(op: Operation | None) -> dict[str, Any]:
    """Properties of the object a read operation returns (inside an envelope such as `data`)."""
    if op is None:
        return {}
    schema = response_schema(op, 200) or response_schema(op, 201)
    if not isinstance(schema, Mapping):
        return {}
    properties, _ = object_properties(schema)
    if len(properties) == 1:
        (key, inner), = properties.items()
        if key in jsondata.ENVELOPE_KEYS and isinstance(inner, Mapping):
            properties, _ = object_properties(inner)
    return properties


def _skipped(name: str) -> bool:
    lowered = name.lower()
    if any(word in lowered for word in PRIVILEGE_WORDS):
        return False
    parts = lowered.replace("-", "_").split("_")
    return any(word in parts or lowered.endswith(word) for word in SKIPPED_WORDS) or lowered.endswith("at")


def candidates(write_op: Operation, record: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """Properties the object has but the write operation does not accept, plus privileged names."""
    accepted = body_properties(write_op)
    found_candidates: dict[str, Mapping[str, Any]] = {}
    for name, schema in record.items():
        writable = name in accepted and not (isinstance(accepted[name], Mapping) and accepted[name].get("readOnly"))
        if not writable and not _skipped(name):
            found_candidates[name] = schema if isinstance(schema, Mapping) else {}
    for name in BLIND_PROPERTIES:
        if name not in accepted and name not in found_candidates:
            found_candidates[name] = {}
    return found_candidates


def injected_value(name: str, schema: Mapping[str, Any], current: Any) -> Any:
    """A value different from `current` that the client should not be able to set."""
    enum = schema.get("enum")
    if isinstance(enum, list) and enum:
        options = [value for value in enum if value != current]
        preferred = [value for value in options if str(value).lower() in PREFERRED_VALUES]
        preferred.sort(key=lambda value: PREFERRED_VALUES.index(str(value).lower()))
        return (preferred or options or [NO_VALUE])[0]
    kind = schema.get("type")
    if kind == "boolean" or isinstance(current, bool):
        return not current if isinstance(current, bool) else True
    if kind in ("integer", "number") or (isinstance(current, (int, float)) and not isinstance(current, bool)):
        base = current if isinstance(current, (int, float)) else 0
        return base + 1000000 if any(word in name.lower() for word in ("balance", "credit")) else base + 1000
    if not schema:
        value = BLIND_PROPERTIES.get(name, NO_VALUE)
        return NO_VALUE if value == current else value
    if kind in (None, "string") and isinstance(current, (str, type(None))):
        if any(word in name.lower() for word in PRIVILEGE_WORDS):
            return "admin" if current != "admin" else NO_VALUE
        return NO_VALUE if schema.get("format") or schema.get("pattern") else f"nat-{name}-injected"
    return NO_VALUE


def _plan_injection(
    write_op: Operation, record_schema: Mapping[str, Any], baseline: Mapping[str, Any]
) -> dict[str, Any]:
    injection = {}
    for name, schema in candidates(write_op, record_schema).items():
        value = injected_value(name, schema, baseline.get(name))
        if value is not NO_VALUE and value != baseline.get(name):
            injection[name] = value
    return injection


def _persisted(view: Mapping[str, Any], injection: Mapping[str, Any]) -> list[str]:
    return [name for name, value in injection.items() if name in view and view[name] == value]


def _finding(ctx: ProbeContext, op: Operation, name: str, value: Any, before: Any, write: Reply, readback: Reply,
             *, whose: str, first: Reply, curl: str = "") -> Finding:
    privileged = is_privileged_role(value) or name in ("is_admin", "isAdmin", "admin", "is_staff", "is_superuser")
    return ctx.finding(
        operation=op,
        proof=write,
        parameter=name,
        why=(
            f"{op.method} {op.path} accepted {name}={value!r} (normally {before!r}, not a writable property) and "
            f"reading {whose} back showed {name}={value!r}; confirmed by a second write of {name} alone"
        ),
        description=(
            f"{op.method} {op.path} lets the client set {name!r}, which it should not control"
            + ("; it grants a privileged role." if privileged else ".")
        ),
        evidence=[(first, "write with extra properties"), (write, f"second write of {name} alone"),
                  (readback, "read back")],
        score=90 if privileged else None,
        curl=curl,
    )


# creation -----------------------------------------------------------------------------------------
def _creation(ctx: ProbeContext, *, resource: Resource, read_op: Operation, op: Operation) -> Verdict:
    kb = ctx.kb
    creator = next(iter(kb.regular_identities()), None)
    if creator is None:
        return skipped("no identity to create objects with")
    baseline_obj, baseline_reply = create_object(ctx, resource, creator)
    if baseline_obj is None:
        return skipped(f"a plain creation failed ({baseline_reply.status if baseline_reply else 'not sent'})")
    baseline = record_of(read_object(ctx, read_op, baseline_obj, creator)) or baseline_obj.record
    record_schema = {**record_properties(op), **record_properties(read_op)}
    injection = _plan_injection(op, record_schema, baseline)
    if not injection:
        return passed("no property to inject")

    def attempt(extra: Mapping[str, Any]) -> tuple[Reply | None, Reply | None, Mapping[str, Any]]:
        obj, reply = create_object(ctx, resource, creator, extra=extra)
        if obj is None:
            return reply, None, {}
        readback = read_object(ctx, read_op, obj, creator)
        return reply, readback, record_of(readback)

    first, _, view = attempt(injection)
    if first is not None and first.ok:
        persisted = _persisted(view, injection)
    else:
        persisted = []
        for name in list(injection)[:MAX_SINGLE_TRIES]:
            single, _, single_view = attempt({name: injection[name]})
            if single is not None and single.ok and _persisted(single_view, {name: injection[name]}):
                persisted.append(name)
                first = single
    if not persisted:
        return passed(f"{', '.join(sorted(injection))} were not persisted")
    return _confirm_each(ctx, op, persisted, injection, baseline, first, attempt, whose="the object")


def _confirm_each(
    ctx: ProbeContext,
    op: Operation,
    persisted: list[str],
    injection: Mapping[str, Any],
    baseline: Mapping[str, Any],
    first: Reply | None,
    attempt: Callable[[Mapping[str, Any]], tuple[Reply | None, Reply | None, Mapping[str, Any]]],
    *,
    whose: str,
    curl_for: Callable[[str], str] | None = None,
) -> Verdict:
    findings = []
    unrepeated = []
    for name in persisted:
        write, readback, view = attempt({name: injection[name]})
        if write is None or readback is None or not _persisted(view, {name: injection[name]}):
            unrepeated.append(name)
            continue
        findings.append(_finding(ctx, op, name, injection[name], baseline.get(name), write, readback, whose=whose,
                                 first=first or write, curl=curl_for(name) if curl_for else ""))
    if not findings:
        return unconfirmed(f"{', '.join(unrepeated)} persisted once but not on a second write")
    return found_all(findings, "; ".join(finding.why for finding in findings))


# accounts -----------------------------------------------------------------------------------------
def _signup(ctx: ProbeContext, *, op: Operation, me: Operation) -> Verdict:
    kb = ctx.kb
    victim = kb.sacrificial("victim")
    if victim is None:
        return skipped("no plain sign-up to compare with")
    baseline = victim.identity.self_info.view or record_of(ctx.send(ctx.call(me), victim.identity))
    injection = _plan_injection(op, record_properties(me), baseline)
    if not injection:
        return passed("no property to inject")
    counter = iter(range(1, 100))
    unread: list[str] = []
    """Why the last new account could not be read back (empty when it was)."""

    def attempt(extra: Mapping[str, Any]) -> tuple[Reply | None, Reply | None, Mapping[str, Any]]:
        unread.clear()
        account, reply, why = sign_up(kb, ctx.client, purpose="mass-assignment", name=f"signup-ma-{next(counter)}",
                                      template=next(iter(kb.identities), None), extra=dict(extra))
        if account is None:
            if reply is not None and kb.is_success(reply, op):
                unread.append(why)
            return reply, None, {}
        readback = ctx.send(ctx.call(me), account.identity)
        why_unread = _unreadable(kb, readback, me, account)
        if why_unread:
            unread.append(why_unread)
            return reply, None, {}
        view = record_of(readback)
        if is_privileged_role(view.get("role")) or any(view.get(flag) is True for flag in ("is_admin", "is_staff")):
            _escalate(ctx, account.identity, readback, me)
        return reply, readback, view

    def fresh_curl(name: str) -> str:
        """Sign-ups cannot be replayed (the name is taken): the curl line signs up a new account."""
        username, email, password = new_credentials(op)
        call = signup_call(op, username=username, email=email, password=password, extra={name: injection[name]})
        return ctx.client.curl(call, kb.anonymous)

    first, _, view = attempt(injection)
    echoed = _persisted(record_of(first), injection) if first is not None else []
    if unread:
        return _not_confirmed(echoed, injection, unread[0])
    if first is None or not kb.is_success(first, op):
        status = first.status if first is not None else "not sent"
        return passed(f"the sign-up with {', '.join(sorted(injection))} was refused ({status})")
    persisted = _persisted(view, injection)
    if not persisted:
        shown = "; ".join(f"{name}={injection[name]!r} echoed by the sign-up answer, {view.get(name)!r} on reading "
                          "the account back" for name in echoed)
        return passed(f"{', '.join(sorted(injection))} were not persisted on sign-up" + (f" ({shown})" if shown else ""))
    return _confirm_each(ctx, op, persisted, injection, baseline, first, attempt, whose="the new account",
                         curl_for=fresh_curl)


def _unreadable(kb: KnowledgeBase, readback: Reply, me: Operation, account: SacrificialAccount) -> str:
    """Why `readback` does not show the new account (`""` when it does)."""
    if not kb.is_success(readback, me):
        return f"{me.key} answered {readback.status} to the new account"
    shown = self_info_from(readback.data, source=me.key)
    own = {value.lower() for value in (account.username, account.email, account.login_name, f"NAT {account.username}")}
    names = [value for value in (shown.username, shown.email) if value]
    if names and not any(value.lower() in own for value in names):
        return f"{me.key} showed {names[0]!r}, not the new account {account.login_name!r}"
    return ""


def _not_confirmed(echoed: list[str], injection: Mapping[str, Any], why: str) -> Verdict:
    """The new account could not be read back: what the sign-up answer showed stays unconfirmed."""
    if not echoed:
        return skipped(f"the new account could not be read back ({why})")
    shown = ", ".join(f"{name}={injection[name]!r}" for name in echoed)
    return unconfirmed(f"the sign-up answer showed {shown}, but the new account could not be read back ({why})")


def _self_update(ctx: ProbeContext, *, op: Operation, me: Operation) -> Verdict:
    account = ctx.kb.sacrificial("escalation")
    if account is None:
        return not_tried("safe mode changes an account's own record only on an account the scan signed up")
    identity = account.identity
    before = ctx.send(ctx.call(me), identity)
    baseline = record_of(before)
    if not baseline:
        return skipped(f"{me.key} did not answer for the scan's account ({before.status})")
    injection = _plan_injection(op, record_properties(me), baseline)
    if not injection:
        return passed("no property to inject")

    def write(extra: Mapping[str, Any]) -> Reply:
        body = dict(extra) if op.method == "PATCH" else {
            **{name: baseline[name] for name in body_properties(op) if name in baseline}, **extra}
        return ctx.send(ctx.call(op, body=body), identity)

    first = write(injection)
    readback = ctx.send(ctx.call(me), identity)
    persisted = _persisted(record_of(readback), injection) if first.ok else []
    if not persisted:
        return passed(f"{', '.join(sorted(injection))} were not persisted on {op.key}")
    findings = []
    for name in persisted:
        again = write({name: injection[name]})
        confirm = ctx.send(ctx.call(me), identity)
        if again.ok and _persisted(record_of(confirm), {name: injection[name]}):
            findings.append(_finding(ctx, op, name, injection[name], baseline.get(name), again, confirm,
                                     whose="the account", first=first))
    if not findings:
        return unconfirmed(f"{', '.join(persisted)} persisted once only")
    final = record_of(ctx.send(ctx.call(me), identity))
    if is_privileged_role(final.get("role")) or any(final.get(flag) is True for flag in ("is_admin", "is_staff")):
        _escalate(ctx, identity, readback, me)
    return found_all(findings, "; ".join(finding.why for finding in findings))


def _escalate(ctx: ProbeContext, account: Identity, readback: Reply, me: Operation) -> None:
    """The account now holds a privileged role: it joins the scan as a privileged identity (once)."""
    if any(identity.origin is IdentityOrigin.ESCALATED for identity in ctx.kb.identities):
        return
    escalated = Identity(
        f"{account.name}-escalated",
        origin=IdentityOrigin.ESCALATED,
        authenticator=account.authenticator,
        placeholder=account.placeholder,
        username=account.username,
        password=account.password,
        privileged=True,
        parent=account,
    )
    escalated.self_info = self_info_from(readback.data, source=f"GET {me.path}")
    if ctx.kb.add_identity(escalated):
        ctx.events.identity_added(escalated)


