"""The knowledge base: one per scan, written by recon and every agent, read by every check."""
from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from scans.engine.http.reply import Call, Reply
from scans.engine.http.safety import CreatedObjects
from scans.engine.identity.identity import Identity
from scans.engine.kb import jsondata
from scans.engine.kb.resources import ResourceMap
from scans.engine.model import ApiDescription, Operation

MAX_OBSERVATIONS_PER_OPERATION = 24
MAX_OBSERVED_BYTES = 128 * 1024 * 1024
MAX_TRACES = 5
"""Answers with a stack trace kept from the probes, for the verbose-error check to re-send."""
"""Answer bodies kept for later checks, in all; past it, answers are judged but not kept."""


@dataclass(frozen=True, slots=True)
class Observation:
    """One answer the scan saw for an operation, and the call that produced it (to re-send)."""

    operation: Operation
    identity: str
    call: Call
    reply: Reply


@dataclass(frozen=True, slots=True)
class KnownObject:
    """An object whose id the scan learned legitimately, with who owns it and who may see it."""

    item: str
    """The item template (`/orders/{id}`)."""
    path: str
    """Concrete path (`/orders/17`)."""
    params: Mapping[str, str]
    record: Mapping[str, Any]
    """The object as its first legitimate viewer saw it."""
    owner: str = ""
    """Name of the identity owning it, when known."""
    owner_value: str = ""
    """Raw owner field value (may name a user that is none of our identities)."""
    created_by: str = ""
    """Identity that created it during this scan (then the scan may change and delete it)."""
    seen_by: frozenset[str] = frozenset()
    """Identities that got it from their own list or create answers: they may legitimately read it."""
    learned_from: str = ""
    """`METHOD /path` of the answer it came from."""


@dataclass(frozen=True, slots=True)
class SacrificialAccount:
    """An account the scan created through the API's sign-up, with the purpose it is reserved for."""

    identity: Identity
    username: str
    email: str
    password: str
    login_name: str
    """The value the login body names the account by (its user name or its email)."""
    purpose: str


class KnowledgeBase:
    """Shared, thread-safe state of one scan. Agents read it to plan checks and write back facts."""

    def __init__(self, description: ApiDescription, *, anonymous: Identity) -> None:
        self.description = description
        self.resources = ResourceMap(description.operations)
        self.created = CreatedObjects()
        self.anonymous = anonymous
        self._lock = threading.RLock()
        self._identities: list[Identity] = []
        self._observations: dict[str, list[Observation]] = {}
        self._observed_bytes = 0
        self._objects: dict[tuple[str, str], KnownObject] = {}
        self._values: dict[str, list[str]] = {}
        self._plain: dict[str, tuple[tuple[str, str, str], ...]] = {}
        self._traces: list[Observation] = []
        self._error_shapes: dict[frozenset[str], set[int]] = {}
        self._success_shapes: dict[str, set[frozenset[str]]] = {}
        self._sacrificial: list[SacrificialAccount] = []
        self._claimed: set[str] = set()
        self.jwt_keys: dict[str, str] = {}
        """Cracked HMAC keys, by the token they were cracked from."""
        self._reported: set[tuple[str, str]] = set()
        self.login_operation: Operation | None = None
        self.signup_operation: Operation | None = None
        self.me_operations: list[Operation] = []

    # identities ---------------------------------------------------------------------------------
    @property
    def identities(self) -> list[Identity]:
        """Authenticated identities, configured first, in the order they were added."""
        with self._lock:
            return list(self._identities)

    def add_identity(self, identity: Identity) -> bool:
        """Add an identity; False when one with that name exists."""
        with self._lock:
            if any(known.name == identity.name for known in self._identities):
                return False
            self._identities.append(identity)
            return True

    def remove_identity(self, name: str) -> None:
        with self._lock:
            self._identities = [known for known in self._identities if known.name != name]

    def identity(self, name: str) -> Identity | None:
        if name == self.anonymous.name:
            return self.anonymous
        with self._lock:
            return next((known for known in self._identities if known.name == name), None)

    def regular_identities(self) -> list[Identity]:
        """Identities that act as ordinary users (attackers for authorization checks)."""
        return [
            identity for identity in self.identities if not (identity.privileged or identity.self_info.privileged)
        ]

    def privileged_identities(self) -> list[Identity]:
        return [identity for identity in self.identities if identity.privileged or identity.self_info.privileged]

    @staticmethod
    def same_user(first: Identity, second: Identity) -> bool:
        """Two identities of one account (configured twice, or an account and its forged twin)."""
        return bool(first.self_info.user_id) and first.self_info.user_id == second.self_info.user_id

    def owner_identity(self, owner_value: str) -> Identity | None:
        """The identity an owner field names (by id, user name, email or account number; case aside)."""
        if not owner_value:
            return None
        wanted = owner_value.casefold()
        for identity in self.identities:
            names = {value.casefold() for value in identity.self_info.values} | {identity.username.casefold()}
            if wanted in names - {""}:
                return identity
        return None

    def owner_among(self, owner_values: Iterable[str]) -> tuple[Identity | None, str]:
        """The first identity one of a record's owner-like values names, with that value; else `(None, first)`."""
        values = list(owner_values)
        for value in values:
            identity = self.owner_identity(value)
            if identity is not None:
                return identity, value
        return None, values[0] if values else ""

    # findings -----------------------------------------------------------------------------------
    def mark_reported(self, check: str, method: str, path: str) -> None:
        """A finding of `check` on this operation was reported: later rounds need not probe it again."""
        with self._lock:
            self._reported.add((check, f"{method} {path}"))

    def is_reported(self, check: str, operation: Operation) -> bool:
        with self._lock:
            return (check, operation.key) in self._reported

    # sacrificial accounts ------------------------------------------------------------------------
    def add_sacrificial(self, account: SacrificialAccount) -> None:
        with self._lock:
            self._sacrificial.append(account)

    def sacrificial(self, purpose: str) -> SacrificialAccount | None:
        """The account reserved for `purpose` (each account serves one purpose)."""
        with self._lock:
            return next((account for account in self._sacrificial if account.purpose == purpose), None)

    @property
    def sacrificial_accounts(self) -> list[SacrificialAccount]:
        with self._lock:
            return list(self._sacrificial)

    # observations -------------------------------------------------------------------------------
    def observe(self, observation: Observation) -> None:
        """Keep an answer for later checks (within bounds) and learn the API's error shapes from it."""
        reply = observation.reply
        with self._lock:
            kept = self._observations.setdefault(observation.operation.key, [])
            if len(kept) < MAX_OBSERVATIONS_PER_OPERATION and self._observed_bytes < MAX_OBSERVED_BYTES:
                kept.append(observation)
                self._observed_bytes += len(reply.body)
            if reply.is_json:
                shape = jsondata.key_shape(reply.data)
                if 400 <= reply.status < 600:
                    self._error_shapes.setdefault(shape, set()).add(reply.status)
                elif reply.ok:
                    self._success_shapes.setdefault(observation.operation.key, set()).add(shape)

    def observations(self, operation: Operation | None = None) -> list[Observation]:
        with self._lock:
            if operation is None:
                return [item for items in self._observations.values() for item in items]
            return list(self._observations.get(operation.key, ()))

    def note_trace(self, call: Call, identity: str, reply: Reply) -> None:
        """Keep an answer of any probe that holds a stack trace or debug page, with its call to re-send
        (the first `MAX_TRACES`, on operations of the description)."""
        operation = next((op for op in self.description.operations
                          if op.method == call.method and op.path == call.template), None)
        if operation is None:
            return
        with self._lock:
            if len(self._traces) < MAX_TRACES:
                self._traces.append(Observation(operation, identity, call, reply))

    @property
    def traces_full(self) -> bool:
        with self._lock:
            return len(self._traces) >= MAX_TRACES

    def traces(self) -> list[Observation]:
        """Answers with a stack trace that probes got, in the order they came."""
        with self._lock:
            return list(self._traces)

    def observation(self, operation: Operation, identity: str) -> Observation | None:
        """The first answer recon saw for `operation` as `identity`."""
        return next((item for item in self.observations(operation) if item.identity == identity), None)

    def needs_auth(self, operation: Operation) -> bool | None:
        """True when anonymous was refused and some identity was not; None when unknown."""
        anonymous = self.observation(operation, self.anonymous.name)
        if anonymous is None:
            return None
        if anonymous.reply.status in (401, 403):
            return True
        return False if anonymous.reply.ok and not self.is_error(anonymous.reply) else None

    # answers ------------------------------------------------------------------------------------
    def is_error(self, reply: Reply, operation: Operation | None = None) -> bool:
        """An answer that refuses or fails, whatever its status says.

        Non-2xx answers are errors. A 2xx is one when its body says so (`{"error": …}`,
        `{"ok": false}`) or has the key shape this API uses for its 4xx answers and not the shape
        recon saw this operation succeed with.
        """
        if not reply.ok:
            return True
        if not reply.is_json:
            return False
        data = reply.data
        if jsondata.looks_like_error_body(data):
            return True
        shape = jsondata.key_shape(data)
        with self._lock:
            if shape in self._error_shapes:
                success = self._success_shapes.get(operation.key, set()) if operation else set()
                return shape not in success
        return False

    def is_success(self, reply: Reply, operation: Operation | None = None) -> bool:
        return reply.ok and not self.is_error(reply, operation)

    # objects ------------------------------------------------------------------------------------
    def add_object(self, obj: KnownObject) -> KnownObject:
        """Record an object, merging what is known when the same object is seen again."""
        key = (obj.item, obj.path.rstrip("/"))
        with self._lock:
            known = self._objects.get(key)
            if known is None:
                merged = obj
            else:
                merged = replace(
                    known,
                    owner=known.owner or obj.owner,
                    owner_value=known.owner_value or obj.owner_value,
                    created_by=known.created_by or obj.created_by,
                    seen_by=known.seen_by | obj.seen_by,
                )
            self._objects[key] = merged
            if merged.created_by:
                self.created.add(merged.path)
            for name, value in merged.params.items():
                values = self._values.setdefault(name, [])
                if value not in values:
                    values.append(value)
            return merged

    def objects(self, item: str | None = None) -> list[KnownObject]:
        with self._lock:
            found = list(self._objects.values())
        return [obj for obj in found if item is None or obj.item == item]

    def known_values(self) -> dict[str, str]:
        """One learned real value per parameter name, for filling paths (`known=` of build_request)."""
        with self._lock:
            return {name: values[0] for name, values in self._values.items() if values}

    def values_for(self, name: str) -> list[str]:
        """Every learned real value of parameter `name`, first learned first."""
        with self._lock:
            return list(self._values.get(name, ()))

    def plain_values(self, operation: Operation) -> tuple[tuple[str, str, str], ...] | None:
        """The `(location, name, value)` inputs that made a plain call of `operation` succeed; `None`
        before anyone searched (an empty tuple: searched, the first call was fine or nothing helped)."""
        with self._lock:
            return self._plain.get(operation.key)

    def keep_plain_values(self, operation: Operation, values: tuple[tuple[str, str, str], ...]) -> None:
        with self._lock:
            self._plain.setdefault(operation.key, values)

    def learn_values(self, values: Iterable[tuple[str, str]]) -> None:
        with self._lock:
            for name, value in values:
                bucket = self._values.setdefault(name, [])
                if value not in bucket:
                    bucket.append(value)
