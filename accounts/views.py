"""Server-rendered account pages: sign-up and Settings → API Keys."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.decorators import tenant_required
from accounts.forms import ApiKeyForm, SignupForm
from accounts.models import ApiKey
from accounts.services import IssuedKey, api_key_create, api_key_revoke, api_key_rotate, tenant_signup


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("dashboard")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = tenant_signup(
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password"],
            organisation=form.cleaned_data["organisation"],
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Welcome to NAT. Create an API key to start scanning.")
        return redirect("api-keys")
    return render(request, "accounts/signup.html", {"form": form})


def _keys_page(request: HttpRequest, *, issued: IssuedKey | None = None, form: ApiKeyForm | None = None) -> HttpResponse:
    context = {
        "keys": ApiKey.objects.filter(tenant=request.user.tenant).select_related("created_by"),
        "form": form or ApiKeyForm(),
        "issued": issued,
    }
    return render(request, "accounts/api_keys.html", context, status=201 if issued else 200)


@tenant_required
def api_keys(request: HttpRequest) -> HttpResponse:
    """List keys; a POST creates one and shows its full value on this response only."""
    if request.method != "POST":
        return _keys_page(request)
    form = ApiKeyForm(request.POST)
    if not form.is_valid():
        return _keys_page(request, form=form)
    issued = api_key_create(tenant=request.user.tenant, name=form.cleaned_data["name"], created_by=request.user)
    return _keys_page(request, issued=issued)


@tenant_required
@require_POST
def api_key_revoke_view(request: HttpRequest, key_id: int) -> HttpResponse:
    key = get_object_or_404(ApiKey, pk=key_id, tenant=request.user.tenant)
    api_key_revoke(key=key)
    messages.success(request, f"Key “{key.name}” ({key.prefix}…) is revoked. It stopped working at once.")
    return redirect("api-keys")


@tenant_required
@require_POST
def api_key_rotate_view(request: HttpRequest, key_id: int) -> HttpResponse:
    key = get_object_or_404(ApiKey, pk=key_id, tenant=request.user.tenant, revoked_at__isnull=True)
    issued = api_key_rotate(key=key, by=request.user)
    messages.success(request, f"Key {key.prefix}… was rotated and no longer works. Use the new key below.")
    return _keys_page(request, issued=issued)
