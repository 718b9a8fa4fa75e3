"""`GET /api/v1/health`: unauthenticated liveness for monitors and load balancers."""
from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response


@extend_schema(
    auth=[],
    responses=inline_serializer("Health", {"status": serializers.CharField()}),
    summary="Liveness check (no API key needed)",
)
@api_view(["GET"])
@authentication_classes([])
@permission_classes([AllowAny])
def health(request: Request) -> Response:
    return Response({"status": "ok"})
