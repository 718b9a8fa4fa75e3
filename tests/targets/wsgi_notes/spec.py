"""The notes API's OpenAPI 3.0 document (the same for the vulnerable and the clean mode)."""
from __future__ import annotations

from typing import Any

from tests.targets.wsgi_notes.spec_tools import tool_paths

PUBLIC: list[dict[str, list[str]]] = []
ERROR = {"$ref": "#/components/responses/Error"}


def _ok(schema: dict[str, Any], status: str = "200") -> dict[str, Any]:
    return {status: {"description": "OK", "content": {"application/json": {"schema": schema}}}}


def _data(schema: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "required": ["data"], "properties": {"data": schema}}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def _list(name: str) -> dict[str, Any]:
    return _data({"type": "array", "items": _ref(name)})


def _path_param(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": schema}


SLUG = _path_param("slug", {"type": "string", "pattern": "^[a-z0-9-]+$"})
NOTE_ID = _path_param("note_id", {"type": "string", "format": "uuid"})
INVOICE_ID = _path_param("invoice_id", {"type": "string", "format": "uuid"})
DELETED = {"type": "object", "properties": {"deleted": {"type": "boolean"}}}


def openapi_document() -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "Notes API", "version": "1.4.0"},
        "servers": [{"url": "/v1"}],
        "security": [{"bearerAuth": []}],
        "paths": {
            "/health": {"get": {"operationId": "health", "security": PUBLIC, "responses": _ok({"type": "object"})}},
            "/auth/signup": {"post": {
                "operationId": "signUp", "tags": ["auth"], "security": PUBLIC,
                "requestBody": _body(_ref("SignUp")),
                "responses": {**_ok(_data(_ref("User"))), "400": ERROR},
            }},
            "/auth/login": {"post": {
                "operationId": "logIn", "tags": ["auth"], "security": PUBLIC,
                "requestBody": _body(_ref("Credentials")),
                "responses": {**_ok(_data(_ref("Session"))), "401": ERROR, "429": ERROR},
            }},
            "/auth/password-reset": {"post": {
                "operationId": "requestPasswordReset", "tags": ["auth"], "security": PUBLIC,
                "requestBody": _body({"type": "object", "required": ["email"],
                                      "properties": {"email": {"type": "string", "format": "email"}}}),
                "responses": {"202": {"description": "Sent if the account exists",
                                      "content": {"application/json": {"schema": _data({"type": "object"})}}}},
            }},
            "/me": {"get": {
                "operationId": "me", "tags": ["account"], "responses": {**_ok(_data(_ref("User"))), "401": ERROR},
            }},
            "/profile": {"get": {
                "operationId": "legacyProfile", "tags": ["account"], "deprecated": True,
                "responses": {**_ok(_data(_ref("Profile"))), "401": ERROR},
            }},
            "/projects": {
                "get": {"operationId": "listProjects", "tags": ["projects"], "responses": _ok(_list("Project"))},
                "post": {"operationId": "createProject", "tags": ["projects"],
                         "requestBody": _body(_ref("ProjectInput")),
                         "responses": {**_ok(_data(_ref("Project"))), "400": ERROR}},
            },
            "/projects/{slug}": {
                "parameters": [SLUG],
                "get": {"operationId": "getProject", "tags": ["projects"],
                        "responses": {**_ok(_data(_ref("Project"))), "404": ERROR}},
                "put": {"operationId": "replaceProject", "tags": ["projects"],
                        "requestBody": _body(_ref("ProjectInput")),
                        "responses": {**_ok(_data(_ref("Project"))), "404": ERROR}},
            },
            "/notes": {
                "get": {"operationId": "listNotes", "tags": ["notes"], "responses": _ok(_list("Note")),
                        "parameters": [{"name": "limit", "in": "query", "required": False,
                                        "schema": {"type": "integer", "minimum": 1, "maximum": 100}}]},
                "post": {"operationId": "createNote", "tags": ["notes"], "requestBody": _body(_ref("NoteInput")),
                         "responses": {**_ok(_data(_ref("Note"))), "400": ERROR}},
            },
            "/notes/{note_id}": {
                "parameters": [NOTE_ID],
                "get": {"operationId": "getNote", "tags": ["notes"],
                        "responses": {**_ok(_data(_ref("Note"))), "404": ERROR}},
                "patch": {"operationId": "updateNote", "tags": ["notes"], "requestBody": _body(_ref("NoteInput")),
                          "responses": {**_ok(_data(_ref("Note"))), "404": ERROR}},
                "delete": {"operationId": "deleteNote", "tags": ["notes"],
                           "responses": {**_ok(_data(DELETED)), "404": ERROR}},
            },
            "/billing/cards": {"get": {
                "operationId": "listCards", "tags": ["billing"], "responses": _ok(_list("Card")),
            }},
            "/invoices": {"get": {
                "operationId": "listInvoices", "tags": ["billing"], "responses": _ok(_list("Invoice")),
            }},
            "/invoices/{invoice_id}": {"parameters": [INVOICE_ID], "get": {
                "operationId": "getInvoice", "tags": ["billing"],
                "responses": {**_ok(_data(_ref("Invoice"))), "404": ERROR},
            }},
            "/admin/users": {"get": {
                "operationId": "adminListUsers", "tags": ["admin"], "responses": {**_ok(_list("User")), "403": ERROR},
            }},
            "/admin/invoices": {"get": {
                "operationId": "adminListInvoices", "tags": ["admin"],
                "responses": {**_ok(_list("Invoice")), "403": ERROR},
            }},
            "/admin/reset-demo-data": {"post": {
                "operationId": "resetDemoData", "tags": ["admin"],
                "responses": {"202": {"description": "Demo data is being re-created"}, "403": ERROR},
            }},
            "/activity": {"get": {
                "operationId": "recentActivity", "tags": ["account"],
                "responses": {**_ok(_data({"type": "array", "items": {"type": "object", "properties": {
                    "at": {"type": "string", "format": "date-time"}, "event": {"type": "string"}}}})), "401": ERROR},
            }},
            **tool_paths(),
        },
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
            "responses": {"Error": {
                "description": "Error", "content": {"application/json": {"schema": _ref("Error")}},
            }},
            "schemas": {
                "Error": {"type": "object", "properties": {"error": {"type": "object", "properties": {
                    "code": {"type": "string"}, "message": {"type": "string"}}}}},
                "SignUp": {"type": "object", "required": ["email", "password"], "properties": {
                    "email": {"type": "string", "format": "email"},
                    "password": {"type": "string", "minLength": 8},
                    "name": {"type": "string"},
                }},
                "Credentials": {"type": "object", "required": ["email", "password"], "properties": {
                    "email": {"type": "string", "format": "email"}, "password": {"type": "string"}}},
                "Session": {"type": "object", "properties": {"token": {"type": "string"}, "user": _ref("User")}},
                "User": {"type": "object", "properties": {
                    "id": {"type": "string", "format": "uuid"}, "email": {"type": "string", "format": "email"},
                    "name": {"type": "string"}, "role": {"type": "string", "enum": ["user", "admin"]},
                }},
                "Profile": {"type": "object", "properties": {
                    "id": {"type": "string", "format": "uuid"}, "email": {"type": "string"},
                    "name": {"type": "string"}}},
                "ProjectInput": {"type": "object", "required": ["name"], "properties": {
                    "name": {"type": "string", "maxLength": 80}, "description": {"type": "string"}}},
                "Project": {"type": "object", "properties": {
                    "slug": {"type": "string"}, "name": {"type": "string"}, "description": {"type": "string"},
                    "owner_id": {"type": "string", "format": "uuid"},
                    "plan": {"type": "string", "enum": ["free", "pro", "enterprise"]},
                    "created_at": {"type": "string", "format": "date-time"},
                }},
                "NoteInput": {"type": "object", "required": ["title"], "properties": {
                    "title": {"type": "string", "maxLength": 120}, "body": {"type": "string"}}},
                "Note": {"type": "object", "properties": {
                    "id": {"type": "string", "format": "uuid"}, "title": {"type": "string"}, "body": {"type": "string"},
                    "owner_id": {"type": "string", "format": "uuid"},
                    "created_at": {"type": "string", "format": "date-time"},
                }},
                "Card": {"type": "object", "properties": {
                    "id": {"type": "string"}, "brand": {"type": "string"}, "number": {"type": "string"},
                    "last4": {"type": "string"}, "exp_month": {"type": "integer"}, "exp_year": {"type": "integer"},
                }},
                "Invoice": {"type": "object", "properties": {
                    "id": {"type": "string", "format": "uuid"}, "customer_id": {"type": "string", "format": "uuid"},
                    "amount": {"type": "number"}, "currency": {"type": "string"}, "status": {"type": "string"},
                    "billing_address": {"type": "string"},
                }},
            },
        },
    }
