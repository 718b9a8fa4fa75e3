"""`{% approaching_limit_alert tenant %}`: the dashboard's warning when a quota is within 20% of its limit."""
from __future__ import annotations

from django import template

from accounts.models import Tenant
from billing.usage import usage_report

register = template.Library()


@register.inclusion_tag("billing/approaching_limit.html")
def approaching_limit_alert(tenant: Tenant) -> dict[str, object]:
    report = usage_report(tenant)
    return {"report": report, "quotas": [quota for quota in report.quotas if quota.approaching]}
