"""The plans a tenant can be on, by name: the closed set `Tenant.plan` holds. What each plan allows
is billing's (`billing.plans`), which builds on these names; accounts never reads billing."""
from __future__ import annotations

FREE, PRO, TEAM, ENTERPRISE, SELF_HOSTED = "free", "pro", "team", "enterprise", "self_hosted"
PLAN_LABELS = {FREE: "Free", PRO: "Pro", TEAM: "Team", ENTERPRISE: "Enterprise", SELF_HOSTED: "Self-hosted"}
PLAN_CHOICES = list(PLAN_LABELS.items())
