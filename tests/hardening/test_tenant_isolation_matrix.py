"""Tenant B, with a valid key and a logged-in session, walks every route of the URLconf aimed at
tenant A's objects: each answers 404 (or 403/405) and no body carries any of A's data.

Routes are read from the URLconf, so a new endpoint is walked without anyone listing it; one whose
path parameter the matrix cannot fill fails the test until it is taught how.
"""
from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from accounts.models import ApiKey
from scans import exports
from scans.models import Dismissal, Scan
from tests.hardening.seed import TenantObjects, seed_tenant_objects

pytestmark = pytest.mark.django_db

PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
METHODS = ("get", "post", "put", "patch", "delete")
HIDDEN = {403, 404, 405}
"""What B may get for A's object: not found, forbidden, or a method the route never serves."""
PUBLIC = {
    "login/", "logout/", "signup/", "password-reset/", "password-reset/sent/", "password-reset/done/",
    "password-reset/<uidb64>/<token>/", "api/v1/health", "api/v1/openapi.json", "api/docs",
    "api/v1/billing/webhook", "api/v1/billing/sync-tenant",
}
"""Routes that hold no tenant's objects: the anonymous pages, the signed webhook and the service
endpoint (authenticated by Stripe's signature and the service token, not by a tenant's key)."""


@dataclass(frozen=True)
class Route:
    template: str
    """The route as the URLconf spells it, e.g. `api/v1/scan/<str:scan_id>/results`."""
    methods: tuple[str, ...]

    @property
    def parameters(self) -> list[str]:
        return [match["name"] for match in PARAMETER.finditer(self.template)]

    @property
    def is_api(self) -> bool:
        return self.template.startswith("api/")


def _methods(callback: object) -> tuple[str, ...]:
    """A DRF view's methods; a Django view is tried with GET and POST (its decorators refuse the rest)."""
    view_class = getattr(callback, "cls", None)
    if view_class is not None:
        return tuple(m for m in METHODS if hasattr(view_class, m))
    return ("get", "post")


def walk(patterns: list, prefix: str = "") -> Iterator[Route]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and not route.startswith("^"):
            yield Route(template=route, methods=_methods(pattern.callback))


def all_routes() -> list[Route]:
    """Every route of the URLconf except the regex catch-alls (which answer 404 for anything)."""
    return [route for route in walk(get_resolver().url_patterns) if "^" not in route.template]


def fillings(route: Route, victim: TenantObjects) -> list[dict[str, str]]:
    """Every way to aim `route` at the victim's objects."""
    scans = [victim.security_scan.pk, victim.full_scan.pk, victim.running_scan.pk]
    values = {
        "scan_id": scans,
        "finding_id": [victim.finding.pk, victim.dismissed_finding.pk],
        "key_id": [str(key) for key in victim.spare_key_ids],
        "format_name": list(exports.FORMATS),
    }
    names = route.parameters
    if names == ["scan_id", "name"]:
        return [{"scan_id": victim.full_scan.pk, "name": victim.image_name}]
    unknown = [name for name in names if name not in values]
    assert not unknown, f"{route.template}: teach the isolation matrix how to aim <{unknown[0]}> at another tenant"
    return [dict(zip(names, combo, strict=True)) for combo in itertools.product(*(values[name] for name in names))]


def fill(template: str, values: dict[str, str]) -> str:
    return "/" + PARAMETER.sub(lambda match: str(values[match["name"]]), template)


def victim_traces(victim: TenantObjects) -> list[str]:
    """Strings that only appear in a body that carries the victim's data."""
    return [victim.tenant.pk, victim.marker, victim.finding.fingerprint, victim.image_name,
            *ApiKey.objects.filter(tenant=victim.tenant).values_list("prefix", flat=True)]


@pytest.fixture
def victim(account, settings, tmp_path) -> TenantObjects:
    settings.MEDIA_ROOT = tmp_path / "media"
    return seed_tenant_objects(account.tenant)


@pytest.fixture
def intruder_session(other_account) -> Client:
    client = Client()
    client.force_login(other_account.user)
    return client


def send(client: Client, method: str, path: str, *, api: bool) -> HttpResponse:
    body = {"reason": "false_positive", "note": "mine now"} if "dismiss" in path else {}
    if api:
        return getattr(client, method)(path, body, format="json")
    return getattr(client, method)(path, body)


def test_every_route_hides_another_tenants_objects(victim, other_account, intruder_session):
    traces = victim_traces(victim)
    walked = []
    for route in all_routes():
        if route.template in PUBLIC:
            continue
        client = other_account.client if route.is_api else intruder_session
        aimed = fillings(route, victim) if route.parameters else [{}]
        for values in aimed:
            path = fill(route.template, values)
            for method in route.methods:
                response = send(client, method, path, api=route.is_api)
                body = b"".join(response.streaming_content) if response.streaming else response.content
                text = body.decode(errors="replace")
                leaked = [trace for trace in traces if trace in text]
                assert not leaked, f"{method.upper()} {path} leaks {leaked}: {text[:300]}"
                if route.parameters:
                    assert response.status_code in HIDDEN, f"{method.upper()} {path} answered {response.status_code}"
                else:
                    assert response.status_code < 500 or response.status_code == 503, f"{method.upper()} {path}"
                walked.append((method, route.template))
    templates = {template for _, template in walked}
    assert {"api/v1/scan/<str:scan_id>/images/<str:name>", "scans/<str:scan_id>/export/<str:format_name>/",
            "api/v1/usage", "settings/billing/", "api/v1/keys/<int:key_id>/rotate"} <= templates
    assert len(walked) > 100
    victim.running_scan.refresh_from_db()
    assert victim.running_scan.status == Scan.Status.RUNNING, "B cancelled A's scan"
    assert Dismissal.objects.filter(tenant=victim.tenant).count() == 1, "B dismissed A's finding"
    assert not ApiKey.objects.filter(tenant=victim.tenant, revoked_at__isnull=False).exists(), "B revoked A's key"


def test_the_matrix_reaches_the_victims_objects_when_the_victim_asks(victim, account):
    """The same aimed requests succeed for the owner: the matrix is aimed at real objects."""
    owner = account.client
    for path in (f"/api/v1/scan/{victim.security_scan.pk}/results", f"/api/v1/scan/{victim.full_scan.pk}/accessibility",
                 f"/api/v1/scan/{victim.full_scan.pk}/images/{victim.image_name}"):
        assert owner.get(path).status_code == 200, path
    session = Client()
    session.force_login(account.user)
    assert victim.marker in session.get(f"/scans/{victim.security_scan.pk}/").content.decode()
    assert victim.marker in owner.get("/api/v1/scans").content.decode()
