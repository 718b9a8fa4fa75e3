"""APIs that each log in their own way, for login identities configured with a user name and a
password only. Served in the test's process on loopback; every login request is kept for the test.

Styles (`Style`):
- `json`: `POST /api/auth/login` takes JSON `{email, password}` and answers the token nested,
  `{"data": {"user": …, "accessToken": …, "refreshToken": …}}`;
- `form`: `POST /api/enter` (its summary alone says it logs in) takes only a form-encoded
  `login`, `passphrase` and a required `client`, and answers a JWT under an unusual key;
- `cookie`: `POST /api/auth/login` takes JSON `{username, password}` and answers a session cookie;
- `undescribed`: `POST /api/signin` takes JSON `{username, password}` but the description does not
  document it.
`GET /api/me` answers 200 with the user's name to the token (or cookie) a login gave, else 401.
"""
from __future__ import annotations

import base64
import json
import secrets
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import Enum
from typing import Any
from urllib.parse import parse_qs

from tests.targets.serving import in_thread

USERS = {"alice@login.test": "alice-pass-1", "bob": "bob-pass-2"}
FORM = "application/x-www-form-urlencoded"


class Style(str, Enum):
    JSON = "json"
    FORM = "form"
    COOKIE = "cookie"
    UNDESCRIBED = "undescribed"


LOGIN_PATHS = {Style.JSON: "/auth/login", Style.FORM: "/enter", Style.COOKIE: "/auth/login",
               Style.UNDESCRIBED: "/signin"}


@dataclass(frozen=True, slots=True)
class LoginSeen:
    content_type: str
    fields: dict[str, str]


@dataclass
class LoginApi:
    """A running login API: its URL, description, and what it saw and issued."""

    url: str
    style: Style
    logins: list[LoginSeen] = field(default_factory=list)
    tokens: dict[str, str] = field(default_factory=dict)
    """Issued token (or session cookie value) → user name."""

    @property
    def spec(self) -> bytes:
        return json.dumps(_spec(self.style)).encode()


def _object(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {"type": "object", "required": required, "properties": properties}


def _spec(style: Style) -> dict[str, Any]:
    me = {"get": {"operationId": "me", "security": [{"bearer": []}], "responses": {
        "200": {"description": "Who you are"}, "401": {"description": "Not logged in"}}}}
    paths: dict[str, Any] = {"/me": me}
    if style is Style.FORM:
        form = _object({"login": {"type": "string"}, "passphrase": {"type": "string", "format": "password"},
                        "client": {"type": "string", "enum": ["web"]}, "remember": {"type": "boolean"}},
                       ["login", "passphrase", "client"])
        paths["/enter"] = {"post": {"operationId": "enter", "summary": "Log in", "security": [],
                                    "requestBody": {"required": True, "content": {FORM: {"schema": form}}},
                                    "responses": {"200": {"description": "A session token"}}}}
    elif style in (Style.JSON, Style.COOKIE):
        user = ("email", {"type": "string", "format": "email"}) if style is Style.JSON else ("username", {"type": "string"})
        body = _object({user[0]: user[1], "password": {"type": "string"}, "remember": {"type": "boolean"}},
                       [user[0], "password"])
        paths["/auth/login"] = {"post": {"operationId": "logIn", "security": [], "requestBody": {
            "required": True, "content": {"application/json": {"schema": body}}},
            "responses": {"200": {"description": "Logged in"}, "401": {"description": "Bad credentials"}}}}
    return {"openapi": "3.0.3", "info": {"title": f"Login ({style.value})", "version": "1.0"},
            "servers": [{"url": "/api"}], "paths": paths,
            "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}}}


def _jwt(subject: str) -> str:
    def segment(value: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    return f"{segment({'alg': 'HS256', 'typ': 'JWT'})}.{segment({'sub': subject})}.{secrets.token_urlsafe(32)}"


class _App:
    def __init__(self, api: LoginApi) -> None:
        self.api = api
        self.lock = threading.Lock()

    def __call__(self, environ: dict, start_response: Any) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", ""), environ["REQUEST_METHOD"]
        headers: list[tuple[str, str]] = []
        if path == "/api/openapi.json":
            status, body = 200, _spec(self.api.style)
        elif path == "/api/me" and method == "GET":
            user = self._caller(environ)
            status, body = (200, {"user": user}) if user else (401, {"error": "not logged in"})
        elif path == "/api" + LOGIN_PATHS[self.api.style] and method == "POST":
            status, body, headers = self._login(environ)
        else:
            status, body = 404, {"error": "not found"}
        data = json.dumps(body).encode()
        start_response(f"{status} {'OK' if status == 200 else 'Error'}",
                       [("Content-Type", "application/json"), ("Content-Length", str(len(data))), *headers])
        return [data]

    def _caller(self, environ: dict) -> str:
        authorization = environ.get("HTTP_AUTHORIZATION", "")
        token = authorization[7:] if authorization.lower().startswith("bearer ") else ""
        cookie = dict(part.strip().partition("=")[::2] for part in environ.get("HTTP_COOKIE", "").split(";") if part)
        with self.lock:
            return self.api.tokens.get(token) or self.api.tokens.get(cookie.get("sid", ""), "")

    def _login(self, environ: dict) -> tuple[int, Any, list[tuple[str, str]]]:
        content_type = environ.get("CONTENT_TYPE", "").split(";", 1)[0].strip()
        raw = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0)).decode()
        if content_type == FORM:
            fields = {key: values[0] for key, values in parse_qs(raw).items()}
        else:
            try:
                parsed = json.loads(raw)
            except ValueError:
                parsed = None
            fields = {str(key): str(value) for key, value in parsed.items()} if isinstance(parsed, dict) else {}
        with self.lock:
            self.api.logins.append(LoginSeen(content_type, fields))
        style = self.api.style
        expected_type = FORM if style is Style.FORM else "application/json"
        user_key, password_key = {Style.JSON: ("email", "password"), Style.FORM: ("login", "passphrase")}.get(
            style, ("username", "password"))
        user, password = fields.get(user_key, ""), fields.get(password_key, "")
        if content_type != expected_type or (style is Style.FORM and fields.get("client") != "web"):
            return 400, {"error": f"send {expected_type} with the documented fields"}, []
        if USERS.get(user) != password:
            return 401, {"error": "bad credentials"}, []
        token = _jwt(user) if style is Style.FORM else secrets.token_hex(20)
        with self.lock:
            self.api.tokens[token] = user
        if style is Style.JSON:
            return 200, {"data": {"user": {"email": user}, "refreshToken": secrets.token_hex(20),
                                  "accessToken": token}}, []
        if style is Style.FORM:
            return 200, {"result": {"expires": 3600, "credential": token}}, []
        if style is Style.COOKIE:
            return 200, {"ok": True}, [("Set-Cookie", f"sid={token}; Path=/; HttpOnly")]
        return 200, {"token": token}, []


@contextmanager
def serving(style: Style) -> Iterator[LoginApi]:
    """Serve a login API of `style` on loopback for the `with` block."""
    api = LoginApi(url="", style=style)
    with in_thread(_App(api)) as api.url:
        yield api
