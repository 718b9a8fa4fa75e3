"""Acme Orders: the demo API. Each planted flaw is marked `Planted:`; NAT should report each one.

Planted flaws: BOLA on GET /orders/{id} (any user reads any order); excessive data exposure (user
objects carry their password hash); mass assignment on sign-up (`role` is accepted); BFLA on
GET /admin/users (any user lists every account); JWT accepted with `alg: none`; a weak HMAC key.
"""
from __future__ import annotations

import hashlib
import itertools
import json
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from typing import Any

from nat_site.demo import tokens
from nat_site.demo.spec import openapi_document

StartResponse = Callable[..., Any]


@dataclass
class User:
    id: int
    username: str
    email: str
    password_hash: str
    role: str = "user"


@dataclass
class Order:
    id: int
    item: str
    quantity: int
    owner: str
    shipping_address: str


def _hash(password: str) -> str:
    return hashlib.sha256(password.encode()).hexdigest()


class Store:
    """In-memory data, seeded with two users (alice, bob), an admin and a few orders."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.user_ids = itertools.count(1)
        self.order_ids = itertools.count(1)
        self.users: dict[str, User] = {}
        self.orders: dict[int, Order] = {}
        for name, role in (("admin", "admin"), ("alice", "user"), ("bob", "user")):
            self.add_user(name, f"{name}-demo-password", role=role)
        for owner, item in (("alice", "laptop"), ("alice", "monitor"), ("bob", "keyboard")):
            self.add_order(owner, item, 1, f"{owner.title()}'s home, 42 Private Lane")

    def add_user(self, username: str, password: str, *, role: str = "user", email: str = "") -> User:
        user = User(next(self.user_ids), username, email or f"{username}@acme.test", _hash(password), role)
        self.users[username] = user
        return user

    def add_order(self, owner: str, item: str, quantity: int, address: str) -> Order:
        order = Order(next(self.order_ids), item, quantity, owner, address)
        self.orders[order.id] = order
        return order


class HttpError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


STATUS_TEXT = {200: "200 OK", 201: "201 Created", 204: "204 No Content", 400: "400 Bad Request",
               401: "401 Unauthorized", 403: "403 Forbidden", 404: "404 Not Found",
               405: "405 Method Not Allowed", 409: "409 Conflict"}


class DemoApi:
    """The WSGI application."""

    def __init__(self) -> None:
        self.store = Store()
        self.routes: list[tuple[str, re.Pattern[str], Callable[..., tuple[int, Any]]]] = [
            ("POST", re.compile(r"^/api/auth/login$"), self.login),
            ("POST", re.compile(r"^/api/auth/signup$"), self.signup),
            ("GET", re.compile(r"^/api/me$"), self.me),
            ("GET", re.compile(r"^/api/users/(\d+)$"), self.get_user),
            ("GET", re.compile(r"^/api/orders$"), self.list_orders),
            ("POST", re.compile(r"^/api/orders$"), self.create_order),
            ("GET", re.compile(r"^/api/orders/(\d+)$"), self.get_order),
            ("DELETE", re.compile(r"^/api/orders/(\d+)$"), self.delete_order),
            ("GET", re.compile(r"^/api/admin/users$"), self.admin_users),
        ]

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", "/"), environ["REQUEST_METHOD"]
        try:
            if path == "/openapi.json" and method == "GET":
                return self._respond(start_response, 200, openapi_document())
            status, body = self._dispatch(method, path, environ)
        except HttpError as error:
            status, body = error.status, {"error": str(error)}
        return self._respond(start_response, status, body)

    def _dispatch(self, method: str, path: str, environ: dict[str, Any]) -> tuple[int, Any]:
        allowed = False
        for route_method, pattern, handler in self.routes:
            match = pattern.match(path)
            if match:
                allowed = True
                if route_method == method:
                    with self.store.lock:
                        return handler(environ, *match.groups())
        raise HttpError(405 if allowed else 404, "method not allowed" if allowed else "not found")

    @staticmethod
    def _respond(start_response: StartResponse, status: int, body: Any) -> list[bytes]:
        payload = b"" if status == 204 else json.dumps(body).encode()
        start_response(STATUS_TEXT[status], [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))])
        return [payload]

    @staticmethod
    def _json(environ: dict[str, Any]) -> dict[str, Any]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        try:
            data = json.loads(environ["wsgi.input"].read(min(length, 65536)) or b"{}")
        except ValueError:
            raise HttpError(400, "body is not JSON") from None
        if not isinstance(data, dict):
            raise HttpError(400, "body must be a JSON object")
        return data

    def _user(self, environ: dict[str, Any]) -> User:
        header = environ.get("HTTP_AUTHORIZATION", "")
        claims = tokens.verify(header[7:]) if header[:7].lower() == "bearer " else None
        user = self.store.users.get(str((claims or {}).get("sub", "")))
        if user is None:
            raise HttpError(401, "authentication required")
        return user

    def login(self, environ: dict[str, Any]) -> tuple[int, Any]:
        data = self._json(environ)
        user = self.store.users.get(str(data.get("username", "")))
        if user is None or user.password_hash != _hash(str(data.get("password", ""))):
            raise HttpError(401, "invalid credentials")
        return 200, {"token": tokens.issue({"sub": user.username, "role": user.role})}

    def signup(self, environ: dict[str, Any]) -> tuple[int, Any]:
        data = self._json(environ)
        username, password = str(data.get("username", "")).strip(), str(data.get("password", ""))
        if not username or not password:
            raise HttpError(400, "username and password are required")
        if username in self.store.users:
            raise HttpError(409, "username taken")
        # Planted: mass assignment, the client's `role` is trusted.
        user = self.store.add_user(username, password, role=str(data.get("role", "user")), email=str(data.get("email", "")))
        return 201, asdict(user)

    def me(self, environ: dict[str, Any]) -> tuple[int, Any]:
        return 200, asdict(self._user(environ))  # Planted: the password hash is part of the answer.

    def get_user(self, environ: dict[str, Any], user_id: str) -> tuple[int, Any]:
        caller = self._user(environ)
        user = next((u for u in self.store.users.values() if u.id == int(user_id)), None)
        if user is None or (user.username != caller.username and caller.role != "admin"):
            raise HttpError(404, "no such user")
        return 200, asdict(user)

    def list_orders(self, environ: dict[str, Any]) -> tuple[int, Any]:
        caller = self._user(environ)
        return 200, [asdict(o) for o in self.store.orders.values() if o.owner == caller.username]

    def create_order(self, environ: dict[str, Any]) -> tuple[int, Any]:
        caller = self._user(environ)
        data = self._json(environ)
        quantity = data.get("quantity")
        if not isinstance(data.get("item"), str) or not isinstance(quantity, int) or not 1 <= quantity <= 10:
            raise HttpError(400, "item (string) and quantity (1-10) are required")
        order = self.store.add_order(caller.username, data["item"], quantity, str(data.get("shipping_address", "")))
        return 201, asdict(order)

    def get_order(self, environ: dict[str, Any], order_id: str) -> tuple[int, Any]:
        self._user(environ)
        order = self.store.orders.get(int(order_id))
        if order is None:
            raise HttpError(404, "no such order")
        return 200, asdict(order)  # Planted: BOLA, the owner is never compared with the caller.

    def delete_order(self, environ: dict[str, Any], order_id: str) -> tuple[int, Any]:
        caller = self._user(environ)
        order = self.store.orders.get(int(order_id))
        if order is None or order.owner != caller.username:
            raise HttpError(404, "no such order")
        del self.store.orders[order.id]
        return 204, None

    def admin_users(self, environ: dict[str, Any]) -> tuple[int, Any]:
        self._user(environ)  # Planted: BFLA, the role is never checked.
        return 200, [asdict(u) for u in self.store.users.values()]
