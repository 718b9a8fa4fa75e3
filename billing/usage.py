"""Reads of usage: the tenant's current billing period, what it has used and what its plan allows."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.utils import timezone

from accounts.models import Tenant
from billing.models import BillingAccount, QuotaType, UsageAlert, UsagePeriod
from billing.periods import Period, calendar_month, subscription_period
from billing.plans import Plan, effective_plan

APPROACHING_SHARE = 0.8
"""`approaching_limit` is true once this share of a quota is used (within 20% of it)."""
ALERT_THRESHOLDS = (80, 100)
ENTITLED_STATUSES = frozenset({"active", "trialing"})
"""Subscription statuses that give the tenant its paid plan; any other status falls back to Free."""


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def billing_period(tenant: Tenant, now: datetime | None = None) -> Period:
    """The period usage counts in: the Stripe subscription's while it is entitled, else the UTC month."""
    now = now or timezone.now()
    if settings.NAT_MODE == "self_hosted":
        return calendar_month(now)
    account = BillingAccount.objects.filter(tenant=tenant).only(
        "subscription_status", "current_period_start", "current_period_end",
    ).first()
    if (
        account is not None
        and account.subscription_status in ENTITLED_STATUSES
        and account.current_period_start is not None
        and account.current_period_end is not None
    ):
        return subscription_period(now, start=account.current_period_start, end=account.current_period_end)
    return calendar_month(now)


def quota_limit(plan: Plan, quota: str) -> int | None:
    """What `plan` allows of `quota` per period; a plan without security scans allows 0 of them."""
    if quota == QuotaType.SECURITY:
        return plan.security_scans if plan.security_scans_enabled else 0
    return plan.functional_scans


@dataclass(frozen=True, slots=True)
class QuotaUsage:
    """One quota in one period; `limit` None is unlimited."""

    quota: str
    used: int
    limit: int | None

    @property
    def label(self) -> str:
        return QuotaType(self.quota).label

    @property
    def remaining(self) -> int | None:
        return None if self.limit is None else max(self.limit - self.used, 0)

    @property
    def approaching(self) -> bool:
        return bool(self.limit) and self.used >= self.limit * APPROACHING_SHARE

    @property
    def exhausted(self) -> bool:
        return self.limit is not None and self.used >= self.limit

    @property
    def percent(self) -> int:
        """Share used, 0–100, for progress bars."""
        if not self.limit:
            return 0
        return min(round(self.used * 100 / self.limit), 100)


@dataclass(frozen=True, slots=True)
class UsageReport:
    """A tenant's usage in its current billing period."""

    plan: Plan
    period: Period
    functional: QuotaUsage
    security: QuotaUsage

    @property
    def approaching_limit(self) -> bool:
        return self.functional.approaching or self.security.approaching

    @property
    def quotas(self) -> tuple[QuotaUsage, QuotaUsage]:
        return self.functional, self.security

    def as_api(self) -> dict[str, object]:
        """The body of GET /usage: the SPEC's fields and their aliases (`scans_*` are the functional ones)."""
        return {
            "plan": self.plan.name,
            "functional_scans_used": self.functional.used,
            "functional_scans_limit": self.functional.limit,
            "security_scans_used": self.security.used,
            "security_scans_limit": self.security.limit,
            "scans_used": self.functional.used,
            "scans_limit": self.functional.limit,
            "scans_remaining": self.functional.remaining,
            "security_scan_count": self.security.used,
            "monthly_security_scan_quota": self.security.limit,
            "security_scans_remaining": self.security.remaining,
            "approaching_limit": self.approaching_limit,
            "period_start": iso(self.period.start),
            "quota_reset_date": iso(self.period.end),
        }


def usage_report(tenant: Tenant, now: datetime | None = None) -> UsageReport:
    plan = effective_plan(tenant)
    period = billing_period(tenant, now)
    row = UsagePeriod.objects.filter(tenant=tenant, period_start=period.start).first()
    functional_used = row.functional_scans_used if row else 0
    security_used = row.security_scans_used if row else 0
    return UsageReport(
        plan=plan,
        period=period,
        functional=QuotaUsage(QuotaType.FUNCTIONAL, functional_used, quota_limit(plan, QuotaType.FUNCTIONAL)),
        security=QuotaUsage(QuotaType.SECURITY, security_used, quota_limit(plan, QuotaType.SECURITY)),
    )


def alert_as_api(alert: UsageAlert) -> dict[str, object]:
    return {
        "type": alert.quota,
        "threshold": alert.threshold,
        "used": alert.used,
        "limit": alert.limit,
        "period_start": iso(alert.period_start),
        "quota_reset_date": iso(alert.period_end),
        "raised_at": iso(alert.raised_at),
    }


def alerts_of(tenant: Tenant, *, limit: int = 100) -> list[UsageAlert]:
    """The tenant's usage alerts, newest first."""
    return list(UsageAlert.objects.filter(tenant=tenant)[:limit])
