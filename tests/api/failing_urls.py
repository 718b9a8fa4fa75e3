"""A URLconf with views that fail on purpose, for the 500 envelope tests."""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from rest_framework.decorators import api_view
from rest_framework.request import Request


@api_view(["GET"])
def boom(request: Request) -> HttpResponse:
    raise RuntimeError("secret-internal-detail")


def plain_boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("secret-internal-detail")


urlpatterns = [
    path("api/v1/boom", boom),
    path("api/v1/plain-boom", plain_boom),
    path("", include("nat_site.urls")),
]

handler500 = "nat_site.api.errors.handler500"
