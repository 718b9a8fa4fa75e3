"""The dashboard's new-scan form. It only collects input: the API's serializer validates it, so the
dashboard and the API accept exactly the same scans."""
from __future__ import annotations

import base64
import json
from typing import Any

from django import forms

from scans.engine.config import AUTH_TYPES, SECRET_KEY_WORDS
from scans.models import Scan

AUTH_CHOICES = [(name, name) for name in AUTH_TYPES]
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


class NewScanForm(forms.Form):
    url = forms.CharField(label="Target URL", max_length=2000, widget=forms.URLInput(attrs={"placeholder": "https://staging.api.example.com"}))
    mode = forms.ChoiceField(choices=Scan.Mode.choices, initial="security",
                             help_text="Security: the OWASP API Top 10. Functional: pages in a real browser (visual, accessibility, performance) and contract tests. Full: both.")
    spec_file = forms.FileField(label="API description file", required=False, help_text="OpenAPI 3 or Swagger 2, JSON or YAML.")
    spec_url = forms.CharField(label="…or its URL", max_length=2000, required=False)
    auth_type = forms.ChoiceField(label="Authentication", choices=AUTH_CHOICES, initial="none")
    token = forms.CharField(required=False, label="Bearer token", widget=forms.PasswordInput(render_value=False))
    header_name = forms.CharField(required=False, label="Header name")
    header_value = forms.CharField(required=False, label="Header value", widget=forms.PasswordInput(render_value=False))
    username = forms.CharField(required=False)
    password = forms.CharField(required=False, widget=forms.PasswordInput(render_value=False))
    login_url = forms.CharField(required=False, label="Login URL")
    login_body = forms.CharField(required=False, label="Login body (JSON)", widget=LoginBodyTextarea(attrs={"rows": 2}))
    token_path = forms.CharField(required=False, label="Token path", help_text="Where the token is in the login response, e.g. data.access_token")
    secondary_token = forms.CharField(
        required=False, label="Second identity's bearer token", widget=forms.PasswordInput(render_value=False),
        help_text="A second user's token lets NAT test one user reaching another's data (BOLA).",
    )
    concurrency = forms.IntegerField(initial=5, required=False)
    timeout = forms.IntegerField(label="Timeout (s)", initial=30, required=False)
    rate_limit = forms.FloatField(label="Requests per second", required=False)
    max_requests = forms.IntegerField(label="Request budget", required=False)
    max_duration = forms.IntegerField(label="Time budget (s)", required=False)
    exclude = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text="One per line: /admin/* or DELETE:/users/{id}")
    allow_destructive = forms.BooleanField(required=False, label="Allow destructive requests on objects the scan did not create")

    def clean_spec_file(self) -> Any:
        upload = self.cleaned_data.get("spec_file")
        if upload and upload.size > MAX_SPEC_UPLOAD:
            raise forms.ValidationError("The file is larger than 20 MB.")
        return upload

    def clean_login_body(self) -> Any:
        text = self.cleaned_data.get("login_body", "").strip()
        if not text:
            return None
        try:
            value = json.loads(text)
        except json.JSONDecodeError:
            raise forms.ValidationError("Not valid JSON.") from None
        if not isinstance(value, dict):
            raise forms.ValidationError("Must be a JSON object.")
        return value

    def api_payload(self) -> dict[str, Any]:
        """The same body a client would POST to /api/v1/scan."""
        data = self.cleaned_data
        payload: dict[str, Any] = {"url": data["url"], "mode": data["mode"]}
        if data.get("spec_file"):
            payload["spec_content"] = base64.b64encode(data["spec_file"].read()).decode()
        elif data.get("spec_url"):
            payload["spec_url"] = data["spec_url"]
        auth_fields = ("token", "header_name", "header_value", "username", "password", "login_url", "login_body", "token_path")
        if data["auth_type"] != "none":
            payload["auth"] = {"type": data["auth_type"], **{k: data[k] for k in auth_fields if data.get(k)}}
        if data.get("secondary_token"):
            payload["auth_secondary"] = {"type": "bearer", "token": data["secondary_token"]}
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
        for name, messages in errors.items():
            field = {"spec_content": "spec_file", "auth": "auth_type"}.get(name, name)
            if isinstance(messages, dict):
                for sub, sub_messages in messages.items():
                    target = sub if sub in self.fields else ("auth_type" if name.startswith("auth") else None)
                    self.add_error(target, f"{sub}: {_first(sub_messages)}")
            else:
                self.add_error(field if field in self.fields else None, _first(messages))


def _first(messages: Any) -> str:
    if isinstance(messages, (list, tuple)) and messages:
        return _first(messages[0])
    if isinstance(messages, dict):
        return "; ".join(f"{k}: {_first(v)}" for k, v in messages.items())
    return str(messages)
