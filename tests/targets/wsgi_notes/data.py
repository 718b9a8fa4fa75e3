"""The notes API's data: users, projects, notes, cards and invoices, in memory, seeded at start."""
from __future__ import annotations

import hashlib
import secrets
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

USERS = (
    ("alice@notes.test", "alice-pass-1", "Alice", "user"),
    ("bob@notes.test", "bob-pass-2", "Bob", "user"),
    ("carol@notes.test", secrets.token_hex(12), "Carol", "user"),
    ("admin@notes.test", secrets.token_hex(12), "Admin", "admin"),
)


def password_hash(password: str, salt: str) -> str:
    return hashlib.sha256(f"{salt}:{password}".encode()).hexdigest()


@dataclass
class User:
    id: str
    email: str
    name: str
    role: str
    salt: str
    hashed: str
    failures: list[float] = field(default_factory=list)

    def public(self) -> dict[str, Any]:
        return {"id": self.id, "email": self.email, "name": self.name, "role": self.role}


class Store:
    """All state behind one lock: the server is threaded."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.users: dict[str, User] = {}
        self.projects: dict[str, dict[str, Any]] = {}
        self.notes: dict[str, dict[str, Any]] = {}
        self.cards: list[dict[str, Any]] = []
        self.invoices: dict[str, dict[str, Any]] = {}
        self.activity: list[dict[str, Any]] = []
        self.sessions: dict[str, float] = {}
        self.seeded: set[str] = set()
        self._seed()

    def _seed(self) -> None:
        for email, password, name, role in USERS:
            user = self.add_user(email=email, password=password, name=name, role=role)
            self.seeded.add(f"users/{user.id}")
        alice, bob, carol = (self.user_by_email(f"{who}@notes.test") for who in ("alice", "bob", "carol"))
        for owner, title in ((alice, "Roadmap"), (bob, "Budget")):
            project = self.add_project(owner=owner, name=title, description=f"{owner.name}'s {title.lower()}")
            self.seeded.add(f"projects/{project['slug']}")
            note = self.add_note(owner=owner, title=f"{title} notes", body="first draft")
            self.seeded.add(f"notes/{note['id']}")
        for owner, number in ((alice, "4111111111111111"), (bob, "5500005555555559")):
            self.cards.append({
                "id": f"card_{secrets.token_hex(4)}", "owner_id": owner.id,
                "brand": "visa" if number[0] == "4" else "mastercard",
                "number": number, "last4": number[-4:], "exp_month": 12, "exp_year": 2030,
            })
        for amount in (120, 75):
            invoice_id = str(uuid.uuid4())
            self.invoices[invoice_id] = {
                "id": invoice_id, "customer_id": carol.id, "amount": amount, "currency": "EUR", "status": "open",
                "billing_address": "7 Rue des Lilas, Paris",
            }
            self.seeded.add(f"invoices/{invoice_id}")

    def add_user(self, *, email: str, password: str, name: str, role: str = "user") -> User:
        with self.lock:
            salt = secrets.token_hex(4)
            user = User(str(uuid.uuid4()), email, name, role, salt, password_hash(password, salt))
            self.users[user.id] = user
            return user

    def user_by_email(self, email: str) -> User | None:
        with self.lock:
            return next((user for user in self.users.values() if user.email == email), None)

    def add_project(self, *, owner: User, name: str, description: str, plan: str = "free") -> dict[str, Any]:
        with self.lock:
            base = "".join(ch if ch.isalnum() else "-" for ch in name.lower()).strip("-") or "project"
            slug = f"{base}-{secrets.token_hex(3)}"
            project = {
                "slug": slug, "name": name, "description": description, "owner_id": owner.id, "plan": plan,
                "created_at": _now(), "internal_notes": f"risk score {len(name) * 7}",
            }
            self.projects[slug] = project
            self.log("project.created")
            return project

    def add_note(self, *, owner: User, title: str, body: str) -> dict[str, Any]:
        with self.lock:
            note = {"id": str(uuid.uuid4()), "title": title, "body": body, "owner_id": owner.id, "created_at": _now()}
            self.notes[note["id"]] = note
            self.log("note.created")
            return note

    def log(self, event: str) -> None:
        self.activity.append({"at": _now(), "event": event})
        del self.activity[:-20]


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
