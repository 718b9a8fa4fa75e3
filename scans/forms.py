"""The dashboard's new-scan form. It only collects input: the API's serializer validates it, so the
dashboard and the API accept exactly the same scans."""
from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms

from scans import vocabulary
from scans.engine.config import AUTH_TYPES, SECRET_KEY_WORDS
from scans.models import Scan

MAX_SPEC_UPLOAD = 20 * 1024 * 1024


def _blank_secrets(body: dict[str, Any]) -> dict[str, Any]:
    return {
        key: _blank_secrets(value) if isinstance(value, dict)
        else "" if any(word in str(key).lower() for word in SECRET_KEY_WORDS) else value
        for key, value in body.items()
    }


class LoginBodyTextarea(forms.Textarea):
    """A refused form shows the login body again with its secret values blanked, as a password field
    is never shown again: the error page must not carry the credential back."""

    def format_value(self, value: Any) -> str | None:
        text = super().format_value(value)
        if not text:
            return text
        try:
            body = json.loads(text)
        except ValueError:
            return None
        return json.dumps(_blank_secrets(body)) if isinstance(body, dict) else None


AUTH_TYPE_LABELS = {
    "none": "None",
    "bearer": "Bearer token",
    "header": "API key in a header",
    "basic": "Basic (user name and password)",
    "oauth2": "OAuth2 client credentials",
    "login": "Log in with a user name and password",
}
AUTH_CHOICES = [(name, AUTH_TYPE_LABELS[name]) for name in AUTH_TYPES]
"""Every auth type the engine knows, for both identities."""


@dataclass(frozen=True, slots=True)
class AuthInput:
    """One credential input of an identity: its name in the API's `auth` object, the auth types that
    read it (the form shows it for those only), and how to make its form field."""

    name: str
    types: tuple[str, ...]
    field: Callable[[], forms.Field]


def _secret(label: str, **extra: Any) -> Callable[[], forms.Field]:
    return lambda: forms.CharField(required=False, label=label, widget=forms.PasswordInput(render_value=False), **extra)


def _text(label: str, **extra: Any) -> Callable[[], forms.Field]:
    return lambda: forms.CharField(required=False, label=label, **extra)


AUTH_INPUTS = (
    AuthInput("token", ("bearer",), _secret("Bearer token", help_text="Sent as Authorization: Bearer …")),
    AuthInput("header_name", ("header",), _text("Header name", widget=forms.TextInput(attrs={"placeholder": "X-API-Key"}))),
    AuthInput("header_value", ("header",), _secret("Header value")),
    AuthInput("username", ("basic", "login"), _text("User name", help_text="Or the email address the API logs in with.")),
    AuthInput("password", ("basic", "login"), _secret("Password")),
    AuthInput("login_url", ("login",), _text(
        "Login URL", help_text="Where to POST the user name and password. Leave empty to use the API description's login operation.")),
    AuthInput("token_path", ("login",), _text(
        "Where the token is in the answer (e.g. data.token)", help_text="Leave empty to let NAT find it.")),
    AuthInput("login_body", ("login",), lambda: forms.CharField(
        required=False, label="Login body (JSON)", widget=LoginBodyTextarea(attrs={"rows": 2}),
        help_text="Only if the login needs more than a user name and password: the whole JSON body to POST.")),
    AuthInput("oauth2_token_url", ("oauth2",), _text("Token URL")),
    AuthInput("oauth2_client_id", ("oauth2",), _text("Client ID")),
    AuthInput("oauth2_client_secret", ("oauth2",), _secret("Client secret")),
    AuthInput("oauth2_scope", ("oauth2",), _text("Scope", help_text="Optional, space-separated.")),
)
IDENTITIES = (("auth", ""), ("auth_secondary", "secondary_"))
"""Each identity's key in the API body and the prefix of its form fields."""


class NewScanForm(forms.Form):
    url = forms.CharField(label="Target URL", max_length=2000, widget=forms.URLInput(attrs={"placeholder": "https://staging.api.example.com"}))
    mode = forms.ChoiceField(choices=vocabulary.choices(Scan.Mode.values), initial="security",
                             help_text="Security: the OWASP API Top 10. Functional: pages in a real browser "
                                       "(visual, accessibility, performance) and contract tests. Full: both.")
    spec_file = forms.FileField(label="API description file", required=False, help_text="OpenAPI 3 or Swagger 2, JSON or YAML.")
    spec_url = forms.CharField(label="…or its URL", max_length=2000, required=False)
    concurrency = forms.IntegerField(initial=5, required=False)
    timeout = forms.IntegerField(label="Timeout (s)", initial=30, required=False)
    rate_limit = forms.FloatField(label="Requests per second", required=False)
    max_requests = forms.IntegerField(label="Request budget", required=False)
    max_duration = forms.IntegerField(label="Time budget (s)", required=False)
    exclude = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}),
                              help_text="One per line: /admin/* or DELETE:/users/{id}")
    allow_destructive = forms.BooleanField(required=False, label="Allow destructive requests on objects the scan did not create")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for _, prefix in IDENTITIES:
            self.fields[f"{prefix}auth_type"] = forms.ChoiceField(
                label="Authentication", choices=AUTH_CHOICES, initial="none", required=False,
                widget=forms.Select(attrs={"data-auth-select": ""}))
            for item in AUTH_INPUTS:
                self.fields[prefix + item.name] = item.field()

    def identity_inputs(self, prefix: str) -> list[tuple[forms.BoundField, str]]:
        """An identity's inputs with the auth types that use them (space-separated), in order."""
        return [(self[prefix + item.name], " ".join(item.types)) for item in AUTH_INPUTS]

    @property
    def primary_inputs(self) -> list[tuple[forms.BoundField, str]]:
        return self.identity_inputs("")

    @property
    def secondary_inputs(self) -> list[tuple[forms.BoundField, str]]:
        return self.identity_inputs("secondary_")

    def clean_spec_file(self) -> Any:
        upload = self.cleaned_data.get("spec_file")
        if upload and upload.size > MAX_SPEC_UPLOAD:
            raise forms.ValidationError("The file is larger than 20 MB.")
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for _, prefix in IDENTITIES:
            chosen = data.get(f"{prefix}auth_type") or "none"
            data[f"{prefix}auth_type"] = chosen
            if chosen == "none" and any(data.get(prefix + item.name) for item in AUTH_INPUTS):
                self.add_error(f"{prefix}auth_type", "Choose how this identity authenticates, or clear its fields.")
            body = f"{prefix}login_body"
            if chosen == "login" and body in data:
                try:
                    data[body] = _login_body(data[body])
                except forms.ValidationError as error:
                    self.add_error(body, error)
        return data

    def api_payload(self) -> dict[str, Any]:
        """The same body a client would POST to /api/v1/scan: each identity with the inputs of its
        chosen auth type only."""
        data = self.cleaned_data
        payload: dict[str, Any] = {"url": data["url"], "mode": data["mode"]}
        if data.get("spec_file"):
            payload["spec_content"] = base64.b64encode(data["spec_file"].read()).decode()
        elif data.get("spec_url"):
            payload["spec_url"] = data["spec_url"]
        for key, prefix in IDENTITIES:
            chosen = data[f"{prefix}auth_type"]
            if chosen != "none":
                payload[key] = {"type": chosen, **{
                    item.name: data[prefix + item.name] for item in AUTH_INPUTS
                    if chosen in item.types and data.get(prefix + item.name)
                }}
        options = {k: data[k] for k in ("concurrency", "timeout", "rate_limit", "max_requests", "max_duration") if data.get(k) is not None}
        excludes = [line.strip() for line in data.get("exclude", "").splitlines() if line.strip()]
        if excludes:
            options["exclude"] = excludes
        if data.get("allow_destructive"):
            options["allow_destructive"] = True
        payload["options"] = options
        return payload

    def add_api_errors(self, errors: dict[str, Any]) -> None:
        """Show the serializer's errors beside the matching form fields."""
        prefixes = dict(IDENTITIES)
        for name, messages in errors.items():
            if name in prefixes and isinstance(messages, dict):
                prefix = prefixes[name]
                for sub, sub_messages in messages.items():
                    target = prefix + sub if prefix + sub in self.fields else f"{prefix}auth_type"
                    self.add_error(target, _first(sub_messages))
                continue
            field = {"spec_content": "spec_file"}.get(name, name)
            self.add_error(field if field in self.fields else None, _first(messages))


def _login_body(text: str) -> dict[str, Any] | None:
    text = text.strip()
    if not text:
        return None
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        raise forms.ValidationError("Not valid JSON.") from None
    if not isinstance(value, dict):
        raise forms.ValidationError("Must be a JSON object.")
    return value


def _first(messages: Any) -> str:
    if isinstance(messages, (list, tuple)) and messages:
        return _first(messages[0])
    if isinstance(messages, dict):
        return "; ".join(f"{k}: {_first(v)}" for k, v in messages.items())
    return str(messages)
