"""`/scan`, `/security-scan`, `/scan/{id}`, `/scan/{id}/cancel`, `/scan/{id}/results`, `/scans`."""
from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from nat_site.api.errors import ApiError
from scans import selectors, services
from scans.api.schemas import ScanAccepted, ScanList, ScanResults, ScanStatus
from scans.api.serializers import ScanCreateSerializer
from scans.models import Scan

MAX_PER_PAGE = 100
MAX_PAGE = 1_000_000
"""Beyond it the offset would overflow the database's integers (a 500 rather than an empty page)."""


def tenant_scan(request: Request, scan_id: str, *, fields: tuple[str, ...] = ()) -> Scan:
    """The caller's scan (only `fields` loaded, when given), or 404 NOT_FOUND (another tenant's scan
    does not exist for them)."""
    scans = Scan.objects.filter(pk=scan_id, tenant_id=request.user.tenant.pk).order_by()  # one row by its key
    scan = next(iter(scans.only(*fields) if fields else scans), None)
    if scan is None:
        raise ApiError(status_code=404, code="NOT_FOUND", message=f"No scan found with ID {scan_id}.")
    return scan


def _create(request: Request, *, force_mode: str | None = None) -> Response:
    data = request.data
    if force_mode and isinstance(data, dict):
        data = {**data, "mode": force_mode}
    services.scan_request_gate(tenant=request.user.tenant, data=data)
    form = ScanCreateSerializer(data=data)
    form.is_valid(raise_exception=True)
    scan = services.scan_create(tenant=request.user.tenant, data=form.validated_data, api_key=request.auth)
    return Response(
        {"scan_id": scan.pk, "status": scan.status, "created_at": selectors.iso(scan.created_at)}, status=202,
    )


@extend_schema(request=ScanCreateSerializer, responses={202: ScanAccepted}, summary="Start a scan")
@api_view(["POST"])
def scan_create(request: Request) -> Response:
    return _create(request)


@extend_schema(request=ScanCreateSerializer, responses={202: ScanAccepted}, summary="Start a security scan")
@api_view(["POST"])
def security_scan_create(request: Request) -> Response:
    return _create(request, force_mode=Scan.Mode.SECURITY)


@extend_schema(responses=ScanStatus, summary="Status and progress of a scan")
@api_view(["GET"])
def scan_detail(request: Request, scan_id: str) -> Response:
    return Response(selectors.scan_status(tenant_scan(request, scan_id, fields=selectors.STATUS_FIELDS)))


@extend_schema(request=None, responses=ScanStatus, summary="Cancel a queued or running scan")
@api_view(["POST"])
def scan_cancel(request: Request, scan_id: str) -> Response:
    scan = tenant_scan(request, scan_id)
    try:
        services.scan_cancel(scan=scan)
    except services.ScanAlreadyFinished as error:
        raise ApiError(status_code=409, code="SCAN_ALREADY_FINISHED", message=str(error)) from None
    return Response(selectors.scan_status(scan))


@extend_schema(responses=ScanResults, summary="Results: summary, tasks, findings, functional reports")
@api_view(["GET"])
def scan_results(request: Request, scan_id: str) -> Response:
    return Response(selectors.scan_results(tenant_scan(request, scan_id)))


class ScanListQuery(serializers.Serializer):
    page = serializers.IntegerField(min_value=1, max_value=MAX_PAGE, default=1)
    per_page = serializers.IntegerField(min_value=1, max_value=MAX_PER_PAGE, default=20)
    status = serializers.ChoiceField(choices=Scan.Status.choices, required=False)


@extend_schema(parameters=[ScanListQuery], responses=ScanList, summary="List scans, newest first")
@api_view(["GET"])
def scan_list(request: Request) -> Response:
    query = ScanListQuery(data=request.query_params)
    query.is_valid(raise_exception=True)
    page, per_page = query.validated_data["page"], query.validated_data["per_page"]
    scans = selectors.scans_of(request.user.tenant, status=query.validated_data.get("status"))
    window = scans[(page - 1) * per_page : page * per_page]
    return Response(
        {
            "scans": [selectors.scan_status(scan) for scan in window],
            "total": scans.count(),
            "page": page,
            "per_page": per_page,
        }
    )
