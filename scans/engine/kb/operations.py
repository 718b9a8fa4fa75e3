"""What an operation is for, read from its path, id, tags, body and security: login, sign-up, admin…"""
from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any

from scans.engine.http.safety import WIPE, Destruction, destruction, name_words
from scans.engine.kb.resources import path_params
from scans.engine.model import Operation

LOGIN_WORDS = frozenset({"login", "signin", "token", "tokens", "auth", "authenticate", "session", "sessions", "oauth"})
SIGNUP_WORDS = frozenset({
    "signup", "register", "registration", "users", "user", "accounts", "account", "join", "members",
})
STRONG_LOGIN_WORDS = frozenset({"login", "signin", "token", "tokens", "session", "sessions", "authenticate"})
REGISTER_WORDS = frozenset({"signup", "register", "registration", "join"})
RESET_WORDS = frozenset({"reset", "forgot", "recover", "recovery", "lost"})
PASSWORD_CHANGE_WORDS = frozenset({"change", "update", "set", "new"})
LOGOUT_WORDS = frozenset({"logout", "signout", "revoke"})
PRIVILEGED_WORDS = frozenset({
    "admin", "admins", "administrator", "administration", "internal", "manage", "management", "staff",
    "superuser", "sudo", "backoffice", "moderation", "moderator", "privileged",
})
PRIVILEGED_SCOPE_WORDS = frozenset({"admin", "manage", "internal", "superuser", "staff", "root", "all", "sudo"})


def _words(op: Operation) -> set[str]:
    words = set(name_words(op.path.replace("{", "/").replace("}", "/"), op.operation_id))
    joined = name_words(op.path)
    words.update("".join(pair) for pair in itertools.pairwise(joined))
    return words


def body_properties(op: Operation) -> Mapping[str, Any]:
    """Top-level properties of the request body schema (allOf merged), `{}` without one."""
    if op.request_body is None:
        return {}
    return schema_properties(op.request_body.schema)


def schema_properties(schema: Mapping[str, Any]) -> dict[str, Any]:
    if not isinstance(schema, Mapping):
        return {}
    found: dict[str, Any] = {}
    for part in schema.get("allOf", ()) or ():
        found.update(schema_properties(part))
    properties = schema.get("properties")
    if isinstance(properties, Mapping):
        found.update(properties)
    return found


def password_field(properties: Mapping[str, Any]) -> str:
    return next((name for name in properties if "pass" in name.lower() and "confirm" not in name.lower()), "")


def username_field(properties: Mapping[str, Any]) -> str:
    """The field a login or sign-up body names the account by (`username`, `email`, `login`)."""
    names = list(properties)
    for preferred in ("username", "user_name", "userName", "login", "email", "user", "handle"):
        if preferred in names:
            return preferred
    return next((name for name in names if "mail" in name.lower() or "user" in name.lower()), "")


def is_login_operation(op: Operation) -> bool:
    """A POST taking a user name and a password that is not a sign-up or reset."""
    if op.method != "POST" or path_params(op.path):
        return False
    properties = body_properties(op)
    if not (password_field(properties) and username_field(properties)):
        return False
    words = _words(op)
    return bool(words & LOGIN_WORDS) and not words & (REGISTER_WORDS | RESET_WORDS)


def is_signup_operation(op: Operation) -> bool:
    """A POST creating an account: a user name and a password, named like sign-up or users."""
    if op.method != "POST" or path_params(op.path) or is_login_operation(op):
        return False
    properties = body_properties(op)
    if not (password_field(properties) and username_field(properties)):
        return False
    words = _words(op)
    return bool(words & SIGNUP_WORDS) and not words & (RESET_WORDS | PASSWORD_CHANGE_WORDS | STRONG_LOGIN_WORDS)


def is_reset_operation(op: Operation) -> bool:
    """A POST that starts a password reset for an account named in the body."""
    if op.method != "POST" or path_params(op.path):
        return False
    properties = body_properties(op)
    words = _words(op)
    return bool(words & RESET_WORDS) and bool(username_field(properties)) and not password_field(properties)


def is_auth_operation(op: Operation) -> bool:
    """Operations that handle credentials themselves (login, sign-up, reset, logout)."""
    words = _words(op)
    return (
        is_login_operation(op)
        or is_signup_operation(op)
        or is_reset_operation(op)
        or bool(words & LOGOUT_WORDS)
        or (op.method == "POST" and bool(words & {"login", "signin", "token", "tokens", "oauth", "authenticate"}))
    )


def privilege_reason(op: Operation) -> str:
    """Why the operation looks reserved to privileged users (path, tag or scope words), or `""`."""
    words = set(name_words(op.path.replace("{", "/").replace("}", "/"), op.operation_id))
    hits = sorted(words & PRIVILEGED_WORDS)
    if hits:
        return f"its path or id says {hits[0]!r}"
    for tag in op.tags:
        tag_hits = set(name_words(tag)) & PRIVILEGED_WORDS
        if tag_hits:
            return f"its tag {tag!r}"
    for requirement in op.security or ():
        for scheme, scopes in requirement.items():
            for scope in scopes:
                if set(name_words(scope)) & PRIVILEGED_SCOPE_WORDS:
                    return f"it requires the {scope!r} scope of {scheme!r}"
    return ""


def destruction_of(op: Operation) -> Destruction | None:
    """What the operation's path, id, summary or description says it destroys, whatever its method.
    Never a login or a sign-up (`Logs in and resets the failed-attempt counter` resets no data)."""
    if is_login_operation(op) or is_signup_operation(op):
        return None
    return destruction(path=op.path, operation_id=op.operation_id, summary=op.summary, description=op.description)


def destroys(op: Operation) -> str:
    """`WIPE`, `DELETE` or `""`: what the operation says it destroys (see `destruction`)."""
    found = destruction_of(op)
    return found.kind if found else ""


def is_wipe(op: Operation) -> bool:
    """The operation says it wipes, re-creates or re-seeds the API's data."""
    return destroys(op) == WIPE


def is_destructive(op: Operation) -> bool:
    """The operation says it wipes state or deletes something, whatever its method."""
    return bool(destroys(op))
