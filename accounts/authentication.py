"""DRF authentication by the `X-API-Key` header, and nothing else."""
from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.request import Request

from accounts.models import ApiKey, Tenant
from accounts.services import api_key_authenticate

HEADER = "X-API-Key"
REQUEST_KEY_ATTRIBUTE = "nat_api_key"
"""Where the request's key, once looked up, is kept on the Django request."""


def request_api_key(request: HttpRequest) -> ApiKey | None:
    """The active key in the request's X-API-Key header, looked up once per request (the rate limit
    and authentication both need it)."""
    if not hasattr(request, REQUEST_KEY_ATTRIBUTE):
        raw = request.headers.get(HEADER, "").strip()
        setattr(request, REQUEST_KEY_ATTRIBUTE, api_key_authenticate(raw) if raw else None)
    return getattr(request, REQUEST_KEY_ATTRIBUTE)


@dataclass(frozen=True, slots=True)
class ApiPrincipal:
    """`request.user` for API calls: the tenant the key belongs to."""

    tenant: Tenant
    is_authenticated: bool = True
    is_active: bool = True

    @property
    def pk(self) -> str:
        return self.tenant.pk


class ApiKeyAuthentication(BaseAuthentication):
    """Authenticates `X-API-Key: nat_pk_…`; the key's tenant scopes everything the request touches."""

    def authenticate(self, request: Request) -> tuple[ApiPrincipal, ApiKey]:
        raw = request.headers.get(HEADER, "").strip()
        if not raw:
            if request.headers.get("Authorization", "").lower().startswith("bearer "):
                raise exceptions.NotAuthenticated(
                    "NAT authenticates with the X-API-Key header, not Authorization: Bearer. "
                    "Send your key as 'X-API-Key: nat_pk_…'."
                )
            raise exceptions.NotAuthenticated("Missing API key: send it in the X-API-Key header.")
        key = request_api_key(request._request)
        if key is None:
            raise exceptions.AuthenticationFailed("The API key provided is invalid or has been revoked.")
        return ApiPrincipal(tenant=key.tenant), key

    def authenticate_header(self, request: Request) -> str:
        return f'ApiKey header="{HEADER}"'
