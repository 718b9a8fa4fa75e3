"""API shapes for API keys (never the key material, except once at creation)."""
from __future__ import annotations

from rest_framework import serializers

from accounts.models import ApiKey
from nat_site.api.fields import StringField


class ApiKeySerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(read_only=True)
    active = serializers.BooleanField(source="is_active", read_only=True)

    class Meta:
        model = ApiKey
        fields = ["id", "name", "prefix", "active", "created_at", "last_used_at", "revoked_at"]
        read_only_fields = fields


class IssuedKeySerializer(ApiKeySerializer):
    key = serializers.CharField(read_only=True, help_text="The full key. Shown once: store it now.")

    class Meta(ApiKeySerializer.Meta):
        fields = [*ApiKeySerializer.Meta.fields, "key"]
        read_only_fields = fields


class ApiKeyCreateSerializer(serializers.Serializer):
    name = StringField(max_length=80, required=False, default="API key", allow_blank=False)
