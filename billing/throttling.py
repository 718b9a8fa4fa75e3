"""Which window an API request counts in: its tenant's (a valid X-API-Key) under the plan's limit, or,
in SaaS mode, its client address's under the limit for requests without a valid key."""
from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest

from accounts.authentication import request_api_key
from billing.errors import RateLimitExceeded
from billing.plans import effective_plan
from billing.ratelimit import RateLimitDecision, rate_limit_hit


@dataclass(frozen=True, slots=True)
class CountedRequest:
    """A request counted in its window, and what its limit is called in a refusal."""

    decision: RateLimitDecision
    limit_name: str

    def refusal(self) -> RateLimitExceeded:
        retry_after = self.decision.retry_after
        return RateLimitExceeded(
            f"Rate limit of {self.decision.limit} requests per minute {self.limit_name} exceeded. "
            f"Retry after {retry_after} seconds.",
            headers={"Retry-After": str(retry_after)},
            retry_after=retry_after,
        )


def client_address(request: HttpRequest) -> str:
    """The caller's address: the one the proxy appended last to X-Forwarded-For when NAT runs behind one
    (NAT_BEHIND_PROXY), else the connection's."""
    forwarded = request.headers.get("X-Forwarded-For", "") if settings.NAT_BEHIND_PROXY else ""
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    return hops[-1] if hops else request.META.get("REMOTE_ADDR", "")


def request_count(request: HttpRequest) -> CountedRequest | None:
    """Count an API request in its window; None when nothing limits it (no plan limit, or self-hosted
    mode without a valid key)."""
    key = request_api_key(request)
    if key is not None:
        plan = effective_plan(key.tenant)
        window, limit, name = f"tenant:{key.tenant_id}", plan.requests_per_minute, f"on the {plan.label} plan"
    elif settings.NAT_MODE == "saas":
        window, limit = f"address:{client_address(request)}", settings.NAT_ANONYMOUS_REQUESTS_PER_MINUTE
        name = "without a valid API key from one address"
    else:
        return None
    if limit is None:
        return None
    return CountedRequest(rate_limit_hit(key=window, limit=limit), name)
