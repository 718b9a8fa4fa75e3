"""Serializer fields shared by the API's apps."""
from __future__ import annotations

from typing import Any

from rest_framework import serializers


class StringField(serializers.CharField):
    """A CharField that refuses numbers and booleans instead of turning them into text: the schema
    says string, so `{"name": 5}` is a 422 naming the field, not a key called "5"."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            raise serializers.ValidationError(f"Must be a string, not {type(data).__name__}.")
        return super().to_internal_value(data)
