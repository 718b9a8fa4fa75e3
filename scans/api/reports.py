"""`/scan/{id}/export` and `/findings/{id}/dismiss`."""
from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from nat_site.api.errors import ApiError
from nat_site.api.fields import StringField
from scans import exports, selectors, services
from scans.api.schemas import FindingSchema
from scans.api.views import tenant_scan
from scans.models import Dismissal, Finding, Scan

# An exported HTML report holds text from the target: when opened from NAT it runs no script at all.
REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"


EXPORT_RESPONSES = {
    (200, exporter.content_type.split(";")[0]): (
        OpenApiTypes.OBJECT if exporter.content_type.split(";")[0].endswith("json") else OpenApiTypes.STR
    )
    for exporter in exports.FORMATS.values()
}
"""The report's media type follows `format`: JSON documents for json and sarif, text for the others."""


def export_response(report: dict, format_name: str, scan_id: str, *, scan: Scan) -> HttpResponse:
    exporter = exports.FORMATS[format_name]
    if format_name == "html":
        report = selectors.embed_images(report, scan)
    response = HttpResponse(exporter.render(report), content_type=exporter.content_type)
    response["Content-Disposition"] = f'attachment; filename="nat-{scan_id}.{exporter.extension}"'
    response["Content-Security-Policy"] = REPORT_CSP
    response["X-Content-Type-Options"] = "nosniff"
    return response


@extend_schema(
    parameters=[OpenApiParameter("format", str, enum=list(exports.FORMATS), default=exports.DEFAULT_FORMAT)],
    responses=EXPORT_RESPONSES,
    summary="Download a report (html, json, csv, sarif, markdown)",
)
@api_view(["GET"])
def scan_export(request: Request, scan_id: str) -> HttpResponse:
    format_name = request.query_params.get("format", exports.DEFAULT_FORMAT).lower()
    if format_name not in exports.FORMATS:
        raise ApiError(
            status_code=422, code="VALIDATION_ERROR",
            message=f"Field 'format' must be one of {', '.join(exports.FORMATS)}.",
        )
    scan = tenant_scan(request, scan_id)
    return export_response(selectors.scan_report(scan), format_name, scan.pk, scan=scan)


class DismissRequest(serializers.Serializer):
    reason = serializers.ChoiceField(choices=Dismissal.Reason.choices)
    note = StringField(required=False, allow_blank=True, max_length=2000, default="")


@extend_schema(request=DismissRequest, responses=FindingSchema, summary="Dismiss a finding (kept for audit)")
@api_view(["POST"])
def finding_dismiss(request: Request, finding_id: str) -> Response:
    finding = Finding.objects.select_related("scan").filter(pk=finding_id, tenant=request.user.tenant).first()
    if finding is None:
        raise ApiError(status_code=404, code="NOT_FOUND", message=f"No finding found with ID {finding_id}.")
    form = DismissRequest(data=request.data)
    form.is_valid(raise_exception=True)
    dismissal = services.finding_dismiss(
        finding=finding, reason=form.validated_data["reason"], note=form.validated_data["note"],
        by=f"API key {request.auth.prefix}…",
    )
    return Response(selectors.finding_dict(finding, dismissal=dismissal, mark="dismissed"))
