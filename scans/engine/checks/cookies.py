"""API8 Cookie flags: a session-like cookie the API sets without Secure, HttpOnly or SameSite.

Read from the answers recon and the identities' logins saw; each cookie is reported once (on the
operation that set it), after the answer is read again and sets it the same way.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from http.cookies import CookieError, SimpleCookie
from urllib.parse import urlsplit

from scans.engine.checks.context import PlanContext, Probe, ProbeContext, Verdict, found, passed
from scans.engine.checks.registry import Agent, check
from scans.engine.http.reply import Call, Reply
from scans.engine.identity.identity import Identity, register_token
from scans.engine.identity.login import LoginAuth
from scans.engine.identity.tokens import find_token
from scans.engine.kb.knowledge import KnowledgeBase
from scans.engine.model import Operation
from scans.engine.owasp import Owasp

SESSION_NAME = re.compile(r"sess|sid|token|auth|jwt|login|remember|csrf|xsrf|user|account", re.IGNORECASE)
TOKEN_VALUE = re.compile(r"^[A-Za-z0-9+/=_.\-%]{20,}$")


@dataclass(frozen=True, slots=True)
class SetCookie:
    name: str
    value: str
    missing: tuple[str, ...]


def session_cookies(reply: Reply) -> list[SetCookie]:
    """Session-like cookies `reply` sets, each with the flags it lacks (Secure, HttpOnly, SameSite)."""
    found_cookies = []
    for header in reply.set_cookies:
        try:
            parsed = SimpleCookie()
            parsed.load(header)
        except CookieError:
            continue
        attributes = {part.split("=", 1)[0].strip().lower(): part.split("=", 1)[-1].strip().lower()
                      for part in header.split(";")[1:]}
        for name, morsel in parsed.items():
            if not (SESSION_NAME.search(name) or TOKEN_VALUE.match(morsel.value)):
                continue
            missing = [flag for flag in ("secure", "httponly") if flag not in attributes]
            if "samesite" not in attributes:
                missing.append("samesite")
            found_cookies.append(SetCookie(name, morsel.value, tuple(missing)))
    return found_cookies


Setter = tuple[Operation, Call, Identity, Reply, SetCookie, bool]
"""Where a cookie was set: operation, call, identity, answer, the cookie, and whether the call is a login."""


def _setters(kb: KnowledgeBase) -> dict[str, Setter]:
    """Per cookie name, the first answer (description order, logins last) that sets it."""
    setters: dict[str, Setter] = {}
    for op in kb.description.operations:
        for observation in kb.observations(op):
            identity = kb.identity(observation.identity) or kb.anonymous
            for cookie in session_cookies(observation.reply):
                setters.setdefault(cookie.name, (op, observation.call, identity, observation.reply, cookie, False))
    for identity in kb.identities:
        authenticator = identity.authenticator
        if not isinstance(authenticator, LoginAuth):
            continue
        reply = authenticator.login_reply
        if reply is None:
            continue
        path = urlsplit(reply.url).path
        login = kb.login_operation
        op = login if login and path.rstrip("/").endswith(login.path.rstrip("/")) else \
            Operation(method=reply.method, path=path)
        for cookie in session_cookies(reply):
            setters.setdefault(cookie.name, (op, authenticator.call, identity, reply, cookie, True))
    return setters


@check(
    name="cookie_flags",
    title="Session cookie without Secure, HttpOnly or SameSite",
    owasp=Owasp.API8,
    cwe=614,
    score=30,
    remediation=(
        "Set session cookies with `Secure; HttpOnly; SameSite=Lax` (or Strict), from one place (the framework's "
        "session settings), so they never travel in clear, never reach scripts, and are not sent cross-site."
    ),
    agent=Agent.CONFIGURATION,
)
def cookie_flags(plan: PlanContext) -> Iterator[Probe]:
    """A probe per session-like cookie the API sets."""
    for name, (op, call, identity, reply, cookie, login) in _setters(plan.kb).items():
        run = partial(_probe, op=op, call=call, identity=identity, first=reply, cookie=cookie, login=login)
        yield plan.probe(op, run, key=name)


def _probe(ctx: ProbeContext, *, op: Operation, call: Call, identity: Identity, first: Reply,
           cookie: SetCookie, login: bool) -> Verdict:
    if not cookie.missing:
        return passed(f"{cookie.name} is set with Secure, HttpOnly and SameSite")
    again = ctx.send(call, identity, bare=login)
    if login:
        # A fresh login hands out a fresh session: keep it out of the evidence like the first.
        token = find_token(again.data if again.is_json else None, again.headers)
        placeholder = identity.placeholder or "NAT_TOKEN"
        for secret in (token, *(item.value for item in session_cookies(again))):
            if secret:
                register_token(ctx.client.redactor, secret, placeholder)
    repeated = next((item for item in session_cookies(again) if item.name == cookie.name), None)
    if repeated is None or not repeated.missing:
        return passed(f"{cookie.name} was set with its flags when read again")
    flags = ", ".join({"secure": "Secure", "httponly": "HttpOnly", "samesite": "SameSite"}[flag]
                      for flag in repeated.missing)
    return found(ctx.finding(
        operation=op,
        proof=again,
        parameter=cookie.name,
        why=f"{op.method} {op.path} sets the cookie {cookie.name!r} without {flags}, twice",
        description=(
            f"The session-like cookie {cookie.name!r} lacks {flags}: without Secure it travels over plain HTTP, "
            "without HttpOnly scripts (and XSS) can read it, without SameSite other sites' requests carry it."
        ),
        evidence=[(first, "first answer setting it"), (again, "set again")],
    ))
