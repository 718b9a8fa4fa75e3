"""One scan from start to outcome: identities, recon, check rounds, budgets and the stop switch."""
from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from functools import partial
from typing import Any, TypeVar

from scans.engine.agents.recon import ReconAgent
from scans.engine.checks.context import PlanContext, Probe, ProbeContext, ScanEvents, Verdict, not_tried, unconfirmed
from scans.engine.checks.registry import CHECKS, CheckDefinition, load_builtin_checks
from scans.engine.checks.services import ScanServices
from scans.engine.checks.timing import TimingLane
from scans.engine.config import ScanConfig
from scans.engine.errors import AuthRejected, EngineError, SpecMissing, TargetUnreachable, UnsupportedApiType
from scans.engine.findings import Finding, TaskOutcome, TaskResult
from scans.engine.http.client import HttpClient, RequestRefused, api_root
from scans.engine.http.control import BudgetExhausted, Cancelled, ScanControl, StopScan
from scans.engine.http.exclude import ExcludeRules
from scans.engine.http.quiet import QuietGate
from scans.engine.http.ratelimit import RateLimiter
from scans.engine.http.redact import Redactor
from scans.engine.http.reply import Call
from scans.engine.http.safety import SafetyGuard
from scans.engine.identity.configured import anonymous_identity, configured_identity
from scans.engine.identity.identity import Identity
from scans.engine.kb.knowledge import KnowledgeBase
from scans.engine.model import ApiDescription
from scans.engine.outcome import ScanListener, ScanOutcome
from scans.engine.synth import TRANSPORTS

T = TypeVar("T")
STOP_POLL_SECONDS = 0.1
PLANNED_CHECKS_PER_OPERATION = 6
"""The first estimate of a scan's tasks, before recon: one per operation, and one more per this
many selected checks (raised later when the rounds plan their probes)."""
MAX_IDENTITY_ROUNDS = 3
"""Rounds of re-running authorization checks for identities that findings add."""
SPEC_LOCATIONS = (
    "openapi.json", "openapi.yaml", "swagger.json", "v3/api-docs", "api/openapi.json", "api/schema/",
    "swagger/v1/swagger.json", "openapi", "api-docs",
)


class Scan:
    """Runs one `ScanConfig`. Not reusable: build one per scan."""

    def __init__(
        self,
        config: ScanConfig,
        *,
        listener: ScanListener | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> None:
        self.config = config
        self.options = config.options
        self.listener = listener
        self.should_stop = should_stop
        self.control = ScanControl(max_requests=self.options.max_requests, max_duration=self.options.max_duration)
        self.redactor = Redactor()
        self.events = ScanEvents()
        self.kb: KnowledgeBase | None = None
        self.client: HttpClient | None = None
        self.gate = QuietGate(self.control)
        """Timing measurements hold it to have the target to themselves."""
        self.services = ScanServices(timing=TimingLane(self.control, gate=self.gate))
        self.findings: dict[str, Finding] = {}
        self.tasks: list[TaskResult] = []
        self.warnings: list[str] = []
        self.agents_used: set[str] = set()
        self.recon_done = False
        self.planned = 0
        """The last total told to `on_plan`."""
        self._done = threading.Event()
        self._ran_keys: set[str] = set()
        self._final: list[tuple[CheckDefinition, Probe]] = []

    # public -------------------------------------------------------------------------------------
    def run(self) -> ScanOutcome:
        load_builtin_checks()
        if self.config.api_type not in TRANSPORTS:
            # Scanning a GraphQL or gRPC endpoint as if it were REST would report nothing true.
            raise UnsupportedApiType(
                f"security checks for {self.config.api_type} APIs are not available in this version of NAT "
                "(REST only); scan its REST API, or run a functional scan of its site"
            )
        try:
            selected = CHECKS.select(self.options.checks)
        except KeyError as exc:
            raise EngineError(str(exc.args[0])) from None
        monitor = threading.Thread(target=self._watch_stop, name="nat-stop-watch", daemon=True)
        monitor.start()
        pool = ThreadPoolExecutor(max_workers=max(1, self.options.concurrency), thread_name_prefix="nat-scan")
        stopped: StopScan | None = None
        try:
            self._run(selected, pool)
        except StopScan as stop:
            stopped = stop
        finally:
            self._done.set()
            pool.shutdown(wait=False, cancel_futures=True)
            self.services.close()
        outcome = self._outcome(stopped or self.control.stopped)
        # Threads abandoned by a stop end at their next request.
        self.control.stop(StopScan("the scan is over"))
        if self.client is not None:
            self.client.close()
        return outcome

    # phases -------------------------------------------------------------------------------------
    def _run(self, selected: list[CheckDefinition], pool: ThreadPoolExecutor) -> None:
        anonymous = anonymous_identity()
        description = self.config.spec or self._discover_spec(anonymous)
        self.kb = kb = KnowledgeBase(description, anonymous=anonymous)
        for line in description.warning_lines():
            self._warn(f"API description: {line}")
        uncallable = sorted({op.kind for op in description.operations if op.kind not in TRANSPORTS})
        if uncallable:
            self._warn(f"operations of kind {', '.join(uncallable)} cannot be scanned yet; they were skipped")
        self.client = self._client(description, kb)
        recon = ReconAgent(
            kb=kb,
            client=self.client,
            events=self.events,
            pool=pool,
            selected_checks={definition.name for definition in selected},
        )
        self._plan(recon.estimated_tasks() * (1 + len(selected) // PLANNED_CHECKS_PER_OPERATION))
        if any(definition.uses_callbacks for definition in selected):
            warning = self.services.start_callbacks(self.options)
            if warning:
                self._warn(warning)
        primary = self._supervised(lambda: self._start(kb, anonymous))
        self._supervised(lambda: recon.run(primary))
        self.recon_done = True
        self._flush_events()
        self._round(selected, pool, round_number=0)
        rerun = [definition for definition in selected if definition.rerun_with_new_identities]
        for round_number in range(1, MAX_IDENTITY_ROUNDS + 1):
            new = self.events.take_new_identities()
            if not new or not rerun:
                break
            for identity in new:
                self._supervised(partial(recon.learn_identity, identity))
            self._round(rerun, pool, round_number=round_number)
        if self._final:
            final, self._final = self._final, []
            assert self.client is not None
            self.client.guard.open_wipes()
            self._execute(final, pool)
        self._flush_events()
        if self.listener and self.planned != len(self.tasks):
            # The estimate made before recon is replaced by the exact count once all is done.
            self.planned = len(self.tasks)
            self.listener.on_plan(self.planned)

    def _round(self, definitions: Iterable[CheckDefinition], pool: ThreadPoolExecutor, *, round_number: int) -> None:
        assert self.kb is not None
        work: list[tuple[CheckDefinition, Probe]] = []
        for definition in definitions:
            context = PlanContext(check=definition, kb=self.kb, options=self.options, round_number=round_number,
                                  root=self.client.root if self.client else "")
            try:
                probes = list(definition.planner(context))
            except StopScan:
                raise
            except Exception as exc:  # a broken planner must not end the scan
                self._emit_tasks([TaskResult(definition.name, "", "", TaskOutcome.ERROR, 0.0,
                                             f"planning failed: {type(exc).__name__}: {exc}", definition.agent.value)])
                continue
            for probe in probes:
                if probe.key in self._ran_keys or self._excluded(probe):
                    continue
                self._ran_keys.add(probe.key)
                (self._final if probe.final else work).append((definition, probe))
        self._execute(work, pool)

    def _excluded(self, probe: Probe) -> bool:
        """Probes of operations the user excluded are not planned at all."""
        assert self.client is not None
        return self.client.exclude.excluded(probe.operation.method, probe.operation.path)

    def _execute(self, work: list[tuple[CheckDefinition, Probe]], pool: ThreadPoolExecutor) -> None:
        if not work:
            return
        self._plan(len(self.tasks) + len(work))
        futures: dict[Future, tuple[CheckDefinition, Probe]] = {
            pool.submit(self._run_probe, definition, probe): (definition, probe) for definition, probe in work
        }
        pending = set(futures)
        while pending:
            done, pending = wait(pending, timeout=STOP_POLL_SECONDS, return_when=FIRST_COMPLETED)
            for future in done:
                task, findings = future.result()
                self._emit_tasks([task])
                for finding in findings:
                    self._emit_finding(finding)
            self._flush_events()
            self.control.check()

    def _run_probe(self, definition: CheckDefinition, probe: Probe) -> tuple[TaskResult, tuple[Finding, ...]]:
        assert self.kb is not None and self.client is not None
        context = ProbeContext(
            check=definition, kb=self.kb, client=self.client, options=self.options, events=self.events,
            services=self.services,
        )
        started = time.monotonic()
        try:
            verdict = probe.run(context)
        except RequestRefused as exc:
            verdict = not_tried(exc.reason)
        except StopScan:
            raise
        except Exception as exc:  # one failing probe is an error task, not a failed scan
            verdict = Verdict(TaskOutcome.ERROR, f"{type(exc).__name__}: {exc}")
        lost = context.lost_identities()
        if lost and verdict.outcome in (TaskOutcome.FOUND, TaskOutcome.PASSED):
            verdict = self._unconfirmed_by_reset(verdict, lost)
        task = TaskResult(
            check=definition.name,
            endpoint=probe.operation.path,
            method=probe.operation.method,
            outcome=verdict.outcome,
            duration=time.monotonic() - started,
            detail=verdict.detail,
            agent=definition.agent.value,
        )
        return task, verdict.findings

    def _unconfirmed_by_reset(self, verdict: Verdict, lost: list[str]) -> Verdict:
        """A verdict judged on state the target lost mid-probe (an account the probe used can no longer
        log in) proves nothing either way: neither a finding nor a pass."""
        names = ", ".join(lost)
        for name in lost:
            self.events.warn(
                f"{name} could no longer log in during the scan: the target's state looks reset, so accounts and "
                "objects the scan learned may be gone; checks that used it are reported unconfirmed"
            )
        return unconfirmed(f"{names} could no longer log in while this ran (the target's state looks "
                      f"reset); the probe said: {verdict.detail}")

    # setup --------------------------------------------------------------------------------------
    def _client(self, description: ApiDescription, kb: KnowledgeBase) -> HttpClient:
        return HttpClient(
            root=api_root(self.config.url, description.base_path),
            control=self.control,
            redactor=self.redactor,
            guard=SafetyGuard(kb.created, allow_destructive=self.options.allow_destructive),
            exclude=ExcludeRules(self.options.exclude, base_path=description.base_path),
            rate_limiter=RateLimiter(self.options.rate_limit),
            timeout=self.options.timeout,
            pool_size=self.options.concurrency,
            public_only=self.options.public_only,
            verify=(self.options.tls_ca_bundle or True) if self.options.tls_verify else False,
            gate=self.gate,
        )

    def _discover_spec(self, anonymous: Identity) -> ApiDescription:
        from scans.engine.spec import SpecError, load_spec

        probe_client = self._client(ApiDescription(title="", version="", source_format="discovery"),
                                    KnowledgeBase(ApiDescription("", "", "discovery"), anonymous=anonymous))
        base = self.config.url.rstrip("/") + "/"

        def fetch(url: str) -> bytes:
            reply = probe_client.send(Call("GET", "", url=url), anonymous)
            if not reply.ok:
                raise SpecError(f"{url} answered {reply.status or reply.error}")
            return reply.body

        try:
            for location in SPEC_LOCATIONS:
                try:
                    return load_spec(base + location, base_url=self.config.url, fetch=fetch)
                except SpecError:
                    continue
        finally:
            probe_client.close()
        raise SpecMissing(
            f"no API description was given and none was found under {base} "
            f"({', '.join(SPEC_LOCATIONS[:4])}, …); pass spec_url or spec_content"
        )

    def _start(self, kb: KnowledgeBase, anonymous: Identity) -> Identity | None:
        """Check the target answers, then log the configured identities in; returns the primary."""
        assert self.client is not None
        reply = self.client.send(Call("GET", "", url=self.config.url), anonymous)
        if reply.status == 0:
            hint = ""
            if "CERTIFICATE_VERIFY_FAILED" in reply.error:
                hint = (" (its TLS certificate could not be verified: give tls_ca_bundle, or set tls_verify to false "
                        "to scan it anyway; the transport checks then report the certificate)")
            raise TargetUnreachable(f"{self.config.url} is unreachable: {reply.error}{hint}")
        primary: Identity | None = None
        for name, suffix, auth in (("primary", "", self.config.auth), ("secondary", "_2", self.config.auth_secondary)):
            if auth is None or auth.type == "none":
                continue
            identity = configured_identity(
                auth, name=name, placeholder_suffix=suffix, scan_url=self.config.url, redactor=self.redactor,
                description=kb.description, warn=self._warn,
            )
            failure = identity.login(self.client)
            if failure:
                if name == "primary":
                    raise AuthRejected(f"the primary identity could not authenticate: {failure}")
                self._warn(f"the secondary identity could not authenticate ({failure}); the checks ran without it")
                continue
            kb.add_identity(identity)
            if name == "primary":
                primary = identity
        return primary

    # reporting ----------------------------------------------------------------------------------
    def _supervised(self, function: Callable[[], T]) -> T:
        """Run a phase in a helper thread while this thread watches the stop switch, so a request
        stuck in flight cannot delay a stop; the abandoned thread ends at its next request."""
        outcome: dict[str, Any] = {}
        finished = threading.Event()

        def target() -> None:
            try:
                outcome["value"] = function()
            except BaseException as exc:  # handed to the supervising thread as is
                outcome["error"] = exc
            finally:
                finished.set()

        threading.Thread(target=target, name="nat-phase", daemon=True).start()
        while not finished.wait(STOP_POLL_SECONDS):
            self._flush_events()
            self.control.check()
        if "error" in outcome:
            raise outcome["error"]
        return outcome["value"]

    def _emit_tasks(self, tasks: Iterable[TaskResult]) -> None:
        for task in tasks:
            self.tasks.append(task)
            self.agents_used.add(task.agent)
            if self.listener:
                self.listener.on_task(task)

    def _emit_finding(self, finding: Finding) -> None:
        if finding.fingerprint in self.findings:
            return
        self.findings[finding.fingerprint] = finding
        if self.kb is not None:
            self.kb.mark_reported(finding.check, finding.method, finding.endpoint)
        if self.listener:
            self.listener.on_finding(finding)

    def _plan(self, total: int) -> None:
        """Tell the listener the scan's total, only ever raising it while the scan runs."""
        if total > self.planned:
            self.planned = total
            if self.listener:
                self.listener.on_plan(total)

    def _flush_events(self) -> None:
        tasks = self.events.take_tasks()
        if tasks:
            self._plan(len(self.tasks) + len(tasks))
            self._emit_tasks(tasks)
        for message in list(self.events.warnings):
            self._warn(message)

    def _warn(self, message: str) -> None:
        if message in self.warnings:
            return
        self.warnings.append(message)
        if self.listener:
            self.listener.on_warning(message)

    def _watch_stop(self) -> None:
        while not self._done.wait(STOP_POLL_SECONDS):
            if self.should_stop is not None and self.should_stop():
                self.control.stop(Cancelled("cancelled by the caller"))
                return
            try:
                self.control.check()
            except StopScan:
                return

    def _outcome(self, stopped: StopScan | None) -> ScanOutcome:
        cancelled = isinstance(stopped, Cancelled)
        if isinstance(stopped, BudgetExhausted):
            if self.recon_done:
                self._warn(f"{stopped.reason}: the scan ended early with the results it had")
            else:
                self._warn(f"{stopped.reason} before recon finished: no check ran; raise the budget")
        elif cancelled:
            self._warn("the scan was stopped before it finished; results are partial")
        if self.client is not None and self.client.throttled:
            self._warn(
                f"the target asked the scan to slow down {self.client.throttled} time(s) (429/503); it paused as asked"
            )
        self._flush_events()
        return ScanOutcome(
            findings=tuple(self.findings.values()),
            tasks=tuple(self.tasks),
            warnings=tuple(self.warnings),
            agent_count=len(self.agents_used),
            requests_sent=self.control.requests_sent,
            elapsed_seconds=time.monotonic() - self.control.started,
            stopped=cancelled,
            stop_reason=stopped.reason if cancelled and stopped else "",
        )
