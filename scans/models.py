"""Scans, the tasks they ran, the findings they confirmed, and dismissals kept for audit."""
from __future__ import annotations

from django.db import models
from django.utils import timezone

from scans.engine.findings import TaskOutcome, TaskStatus
from scans.ids import new_finding_id, new_scan_id


class Scan(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        COMPLETED = "completed"
        FAILED = "failed"
        CANCELLED = "cancelled"

    class Mode(models.TextChoices):
        SECURITY = "security"
        FUNCTIONAL = "functional"
        FULL = "full"

    class ApiType(models.TextChoices):
        REST = "rest"
        GRAPHQL = "graphql"
        GRPC = "grpc"

    FINISHED = (Status.COMPLETED, Status.FAILED, Status.CANCELLED)
    SECURITY_MODES = (Mode.SECURITY, Mode.FULL)
    """Modes that run the security checks, the only source of findings."""

    id = models.CharField(primary_key=True, max_length=40, default=new_scan_id, editable=False)
    tenant = models.ForeignKey("accounts.Tenant", on_delete=models.CASCADE, related_name="scans")
    created_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_by_key = models.ForeignKey("accounts.ApiKey", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    mode = models.CharField(max_length=12, choices=Mode.choices, default=Mode.SECURITY)
    url = models.URLField(max_length=2000)
    target_key = models.CharField(max_length=2000, help_text="Normalised URL: scans of one target share it.")
    api_type = models.CharField(max_length=10, choices=ApiType.choices, default=ApiType.REST)
    spec_url = models.URLField(max_length=2000, blank=True)
    spec_content = models.TextField(blank=True, help_text="The uploaded description, decoded.")
    spec_summary = models.JSONField(default=dict, blank=True)
    options = models.JSONField(default=dict, blank=True)
    credentials = models.TextField(blank=True, help_text="Encrypted target credentials; wiped when the scan ends.")

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    failure_reason = models.TextField(blank=True)
    warnings = models.JSONField(default=list, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0, help_text="Times a worker started this scan.")

    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    tasks_passed = models.PositiveIntegerField(default=0, help_text="Passed and skipped tasks.")
    tasks_failed = models.PositiveIntegerField(default=0, help_text="Every other task (errors included).")
    tasks_skipped = models.PositiveIntegerField(default=0)
    tasks_not_tried = models.PositiveIntegerField(default=0)
    tasks_total = models.PositiveIntegerField(default=0)
    findings_count = models.PositiveIntegerField(default=0)
    severity_counts = models.JSONField(default=dict, blank=True)
    agent_count = models.PositiveIntegerField(default=0)
    requests_sent = models.PositiveIntegerField(default=0)
    elapsed_seconds = models.FloatField(default=0)
    functional_results = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["tenant", "-created_at"], name="scan_tenant_recent"),
            models.Index(fields=["tenant", "status", "-created_at"], name="scan_tenant_status"),
            models.Index(fields=["tenant", "target_key", "-created_at"], name="scan_tenant_target"),
            models.Index(fields=["status", "heartbeat_at"], name="scan_status_heartbeat"),
        ]

    def __str__(self) -> str:
        return f"{self.pk} {self.url} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def progress(self) -> float:
        """Share of planned tasks done, 0.0–1.0 (1.0 once finished)."""
        if self.status == self.Status.COMPLETED:
            return 1.0
        if not self.progress_total:
            return 0.0
        return round(min(self.progress_done / self.progress_total, 1.0), 4)

    @property
    def severity_badges(self) -> list[tuple[str, int]]:
        """Finding counts by severity, most severe first, zeros left out."""
        order = [choice.value for choice in Finding.Severity]
        counts = self.severity_counts or {}
        return [(severity, counts[severity]) for severity in order if counts.get(severity)]

    @property
    def critical_accessibility_violations(self) -> int:
        """Accessibility violations of critical impact the functional part found (0 without one)."""
        report = (self.functional_results or {}).get("accessibility") or {}
        return sum(1 for violation in report.get("violations") or () if violation.get("impact") == "critical")

    @property
    def includes_security(self) -> bool:
        return self.mode in self.SECURITY_MODES

    @property
    def includes_functional(self) -> bool:
        return self.mode in (self.Mode.FUNCTIONAL, self.Mode.FULL)


class Task(models.Model):
    """One unit of test work the scan ran: a check against an endpoint."""

    Outcome = models.TextChoices("Outcome", [(outcome.name, outcome.value) for outcome in TaskOutcome])
    """The engine's `TaskOutcome`, member for member."""
    PASSING = tuple(outcome.value for outcome in TaskOutcome if outcome.status == "passed")
    """The outcomes counted as passed."""

    scan = models.ForeignKey(Scan, on_delete=models.CASCADE, related_name="tasks")
    check_name = models.CharField(max_length=80)
    agent = models.CharField(max_length=40, blank=True)
    method = models.CharField(max_length=10, blank=True)
    endpoint = models.CharField(max_length=2000, blank=True)
    outcome = models.CharField(max_length=11, choices=Outcome.choices)
    duration = models.FloatField(default=0)
    detail = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    @property
    def status(self) -> TaskStatus:
        """The coarse status the API reports beside the outcome (`passed`, `failed`, `error`)."""
        return TaskOutcome(self.outcome).status


class Finding(models.Model):
    """A confirmed finding. Its fingerprint (check + method + normalised path + parameter) is stable
    across scans, which is how dismissals carry over and findings are marked new or recurring."""

    class Severity(models.TextChoices):
        CRITICAL = "critical"
        HIGH = "high"
        MEDIUM = "medium"
        LOW = "low"
        INFO = "info"

    id = models.CharField(primary_key=True, max_length=40, default=new_finding_id, editable=False)
    scan = models.ForeignKey(Scan, on_delete=models.CASCADE, related_name="findings")
    tenant = models.ForeignKey("accounts.Tenant", on_delete=models.CASCADE, related_name="+")
    fingerprint = models.CharField(max_length=64)
    check_name = models.CharField(max_length=80)
    title = models.CharField(max_length=300)
    severity = models.CharField(max_length=8, choices=Severity.choices)
    score = models.PositiveSmallIntegerField()
    owasp = models.CharField(max_length=20, blank=True)
    cwe = models.CharField(max_length=20, blank=True)
    method = models.CharField(max_length=10, blank=True)
    endpoint = models.CharField(max_length=2000, blank=True)
    parameter = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    evidence = models.JSONField(default=list, blank=True)
    curl = models.TextField(blank=True)
    remediation = models.TextField(blank=True)
    confidence = models.CharField(max_length=10, blank=True)
    identity = models.CharField(max_length=80, blank=True)
    why = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-score", "id"]
        constraints = [models.UniqueConstraint(fields=["scan", "fingerprint"], name="finding_unique_per_scan")]
        indexes = [models.Index(fields=["tenant", "fingerprint"], name="finding_tenant_fingerprint")]


class Dismissal(models.Model):
    """A decision that a finding needs no fix. It covers that fingerprint on that target from then on,
    in later scans too; dismissals are never deleted, so the history stays auditable."""

    class Reason(models.TextChoices):
        FALSE_POSITIVE = "false_positive"
        ACCEPTED_RISK = "accepted_risk"
        WONT_FIX = "wont_fix"

    tenant = models.ForeignKey("accounts.Tenant", on_delete=models.CASCADE, related_name="dismissals")
    target_key = models.CharField(max_length=2000)
    fingerprint = models.CharField(max_length=64)
    finding = models.ForeignKey(Finding, on_delete=models.SET_NULL, null=True, related_name="dismissals")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    note = models.TextField(blank=True)
    dismissed_by = models.CharField(max_length=254, help_text="E-mail of the user, or the API key's prefix.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["tenant", "target_key", "fingerprint"], name="dismissal_lookup")]
