"""Billing's HTTP wiring: rate-limit headers on API responses, refusals shown on dashboard pages.

X-RateLimit-Limit, -Remaining and -Reset are on every response to a request that was counted.
A request is counted when it carries a valid API key and its plan has a rate limit, so the headers
are on its success and error responses alike (429 included). Requests without a tenant (health,
webhooks, a missing or unknown key) and unlimited plans (self-hosted mode) have nothing to report
and carry no such headers.
"""
from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from billing.errors import BillingError
from billing.ratelimit import RateLimitDecision
from billing.throttling import REQUEST_ATTRIBUTE


class RateLimitHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        decision: RateLimitDecision | None = getattr(request, REQUEST_ATTRIBUTE, None)
        if decision is not None:
            for name, value in decision.headers().items():
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
