"""The demo API's OpenAPI description (served at /openapi.json)."""
from __future__ import annotations

from typing import Any

USER = {
    "type": "object",
    "properties": {"id": {"type": "integer"}, "username": {"type": "string"}, "email": {"type": "string", "format": "email"},
                   "role": {"type": "string", "enum": ["user", "admin"]}},
}
ORDER = {
    "type": "object",
    "properties": {"id": {"type": "integer"}, "item": {"type": "string"}, "quantity": {"type": "integer"},
                   "owner": {"type": "string"}, "shipping_address": {"type": "string"}},
}
ORDER_INPUT = {
    "type": "object", "required": ["item", "quantity"],
    "properties": {"item": {"type": "string", "example": "notebook"}, "quantity": {"type": "integer", "minimum": 1, "maximum": 10},
                   "shipping_address": {"type": "string", "example": "1 Demo Street"}},
}
CREDENTIALS = {
    "type": "object", "required": ["username", "password"],
    "properties": {"username": {"type": "string", "example": "carol"}, "password": {"type": "string", "format": "password"},
                   "email": {"type": "string", "format": "email"}},
}


def _json(schema: dict[str, Any], description: str = "OK") -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


ORDER_ID = [{"name": "order_id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}]
USER_ID = [{"name": "user_id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}]
UNAUTHORIZED = {"description": "Missing or invalid token"}


def openapi_document() -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "Acme Orders (NAT demo)", "version": "1.0"},
        "servers": [{"url": "/api"}],
        "components": {"securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
                       "schemas": {"User": USER, "Order": ORDER}},
        "security": [{"bearerAuth": []}],
        "paths": {
            "/auth/login": {"post": {
                "operationId": "login", "tags": ["auth"], "security": [],
                "requestBody": {"required": True, "content": {"application/json": {"schema": CREDENTIALS}}},
                "responses": {"200": _json({"type": "object", "properties": {"token": {"type": "string"}}}), "401": UNAUTHORIZED},
            }},
            "/auth/signup": {"post": {
                "operationId": "signup", "tags": ["auth"], "security": [],
                "requestBody": {"required": True, "content": {"application/json": {"schema": CREDENTIALS}}},
                "responses": {"201": _json(USER, "Created"), "409": {"description": "Username taken"}},
            }},
            "/me": {"get": {"operationId": "getMe", "tags": ["users"], "responses": {"200": _json(USER), "401": UNAUTHORIZED}}},
            "/users/{user_id}": {"get": {"operationId": "getUser", "tags": ["users"], "parameters": USER_ID,
                                         "responses": {"200": _json(USER), "401": UNAUTHORIZED, "404": {"description": "No such user"}}}},
            "/orders": {
                "get": {"operationId": "listOrders", "tags": ["orders"],
                        "responses": {"200": _json({"type": "array", "items": ORDER}), "401": UNAUTHORIZED}},
                "post": {"operationId": "createOrder", "tags": ["orders"],
                         "requestBody": {"required": True, "content": {"application/json": {"schema": ORDER_INPUT}}},
                         "responses": {"201": _json(ORDER, "Created"), "401": UNAUTHORIZED}},
            },
            "/orders/{order_id}": {
                "get": {"operationId": "getOrder", "tags": ["orders"], "parameters": ORDER_ID,
                        "responses": {"200": _json(ORDER), "401": UNAUTHORIZED, "404": {"description": "No such order"}}},
                "delete": {"operationId": "deleteOrder", "tags": ["orders"], "parameters": ORDER_ID,
                           "responses": {"204": {"description": "Deleted"}, "401": UNAUTHORIZED, "404": {"description": "No such order"}}},
            },
            "/admin/users": {"get": {"operationId": "adminListUsers", "tags": ["admin"],
                                     "responses": {"200": _json({"type": "array", "items": USER}), "401": UNAUTHORIZED,
                                                   "403": {"description": "Admins only"}}}},
        },
    }
