"""The plans NAT sells, as data. `NAT_PLANS` in settings may override any field of any plan."""
from __future__ import annotations

import json
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING, Any

from django.conf import settings

from accounts.plan_names import ENTERPRISE, FREE, PLAN_LABELS, PRO, SELF_HOSTED, TEAM

if TYPE_CHECKING:
    from accounts.models import Tenant

SELLABLE_PLANS = (FREE, PRO, TEAM, ENTERPRISE)
PAID_PLANS = (PRO, TEAM, ENTERPRISE)


@dataclass(frozen=True, slots=True)
class Plan:
    """Limits of one plan; `None` means unlimited."""

    name: str
    label: str
    functional_scans: int | None
    security_scans: int | None
    api_specs: int | None
    requests_per_minute: int | None
    security_scans_enabled: bool
    extended_wcag_profiles: bool
    """WCAG 2.2 AA and Section 508 profiles."""
    webhooks: bool


DEFAULT_PLANS: dict[str, Plan] = {
    FREE: Plan(FREE, PLAN_LABELS[FREE], 50, 0, 1, 10, False, False, False),
    PRO: Plan(PRO, PLAN_LABELS[PRO], 500, 100, 5, 60, True, False, True),
    TEAM: Plan(TEAM, PLAN_LABELS[TEAM], 2000, 500, None, 200, True, True, True),
    ENTERPRISE: Plan(ENTERPRISE, PLAN_LABELS[ENTERPRISE], None, None, None, 1000, True, True, True),
    SELF_HOSTED: Plan(SELF_HOSTED, PLAN_LABELS[SELF_HOSTED], None, None, None, None, True, True, True),
}
OVERRIDABLE_FIELDS = frozenset(field.name for field in fields(Plan)) - {"name"}


class PlanConfigurationError(ValueError):
    """`NAT_PLANS` names a plan or a field that does not exist."""


def plan_overrides(raw: str) -> dict[str, dict[str, Any]]:
    """Parse the `NAT_PLANS` environment variable: a JSON object such as `{"pro": {"security_scans": 200}}`."""
    if not raw.strip():
        return {}
    try:
        overrides = json.loads(raw)
    except json.JSONDecodeError as error:
        raise PlanConfigurationError(f"NAT_PLANS is not valid JSON: {error}") from None
    if not isinstance(overrides, dict):
        raise PlanConfigurationError("NAT_PLANS must be a JSON object of plan name → fields")
    for name, values in overrides.items():
        if name not in DEFAULT_PLANS:
            raise PlanConfigurationError(f"NAT_PLANS: unknown plan {name!r} (known: {', '.join(DEFAULT_PLANS)})")
        if not isinstance(values, dict):
            raise PlanConfigurationError(f"NAT_PLANS[{name!r}] must be an object of field → value")
        unknown = set(values) - OVERRIDABLE_FIELDS
        if unknown:
            raise PlanConfigurationError(
                f"NAT_PLANS[{name!r}]: unknown field {min(unknown)!r} (known: {', '.join(sorted(OVERRIDABLE_FIELDS))})"
            )
    return overrides


def get_plan(name: str) -> Plan:
    """The plan called `name`, with any overrides from `settings.NAT_PLANS` applied."""
    overrides = getattr(settings, "NAT_PLANS", {}).get(name, {})
    return replace(DEFAULT_PLANS[name], **overrides)


def effective_plan(tenant: Tenant) -> Plan:
    """The plan whose limits apply to `tenant`: every tenant of a self-hosted server is self-hosted."""
    if settings.NAT_MODE == "self_hosted":
        return get_plan(SELF_HOSTED)
    return get_plan(tenant.plan if tenant.plan in DEFAULT_PLANS else FREE)


def cheapest_plan_with(feature: str) -> Plan | None:
    """The first sellable plan that has `feature` (a boolean field of Plan), for upgrade hints."""
    return next((get_plan(name) for name in SELLABLE_PLANS if getattr(get_plan(name), feature)), None)
