"""The shop's OpenAPI 3.0 document (the same for the vulnerable and the clean mode)."""
from __future__ import annotations

from typing import Any

from tests.targets.drf_shop.spec_tools import ORDER_FILTERS, PRODUCT_FILTERS, tool_paths

READ = [{"oauth2": ["read"]}]
WRITE = [{"oauth2": ["write"]}]
ADMIN = [{"oauth2": ["admin"]}]
ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}
DETAIL = {"description": "Error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Detail"}}}}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], status: str = "200") -> dict[str, Any]:
    return {status: {"description": "OK", "content": {"application/json": {"schema": schema}}}}


def _body(name: str) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": _ref(name)}}}


def openapi_document() -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "Shop API", "version": "2.1.0"},
        "servers": [{"url": "/api"}],
        "security": READ,
        "paths": {
            "/oauth/token/": {"post": {
                "operationId": "token", "tags": ["auth"], "security": [],
                "requestBody": {"required": True, "content": {
                    "application/json": {"schema": _ref("TokenRequest")},
                    "application/x-www-form-urlencoded": {"schema": _ref("TokenRequest")},
                }},
                "responses": {**_json(_ref("TokenResponse")), "400": {"description": "Bad grant", "content": {
                    "application/json": {"schema": _ref("OAuthError")}}}},
            }},
            "/users/": {"post": {
                "operationId": "signUp", "tags": ["users"], "security": [], "requestBody": _body("SignUp"),
                "responses": {**_json(_ref("NewUser"), "201"), "400": DETAIL},
            }},
            "/users/me/": {
                "get": {"operationId": "me", "tags": ["users"], "responses": {**_json(_ref("UserMe")), "401": DETAIL}},
                "patch": {"operationId": "updateMe", "tags": ["users"], "security": WRITE,
                          "requestBody": _body("UserUpdate"), "responses": {**_json(_ref("UserMe")), "400": DETAIL}},
            },
            "/products/": {
                "get": {"operationId": "listProducts", "tags": ["catalog"], "security": [],
                        "parameters": PRODUCT_FILTERS,
                        "responses": _json({"type": "array", "items": _ref("Product")})},
                "post": {"operationId": "createProduct", "tags": ["catalog"], "security": ADMIN,
                         "requestBody": _body("ProductInput"), "responses": {**_json(_ref("Product"), "201"),
                                                                             "403": DETAIL}},
            },
            "/products/{id}/": {"get": {
                "operationId": "getProduct", "tags": ["catalog"], "security": [], "parameters": [ID],
                "responses": {**_json(_ref("Product")), "404": DETAIL},
            }},
            "/orders/": {
                "get": {"operationId": "listOrders", "tags": ["orders"], "parameters": ORDER_FILTERS,
                        "responses": {**_json({"type": "array", "items": _ref("Order")}), "400": DETAIL}},
                "post": {"operationId": "createOrder", "tags": ["orders"], "security": WRITE,
                         "requestBody": _body("OrderInput"),
                         "responses": {**_json(_ref("Order"), "201"), "400": DETAIL}},
            },
            "/orders/{id}/": {
                "parameters": [ID],
                "get": {"operationId": "getOrder", "tags": ["orders"],
                        "responses": {**_json(_ref("Order")), "404": DETAIL}},
                "delete": {"operationId": "deleteOrder", "tags": ["orders"], "security": ADMIN,
                           "responses": {"204": {"description": "Deleted"}, "403": DETAIL}},
            },
            "/addresses/": {
                "get": {"operationId": "listAddresses", "tags": ["addresses"],
                        "responses": _json({"type": "array", "items": _ref("Address")})},
                "post": {"operationId": "createAddress", "tags": ["addresses"], "security": WRITE,
                         "requestBody": _body("AddressInput"),
                         "responses": {**_json(_ref("Address"), "201"), "400": DETAIL}},
            },
            "/addresses/{id}/": {
                "parameters": [ID],
                "get": {"operationId": "getAddress", "tags": ["addresses"],
                        "responses": {**_json(_ref("Address")), "404": DETAIL}},
                "patch": {"operationId": "updateAddress", "tags": ["addresses"], "security": WRITE,
                          "requestBody": _body("AddressInput"), "responses": {**_json(_ref("Address")), "404": DETAIL}},
                "delete": {"operationId": "deleteAddress", "tags": ["addresses"], "security": WRITE,
                           "responses": {"204": {"description": "Deleted"}, "404": DETAIL}},
            },
            "/reviews/": {
                "get": {"operationId": "listMyReviews", "tags": ["reviews"],
                        "responses": _json({"type": "array", "items": _ref("Review")})},
                "post": {"operationId": "createReview", "tags": ["reviews"], "security": WRITE,
                         "requestBody": _body("ReviewInput"),
                         "responses": {**_json(_ref("Review"), "201"), "400": DETAIL}},
            },
            "/reviews/{id}/": {"get": {
                "operationId": "getReview", "tags": ["reviews"], "security": [], "parameters": [ID],
                "description": "Reviews are public: anyone with the link can read one.",
                "responses": {**_json(_ref("Review")), "404": DETAIL},
            }},
            "/admin/users/": {"get": {
                "operationId": "adminListUsers", "tags": ["admin"], "security": ADMIN,
                "responses": {**_json({"type": "array", "items": _ref("UserSummary")}), "403": DETAIL},
            }},
            "/reports/sales/": {"get": {
                "operationId": "salesReport", "tags": ["reports"],
                "responses": {**_json(_ref("SalesReport")), "401": DETAIL},
            }},
            **tool_paths(),
        },
        "components": {
            "securitySchemes": {"oauth2": {"type": "oauth2", "flows": {
                "password": {"tokenUrl": "/api/oauth/token/", "scopes": {
                    "read": "read", "write": "write", "admin": "administration"}},
                "clientCredentials": {"tokenUrl": "/api/oauth/token/", "scopes": {
                    "read": "read", "write": "write", "admin": "administration"}},
            }}},
            "schemas": {
                "Detail": {"type": "object", "properties": {"detail": {"type": "string"}}},
                "OAuthError": {"type": "object", "properties": {
                    "error": {"type": "string"}, "error_description": {"type": "string"}}},
                "TokenRequest": {"type": "object", "required": ["grant_type"], "properties": {
                    "grant_type": {"type": "string", "enum": ["password", "client_credentials"]},
                    "username": {"type": "string"}, "password": {"type": "string", "format": "password"},
                    "client_id": {"type": "string"}, "client_secret": {"type": "string"},
                    "scope": {"type": "string"},
                }},
                "TokenResponse": {"type": "object", "properties": {
                    "access_token": {"type": "string"}, "token_type": {"type": "string"},
                    "expires_in": {"type": "integer"}, "scope": {"type": "string"}}},
                "SignUp": {"type": "object", "required": ["username", "email", "password"], "properties": {
                    "username": {"type": "string", "pattern": "^[A-Za-z0-9_.-]{3,80}$"},
                    "email": {"type": "string", "format": "email"},
                    "password": {"type": "string", "minLength": 8},
                }},
                "NewUser": {"type": "object", "properties": {
                    "id": {"type": "integer"}, "username": {"type": "string"}, "email": {"type": "string"},
                    "role": {"type": "string", "enum": ["customer", "admin"]}}},
                "UserMe": {"type": "object", "properties": {
                    "id": {"type": "integer"}, "username": {"type": "string"}, "email": {"type": "string"},
                    "role": {"type": "string", "enum": ["customer", "admin"]},
                    "date_joined": {"type": "string", "format": "date-time"},
                }},
                "UserUpdate": {"type": "object", "properties": {"email": {"type": "string", "format": "email"}}},
                "UserSummary": {"type": "object", "properties": {
                    "id": {"type": "integer"}, "username": {"type": "string"}, "email": {"type": "string"},
                    "role": {"type": "string"}}},
                "Product": {"type": "object", "properties": {
                    "id": {"type": "integer"}, "name": {"type": "string"}, "price": {"type": "string"}}},
                "ProductInput": {"type": "object", "required": ["name", "price"], "properties": {
                    "name": {"type": "string"}, "price": {"type": "string"}}},
                "OrderInput": {"type": "object", "required": ["product_id"], "properties": {
                    "product_id": {"type": "integer", "minimum": 1, "maximum": 3},
                    "quantity": {"type": "integer", "minimum": 1, "maximum": 100},
                    "note": {"type": "string", "maxLength": 200},
                }},
                "Order": {"type": "object", "properties": {
                    "id": {"type": "integer"}, "product_id": {"type": "integer"}, "quantity": {"type": "integer"},
                    "note": {"type": "string"}, "status": {"type": "string", "enum": ["pending", "paid", "shipped",
                                                                                       "cancelled"]},
                    "total": {"type": "string"}, "owner": {"type": "string"},
                    "created": {"type": "string", "format": "date-time"},
                }},
                "AddressInput": {"type": "object", "required": ["label", "street", "city"], "properties": {
                    "label": {"type": "string", "maxLength": 80}, "street": {"type": "string", "maxLength": 200},
                    "city": {"type": "string", "maxLength": 120}}},
                "Address": {"type": "object", "properties": {
                    "id": {"type": "integer"}, "label": {"type": "string"}, "street": {"type": "string"},
                    "city": {"type": "string"}}},
                "ReviewInput": {"type": "object", "required": ["product_id", "rating"], "properties": {
                    "product_id": {"type": "integer", "minimum": 1, "maximum": 3},
                    "rating": {"type": "integer", "minimum": 1, "maximum": 5},
                    "text": {"type": "string", "maxLength": 500}}},
                "Review": {"type": "object", "properties": {
                    "id": {"type": "integer"}, "product_id": {"type": "integer"}, "rating": {"type": "integer"},
                    "text": {"type": "string"}, "author": {"type": "string"}}},
                "SalesReport": {"type": "object", "properties": {
                    "period": {"type": "string"}, "orders": {"type": "integer"}, "revenue": {"type": "string"},
                    "top_products": {"type": "array", "items": {"type": "string"}}}},
            },
        },
    }
