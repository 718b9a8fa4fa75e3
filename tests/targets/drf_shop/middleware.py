"""What the shop does for every answer, in both modes unless a flag says otherwise: security
headers, a plain Server banner, throttled sign-ups and reports, and a body size limit."""
from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

from tests.targets.throttle import TokenBucket, Window

MAX_BODY = 1024 * 1024
SIGNUPS = Window(limit=8, seconds=3.0)
REPORTS = TokenBucket(capacity=10, rate=1.0)


class ShopMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self._refusal(request) or self.get_response(request)
        client = request.META.get("REMOTE_ADDR", "")
        if request.path == "/api/users/" and request.method == "POST" and response.status_code == 201:
            SIGNUPS.record(client)
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "no-store"
        response["Server"] = "shop"
        return response

    def _refusal(self, request: HttpRequest) -> HttpResponse | None:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
        if length > MAX_BODY and "no_body_limit" not in settings.NAT_FLAWS:
            request.META["wsgi.input"].read(length)
            return JsonResponse({"detail": "Request body too large."}, status=413)
        client = request.META.get("REMOTE_ADDR", "")
        if request.path == "/api/users/" and request.method == "POST" and SIGNUPS.full(client):
            return _throttled("Too many sign-ups.")
        if request.path == "/api/reports/sales/" and not REPORTS.allow(client):
            return _throttled("Reports are rate limited.")
        return None


def _throttled(message: str) -> HttpResponse:
    response = JsonResponse({"detail": message}, status=429)
    response["Retry-After"] = "1"
    return response
