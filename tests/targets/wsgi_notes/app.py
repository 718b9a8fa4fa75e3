"""The notes API as a plain WSGI application; each flag in `flaws` plants one flaw."""
from __future__ import annotations

import json
import re
import secrets
import time
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from tests.targets.throttle import TokenBucket, Window
from tests.targets.wsgi_notes import tokens, tools
from tests.targets.wsgi_notes.data import Store, User, password_hash
from tests.targets.wsgi_notes.policy import METRICS, Raw, internal_error, served_headers, trace_echo
from tests.targets.wsgi_notes.spec import openapi_document
from tests.targets.wsgi_notes.wire import HttpError, Request

WEAK_KEY = b"secret123"
LOCKOUT_FAILURES = 5
LOCKOUT_WINDOW = 60.0
TOKEN_LIFETIME = 3600
EMAIL = re.compile(r"^[A-Za-z0-9._+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")


Handler = Callable[[Request], tuple[int, Any]]
REASONS = {200: "OK", 202: "Accepted", 302: "Found", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden",
           404: "Not Found", 405: "Method Not Allowed", 413: "Payload Too Large", 429: "Too Many Requests",
           500: "Internal Server Error"}


class NotesApp:
    """Routes, auth middleware and handlers. `flaws` ⊆ `tests.targets.wsgi_notes.FLAWS`."""

    def __init__(self, flaws: frozenset[str], *, session_ttl: float = 0.0) -> None:
        self.flaws = flaws
        self.key = WEAK_KEY if "jwt_weak_secret" in flaws else secrets.token_bytes(32)
        self.session_ttl = session_ttl
        self.store = Store()
        self.signups = Window(limit=8, seconds=3.0)
        self.resets = Window(limit=5, seconds=60.0)
        self.exports = TokenBucket(capacity=10, rate=1.0)
        self.routes: list[tuple[re.Pattern[str], dict[str, tuple[Handler, str]]]] = []
        public, user = "public", "user"
        self.route("/v1/health", GET=(self.health, public))
        self.route("/v1/openapi.json", GET=(self.spec, public))
        self.route("/openapi.json", GET=(self.spec, public))
        self.route("/v1/auth/signup", POST=(self.signup, public))
        self.route("/v1/auth/login", POST=(self.login, public))
        self.route("/v1/auth/password-reset", POST=(self.password_reset, public))
        self.route("/v1/me", GET=(self.me, user))
        self.route("/v1/profile", GET=(self.profile, "legacy"))
        self.route("/v1/projects", GET=(self.list_projects, user), POST=(self.create_project, user))
        self.route("/v1/projects/{slug}", GET=(self.get_project, user), PUT=(self.put_project, user),
                   DELETE=(self.delete_project, user))
        self.route("/v1/notes", GET=(self.list_notes, user), POST=(self.create_note, user))
        self.route("/v1/notes/{note_id}", GET=(self.get_note, user), PATCH=(self.patch_note, user),
                   DELETE=(self.delete_note, user))
        self.route("/v1/billing/cards", GET=(self.cards, user))
        self.route("/v1/invoices", GET=(self.list_invoices, user))
        self.route("/v1/invoices/{invoice_id}", GET=(self.get_invoice, user))
        self.route("/v1/admin/users", GET=(self.admin_users, user))
        self.route("/v1/admin/invoices", GET=(self.admin_invoices, user))
        self.route("/v1/admin/reset-demo-data", POST=(self.reset_demo_data, user))
        self.route("/v1/activity", GET=(self.activity, "public" if "auth_bypass_activity" in flaws else user))
        tools.register(self)
        if "metrics_exposed" in flaws:
            self.route("/metrics", GET=(lambda request: (200, Raw(METRICS, "text/plain; version=0.0.4")), public))
        if "old_version_v0" in flaws:
            self.route("/v0/me", GET=(self.me, user))
            self.route("/v0/projects", GET=(self.list_projects, user))

    def route(self, template: str, **methods: tuple[Handler, str]) -> None:
        pattern = re.compile("^" + re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", template) + "$")
        self.routes.append((pattern, methods))

    # WSGI ---------------------------------------------------------------------------------------
    def __call__(self, environ: dict, start_response: Callable[..., Any]) -> Iterable[bytes]:
        headers: list[tuple[str, str]] = []
        try:
            status, payload, *extra = self.dispatch(environ)
            headers += extra[0] if extra else []
        except HttpError as error:
            status, headers = error.status, list(error.headers)
            payload = {"error": {"code": error.code, "message": error.message}}
        except Exception as exc:  # the answer to a bug: generic, or a traceback when that flaw is planted
            status, payload = 500, internal_error(self.flaws, exc)
        if isinstance(payload, Raw):
            body, content_type = payload.body, payload.content_type
            headers += payload.headers
        else:
            body, content_type = json.dumps(payload).encode(), "application/json"
        headers += served_headers(self.flaws, environ, content_type)
        start_response(
            f"{status} {REASONS.get(status, 'Unknown')}",
            [("Content-Type", content_type), ("Content-Length", str(len(body))), *headers],
        )
        return [body]

    def dispatch(self, environ: dict) -> tuple[Any, ...]:
        path = environ.get("PATH_INFO", "")
        if environ["REQUEST_METHOD"] in ("TRACE", "TRACK"):
            if "trace_enabled" in self.flaws:
                return 200, trace_echo(environ)
            raise HttpError(405, "method_not_allowed", "TRACE is not allowed")
        for pattern, methods in self.routes:
            match = pattern.match(path)
            if not match:
                continue
            method = environ["REQUEST_METHOD"]
            if method not in methods:
                raise HttpError(405, "method_not_allowed", f"{method} is not allowed here")
            handler, access = methods[method]
            request = Request(environ, match.groupdict())
            if access == "user":
                request.user = self.authenticate(request)
            elif access == "legacy":
                request.user = self.authenticate_legacy(request)
            return handler(request)
        raise HttpError(404, "not_found", "No such endpoint")

    # tokens -------------------------------------------------------------------------------------
    def issue(self, user: User) -> str:
        now = int(time.time())
        jti = secrets.token_hex(8)
        lifetime = self.session_ttl or TOKEN_LIFETIME
        self.store.sessions[jti] = time.time() + lifetime
        claims = {"sub": user.id, "email": user.email, "role": user.role, "iat": now, "exp": now + TOKEN_LIFETIME,
                  "jti": jti}
        return tokens.sign(claims, self.key)

    def _user_for(self, claims: dict[str, Any]) -> User:
        """The subject, acting with the role its token states (the server trusts its own signature)."""
        user = self.store.users.get(str(claims.get("sub", "")))
        if user is None:
            raise HttpError(401, "invalid_token", "Unknown subject")
        role = claims.get("role") if claims.get("role") in ("user", "admin") else user.role
        return User(user.id, user.email, user.name, role, user.salt, user.hashed)

    def authenticate(self, request: Request) -> User:
        token = request.bearer
        if not token:
            raise HttpError(401, "unauthorized", "Missing bearer token", (("WWW-Authenticate", "Bearer"),))
        try:
            claims = tokens.verify(token, self.key, accept_none="jwt_alg_none" in self.flaws)
        except tokens.BadToken as exc:
            raise HttpError(401, "invalid_token", f"Invalid token: {exc}", (("WWW-Authenticate", "Bearer"),)) from None
        if "jwt_no_expiry" not in self.flaws and float(claims.get("exp", 0)) < time.time():
            raise HttpError(401, "token_expired", "Token expired", (("WWW-Authenticate", "Bearer"),))
        self._check_session(claims)
        return self._user_for(claims)

    def authenticate_legacy(self, request: Request) -> User:
        if "jwt_no_verify_profile" not in self.flaws:
            return self.authenticate(request)
        token = request.bearer
        if not token:
            raise HttpError(401, "unauthorized", "Missing bearer token", (("WWW-Authenticate", "Bearer"),))
        try:
            _, claims, _, _ = tokens.parse(token)
        except tokens.BadToken as exc:
            raise HttpError(401, "invalid_token", f"Invalid token: {exc}") from None
        return self._user_for(claims)

    def _check_session(self, claims: dict[str, Any]) -> None:
        if not self.session_ttl:
            return
        expires = self.store.sessions.get(str(claims.get("jti", "")))
        if expires is None or expires < time.time():
            raise HttpError(401, "session_expired", "Session expired, log in again", (("WWW-Authenticate", "Bearer"),))

    # handlers -----------------------------------------------------------------------------------
    def health(self, request: Request) -> tuple[int, Any]:
        return 200, {"status": "ok"}

    def spec(self, request: Request) -> tuple[int, Any]:
        return 200, openapi_document()

    def signup(self, request: Request) -> tuple[int, Any]:
        data = request.json()
        email, password, name = data.get("email"), data.get("password"), data.get("name") or ""
        if not isinstance(email, str) or not EMAIL.match(email) or not isinstance(password, str) or len(password) < 8:
            raise HttpError(400, "validation_failed", "email and a password of 8+ characters are required")
        client = request.environ.get("REMOTE_ADDR", "")
        if "signup_automation" not in self.flaws and self.signups.full(client):
            raise HttpError(429, "too_many_signups", "Too many sign-ups, try again later", (("Retry-After", "1"),))
        if self.store.user_by_email(email):
            raise HttpError(400, "email_taken", "That email is already registered")
        role = "user"
        if "mass_signup_role" in self.flaws and data.get("role") in ("user", "admin"):
            role = data["role"]
        user = self.store.add_user(email=email, password=password, name=str(name), role=role)
        self.signups.record(client)
        body = user.public()
        if "exposure_signup_password" in self.flaws:
            body["password"] = password
        return 200, {"data": body}

    def login(self, request: Request) -> tuple[int, Any]:
        data = request.json()
        email, password = str(data.get("email", "")), str(data.get("password", ""))
        user = self.store.user_by_email(email)
        now = time.time()
        if user is not None and "no_lockout" not in self.flaws:
            recent = [moment for moment in user.failures if now - moment < LOCKOUT_WINDOW]
            user.failures = recent
            if len(recent) >= LOCKOUT_FAILURES:
                raise HttpError(429, "too_many_attempts", "Too many attempts, try later", (("Retry-After", "1"),))
        if user is None or password_hash(password, user.salt) != user.hashed:
            if user is not None:
                user.failures.append(now)
            raise HttpError(401, "invalid_credentials", "Invalid email or password")
        token = self.issue(user)
        flags = "" if "cookie_flags" in self.flaws else "; Secure; HttpOnly; SameSite=Lax"
        return 200, {"data": {"token": token, "user": user.public()}}, [("Set-Cookie", f"notes_session={token}; Path=/{flags}")]

    def password_reset(self, request: Request) -> tuple[int, Any]:
        email = str(request.json().get("email", ""))
        if "no_rate_limit_reset" not in self.flaws:
            if self.resets.full(email):
                raise HttpError(429, "too_many_resets", "Too many resets for this account", (("Retry-After", "1"),))
            self.resets.record(email)
        if "enumeration_reset" in self.flaws:
            if self.store.user_by_email(email) is None:
                raise HttpError(404, "unknown_email", f"No account for {email}")
            return 200, {"data": {"sent": True}}
        return 202, {"data": {"sent": True}}

    def me(self, request: Request) -> tuple[Any, ...]:
        return 200, {"data": request.user.public()}, [("Link", '</v1/me/sessions>; rel="sessions"')]

    def profile(self, request: Request) -> tuple[int, Any]:
        user = request.user
        return 200, {"data": {"id": user.id, "email": user.email, "name": user.name}}

    def list_projects(self, request: Request) -> tuple[int, Any]:
        with self.store.lock:
            mine = [self.project_view(p) for p in self.store.projects.values() if p["owner_id"] == request.user.id]
        return 200, {"data": mine}

    def project_view(self, project: dict[str, Any], *, detail: bool = False) -> dict[str, Any]:
        view = {key: value for key, value in project.items() if key != "internal_notes"}
        if detail and "undocumented_project_field" in self.flaws:
            view["internal_notes"] = project["internal_notes"]
        return view

    def create_project(self, request: Request) -> tuple[int, Any]:
        data = request.json()
        name = data.get("name")
        if not isinstance(name, str) or not name.strip():
            raise HttpError(400, "validation_failed", "name is required")
        plan = "free"
        if "mass_project_plan" in self.flaws and data.get("plan") in ("free", "pro", "enterprise"):
            plan = data["plan"]
        project = self.store.add_project(owner=request.user, name=name, description=str(data.get("description", "")),
                                         plan=plan)
        return 200, {"data": self.project_view(project)}

    def _project(self, request: Request, *, owner_only: bool) -> dict[str, Any]:
        project = self.store.projects.get(request.params["slug"])
        if project is None or (owner_only and project["owner_id"] != request.user.id):
            raise HttpError(404, "not_found", "No such project")
        return project

    def get_project(self, request: Request) -> tuple[int, Any]:
        project = self._project(request, owner_only="bola_project_read" not in self.flaws)
        return 200, {"data": self.project_view(project, detail=True)}

    def put_project(self, request: Request) -> tuple[int, Any]:
        project = self._project(request, owner_only=True)
        data = request.json()
        if not isinstance(data.get("name"), str) or not data["name"].strip():
            raise HttpError(400, "validation_failed", "name is required")
        with self.store.lock:
            project["name"] = data["name"]
            project["description"] = str(data.get("description", ""))
        return 200, {"data": self.project_view(project)}

    def delete_project(self, request: Request) -> tuple[int, Any]:
        if "method_project_delete" not in self.flaws:
            raise HttpError(405, "method_not_allowed", "DELETE is not allowed here")
        project = self._project(request, owner_only=True)
        with self.store.lock:
            self.store.projects.pop(project["slug"], None)
        return 200, {"data": {"deleted": True}}

    def list_notes(self, request: Request) -> tuple[int, Any]:
        limit = min(int(request.query.get("limit", "100")), 100)
        with self.store.lock:
            mine = [note for note in self.store.notes.values() if note["owner_id"] == request.user.id]
        return 200, {"data": mine[:limit]}

    def create_note(self, request: Request) -> tuple[int, Any]:
        data = request.json()
        title = data.get("title")
        if not isinstance(title, str) or not title.strip():
            raise HttpError(400, "validation_failed", "title is required")
        note = self.store.add_note(owner=request.user, title=title, body=str(data.get("body", "")))
        return 200, {"data": note}

    def _note(self, request: Request, *, owner_only: bool) -> dict[str, Any]:
        try:
            uuid.UUID(request.params["note_id"])
        except ValueError:
            raise HttpError(400, "validation_failed", "note_id must be a UUID") from None
        note = self.store.notes.get(request.params["note_id"])
        if note is None or (owner_only and note["owner_id"] != request.user.id):
            raise HttpError(404, "not_found", "No such note")
        return note

    def get_note(self, request: Request) -> tuple[int, Any]:
        return 200, {"data": self._note(request, owner_only=True)}

    def patch_note(self, request: Request) -> tuple[int, Any]:
        note = self._note(request, owner_only="bola_note_write" not in self.flaws)
        data = request.json()
        with self.store.lock:
            for key in ("title", "body"):
                if isinstance(data.get(key), str):
                    note[key] = data[key]
        return 200, {"data": note}

    def delete_note(self, request: Request) -> tuple[int, Any]:
        note = self._note(request, owner_only="bola_note_delete" not in self.flaws)
        with self.store.lock:
            self.store.notes.pop(note["id"], None)
        return 200, {"data": {"deleted": True}}

    def cards(self, request: Request) -> tuple[int, Any]:
        with self.store.lock:
            mine = [dict(card) for card in self.store.cards if card["owner_id"] == request.user.id]
        for card in mine:
            card.pop("owner_id")
            if "exposure_card_number" not in self.flaws:
                card.pop("number")
        return 200, {"data": mine}

    def list_invoices(self, request: Request) -> tuple[int, Any]:
        with self.store.lock:
            mine = [inv for inv in self.store.invoices.values() if inv["customer_id"] == request.user.id]
        return 200, {"data": mine}

    def get_invoice(self, request: Request) -> tuple[int, Any]:
        invoice = self.store.invoices.get(request.params["invoice_id"])
        if invoice is None or ("bola_invoice_read" not in self.flaws and invoice["customer_id"] != request.user.id
                               and request.user.role != "admin"):
            raise HttpError(404, "not_found", "No such invoice")
        return 200, {"data": invoice}

    def _require_admin(self, request: Request) -> None:
        if request.user.role != "admin":
            raise HttpError(403, "forbidden", "Administrators only")

    def admin_users(self, request: Request) -> tuple[int, Any]:
        if "bfla_admin_users" not in self.flaws:
            self._require_admin(request)
        with self.store.lock:
            return 200, {"data": [user.public() for user in self.store.users.values()]}

    def admin_invoices(self, request: Request) -> tuple[int, Any]:
        self._require_admin(request)
        with self.store.lock:
            return 200, {"data": list(self.store.invoices.values())}

    def reset_demo_data(self, request: Request) -> tuple[int, Any]:
        """Administrators only, in both modes; accepted but does nothing, so test runs keep their data."""
        self._require_admin(request)
        return 202, {"data": {"reset": "scheduled"}}

    def activity(self, request: Request) -> tuple[int, Any]:
        with self.store.lock:
            return 200, {"data": list(self.store.activity)}
