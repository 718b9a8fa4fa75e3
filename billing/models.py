"""What billing stores: usage per billing period, usage alerts, the Stripe link, webhook receipts and
rate-limit windows. Stripe's own objects (customers, subscriptions, prices, events) are mirrored by
dj-stripe in its tables."""
from __future__ import annotations

from django.db import models
from django.utils import timezone

from accounts.models import Tenant


class QuotaType(models.TextChoices):
    FUNCTIONAL = "functional_scans", "Functional scans"
    SECURITY = "security_scans", "Security scans"


class UsagePeriod(models.Model):
    """Scans a tenant started in one billing period; the row is locked while a scan is counted."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="usage_periods")
    period_start = models.DateTimeField()
    period_end = models.DateTimeField()
    functional_scans_used = models.PositiveIntegerField(default=0)
    security_scans_used = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tenant", "period_start"], name="billing_usage_one_row_per_period"),
        ]
        ordering = ["-period_start"]

    def __str__(self) -> str:
        return f"{self.tenant_id} from {self.period_start:%Y-%m-%d}"


class UsageAlert(models.Model):
    """Raised once per period and quota when usage crosses 80% and again at 100%."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="usage_alerts")
    period_start = models.DateTimeField()
    period_end = models.DateTimeField()
    quota = models.CharField(max_length=20, choices=QuotaType.choices)
    threshold = models.PositiveSmallIntegerField(help_text="Percent of the quota: 80 or 100.")
    used = models.PositiveIntegerField()
    limit = models.PositiveIntegerField()
    raised_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "period_start", "quota", "threshold"], name="billing_alert_once_per_period",
            )
        ]
        ordering = ["-raised_at", "-id"]

    def __str__(self) -> str:
        return f"{self.tenant_id} {self.quota} {self.threshold}%"


class BillingAccount(models.Model):
    """A tenant's link to Stripe: its customer, its current subscription and that subscription's period."""

    tenant = models.OneToOneField(Tenant, on_delete=models.CASCADE, related_name="billing_account")
    stripe_customer_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    stripe_subscription_id = models.CharField(max_length=255, blank=True, default="")
    subscription_status = models.CharField(max_length=40, blank=True, default="")
    current_period_start = models.DateTimeField(null=True, blank=True)
    current_period_end = models.DateTimeField(null=True, blank=True)
    api_key_emailed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the API key was e-mailed after the first successful checkout.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.tenant_id} ↔ {self.stripe_customer_id or 'no customer'}"


class WebhookReceipt(models.Model):
    """One row per Stripe event id NAT has handled: a replay of the same event is answered, not re-applied."""

    event_id = models.CharField(max_length=255, primary_key=True)
    event_type = models.CharField(max_length=250)
    event_created = models.IntegerField()
    tenant = models.ForeignKey(Tenant, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    received_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.event_type} {self.event_id}"


class RateLimitWindow(models.Model):
    """Requests of one tenant in the current fixed window, for the database cache.

    Django's DatabaseCache increments by read-then-write, which loses counts between processes; this
    table is incremented by one atomic upsert instead. With Redis the cache's INCR is used.
    """

    key = models.CharField(max_length=120, primary_key=True)
    window_start = models.BigIntegerField()
    hits = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key}: {self.hits} since {self.window_start}"
