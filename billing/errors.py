"""Typed refusals of billing: each carries its SPEC code, HTTP status and extra envelope fields.

`nat_site.api.errors.exception_handler` turns them into the error envelope; the dashboard shows
their message.
"""
from __future__ import annotations

from typing import Any


class BillingError(Exception):
    """Base of every billing refusal."""

    status_code = 400
    code = "INVALID_REQUEST"
    log_as_warning = False
    """A server answering as configured (not a failure): logged as one WARNING line, not an ERROR."""

    def __init__(self, message: str, *, headers: dict[str, str] | None = None, **extra: Any) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra
        self.headers = headers or {}


class QuotaExceeded(BillingError):
    """The monthly quota of a scan type is used up; `quota_reset_date` says when it comes back."""

    status_code = 402
    code = "QUOTA_EXCEEDED"


class FeatureNotAvailable(BillingError):
    """The tenant's plan lacks the feature (security scans on Free, WCAG 2.2 / Section 508 below Team)."""

    status_code = 402
    code = "FEATURE_NOT_AVAILABLE"


class RateLimitExceeded(BillingError):
    """Too many API requests in the current minute for the plan."""

    status_code = 429
    code = "RATE_LIMIT_EXCEEDED"


class StripeNotConfigured(BillingError):
    """Billing was asked for, but the Stripe settings it needs are missing."""

    status_code = 503
    code = "STRIPE_NOT_CONFIGURED"
    log_as_warning = True


class PlanAlreadyActive(BillingError):
    """Checkout for the plan the tenant already has; the portal manages it."""

    status_code = 409
    code = "PLAN_ALREADY_ACTIVE"


class TenantAlreadyExists(BillingError):
    """sync-tenant for a tenant (or an e-mail address) that is already provisioned."""

    status_code = 409
    code = "TENANT_ALREADY_EXISTS"


class InvalidWebhookSignature(BillingError):
    """A webhook whose Stripe-Signature does not verify against STRIPE_WEBHOOK_SECRET."""

    status_code = 400
    code = "INVALID_SIGNATURE"


class InvalidServiceToken(BillingError):
    """A service endpoint called without the right X-Service-Token."""

    status_code = 401
    code = "UNAUTHORIZED"


class ServiceEndpointDisabled(BillingError):
    """A service endpoint on a server without NAT_SERVICE_TOKEN: it does not exist there (README)."""

    status_code = 404
    code = "NOT_FOUND"


class BillingValidationError(BillingError):
    """A billing request field is missing or invalid; the message names the field."""

    status_code = 422
    code = "VALIDATION_ERROR"


class StripeUnavailable(BillingError):
    """Stripe's API could not be reached or answered with an error."""

    status_code = 502
    code = "STRIPE_ERROR"
