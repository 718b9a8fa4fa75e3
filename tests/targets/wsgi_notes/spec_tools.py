"""The notes API's tool, share and lookup operations in its OpenAPI document (both modes)."""
from __future__ import annotations

from typing import Any

PUBLIC: list[dict[str, list[str]]] = []
ERROR = {"$ref": "#/components/responses/Error"}


def _query(name: str, example: str, **schema: Any) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": True, "schema": {"type": "string", **schema}, "example": example}


def _data(properties: dict[str, Any]) -> dict[str, Any]:
    return {"200": {"description": "OK", "content": {"application/json": {"schema": {
        "type": "object", "required": ["data"], "properties": {"data": {"type": "object", "properties": properties}},
    }}}}}


def _body(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": {
        "type": "object", "required": required, "properties": properties}}}}


STRING = {"type": "string"}


def tool_paths() -> dict[str, Any]:
    return {
        "/greeting": {"get": {
            "operationId": "greeting", "tags": ["tools"], "parameters": [_query("name", "Alice")],
            "responses": {**_data({"greeting": STRING}), "400": ERROR},
        }},
        "/files": {"get": {
            "operationId": "getFile", "tags": ["tools"], "parameters": [_query("name", "readme.txt")],
            "responses": {"200": {"description": "The file", "content": {"text/plain": {"schema": STRING}}},
                          "404": ERROR},
        }},
        "/share/preview": {"get": {
            "operationId": "sharePreview", "tags": ["share"], "security": PUBLIC,
            "parameters": [_query("message", "Hello")],
            "responses": {"200": {"description": "A page", "content": {"text/html": {"schema": STRING}}}},
        }},
        "/echo": {"get": {
            "operationId": "echo", "tags": ["tools"], "parameters": [_query("text", "hello")],
            "responses": _data({"text": STRING}),
        }},
        "/go": {"get": {
            "operationId": "go", "tags": ["share"], "security": PUBLIC, "parameters": [_query("next", "/v1/health")],
            "responses": {"302": {"description": "Redirect", "content": {"application/json": {"schema": {
                "type": "object", "properties": {"data": {"type": "object", "properties": {"location": STRING}}}}}}}},
        }},
        "/tags/validate": {"get": {
            "operationId": "validateTag", "tags": ["tools"],
            "parameters": [_query("tag", "release-notes", pattern="^([a-z0-9]+-?)*$")],
            "responses": _data({"tag": STRING, "valid": {"type": "boolean"}}),
        }},
        "/invites/check": {"get": {
            "operationId": "checkInvite", "tags": ["teams"], "parameters": [_query("code", "WELCOME-2024")],
            "responses": {**_data({"valid": {"type": "boolean"}, "team": {"type": "string", "nullable": True}}),
                          "400": ERROR},
        }},
        "/tools/dns-lookup": {"post": {
            "operationId": "dnsLookup", "tags": ["tools"],
            "requestBody": _body({"host": {"type": "string", "example": "example.notes.test"}}, ["host"]),
            "responses": {**_data({"host": STRING, "output": STRING}), "400": ERROR},
        }},
        "/webhooks/test": {"post": {
            "operationId": "testWebhook", "tags": ["webhooks"],
            "requestBody": _body({"url": {"type": "string", "format": "uri",
                                          "example": "https://hooks.notes.test/endpoint"}}, ["url"]),
            "responses": {**_data({"url": STRING, "status": {"type": "integer"}, "body_preview": STRING}),
                          "400": ERROR},
        }},
        "/slow": {"get": {
            "operationId": "slowAnswer", "tags": ["tools"], "description": "Answers after the delay asked for.",
            "parameters": [_query("delay", "20ms")],
            "responses": {**_data({"waited_ms": {"type": "integer"}}), "400": ERROR},
        }},
        "/exports": {"get": {
            "operationId": "listExports", "tags": ["exports"],
            "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {
                "type": "object", "properties": {"data": {"type": "array", "items": {"type": "object", "properties": {
                    "id": STRING, "format": STRING}}}}}}}}, "429": ERROR},
        }},
    }
