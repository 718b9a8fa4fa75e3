"""Dashboard pages for scans: the home page, open findings, list, new scan, the scan page (live while running), dismiss, downloads."""
from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from accounts.decorators import tenant_required
from billing.errors import BillingError
from billing.usage import usage_report
from scans import exports, overview, selectors, services, vocabulary
from scans.api.reports import export_response
from scans.api.serializers import ScanCreateSerializer
from scans.exports.charts import SEVERITIES, severity_bars, severity_trend
from scans.forms import NewScanForm
from scans.functional_phase import image_path
from scans.models import Dismissal, Finding, Scan

PER_PAGE = 25


def _scan(request: HttpRequest, scan_id: str) -> Scan:
    return get_object_or_404(Scan, pk=scan_id, tenant=request.user.tenant)


@tenant_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The home page: open findings by severity, their trend, the latest scans and usage against quota."""
    tenant = request.user.tenant
    usage = usage_report(tenant)
    context = {
        "tenant": tenant,
        "open_counts": overview.open_counts(tenant),
        "trend": mark_safe(severity_trend(overview.trend(tenant))),  # markup built from counts
        "latest": overview.latest_scans(tenant),
        "usage": usage,
        "approaching": [quota for quota in usage.quotas if quota.approaching],
        "active_keys": tenant.api_keys.filter(revoked_at__isnull=True).count(),
    }
    return render(request, "scans/home.html", context)


@tenant_required
def finding_list(request: HttpRequest) -> HttpResponse:
    """Open findings across the tenant's targets, most severe first, optionally of one severity."""
    severity = request.GET.get("severity", "")
    if severity not in SEVERITIES:
        severity = ""
    findings = overview.open_findings(request.user.tenant, severity=severity or None).select_related("scan").only(
        "id", "title", "severity", "score", "method", "endpoint", "created_at", "scan__id", "scan__url",
    ).order_by("-score", "id")
    page = Paginator(findings, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "scans/findings.html", {"page": page, "severity": severity, "severities": SEVERITIES})


@tenant_required
def scan_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in Scan.Status.values:
        status = ""
    scans = selectors.scans_of(request.user.tenant, status=status or None).only(
        "id", "url", "mode", "status", "created_at", "finished_at", "findings_count", "severity_counts",
        "progress_done", "progress_total", "functional_results",
    )
    page = Paginator(scans, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "scans/list.html", {"page": page, "status": status, "statuses": Scan.Status.values})


@tenant_required
def scan_new(request: HttpRequest) -> HttpResponse:
    """The new-scan form. A refusal (invalid field, or the plan's quota or features) shows the form
    again with the reason and what was typed, so nothing has to be entered twice."""
    form = NewScanForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            scan = _scan_from_form(request, form)
        except BillingError as refusal:
            form.add_error(None, refusal.message)
            status = refusal.status_code
        else:
            if scan is not None:
                messages.success(request, "Scan queued. This page follows it live.")
                return redirect("scan-detail", scan_id=scan.pk)
    if form.errors and status == 200:
        status = 422
    return render(request, "scans/new.html", {"form": form}, status=status)


def _scan_from_form(request: HttpRequest, form: NewScanForm) -> Scan | None:
    """The plan's refusals first (they raise, as in the API), then the API's validation (its errors go
    on the form, and no scan is made)."""
    payload = form.api_payload()
    services.scan_request_gate(tenant=request.user.tenant, data=payload)
    api_form = ScanCreateSerializer(data=payload)
    if not api_form.is_valid():
        form.add_api_errors(api_form.errors)
        return None
    return services.scan_create(tenant=request.user.tenant, data=api_form.validated_data, user=request.user)


@tenant_required
def scan_detail(request: HttpRequest, scan_id: str) -> HttpResponse:
    scan = _scan(request, scan_id)
    results = selectors.scan_results(scan)
    functional = selectors.functional_reports(scan, image_url=dashboard_image_url) if scan.includes_functional else {}
    severity = request.GET.get("severity", "")
    findings = [f for f in results["findings"] if not severity or f["severity"] == severity]
    context = {
        "scan": scan,
        "results": results,
        "outcomes": selectors.task_outcomes(results["tasks"]),
        "functional": functional,
        "findings": findings,
        "chart": mark_safe(severity_bars(results["summary"]["open_by_severity"])),  # markup built from counts
        "severity": severity,
        "severities": selectors.SEVERITIES,
        "formats": list(exports.FORMATS),
        "reasons": vocabulary.choices(Dismissal.Reason.values),
        "status_words": {value: vocabulary.word(value) for value in Scan.Status.values},
    }
    return render(request, "scans/detail.html", context)


@tenant_required
def scan_status_json(request: HttpRequest, scan_id: str) -> JsonResponse:
    """What the scan page polls while the scan runs."""
    return JsonResponse(selectors.scan_status(_scan(request, scan_id)))


@tenant_required
@require_POST
def scan_cancel(request: HttpRequest, scan_id: str) -> HttpResponse:
    scan = _scan(request, scan_id)
    try:
        services.scan_cancel(scan=scan)
        messages.success(request, "Scan cancelled. What it found so far is kept.")
    except services.ScanAlreadyFinished as error:
        messages.error(request, str(error))
    return redirect("scan-detail", scan_id=scan.pk)


@tenant_required
def scan_export(request: HttpRequest, scan_id: str, format_name: str) -> HttpResponse:
    if format_name not in exports.FORMATS:
        raise Http404
    scan = _scan(request, scan_id)
    return export_response(selectors.scan_report(scan), format_name, scan.pk, scan=scan)


@tenant_required
def scan_image(request: HttpRequest, scan_id: str, name: str) -> FileResponse:
    path = image_path(_scan(request, scan_id), name)
    if path is None or not path.is_file():
        raise Http404
    return FileResponse(path.open("rb"), content_type="image/png")


def dashboard_image_url(scan: Scan, name: str) -> str:
    return reverse("scan-image", args=[scan.pk, name])


@tenant_required
@require_POST
def finding_dismiss(request: HttpRequest, finding_id: str) -> HttpResponse:
    finding = get_object_or_404(Finding.objects.select_related("scan"), pk=finding_id, tenant=request.user.tenant)
    reason = request.POST.get("reason", "")
    if reason not in Dismissal.Reason.values:
        messages.error(request, "Choose why the finding is dismissed.")
    else:
        services.finding_dismiss(finding=finding, reason=reason, note=request.POST.get("note", "")[:2000], by=request.user.email)
        messages.success(request, f"Dismissed “{finding.title}”; later scans of this target keep it dismissed.")
    return redirect("scan-detail", scan_id=finding.scan_id)
