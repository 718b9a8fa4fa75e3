"""DRF throttle: every API request made with a key counts against its tenant's plan limit."""
from __future__ import annotations

from typing import Any

from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from billing.errors import RateLimitExceeded
from billing.plans import effective_plan
from billing.ratelimit import rate_limit_hit

REQUEST_ATTRIBUTE = "nat_rate_limit"
"""Where the decision is left on the Django request for RateLimitHeadersMiddleware."""


class PlanRateThrottle(BaseThrottle):
    """Counts the request in the tenant's window; over the limit it raises 429 RATE_LIMIT_EXCEEDED."""

    def allow_request(self, request: Request, view: Any) -> bool:
        tenant = getattr(request.user, "tenant", None)
        if tenant is None:
            return True
        plan = effective_plan(tenant)
        decision = rate_limit_hit(key=f"tenant:{tenant.pk}", plan=plan)
        if decision is None:
            return True
        setattr(request._request, REQUEST_ATTRIBUTE, decision)
        if not decision.allowed:
            raise RateLimitExceeded(
                f"Rate limit of {decision.limit} requests per minute on the {plan.label} plan exceeded. "
                f"Retry after {decision.retry_after} seconds.",
                headers={"Retry-After": str(decision.retry_after)},
                retry_after=decision.retry_after,
            )
        return True
