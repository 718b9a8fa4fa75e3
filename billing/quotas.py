"""Checking and counting a new scan against the plan, in one atomic step inside the scan's transaction."""
from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import F

from accounts.models import Tenant
from billing.errors import FeatureNotAvailable, QuotaExceeded
from billing.models import QuotaType, UsageAlert, UsagePeriod
from billing.notifications import usage_alerts_notify
from billing.periods import Period
from billing.plans import Plan, cheapest_plan_with, effective_plan
from billing.usage import ALERT_THRESHOLDS, billing_period, iso, quota_limit

QUOTAS_OF_MODE = {
    "security": (QuotaType.SECURITY,),
    "functional": (QuotaType.FUNCTIONAL,),
    "full": (QuotaType.FUNCTIONAL, QuotaType.SECURITY),
}
"""A `full` scan uses one of each."""
MODES_WITH_ACCESSIBILITY = frozenset({"functional", "full"})
EXTENDED_WCAG_PROFILES = {"wcag22aa": "WCAG 2.2 AA", "section508": "Section 508"}


def _upgrade_hint(feature: str) -> str:
    plan = cheapest_plan_with(feature)
    return f" Upgrade to {plan.label} or above." if plan else ""


def features_check(*, plan: Plan, mode: str, wcag_profile: str | None) -> None:
    """FeatureNotAvailable when the scan asks for what `plan` lacks."""
    if QuotaType.SECURITY in QUOTAS_OF_MODE[mode] and not plan.security_scans_enabled:
        raise FeatureNotAvailable(
            f"Security scans are not available on the {plan.label} plan."
            + _upgrade_hint("security_scans_enabled"),
            feature="security_scans",
            plan=plan.name,
        )
    if mode in MODES_WITH_ACCESSIBILITY and wcag_profile in EXTENDED_WCAG_PROFILES and not plan.extended_wcag_profiles:
        raise FeatureNotAvailable(
            f"The {EXTENDED_WCAG_PROFILES[wcag_profile]} accessibility profile is not available on the "
            f"{plan.label} plan." + _upgrade_hint("extended_wcag_profiles"),
            feature="wcag_profile",
            plan=plan.name,
        )


def plan_gate(*, tenant: Tenant, mode: str, wcag_profile: str | None = None, now: datetime | None = None) -> None:
    """Refuse with 402 what the plan cannot give a new `mode` scan: a feature it lacks, or a quota already
    used up. Counts nothing (`quota_consume` counts), so it can answer before the request is validated."""
    plan = effective_plan(tenant)
    features_check(plan=plan, mode=mode, wcag_profile=wcag_profile)
    limits = {quota: quota_limit(plan, quota) for quota in QUOTAS_OF_MODE[mode]}
    if all(limit is None for limit in limits.values()):
        return
    period = billing_period(tenant, now)
    row = UsagePeriod.objects.filter(tenant=tenant, period_start=period.start).first()
    if row is not None and any(
        limit is not None and getattr(row, f"{quota}_used") >= limit for quota, limit in limits.items()
    ):
        raise _refusal(plan=plan, row=row, period=period, limits=limits)


def _usage_row(tenant: Tenant, period: Period) -> UsagePeriod:
    row, _ = UsagePeriod.objects.get_or_create(
        tenant=tenant, period_start=period.start, defaults={"period_end": period.end},
    )
    return row


def _refusal(*, plan: Plan, row: UsagePeriod, period: Period, limits: dict[str, int | None]) -> QuotaExceeded:
    row.refresh_from_db()
    quota = next(
        q for q, limit in limits.items() if limit is not None and getattr(row, f"{q}_used") >= limit
    )
    label = QuotaType(quota).label.lower()
    return QuotaExceeded(
        f"You have used all {limits[quota]} {label} of the {plan.label} plan for this billing period. "
        f"Quota resets on {period.end:%Y-%m-%d}: upgrade your plan or wait for the reset.",
        quota_reset_date=iso(period.end),
        quota=quota,
        used=getattr(row, f"{quota}_used"),
        limit=limits[quota],
    )


def _raise_alerts(*, tenant: Tenant, row: UsagePeriod, period: Period, limits: dict[str, int | None]) -> None:
    due = []
    for quota, limit in limits.items():
        used = getattr(row, f"{quota}_used")
        due += [
            (quota, threshold, used, limit)
            for threshold in ALERT_THRESHOLDS
            if limit and used * 100 >= limit * threshold
        ]
    if not due:
        return
    raised = set(
        UsageAlert.objects.filter(tenant=tenant, period_start=period.start).values_list("quota", "threshold")
    )
    new = [
        UsageAlert(
            tenant=tenant, period_start=period.start, period_end=period.end,
            quota=quota, threshold=threshold, used=used, limit=limit,
        )
        for quota, threshold, used, limit in due
        if (quota, threshold) not in raised
    ]
    if new:
        UsageAlert.objects.bulk_create(new, ignore_conflicts=True)
        transaction.on_commit(lambda: usage_alerts_notify(tenant=tenant, alerts=new))


@transaction.atomic
def quota_consume(*, tenant: Tenant, mode: str, wcag_profile: str | None = None, now: datetime | None = None) -> None:
    """Check the plan allows a new `mode` scan and count it, or raise and count nothing.

    The count is one conditional UPDATE (`… SET used = used + 1 WHERE used < limit`) on the period's
    usage row: concurrent requests at the edge of a quota queue on the row lock and re-check the
    condition, so no tenant is ever given more scans than its plan allows. A `full` scan bumps both
    counters in that same statement, so it counts one of each or neither.
    """
    plan = effective_plan(tenant)
    features_check(plan=plan, mode=mode, wcag_profile=wcag_profile)
    period = billing_period(tenant, now)
    row = _usage_row(tenant, period)
    quotas = QUOTAS_OF_MODE[mode]
    limits = {quota: quota_limit(plan, quota) for quota in quotas}
    conditions = {f"{quota}_used__lt": limit for quota, limit in limits.items() if limit is not None}
    counted = UsagePeriod.objects.filter(pk=row.pk, **conditions).update(
        **{f"{quota}_used": F(f"{quota}_used") + 1 for quota in quotas}
    )
    if not counted:
        raise _refusal(plan=plan, row=row, period=period, limits=limits)
    if conditions:
        row.refresh_from_db()
        _raise_alerts(tenant=tenant, row=row, period=period, limits=limits)
