"""Response shapes of the usage and billing API, for NAT's published OpenAPI schema (responses are
built by billing's services; these serializers only describe them)."""
from __future__ import annotations

from rest_framework import serializers

from billing.models import QuotaType


class Usage(serializers.Serializer):
    plan = serializers.CharField(help_text="free, pro, team, enterprise, or self_hosted on a self-hosted server.")
    functional_scans_used = serializers.IntegerField()
    functional_scans_limit = serializers.IntegerField(allow_null=True, help_text="null is unlimited.")
    security_scans_used = serializers.IntegerField()
    security_scans_limit = serializers.IntegerField(
        allow_null=True, help_text="null is unlimited; 0 is not on the plan.",
    )
    scans_used = serializers.IntegerField(help_text="Alias of functional_scans_used.")
    scans_limit = serializers.IntegerField(allow_null=True, help_text="Alias of functional_scans_limit.")
    scans_remaining = serializers.IntegerField(allow_null=True, help_text="Functional scans left this period.")
    security_scan_count = serializers.IntegerField(help_text="Alias of security_scans_used.")
    monthly_security_scan_quota = serializers.IntegerField(allow_null=True, help_text="Alias of security_scans_limit.")
    security_scans_remaining = serializers.IntegerField(allow_null=True)
    approaching_limit = serializers.BooleanField(help_text="A quota is within 20% of its limit.")
    period_start = serializers.DateTimeField()
    quota_reset_date = serializers.DateTimeField(help_text="End of the billing period, when quotas reset.")


class UsageAlert(serializers.Serializer):
    type = serializers.ChoiceField(choices=QuotaType.choices)
    threshold = serializers.ChoiceField(choices=[80, 100], help_text="Percent of the quota crossed.")
    used = serializers.IntegerField()
    limit = serializers.IntegerField()
    period_start = serializers.DateTimeField()
    quota_reset_date = serializers.DateTimeField()
    raised_at = serializers.DateTimeField()


class UsageAlerts(serializers.Serializer):
    alerts = UsageAlert(many=True)


class CheckoutStarted(serializers.Serializer):
    checkout_url = serializers.URLField(help_text="Stripe-hosted page: Checkout, or the portal for a paying tenant.")


class PortalOpened(serializers.Serializer):
    portal_url = serializers.URLField()


class WebhookReceived(serializers.Serializer):
    received = serializers.BooleanField()
    event_id = serializers.CharField()
    duplicate = serializers.BooleanField(help_text="The event id was handled before and not applied again.")
    plan = serializers.CharField(allow_null=True, help_text="The plan the event left its tenant on, if it named one.")


class TenantProvisioned(serializers.Serializer):
    tenant_id = serializers.CharField(help_text="The provisioning service's id for the tenant.")
    nat_tenant_id = serializers.CharField()
    email = serializers.EmailField()
    plan = serializers.CharField()
    api_key = serializers.CharField(help_text="Shown once: NAT stores only its hash.")
