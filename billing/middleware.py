"""Billing's HTTP wiring: the API rate limit, refusals shown on dashboard pages.

Every request under /api/ is counted before its view runs, in the window of its tenant (a valid
X-API-Key, under the plan's limit) or, in SaaS mode, of its client address (no key, or a key that is
unknown or revoked). Its response carries X-RateLimit-Limit, -Remaining and -Reset, whatever it is:
a success, an error (401, 404, 422…), or the 429 RATE_LIMIT_EXCEEDED answered instead of the view once
over the limit. A request nothing limits (self-hosted mode without a plan limit) carries none.
"""
from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from billing.errors import BillingError
from billing.throttling import request_count
from nat_site.api.errors import (
    BACKING_SERVICE_ERRORS,
    billing_error_response,
    service_unavailable,
)


class RateLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not (request.path.startswith("/api/") or request.path == "/api"):
            return self.get_response(request)
        try:
            counted = request_count(request)
        except BACKING_SERVICE_ERRORS as error:
            return service_unavailable("rate limit", error)
        if counted is None:
            return self.get_response(request)
        response = self.get_response(request) if counted.decision.allowed else billing_error_response(counted.refusal())
        for name, value in counted.decision.headers().items():
            response.headers[name] = value
        return response


class BillingRefusalMiddleware:
    """A dashboard form refused by billing (quota used up, feature not on the plan) comes back to its
    page with the reason, rather than as a server error. API views answer with the error envelope."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, BillingError) or request.method != "POST" or request.path.startswith("/api/"):
            return None
        messages.error(request, exception.message)
        return HttpResponseRedirect(request.get_full_path(), status=303)
