"""Plans are data: the SPEC's table by default, overridable (NAT_PLANS), self-hosted unlimited."""
from __future__ import annotations

import pytest

from billing.plans import (
    DEFAULT_PLANS,
    PlanConfigurationError,
    effective_plan,
    get_plan,
    plan_overrides,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "functional", "security", "specs", "per_minute"),
    [("free", 50, 0, 1, 10), ("pro", 500, 100, 5, 60), ("team", 2000, 500, None, 200),
     ("enterprise", None, None, None, 1000), ("self_hosted", None, None, None, None)],
)
def test_defaults_are_the_spec_table(name, functional, security, specs, per_minute):
    plan = DEFAULT_PLANS[name]
    assert (plan.functional_scans, plan.security_scans, plan.api_specs, plan.requests_per_minute) == (
        functional, security, specs, per_minute)


def test_security_scans_start_at_pro_and_extended_wcag_profiles_at_team():
    assert [n for n, p in DEFAULT_PLANS.items() if not p.security_scans_enabled] == ["free"]
    assert [n for n, p in DEFAULT_PLANS.items() if p.extended_wcag_profiles] == ["team", "enterprise", "self_hosted"]


def test_settings_override_any_field(settings):
    settings.NAT_PLANS = {"pro": {"security_scans": 7, "requests_per_minute": 5}}
    assert (get_plan("pro").security_scans, get_plan("pro").requests_per_minute) == (7, 5)
    assert get_plan("team") == DEFAULT_PLANS["team"]


def test_nat_plans_environment_json_is_parsed_and_checked():
    assert plan_overrides('{"free": {"functional_scans": 3}}') == {"free": {"functional_scans": 3}}
    assert plan_overrides("  ") == {}
    for raw, fragment in [("{", "not valid JSON"), ('["pro"]', "JSON object"), ('{"gold": {}}', "unknown plan 'gold'"),
                          ('{"pro": {"scans": 1}}', "unknown field 'scans'"), ('{"pro": 3}', "must be an object")]:
        with pytest.raises(PlanConfigurationError, match=fragment):
            plan_overrides(raw)


def test_self_hosted_mode_makes_every_tenant_unlimited(account, settings):
    account.tenant.plan = "free"
    settings.NAT_MODE = "self_hosted"
    assert effective_plan(account.tenant).name == "self_hosted"
    settings.NAT_MODE = "saas"
    assert effective_plan(account.tenant).name == "free"
