"""Validation of the scan-creation body: every field of the SPEC, 422 naming the field when wrong."""
from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.core.validators import RegexValidator
from rest_framework import serializers

from nat_site.api.fields import StringField
from scans.engine.config import AUTH_TYPES
from scans.engine.identity.login_request import login_operation
from scans.engine.netguard import BlockedAddress, check_url_host
from scans.engine.spec import SpecError, decode_base64, load_spec
from scans.models import Scan
from scans.targets import InvalidTargetUrl, check_http_url

SEVERITY_LEVELS = ("critical", "high", "medium", "low")
SUPPORTED_API_TYPES = (Scan.ApiType.REST,)
WCAG_PROFILES = ("wcag21aa", "wcag22aa", "section508")
GRAPHQL_SDL = re.compile(r"^\s*(?:extend\s+)?(?:type|schema|interface|input|enum|union|scalar|directive)\b", re.M)
PROTO = re.compile(r'^\s*(?:syntax\s*=\s*"proto[23]"|service\s+\w+\s*\{|package\s+[\w.]+\s*;)', re.M)
HEADER_NAME = RegexValidator(r"^[A-Za-z0-9!#$%&'*+.^_`|~-]+$", "Not a valid HTTP header name.")
REQUIRED_AUTH_FIELDS = {
    "bearer": ("token",),
    "header": ("header_name", "header_value"),
    "basic": ("username", "password"),
    "oauth2": ("oauth2_token_url", "oauth2_client_id", "oauth2_client_secret"),
}
LOGIN_ONLY_FIELDS = ("login_url", "login_body", "token_path")


class StrictSerializer(serializers.Serializer):
    """Refuses keys it does not know, so a typo (`concurency`) is an error rather than ignored."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({unknown[0]: ["Unknown field."]})
        return super().to_internal_value(data)


class HttpUrlField(StringField):
    def to_internal_value(self, data: Any) -> str:
        text = super().to_internal_value(data)
        try:
            return check_http_url(text)
        except InvalidTargetUrl as error:
            raise serializers.ValidationError(str(error)) from None


class AuthSerializer(StrictSerializer):
    type = serializers.ChoiceField(choices=AUTH_TYPES, default="none")
    token = StringField(required=False, allow_blank=True, trim_whitespace=False)
    header_name = StringField(required=False, max_length=200, validators=[HEADER_NAME])
    header_value = StringField(required=False, allow_blank=True, trim_whitespace=False)
    username = StringField(required=False, allow_blank=True)
    password = StringField(required=False, allow_blank=True, trim_whitespace=False)
    oauth2_token_url = HttpUrlField(required=False)
    oauth2_client_id = StringField(required=False, allow_blank=True)
    oauth2_client_secret = StringField(required=False, allow_blank=True, trim_whitespace=False)
    oauth2_scope = StringField(required=False, allow_blank=True)
    login_url = HttpUrlField(required=False)
    login_body = serializers.DictField(required=False)
    token_path = StringField(required=False, allow_blank=True)
    token_prefix = StringField(required=False, allow_blank=True, trim_whitespace=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        kind = attrs["type"]
        for name in REQUIRED_AUTH_FIELDS.get(kind, ()):
            if not attrs.get(name):
                raise serializers.ValidationError({name: [f"Required when type is '{kind}'."]})
        if kind == "login" and not attrs.get("login_body"):
            for name in ("username", "password"):
                if not attrs.get(name):
                    raise serializers.ValidationError({name: ["Required when type is 'login' without login_body."]})
        if kind != "login":
            for name in LOGIN_ONLY_FIELDS:
                if attrs.get(name):
                    raise serializers.ValidationError({name: [f"Only used when type is 'login', not '{kind}'."]})
        return attrs


class OptionsSerializer(StrictSerializer):
    concurrency = serializers.IntegerField(min_value=1, max_value=50, default=5)
    timeout = serializers.IntegerField(min_value=1, max_value=300, default=30)
    fail_on = serializers.ChoiceField(choices=SEVERITY_LEVELS, required=False)
    exclude = serializers.ListField(child=StringField(max_length=500), required=False, max_length=200)
    rate_limit = serializers.FloatField(min_value=0.1, max_value=10_000, required=False)
    max_requests = serializers.IntegerField(min_value=1, max_value=10_000_000, required=False)
    max_duration = serializers.IntegerField(min_value=1, max_value=7 * 24 * 3600, required=False)
    allow_destructive = serializers.BooleanField(default=False)
    checks = serializers.ListField(child=StringField(max_length=80), required=False, max_length=200)
    pages = serializers.ListField(child=HttpUrlField(max_length=2000), required=False, max_length=100)
    max_pages = serializers.IntegerField(min_value=1, max_value=100, default=10)
    visual_threshold = serializers.FloatField(min_value=0, max_value=100, default=0.5)
    reset_baseline = serializers.BooleanField(default=False)
    wcag_profile = serializers.ChoiceField(choices=WCAG_PROFILES, default="wcag21aa")
    masks = serializers.ListField(child=StringField(max_length=300), required=False, max_length=50)

    def validate_exclude(self, value: Any) -> list[str]:
        return [item.strip() for item in value if item.strip()]

    def validate_checks(self, value: list[str]) -> list[str]:
        from scans.engine.checks.registry import all_checks

        known = {check.name for check in all_checks()}
        unknown = [name for name in value if name not in known]
        if unknown:
            raise serializers.ValidationError(f"unknown check '{unknown[0]}'; known: {', '.join(sorted(known))}")
        return value


class ScanCreateSerializer(StrictSerializer):
    url = HttpUrlField(max_length=2000)
    mode = serializers.ChoiceField(choices=Scan.Mode.choices, default=Scan.Mode.SECURITY)
    spec_url = HttpUrlField(max_length=2000, required=False)
    spec_content = StringField(required=False, trim_whitespace=True)
    api_type = serializers.ChoiceField(choices=Scan.ApiType.choices, required=False)
    auth = AuthSerializer(required=False)
    auth_secondary = AuthSerializer(required=False)
    options = OptionsSerializer(required=False)

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, dict):
            raise serializers.ValidationError({"non_field_errors": ["The body must be a JSON object."]})
        return super().to_internal_value(data)

    def validate_spec_content(self, value: str) -> dict[str, Any]:
        """Decoded and parsed here, so a broken description is refused before a scan is queued."""
        try:
            raw = decode_base64(value)
        except SpecError as error:
            raise serializers.ValidationError(f"not valid base64: {error.message}") from None
        text = raw.decode("utf-8", errors="replace")
        if PROTO.search(text) and "openapi" not in text[:2000] and "swagger" not in text[:2000]:
            return {"api_type": "grpc", "text": text, "summary": {"format": "proto"}}
        if GRAPHQL_SDL.search(text) and not text.lstrip().startswith(("{", "openapi", "swagger")):
            return {"api_type": "graphql", "text": text, "summary": {"format": "graphql-sdl"}}
        try:
            description = load_spec(raw, base_url=self.initial_data.get("url") if isinstance(self.initial_data, dict) else None)
        except SpecError as error:
            raise serializers.ValidationError(f"not a usable API description: {error}") from None
        return {"api_type": "rest", "text": text, "summary": description.summary(), "description": description}

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        spec = attrs.get("spec_content")
        if spec and attrs.get("spec_url"):
            raise serializers.ValidationError({"spec_content": ["Give spec_content or spec_url, not both."]})
        inferred = spec["api_type"] if spec else None
        declared = attrs.get("api_type")
        if declared and inferred and declared != inferred:
            raise serializers.ValidationError(
                {"api_type": [f"'{declared}' does not match the uploaded description, which is {inferred}."]}
            )
        attrs["api_type"] = declared or inferred or _api_type_from_url(attrs["url"])
        if attrs["api_type"] not in SUPPORTED_API_TYPES:
            raise serializers.ValidationError(
                {"api_type": [f"{attrs['api_type']} scanning is not available in this version of NAT yet; rest is."]}
            )
        attrs.setdefault("options", OptionsSerializer(data={}).to_internal_value({}))
        _refuse_logins_without_endpoint(attrs)
        if settings.NAT_MODE == "saas":
            _refuse_internal_targets(attrs)
        return attrs


def _refuse_logins_without_endpoint(attrs: dict[str, Any]) -> None:
    """A login identity without login_url logs in through the description's login operation, so
    one must be there: in an uploaded description, or in one at spec_url (read when the scan runs)."""
    for identity in ("auth", "auth_secondary"):
        auth = attrs.get(identity) or {}
        if auth.get("type") != "login" or auth.get("login_url"):
            continue
        description = (attrs.get("spec_content") or {}).get("description")
        if description is None and not attrs.get("spec_url"):
            message = ("Required when type is 'login', unless spec_url or spec_content gives an API description "
                       "with a login operation.")
        elif description is not None and login_operation(description, scan_url=attrs["url"]) is None:
            message = ("Required when type is 'login': the uploaded API description has no login operation "
                       "(a POST taking a user name and a password).")
        else:
            continue
        raise serializers.ValidationError({identity: {"login_url": [message]}})


def _refuse_internal_targets(attrs: dict[str, Any]) -> None:
    """SaaS scans may reach public addresses only (checked again at every connection)."""
    urls = [("url", attrs["url"]), ("spec_url", attrs.get("spec_url"))]
    for identity in ("auth", "auth_secondary"):
        for key in ("login_url", "oauth2_token_url"):
            urls.append((f"{identity}.{key}", (attrs.get(identity) or {}).get(key)))
    for field, url in urls:
        if not url:
            continue
        try:
            check_url_host(url)
        except BlockedAddress as error:
            raise serializers.ValidationError({field: [str(error)]}) from None


def _api_type_from_url(url: str) -> str:
    return Scan.ApiType.GRAPHQL if url.rstrip("/").lower().endswith("/graphql") else Scan.ApiType.REST
