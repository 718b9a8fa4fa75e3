"""View decorators for the dashboard."""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from accounts.models import Tenant


def tenant_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Logged-in users only; a user made outside sign-up (e.g. createsuperuser) gets a tenant here."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if user.tenant_id is None:
            user.tenant = Tenant.objects.create(name=user.email.split("@", 1)[0])
            user.save(update_fields=["tenant"])
        return view(request, *args, **kwargs)

    return wrapper
