"""Opaque bearer tokens from the token endpoint, and the shop's permission classes."""
from __future__ import annotations

import time
from typing import TYPE_CHECKING

from rest_framework import authentication, exceptions, permissions

from tests.targets.drf_shop.models import Token, User

if TYPE_CHECKING:
    from rest_framework.request import Request
    from rest_framework.views import APIView


class OpaqueTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[User, Token] | None:
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if not header.lower().startswith("bearer "):
            return None
        key = header[7:].strip()
        token = Token.objects.select_related("user").filter(key=key).first()
        if token is None or token.expires < time.time():
            raise exceptions.AuthenticationFailed("Invalid or expired token.")
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="shop"'


class IsAuthenticated(permissions.BasePermission):
    def has_permission(self, request: Request, view: APIView) -> bool:
        return request.user is not None


class IsAdmin(permissions.BasePermission):
    def has_permission(self, request: Request, view: APIView) -> bool:
        return request.user is not None and request.user.role == "admin"


class AllowAny(permissions.BasePermission):
    def has_permission(self, request: Request, view: APIView) -> bool:
        return True
