"""The recon agent: maps the API before any attack and fills the knowledge base.

For every identity (and as nobody) it calls each safe operation, learns who the identity is, which
objects exist and who owns them, what errors look like, and which operations need credentials;
it signs up sacrificial accounts and creates a few objects of its own to test against.
"""
from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, wait
from typing import Any, TypeVar

from scans.engine.agents.accounts import sign_up
from scans.engine.checks.context import ScanEvents
from scans.engine.errors import AuthRejected
from scans.engine.findings import TaskOutcome, TaskResult
from scans.engine.http.client import HttpClient, RequestRefused
from scans.engine.http.reply import Call, Reply
from scans.engine.http.safety import WIPE, Destruction
from scans.engine.identity.identity import Identity, IdentityOrigin
from scans.engine.kb import jsondata
from scans.engine.kb.knowledge import KnowledgeBase, KnownObject, Observation
from scans.engine.kb.operations import (
    destruction_of,
    is_auth_operation,
    is_destructive,
    is_login_operation,
    is_signup_operation,
    privilege_reason,
)
from scans.engine.kb.resources import PARAM, fill, path_params
from scans.engine.kb.selfinfo import is_me_operation, own_value_for, self_info_from, self_info_from_claims
from scans.engine.model import Operation
from scans.engine.synth import TRANSPORTS, build_call

T = TypeVar("T")
R = TypeVar("R")
AGENT = "recon"
OBJECTS_READ_PER_RESOURCE = 4
SACRIFICIAL_PURPOSES = {
    "victim": None, "enumeration": "user_enumeration", "lockout": "no_lockout", "escalation": "mass_assignment",
}
"""Accounts recon signs up, and the check each is reserved for (`None`: any state-changing test)."""


def match_params(template: str, path: str) -> dict[str, str]:
    """Values of `template`'s parameters in concrete `path` (`/u/{id}`, `/u/7` → `{"id": "7"}`)."""
    names = PARAM.findall(template)
    pattern = "^" + PARAM.sub("([^/]+)", re.escape(template).replace(r"\{", "{").replace(r"\}", "}")) + "$"
    match = re.match(pattern, path)
    return dict(zip(names, match.groups(), strict=True)) if match else {}


def logged_in(identity: Identity) -> bool:
    """The identity's own login answered with a credential: its user name and password are right."""
    reply = identity.authenticator.login_reply
    return reply is not None and reply.ok and identity.credential() is not None


class ReconAgent:
    """Builds the knowledge base; `run` once per scan, `learn_identity` for identities found later."""

    def __init__(
        self,
        *,
        kb: KnowledgeBase,
        client: HttpClient,
        events: ScanEvents,
        pool: Executor,
        selected_checks: set[str],
    ) -> None:
        self.kb = kb
        self.client = client
        self.events = events
        self.pool = pool
        self.selected = selected_checks
        self._answers: dict[str, list[str]] = {}
        self._durations: dict[str, float] = {}
        self._notes_lock = threading.Lock()
        self._held: set[str] = set()
        """Keys of operations that say they destroy state: recon never calls them."""

    # entry points -------------------------------------------------------------------------------
    def run(self, primary: Identity | None) -> None:
        """Map the API; each operation's task is reported (`events.task_done`) as soon as a step
        is done with it, so progress moves while recon runs."""
        self._classify()
        self._hold_destructive()
        identities = self.kb.identities
        self._parallel(self.learn_self, identities)
        self._judge_rejections(primary, phase="login")
        self._sign_up_accounts(primary)
        swept = [*self.kb.identities, self.kb.anonymous]
        self._sweep(swept)
        self._judge_rejections(primary, phase="recon")
        if self.kb.observations() and not any(obs.reply.ok for obs in self.kb.observations()):
            self.events.warn(
                "the target answered no request with a 2xx status: check the scan URL and the description's base path"
            )
        self._create_objects()
        self._own_objects()
        self._read_objects()
        self._sweep_parameterized()

    def learn_identity(self, identity: Identity) -> None:
        """Recon for an identity added by a finding: who it is and what it can list."""
        self.learn_self(identity)
        self._sweep([identity])

    def estimated_tasks(self) -> int:
        """About how many tasks `run` reports: one per callable operation."""
        return sum(1 for op in self.kb.description.operations if op.kind in TRANSPORTS)

    # steps --------------------------------------------------------------------------------------
    def _classify(self) -> None:
        operations = [op for op in self.kb.description.operations if op.kind in TRANSPORTS]
        self.kb.login_operation = next((op for op in operations if is_login_operation(op)), None)
        self.kb.signup_operation = next((op for op in operations if is_signup_operation(op)), None)
        me_operations = [op for op in operations if is_me_operation(op) and not is_destructive(op)]
        self.kb.me_operations = sorted(me_operations, key=lambda op: (not op.path.rstrip("/").endswith("/me"), op.path))

    def _hold_destructive(self) -> None:
        """Set aside every operation whose path, id, summary or description says it wipes or deletes:
        a read that re-creates the database would invalidate every account and object recon learns.
        The reads among them (which recon would otherwise call) are reported as not tried."""
        for op in self.kb.description.operations:
            found = destruction_of(op) if op.kind in TRANSPORTS else None
            if found is None:
                continue
            self._held.add(op.key)
            if op.is_safe:
                self.events.task_done(TaskResult(
                    check="recon", endpoint=op.path, method=op.method, outcome=TaskOutcome.NOT_TRIED, duration=0.0,
                    detail=self._held_reason(found), agent=AGENT,
                ))

    def _held_reason(self, found: Destruction) -> str:
        harm = "wipe or re-create the API's data" if found.kind == WIPE else "delete what it is given"
        if not self.client.guard.allow_destructive:
            return f"{found.said}, so it may {harm}; safe mode never calls it (see allow_destructive)"
        when = "after every other probe" if found.kind == WIPE else "on their own objects"
        return (f"held back during recon: {found.said}, so it may {harm}; recon never calls it, "
                f"the checks may ({when}, with allow_destructive)")

    def learn_self(self, identity: Identity) -> None:
        """Fill `identity.self_info` from its `/me`-like answers, its login response and its token."""
        info = identity.self_info
        for op in self.kb.me_operations:
            reply = self._observe(op, build_call(op, known=self.kb.known_values()), identity)
            self._finish(op)
            if reply is not None and self.kb.is_success(reply, op):
                info = info.merged(self_info_from(reply.data, source=f"GET {op.path}"))
        login = identity.authenticator.login_reply
        if login is not None and login.is_json:
            info = info.merged(self_info_from(login.data, source="login response"))
        token = identity.jwt
        if token is not None:
            info = info.merged(self_info_from_claims(token.payload))
        identity.self_info = info
        if info.privileged:
            identity.privileged = True

    def _judge_rejections(self, primary: Identity | None, *, phase: str) -> None:
        """Drop (or, for the primary, fail on) a configured identity that every request so far was refused to.
        After login only `/me`-like operations were asked, and one may be another kind of account's (a
        merchant's `/me` to a customer's token): an identity whose login gave it a credential is judged
        after the sweep instead."""
        for identity in self.kb.identities:
            if identity.origin is not IdentityOrigin.CONFIGURED or (phase == "login" and logged_in(identity)):
                continue
            stats = self.client.stats.get(identity.name)
            if stats is None or stats.sent == 0 or stats.accepted:
                continue
            refused = stats.statuses.get(401, 0) + stats.statuses.get(403, 0)
            if not refused:
                continue
            message = (
                f"every request as {identity.name} was rejected ({refused} of {stats.sent} answered 401/403 "
                f"during {phase}): check its credentials"
            )
            if identity is primary:
                raise AuthRejected(message)
            self.events.warn(message + "; the checks ran without it")
            self.kb.remove_identity(identity.name)

    def _sign_up_accounts(self, primary: Identity | None) -> None:
        if self.kb.signup_operation is None:
            return
        wanted = [purpose for purpose, check in SACRIFICIAL_PURPOSES.items() if check is None or check in self.selected]
        for index, purpose in enumerate(wanted, start=1):
            name = f"signup-{index}"
            started = time.monotonic()
            account, reply, failure = sign_up(
                self.kb, self.client, purpose=purpose, name=name, template=primary
            )
            op = self.kb.signup_operation
            if reply is not None:
                call = Call(op.method, op.path, template=op.path)
                self.kb.observe(Observation(op, self.kb.anonymous.name, call, reply))
                self._note(op, f"sign-up {reply.status}", started)
                self._finish(op)
            if account is None:
                self.events.warn(f"could not create a sacrificial account: {failure}")
                return
            self.kb.add_sacrificial(account)
            if reply is not None:
                self._learn_objects(op, reply, account.identity, created=True)
            if purpose == "victim":
                self.kb.add_identity(account.identity)
                self.learn_self(account.identity)

    def _sweep(self, identities: Iterable[Identity]) -> None:
        """Every safe operation without path parameters, as each identity."""
        operations = [
            op for op in self.kb.description.operations
            if op.kind in TRANSPORTS and op.is_safe and op.method != "OPTIONS" and not path_params(op.path)
            and op.key not in self._held
        ]
        jobs = [(op, identity) for op in operations for identity in identities]
        self._parallel(lambda job: self._observe_and_learn(job[0], job[1]), jobs, operation_of=lambda job: job[0])

    def _create_objects(self) -> None:
        """One object per create operation as each regular identity, so write tests have targets."""
        creators = self.kb.regular_identities()
        seen: set[str] = set()
        operations: list[Operation] = []
        for resource in self.kb.resources.resources.values():
            op = resource.create_op
            if op is None or op.key in seen or is_auth_operation(op) or is_destructive(op) or privilege_reason(op):
                continue
            seen.add(op.key)
            operations.append(op)
        operations.sort(key=lambda op: len(path_params(op.path)))
        for op in operations:
            jobs = [(op, identity) for identity in creators]
            self._parallel(lambda job: self._create(*job), jobs, operation_of=lambda job: job[0])

    def _create(self, op: Operation, identity: Identity) -> None:
        call = build_call(op, known=self._known_for(identity))
        reply = self._observe(op, call, identity)
        if reply is not None and self.kb.is_success(reply, op):
            self._learn_objects(op, reply, identity, created=True, call=call)

    def _own_objects(self) -> None:
        """Each identity's own objects named by who it is: `/check_balance/{account_number}` filled with
        the account number its login answered, `/users/{username}` with its user name."""
        for resource in self.kb.resources.resources.values():
            if resource.read_op is None or resource.read_op.key in self._held:
                continue
            for identity in self.kb.identities:
                value = own_value_for(resource.param, identity.self_info)
                if not value:
                    continue
                params = {resource.param: value}
                self.kb.add_object(KnownObject(
                    item=resource.item, path=fill(resource.item, params), params=params, record={},
                    owner=identity.name, owner_value=value, seen_by=frozenset({identity.name}),
                    learned_from=identity.self_info.source,
                ))

    def _read_objects(self) -> None:
        jobs: list[tuple[Operation, Identity, KnownObject]] = []
        for resource in self.kb.resources.resources.values():
            op = resource.read_op
            if op is None or op.key in self._held:
                continue
            objects = sorted(self.kb.objects(resource.item), key=lambda obj: (not obj.created_by, obj.path))
            for index, obj in enumerate(objects[:OBJECTS_READ_PER_RESOURCE]):
                reader = self.kb.identity(obj.owner or obj.created_by) or next(
                    (self.kb.identity(name) for name in sorted(obj.seen_by)), None
                )
                if reader is not None:
                    jobs.append((op, reader, obj))
                if index == 0:
                    jobs.append((op, self.kb.anonymous, obj))
        self._parallel(lambda job: self._observe_and_learn(job[0], job[1], params=dict(job[2].params)), jobs,
                       operation_of=lambda job: job[0])

    def _sweep_parameterized(self) -> None:
        """Safe operations with path parameters that are not plain item reads, filled with learned ids."""
        item_reads = {resource.read_op.key for resource in self.kb.resources.resources.values() if resource.read_op}
        operations = [
            op for op in self.kb.description.operations
            if op.kind in TRANSPORTS and op.method == "GET" and path_params(op.path) and op.key not in item_reads
            and op.key not in self._held
        ]
        jobs = [(op, identity) for op in operations for identity in self.kb.regular_identities()]
        self._parallel(lambda job: self._observe_and_learn(job[0], job[1]), jobs, operation_of=lambda job: job[0])

    # helpers ------------------------------------------------------------------------------------
    def _known_for(self, identity: Identity) -> dict[str, str]:
        """Learned values, preferring ids of objects this identity owns (for nested paths)."""
        known = dict(self.kb.known_values())
        for obj in self.kb.objects():
            if identity.name in (obj.owner, obj.created_by):
                known.update(obj.params)
        return known

    def _observe_and_learn(self, op: Operation, identity: Identity, *, params: dict[str, str] | None = None) -> None:
        if params is None and self.kb.observation(op, identity.name) is not None:
            return
        call = build_call(op, known=self._known_for(identity), params=params)
        if "{" in call.path:
            return
        reply = self._observe(op, call, identity)
        if reply is not None and self.kb.is_success(reply, op) and not identity.is_anonymous:
            self._learn_objects(op, reply, identity, created=False, call=call)

    def _observe(self, op: Operation, call: Call, identity: Identity) -> Reply | None:
        started = time.monotonic()
        try:
            reply = self.client.send(call, identity)
        except RequestRefused as exc:
            self._note(op, f"{identity.name}: not sent ({exc.reason})", started)
            return None
        self.kb.observe(Observation(op, identity.name, call, reply))
        self._note(op, f"{identity.name} {reply.status or reply.error}", started)
        return reply

    def _learn_objects(
        self, op: Operation, reply: Reply, identity: Identity, *, created: bool, call: Call | None = None
    ) -> list[KnownObject]:
        if not reply.is_json:
            return []
        learned: list[KnownObject] = []
        base_params = match_params(op.path, call.path) if call else {}
        item_resource = self.kb.resources.for_item(op.path)
        resources = [item_resource] if item_resource else self.kb.resources.for_collection(op.path)
        records = jsondata.records_in(reply.data)
        if created:
            records = records[:1]
        for resource in resources:
            for record in records:
                value = base_params.get(resource.param) if item_resource else jsondata.id_for(record, resource.param)
                if not value:
                    continue
                params = {**base_params, resource.param: value}
                owner, owner_value = self.kb.owner_among(jsondata.owner_values(record))
                learned.append(self.kb.add_object(KnownObject(
                    item=resource.item,
                    path=fill(resource.item, params),
                    params=params,
                    record=dict(record),
                    owner=owner.name if owner else (identity.name if created else ""),
                    owner_value=owner_value,
                    created_by=identity.name if created else "",
                    seen_by=frozenset({identity.name}),
                    learned_from=op.key,
                )))
        self.kb.learn_values(self._scalar_values(records))
        return learned

    @staticmethod
    def _scalar_values(records: list[Any]) -> list[tuple[str, str]]:
        values = []
        for record in records[:5]:
            for key, value in record.items():
                if isinstance(value, (str, int)) and not isinstance(value, bool) and key.lower().endswith("id"):
                    values.append((key, str(value)))
        return values

    def _note(self, op: Operation, answer: str, started: float) -> None:
        with self._notes_lock:
            self._answers.setdefault(op.key, []).append(answer)
            self._durations[op.key] = self._durations.get(op.key, 0.0) + time.monotonic() - started

    def _finish(self, op: Operation) -> None:
        """Report what recon saw of `op` since its last report, as one task."""
        with self._notes_lock:
            answers = self._answers.pop(op.key, [])
            duration = self._durations.pop(op.key, 0.0)
        if answers:
            self.events.task_done(TaskResult(
                check="recon", endpoint=op.path, method=op.method, outcome=TaskOutcome.PASSED, duration=duration,
                detail="answered " + ", ".join(answers), agent=AGENT,
            ))

    def _parallel(
        self,
        function: Callable[[T], R],
        items: Iterable[T],
        *,
        operation_of: Callable[[T], Operation] | None = None,
    ) -> list[R | None]:
        """Run `function` over `items` on the scan's pool; a refused request yields `None`. With
        `operation_of`, an operation's task is reported when its last item is done."""
        items = list(items)
        remaining: dict[str, int] = {}
        if operation_of is not None:
            for item in items:
                key = operation_of(item).key
                remaining[key] = remaining.get(key, 0) + 1
        counts_lock = threading.Lock()

        def guarded(item: T) -> R | None:
            try:
                return function(item)
            except RequestRefused:
                return None
            finally:
                if operation_of is not None:
                    op = operation_of(item)
                    with counts_lock:
                        remaining[op.key] -= 1
                        last = remaining[op.key] == 0
                    if last:
                        self._finish(op)

        futures = [self.pool.submit(guarded, item) for item in items]
        pending = set(futures)
        while pending:
            _, pending = wait(pending, timeout=0.1)
            self.client.control.check()
        return [future.result() for future in futures]
