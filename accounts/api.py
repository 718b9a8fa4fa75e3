"""`/api/v1/keys`: list, create, revoke and rotate the calling tenant's API keys."""
from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import ApiKey
from accounts.serializers import ApiKeyCreateSerializer, ApiKeySerializer, IssuedKeySerializer
from accounts.services import IssuedKey, api_key_create, api_key_revoke, api_key_rotate


def _issued(issued: IssuedKey) -> dict[str, object]:
    data = dict(ApiKeySerializer(issued.key).data)
    data["key"] = issued.plaintext
    return data


@extend_schema(methods=["GET"], responses=ApiKeySerializer(many=True), summary="List API keys")
@extend_schema(
    methods=["POST"], request=ApiKeyCreateSerializer, responses={201: IssuedKeySerializer},
    summary="Create an API key (the full key is in this response only)",
)
@api_view(["GET", "POST"])
def keys(request: Request) -> Response:
    tenant = request.user.tenant
    if request.method == "GET":
        return Response(ApiKeySerializer(ApiKey.objects.filter(tenant=tenant), many=True).data)
    form = ApiKeyCreateSerializer(data=request.data)
    form.is_valid(raise_exception=True)
    return Response(_issued(api_key_create(tenant=tenant, name=form.validated_data["name"])), status=201)


@extend_schema(request=None, responses=ApiKeySerializer, summary="Revoke an API key at once")
@api_view(["POST"])
def key_revoke(request: Request, key_id: int) -> Response:
    key = get_object_or_404(ApiKey, pk=key_id, tenant=request.user.tenant)
    api_key_revoke(key=key)
    key.refresh_from_db()
    return Response(ApiKeySerializer(key).data)


@extend_schema(request=None, responses={201: IssuedKeySerializer}, summary="Rotate an API key")
@api_view(["POST"])
def key_rotate(request: Request, key_id: int) -> Response:
    key = get_object_or_404(ApiKey, pk=key_id, tenant=request.user.tenant, revoked_at__isnull=True)
    return Response(_issued(api_key_rotate(key=key)), status=201)
