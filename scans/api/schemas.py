"""Response shapes of the scans API, for NAT's published OpenAPI schema (responses are built by
selectors; these serializers only describe them)."""
from __future__ import annotations

from rest_framework import serializers

from scans.models import Dismissal, Finding, Scan, Task

SEVERITY_CHOICES = Finding.Severity.choices


class ScanAccepted(serializers.Serializer):
    scan_id = serializers.CharField()
    status = serializers.ChoiceField(choices=Scan.Status.choices)
    created_at = serializers.DateTimeField()


class ScanStatus(ScanAccepted):
    mode = serializers.ChoiceField(choices=Scan.Mode.choices)
    url = serializers.CharField()
    api_type = serializers.ChoiceField(choices=Scan.ApiType.choices)
    updated_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    progress = serializers.FloatField(min_value=0, max_value=1, help_text="Share of planned tasks done.")
    findings_count = serializers.IntegerField()
    failure_reason = serializers.CharField(allow_null=True)


class ScanList(serializers.Serializer):
    scans = ScanStatus(many=True)
    total = serializers.IntegerField()
    page = serializers.IntegerField()
    per_page = serializers.IntegerField()


class RecordedRequest(serializers.Serializer):
    method = serializers.CharField()
    url = serializers.CharField()
    headers = serializers.DictField(child=serializers.CharField())
    body = serializers.CharField(allow_blank=True)
    body_truncated = serializers.BooleanField()


class RecordedResponse(serializers.Serializer):
    status = serializers.IntegerField()
    headers = serializers.DictField(child=serializers.CharField())
    body = serializers.CharField(allow_blank=True)
    body_truncated = serializers.BooleanField()
    elapsed_ms = serializers.IntegerField()


class Exchange(serializers.Serializer):
    note = serializers.CharField(allow_blank=True)
    request = RecordedRequest()
    response = RecordedResponse()


class DismissalInfo(serializers.Serializer):
    reason = serializers.ChoiceField(choices=Dismissal.Reason.choices)
    note = serializers.CharField(allow_blank=True)
    by = serializers.CharField()
    at = serializers.DateTimeField()


class FindingSchema(serializers.Serializer):
    id = serializers.CharField()
    fingerprint = serializers.CharField()
    check = serializers.CharField()
    title = serializers.CharField()
    severity = serializers.ChoiceField(choices=SEVERITY_CHOICES)
    score = serializers.IntegerField(min_value=0, max_value=100)
    owasp = serializers.CharField(help_text="OWASP API Security Top 10 2023 category, e.g. API1:2023.")
    cwe = serializers.CharField()
    method = serializers.CharField()
    endpoint = serializers.CharField()
    parameter = serializers.CharField(allow_blank=True)
    description = serializers.CharField()
    evidence = Exchange(many=True)
    curl = serializers.CharField(help_text="Reproduces the proof; $NAT_TOKEN stands for your credential.")
    remediation = serializers.CharField()
    confidence = serializers.CharField()
    identity = serializers.CharField()
    why = serializers.CharField()
    status = serializers.ChoiceField(choices=["open", "dismissed"])
    mark = serializers.ChoiceField(choices=["new", "recurring", "dismissed"], allow_null=True)
    dismissal = DismissalInfo(allow_null=True)
    created_at = serializers.DateTimeField()


class FixedFinding(serializers.Serializer):
    fingerprint = serializers.CharField()
    check = serializers.CharField()
    title = serializers.CharField()
    severity = serializers.ChoiceField(choices=SEVERITY_CHOICES)
    method = serializers.CharField()
    endpoint = serializers.CharField()
    parameter = serializers.CharField(allow_blank=True)
    last_seen_scan_id = serializers.CharField()


class TaskSchema(serializers.Serializer):
    check = serializers.CharField()
    agent = serializers.CharField()
    method = serializers.CharField()
    endpoint = serializers.CharField()
    status = serializers.ChoiceField(choices=["passed", "failed", "error"],
                                     help_text="`passed` for passed and skipped tasks, `error`, else `failed`.")
    outcome = serializers.ChoiceField(choices=Task.Outcome.choices)
    duration = serializers.FloatField()
    detail = serializers.CharField(allow_blank=True)


class ResultsSummary(serializers.Serializer):
    open_by_severity = serializers.DictField(child=serializers.IntegerField())
    findings = serializers.IntegerField()
    fixed = serializers.IntegerField()


class ScanResults(serializers.Serializer):
    scan_id = serializers.CharField()
    status = serializers.ChoiceField(choices=Scan.Status.choices)
    mode = serializers.ChoiceField(choices=Scan.Mode.choices)
    passed = serializers.IntegerField(help_text="Tasks that passed or were skipped.")
    failed = serializers.IntegerField(help_text="Every other task: found, not tried, unconfirmed, error.")
    skipped = serializers.IntegerField(help_text="Among `passed`: nothing to test (a precondition was missing).")
    not_tried = serializers.IntegerField(help_text="Among `failed`: testable, but not allowed (safe mode, budget).")
    total = serializers.IntegerField()
    elapsed_seconds = serializers.FloatField()
    agent_count = serializers.IntegerField()
    requests_sent = serializers.IntegerField()
    progress = serializers.FloatField()
    failure_reason = serializers.CharField(allow_null=True)
    warnings = serializers.ListField(child=serializers.CharField())
    spec = serializers.DictField(allow_null=True)
    summary = ResultsSummary()
    tasks = TaskSchema(many=True)
    findings = FindingSchema(many=True)
    fixed = FixedFinding(many=True)
    accessibility = serializers.DictField(allow_null=True)
    performance = serializers.DictField(allow_null=True)
    visual_regression = serializers.DictField(allow_null=True)
    contract = serializers.DictField(allow_null=True)


class VisualReport(serializers.Serializer):
    scan_id = serializers.CharField()
    status = serializers.ChoiceField(choices=Scan.Status.choices)
    visual_regression = serializers.DictField(
        allow_null=True,
        help_text="comparisons[] (url, diff_percent, regression, images{before, after, diff}) and diffs_detected")


class AccessibilityReport(serializers.Serializer):
    scan_id = serializers.CharField()
    status = serializers.ChoiceField(choices=Scan.Status.choices)
    accessibility = serializers.DictField(
        allow_null=True, help_text="pages_scanned, violations[], best_practices[], compliance_score, pages[]")


class PerformanceReport(serializers.Serializer):
    scan_id = serializers.CharField()
    status = serializers.ChoiceField(choices=Scan.Status.choices)
    performance = serializers.DictField(
        allow_null=True,
        help_text="pages_tested, metrics[] (url, ttfb, fcp, lcp, cls, tbt, inp, fid, score), performance_score")


class FunctionalResults(serializers.Serializer):
    scan_id = serializers.CharField()
    status = serializers.ChoiceField(choices=Scan.Status.choices)
    passed = serializers.IntegerField()
    failed = serializers.IntegerField()
    total = serializers.IntegerField()
    pages = serializers.ListField(child=serializers.CharField(), allow_null=True)
    accessibility = serializers.DictField(allow_null=True)
    performance = serializers.DictField(allow_null=True)
    visual_regression = serializers.DictField(allow_null=True)
    contract = serializers.DictField(allow_null=True)
