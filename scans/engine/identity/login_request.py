"""The request a `login` identity logs in with: the configured `login_body`, else the description's
login operation filled with the configured user name and password, else a plain JSON body."""
from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from scans.engine.config import AuthConfig
from scans.engine.http.client import api_root
from scans.engine.http.reply import Call
from scans.engine.http.safety import name_words
from scans.engine.kb.operations import (
    REGISTER_WORDS,
    RESET_WORDS,
    STRONG_LOGIN_WORDS,
    body_properties,
    is_login_operation,
    password_field,
    username_field,
)
from scans.engine.kb.resources import path_params
from scans.engine.model import ApiDescription, Operation
from scans.engine.spec import build_request
from scans.engine.synth import call_for

SUMMARY_LOGIN_WORDS = STRONG_LOGIN_WORDS | {"signon"}
FALLBACK_BODY_FIELDS = ("username", "password")
"""The body sent when no operation of the description says how to log in."""


@dataclass(frozen=True, slots=True)
class LoginRequest:
    """How a login identity logs in, or why it cannot."""

    call: Call | None
    body: Mapping[str, Any]
    """What the call's body holds (for the identity's user name and password)."""
    note: str = ""
    """What the user should know about it (the body was guessed, not read from the description)."""
    failure: str = ""
    """Why no login request can be made; `call` is `None` then."""


def login_operation(description: ApiDescription, *, login_url: str = "", scan_url: str = "") -> Operation | None:
    """The description's login operation: the one at `login_url` when given, else the first POST that
    looks like a login by its path or id, else by its summary."""
    candidates = [op for op in description.operations
                  if op.method == "POST" and op.kind == "rest" and not path_params(op.path)]
    if login_url:
        wanted = _comparable(_absolute(login_url, scan_url))
        root = api_root(scan_url, description.base_path)
        return next((op for op in candidates if _comparable(root + op.path) == wanted), None)
    return (next((op for op in candidates if is_login_operation(op)), None)
            or next((op for op in candidates if _summary_says_login(op)), None))


def login_request(config: AuthConfig, description: ApiDescription | None, *, scan_url: str) -> LoginRequest:
    """The login call for `config` (type `login`), against the description when there is one."""
    op = login_operation(description, login_url=config.login_url, scan_url=scan_url) if description else None
    url = _absolute(config.login_url, scan_url) if config.login_url else ""
    if config.login_body:
        body = dict(config.login_body)
        if url:
            return LoginRequest(Call.json("POST", "", body, url=url), body)
        if op is not None:
            return LoginRequest(Call.json("POST", op.path, body, template=op.path, operation_id=op.operation_id), body)
        return LoginRequest(None, body, failure=_no_login_operation(description))
    if op is not None:
        body = login_body(op, username=config.username, password=config.password)
        call = call_for(op, body=body)
        return LoginRequest(dataclasses.replace(call, url=url) if url else call, body)
    if not url:
        return LoginRequest(None, {}, failure=_no_login_operation(description))
    body = dict(zip(FALLBACK_BODY_FIELDS, (config.username, config.password), strict=True))
    where = ("no API description was given" if description is None
             else f"no operation of the API description is at {config.login_url}")
    note = f"{where}, so the login sent the JSON body {{\"username\": …, \"password\": …}} to it"
    return LoginRequest(Call.json("POST", "", body, url=url), body, note=note)


def login_body(op: Operation, *, username: str, password: str) -> dict[str, Any]:
    """The login operation's body: the user name and password in the fields its schema names, the
    other required fields synthesized (an OAuth2 password grant says `grant_type=password`)."""
    properties = body_properties(op)
    values: dict[str, Any] = {
        _user_field(properties, username) or FALLBACK_BODY_FIELDS[0]: username,
        secret_field(properties) or FALLBACK_BODY_FIELDS[1]: password,
    }
    if "grant_type" in properties:
        values["grant_type"] = "password"
    synthesized = build_request(op, known=values).body
    required = _required(op.request_body.schema) if op.request_body else set()
    body = {key: value for key, value in synthesized.items() if key in required} if isinstance(synthesized, dict) else {}
    body.update(values)
    return body


def secret_field(properties: Mapping[str, Any]) -> str:
    """The field a login body takes the password in: `password`, `pass…`, else a `…secret` that is not
    an OAuth2 client's."""
    return password_field(properties) or next(
        (name for name in properties if "secret" in name.lower() and "client" not in name.lower()), ""
    )


def _user_field(properties: Mapping[str, Any], username: str) -> str:
    """The account field; an email-looking user name goes in an email field when there is one."""
    if "@" in username:
        for name, schema in properties.items():
            if "mail" in name.lower() or (isinstance(schema, Mapping) and schema.get("format") == "email"):
                return name
    return username_field(properties)


def _summary_says_login(op: Operation) -> bool:
    properties = body_properties(op)
    if not (secret_field(properties) and username_field(properties)):
        return False
    words = name_words(op.summary)
    said = set(words) | {"".join(pair) for pair in itertools.pairwise(words)}
    return bool(said & SUMMARY_LOGIN_WORDS) and not said & (REGISTER_WORDS | RESET_WORDS)


def _required(schema: Mapping[str, Any]) -> set[str]:
    if not isinstance(schema, Mapping):
        return set()
    names = {str(name) for name in schema.get("required", ()) or ()}
    for part in schema.get("allOf", ()) or ():
        names |= _required(part)
    return names


def _absolute(url: str, scan_url: str) -> str:
    return urljoin(scan_url.rstrip("/") + "/", url)


def _comparable(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{parts.path.rstrip('/')}"


def _no_login_operation(description: ApiDescription | None) -> str:
    if description is None:
        return "a login identity needs login_url when no API description is given"
    return ("a login identity needs login_url: the API description has no login operation "
            "(a POST taking a user name and a password)")
