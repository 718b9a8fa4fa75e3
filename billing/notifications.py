"""E-mails billing sends: usage alerts, and the API key after a tenant's first successful checkout."""
from __future__ import annotations

import logging
from collections.abc import Sequence

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string

from accounts.models import Tenant
from billing.models import QuotaType, UsageAlert

logger = logging.getLogger("nat.billing")


def tenant_recipients(tenant: Tenant) -> list[str]:
    return list(tenant.users.filter(is_active=True).order_by("date_joined").values_list("email", flat=True))


def usage_alerts_notify(*, tenant: Tenant, alerts: Sequence[UsageAlert]) -> None:
    """Tell the tenant's users a quota crossed 80% or 100%; a mail failure is logged, never raised."""
    recipients = tenant_recipients(tenant)
    if not recipients:
        return
    for alert in alerts:
        label = QuotaType(alert.quota).label.lower()
        subject = f"NAT: {alert.threshold}% of your {label} used this billing period"
        body = render_to_string("billing/email/usage_alert.txt", {"alert": alert, "label": label, "tenant": tenant})
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
        except OSError:
            logger.exception("could not e-mail usage alert %s to tenant %s", alert.pk, tenant.pk)


def api_key_email(*, tenant: Tenant, recipient: str, plaintext_key: str, plan_label: str) -> None:
    """Send the key issued after the first successful checkout (the only time it is shown)."""
    body = render_to_string(
        "billing/email/api_key.txt", {"tenant": tenant, "key": plaintext_key, "plan_label": plan_label},
    )
    try:
        send_mail("Your NAT API key", body, settings.DEFAULT_FROM_EMAIL, [recipient])
    except OSError:
        logger.exception("could not e-mail the API key of tenant %s", tenant.pk)
