"""`/api/v1/usage`, `/usage/alerts` and `/billing/*`: HTTP in, a billing service call, JSON out."""
from __future__ import annotations

import hmac

from django.conf import settings
from django.core.validators import RegexValidator
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import (
    api_view,
    authentication_classes,
    parser_classes,
    permission_classes,
)
from rest_framework.parsers import JSONParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import Tenant
from billing.checkout import checkout_start, portal_open
from billing.errors import (
    BillingValidationError,
    InvalidServiceToken,
    ServiceEndpointDisabled,
)
from billing.notifications import tenant_recipients
from billing.plans import FREE, SELLABLE_PLANS
from billing.provisioning import tenant_provision
from billing.schemas import (
    CheckoutStarted,
    PortalOpened,
    TenantProvisioned,
    Usage,
    UsageAlerts,
    WebhookReceived,
)
from billing.stripe_api import stripe_config
from billing.usage import alert_as_api, alerts_of, usage_report
from billing.webhooks import webhook_event, webhook_handle
from nat_site.api.fields import StringField

SERVICE_TOKEN_HEADER = "X-Service-Token"


def _billing_email(request: Request, tenant: Tenant) -> str:
    creator = getattr(request.auth, "created_by", None)
    return creator.email if creator else next(iter(tenant_recipients(tenant)), "")


def _dashboard_url(request: Request, query: str) -> str:
    return request.build_absolute_uri(reverse("billing-settings")) + query


class CheckoutRequest(serializers.Serializer):
    plan = serializers.ChoiceField(choices=SELLABLE_PLANS)
    success_url = serializers.URLField(required=False, max_length=2000)
    cancel_url = serializers.URLField(required=False, max_length=2000)


class PortalRequest(serializers.Serializer):
    return_url = serializers.URLField(required=False, max_length=2000)


class SyncTenantRequest(serializers.Serializer):
    tenant_id = StringField(max_length=120, validators=[RegexValidator(r"^[A-Za-z0-9_.:@-]+$")])
    email = serializers.EmailField(max_length=254)
    name = StringField(required=False, allow_blank=True, max_length=120)
    plan = serializers.ChoiceField(choices=SELLABLE_PLANS, default=FREE)


@extend_schema(responses=Usage, summary="Usage and quotas of the current billing period (unlimited is null)")
@api_view(["GET"])
def usage(request: Request) -> Response:
    return Response(usage_report(request.user.tenant).as_api())


@extend_schema(responses=UsageAlerts, summary="Usage alerts: a quota crossed 80% or 100%, newest first")
@api_view(["GET"])
def usage_alerts(request: Request) -> Response:
    return Response({"alerts": [alert_as_api(alert) for alert in alerts_of(request.user.tenant)]})


@extend_schema(
    request=CheckoutRequest,
    responses=CheckoutStarted,
    summary="Start a Stripe Checkout for a plan (409 when that plan is already active)",
)
@api_view(["POST"])
def billing_checkout(request: Request) -> Response:
    stripe_config()
    form = CheckoutRequest(data=request.data)
    form.is_valid(raise_exception=True)
    tenant = request.user.tenant
    url = checkout_start(
        tenant=tenant,
        plan=form.validated_data["plan"],
        email=_billing_email(request, tenant),
        success_url=form.validated_data.get("success_url") or _dashboard_url(request, "?checkout=success"),
        cancel_url=form.validated_data.get("cancel_url") or _dashboard_url(request, "?checkout=cancelled"),
    )
    return Response({"checkout_url": url})


@extend_schema(
    request=PortalRequest,
    responses=PortalOpened,
    summary="Open the Stripe customer portal (plan, payment method, invoices, cancellation)",
)
@api_view(["POST"])
def billing_portal(request: Request) -> Response:
    stripe_config()
    form = PortalRequest(data=request.data)
    form.is_valid(raise_exception=True)
    tenant = request.user.tenant
    url = portal_open(
        tenant=tenant,
        email=_billing_email(request, tenant),
        return_url=form.validated_data.get("return_url") or _dashboard_url(request, ""),
    )
    return Response({"portal_url": url})


@extend_schema(
    auth=[], request=None,
    responses=WebhookReceived,
    summary="Stripe webhook (Stripe-Signature verified; each event id applied once)",
)
@api_view(["POST"])
@authentication_classes([])
@permission_classes([AllowAny])
@parser_classes([])
def billing_webhook(request: Request) -> Response:
    config = stripe_config()
    event = webhook_event(config, payload=request.body, signature=request.headers.get("Stripe-Signature", ""))
    outcome = webhook_handle(config, event)
    return Response(
        {"received": True, "event_id": outcome.event_id, "duplicate": outcome.duplicate, "plan": outcome.plan}
    )


def _service_authenticate(request: Request) -> None:
    expected = settings.NAT_SERVICE_TOKEN
    if not expected:
        raise ServiceEndpointDisabled(
            f"No API endpoint at {request.path}: service endpoints are disabled on this server "
            "(NAT_SERVICE_TOKEN is unset)."
        )
    given = request.headers.get(SERVICE_TOKEN_HEADER, "")
    if not given or not hmac.compare_digest(given.encode(), expected.encode()):
        raise InvalidServiceToken(f"A valid {SERVICE_TOKEN_HEADER} header is required for this endpoint.")


@extend_schema(
    auth=[], request=SyncTenantRequest,
    responses={201: TenantProvisioned},
    summary="Provision a tenant and return its API key (service-authenticated with X-Service-Token)",
)
@api_view(["POST"])
@authentication_classes([])
@permission_classes([AllowAny])
@parser_classes([JSONParser])
def billing_sync_tenant(request: Request) -> Response:
    _service_authenticate(request)
    stripe_config()
    body = request.data if isinstance(request.data, dict) else {}
    missing = [name for name in ("tenant_id", "email") if not str(body.get(name) or "").strip()]
    if missing:
        names = " and ".join(f"'{name}'" for name in missing)
        raise BillingValidationError(
            f"Field{'s' if len(missing) > 1 else ''} {names} {'are' if len(missing) > 1 else 'is'} required.",
            fields={name: ["This field is required."] for name in missing},
        )
    form = SyncTenantRequest(data=body)
    form.is_valid(raise_exception=True)
    data = form.validated_data
    provisioned = tenant_provision(
        external_id=data["tenant_id"], email=data["email"], name=data.get("name", ""), plan=data["plan"],
    )
    return Response(
        {
            "tenant_id": provisioned.tenant.external_id,
            "nat_tenant_id": provisioned.tenant.pk,
            "email": provisioned.user.email,
            "plan": provisioned.tenant.plan,
            "api_key": provisioned.api_key,
        },
        status=201,
    )
