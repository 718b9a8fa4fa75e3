"""The error responses of every API operation, written into NAT's published OpenAPI schema.

Every error has the SPEC's envelope. Which statuses an operation documents follows from what it
takes (an API key, a body, an id in the path, query parameters); `SPECIFIC` adds the codes that only
some operations answer. A drf-spectacular postprocessing hook, so no view can forget them.
"""
from __future__ import annotations

from typing import Any

ERROR_COMPONENT = "Error"
ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "Every API error: a machine-readable code, a message for people, the HTTP status.",
    "required": ["error", "message", "status"],
    "properties": {
        "error": {"type": "string", "description": "e.g. NOT_FOUND, VALIDATION_ERROR, RATE_LIMIT_EXCEEDED"},
        "message": {"type": "string"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "fields": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
            "description": "VALIDATION_ERROR: the message of each invalid field, by its path.",
        },
        "retry_after": {"type": "integer", "description": "RATE_LIMIT_EXCEEDED: seconds until the next window."},
        "quota_reset_date": {"type": "string", "format": "date-time", "description": "QUOTA_EXCEEDED: when the quota resets."},
    },
}

DESCRIPTIONS = {
    400: "INVALID_REQUEST: the body is not valid JSON (or, for webhooks, not signed correctly)",
    401: "UNAUTHORIZED (no credential) or INVALID_API_KEY (unknown, revoked or rotated key)",
    402: "QUOTA_EXCEEDED or FEATURE_NOT_AVAILABLE on the tenant's plan",
    404: "NOT_FOUND: no such object, or it belongs to another tenant",
    409: "The request conflicts with the object's state",
    415: "UNSUPPORTED_MEDIA_TYPE: send application/json",
    422: "VALIDATION_ERROR: the message names the invalid field",
    429: "RATE_LIMIT_EXCEEDED: see retry_after and the Retry-After header",
    500: "INTERNAL_ERROR: logged on the server, never a stack trace",
    502: "STRIPE_ERROR: Stripe could not be reached",
    503: "SERVICE_UNAVAILABLE: the database or task queue is unreachable, retry after Retry-After seconds "
         "(billing: STRIPE_NOT_CONFIGURED on a server without Stripe keys)",
}

STRIPE_UNREACHABLE = (502,)
SPECIFIC: dict[tuple[str, str], tuple[int, ...]] = {
    ("post", "/api/v1/scan"): (402,),
    ("post", "/api/v1/security-scan"): (402,),
    ("post", "/api/v1/scan/{scan_id}/cancel"): (409,),
    ("get", "/api/v1/scan/{scan_id}/functional-results"): (409,),
    ("get", "/api/v1/scan/{scan_id}/visual-regression"): (409,),
    ("get", "/api/v1/scan/{scan_id}/accessibility"): (409,),
    ("get", "/api/v1/scan/{scan_id}/performance"): (409,),
    ("get", "/api/v1/scan/{scan_id}/images/{name}"): (409,),
    ("post", "/api/v1/billing/checkout"): (409, *STRIPE_UNREACHABLE),
    ("post", "/api/v1/billing/portal"): STRIPE_UNREACHABLE,
    ("post", "/api/v1/billing/webhook"): (400, 422, *STRIPE_UNREACHABLE),
    ("post", "/api/v1/billing/sync-tenant"): (401, 404, 409, *STRIPE_UNREACHABLE),
}
"""Codes only these operations answer, keyed by (method, path) as the schema spells them."""


def operation_error_statuses(method: str, path: str, operation: dict[str, Any]) -> list[int]:
    """The error statuses `operation` can answer."""
    statuses = {429, 500, 503, *SPECIFIC.get((method, path), ())}
    if operation.get("security") and operation["security"] != [{}]:
        statuses.add(401)
    parameters = operation.get("parameters", [])
    if any(parameter.get("in") == "path" for parameter in parameters):
        statuses.add(404)
    if any(parameter.get("in") == "query" for parameter in parameters):
        statuses.add(422)
    if "requestBody" in operation:
        statuses |= {400, 415, 422}
    return sorted(statuses)


def add_error_responses(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: the Error component and each operation's error responses."""
    result.setdefault("components", {}).setdefault("schemas", {})[ERROR_COMPONENT] = ERROR_SCHEMA
    reference = {"$ref": f"#/components/schemas/{ERROR_COMPONENT}"}
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for status in operation_error_statuses(method, path, operation):
                responses.setdefault(str(status), {
                    "description": DESCRIPTIONS[status],
                    "content": {"application/json": {"schema": reference}},
                })
    return result
