"""The shop's list filters, events, coupons, labels and avatars in its OpenAPI document (both modes)."""
from __future__ import annotations

from typing import Any

WRITE = [{"oauth2": ["write"]}]
DETAIL = {"description": "Error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Detail"}}}}
STRING = {"type": "string"}

PRODUCT_FILTERS = [
    {"name": "search", "in": "query", "required": False, "schema": {"type": "string", "example": "Kettle"}},
    {"name": "page_size", "in": "query", "required": False,
     "schema": {"type": "integer", "minimum": 1, "maximum": 50, "default": 20}},
]
ORDER_FILTERS = [
    {"name": "status", "in": "query", "required": False, "description": "pending, paid, shipped or cancelled",
     "schema": {"type": "string", "example": "pending"}},
]


def _body(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": {
        "type": "object", "required": required, "properties": properties}}}}


def _json(properties: dict[str, Any], status: str = "200") -> dict[str, Any]:
    return {status: {"description": "OK", "content": {"application/json": {"schema": {
        "type": "object", "properties": properties}}}}}


def tool_paths() -> dict[str, Any]:
    return {
        "/events/": {"post": {
            "operationId": "trackEvent", "tags": ["analytics"], "security": WRITE,
            "requestBody": _body({"name": {"type": "string", "example": "page_view"},
                                  "path": {"type": "string", "example": "/products"}}, ["name"]),
            "responses": _json({"accepted": {"type": "boolean"}}, "202"),
        }},
        "/coupons/check/": {"post": {
            "operationId": "checkCoupon", "tags": ["orders"], "security": WRITE,
            "requestBody": _body({"code": {"type": "string", "example": "WELCOME"}}, ["code"]),
            "responses": {**_json({"valid": {"type": "boolean"}, "discount": {"type": "integer"}}), "400": DETAIL},
        }},
        "/labels/print/": {"post": {
            "operationId": "printLabel", "tags": ["orders"], "security": WRITE,
            "requestBody": _body({"product_id": {"type": "integer", "minimum": 1, "maximum": 3},
                                  "caption": {"type": "string", "example": "Fragile"}}, ["caption"]),
            "responses": _json({"queued": {"type": "boolean"}}, "202"),
        }},
        "/users/me/avatar/": {"post": {
            "operationId": "setAvatar", "tags": ["users"], "security": WRITE,
            "requestBody": _body({"avatar_url": {"type": "string", "format": "uri",
                                                 "example": "https://images.shop.test/me.png"}}, ["avatar_url"]),
            "responses": {**_json({"avatar_url": STRING, "fetched": {"type": "integer"}, "size": {"type": "integer"}}),
                          "400": DETAIL},
        }},
    }
