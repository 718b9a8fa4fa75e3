"""`/scan/{id}/functional-results`, `/visual-regression`, `/accessibility`, `/performance` and the
report images they link to."""
from __future__ import annotations

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from nat_site.api.errors import ApiError
from scans import selectors
from scans.api.schemas import AccessibilityReport, FunctionalResults, PerformanceReport, VisualReport
from scans.api.views import tenant_scan
from scans.functional_phase import image_path
from scans.models import Scan, Task


def functional_scan(request: Request, scan_id: str) -> Scan:
    scan = tenant_scan(request, scan_id)
    if not scan.includes_functional:
        raise ApiError(
            status_code=409, code="NOT_A_FUNCTIONAL_SCAN",
            message=f"Scan {scan.pk} is a security scan: functional results exist only for scans started "
                    "with mode 'functional' or 'full'.",
        )
    return scan


def _sub_report(request: Request, scan_id: str, name: str) -> Response:
    scan = functional_scan(request, scan_id)
    return Response({"scan_id": scan.pk, "status": scan.status, name: selectors.functional_reports(scan)[name]})


@extend_schema(responses=FunctionalResults, summary="All functional results of a scan")
@api_view(["GET"])
def functional_results(request: Request, scan_id: str) -> Response:
    scan = functional_scan(request, scan_id)
    tasks = scan.tasks.filter(agent__in=("functional", "contract"))
    return Response({
        "scan_id": scan.pk,
        "status": scan.status,
        "passed": tasks.filter(outcome__in=Task.PASSING).count(),
        "failed": tasks.exclude(outcome__in=Task.PASSING).count(),
        "total": tasks.count(),
        **selectors.functional_reports(scan),
    })


@extend_schema(responses=VisualReport, summary="Visual regression: comparisons with before/after/diff images")
@api_view(["GET"])
def visual_regression(request: Request, scan_id: str) -> Response:
    return _sub_report(request, scan_id, "visual_regression")


@extend_schema(responses=AccessibilityReport, summary="Accessibility: WCAG violations and compliance scores")
@api_view(["GET"])
def accessibility(request: Request, scan_id: str) -> Response:
    return _sub_report(request, scan_id, "accessibility")


@extend_schema(responses=PerformanceReport, summary="Performance: Core Web Vitals and scores per page")
@api_view(["GET"])
def performance(request: Request, scan_id: str) -> Response:
    return _sub_report(request, scan_id, "performance")


@extend_schema(responses={(200, "image/png"): OpenApiTypes.BINARY}, summary="A report image (PNG)")
@api_view(["GET"])
def scan_image(request: Request, scan_id: str, name: str) -> FileResponse:
    path = image_path(functional_scan(request, scan_id), name)
    if path is None or not path.is_file():
        raise ApiError(status_code=404, code="NOT_FOUND", message=f"Scan {scan_id} has no image {name}.")
    response = FileResponse(path.open("rb"), content_type="image/png")
    response["Cache-Control"] = "private, max-age=3600"
    return response
