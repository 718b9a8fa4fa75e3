"""DRF authentication by the `X-API-Key` header, and nothing else."""
from __future__ import annotations

from dataclasses import dataclass

from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.request import Request

from accounts.models import ApiKey, Tenant
from accounts.services import api_key_authenticate

HEADER = "X-API-Key"


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
        key = api_key_authenticate(raw)
        if key is None:
            raise exceptions.AuthenticationFailed("The API key provided is invalid or has been revoked.")
        return ApiPrincipal(tenant=key.tenant), key

    def authenticate_header(self, request: Request) -> str:
        return f'ApiKey header="{HEADER}"'
