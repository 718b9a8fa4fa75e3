"""The error envelope `{"error": CODE, "message": …, "status": N}` for every API error, in one place."""
from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, JsonResponse
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt
from redis.exceptions import RedisError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from billing.errors import BillingError

logger = logging.getLogger("nat.api")

UNAVAILABLE_RETRY_SECONDS = 5
"""Retry-After of a 503 SERVICE_UNAVAILABLE: the database or the task queue is unreachable."""
UNAVAILABLE_MESSAGE = "NAT cannot reach its database or task queue right now; retry in a few seconds."
BACKING_SERVICE_ERRORS = (OperationalError, InterfaceError, RedisError)


class ApiError(exceptions.APIException):
    """An error with a SPEC code; `extra` fields are added to the envelope (e.g. `retry_after`)."""

    def __init__(self, *, status_code: int, code: str, message: str, **extra: Any) -> None:
        super().__init__(detail=message, code=code)
        self.status_code = status_code
        self.code = code
        self.message = message
        self.extra = extra


def envelope(code: str, message: str, status_code: int, **extra: Any) -> dict[str, Any]:
    return {"error": code, "message": message, "status": status_code, **extra}


def _join(path: str, key: Any) -> str:
    """`options` + `exclude` → `options.exclude`; `exclude` + 1 → `exclude[1]`."""
    if key == "non_field_errors":
        return path
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else str(key)


def _validation_message(detail: Any, path: str = "") -> tuple[str, str]:
    """The first field path and its message from a DRF ValidationError detail."""
    if isinstance(detail, dict):
        for key, value in detail.items():
            return _validation_message(value, _join(path, key))
    if isinstance(detail, list) and detail:
        first = detail[0]
        if isinstance(first, (dict, list)):
            index = next((i for i, item in enumerate(detail) if item), 0)
            return _validation_message(detail[index], f"{path}[{index}]" if path else path)
        return path, str(first)
    return path, str(detail)


def _flatten(detail: Any, path: str = "") -> dict[str, list[str]]:
    if isinstance(detail, dict):
        out: dict[str, list[str]] = {}
        for key, value in detail.items():
            out.update(_flatten(value, _join(path, key)))
        return out
    if isinstance(detail, list):
        if all(not isinstance(item, (dict, list)) for item in detail):
            return {path or "non_field_errors": [str(item) for item in detail]}
        out = {}
        for index, item in enumerate(detail):
            if item:
                out.update(_flatten(item, f"{path}[{index}]"))
        return out
    return {path or "non_field_errors": [str(detail)]}


def validation_envelope(detail: Any) -> dict[str, Any]:
    field, message = _validation_message(detail)
    text = f"Field '{field}': {message}" if field else message
    if field and message == "This field is required.":
        text = f"Field '{field}' is required."
    return envelope("VALIDATION_ERROR", text, 422, fields=_flatten(detail))


SIMPLE_CODES: dict[type[exceptions.APIException], str] = {
    exceptions.AuthenticationFailed: "INVALID_API_KEY",
    exceptions.NotAuthenticated: "UNAUTHORIZED",
    exceptions.PermissionDenied: "FORBIDDEN",
    exceptions.NotFound: "NOT_FOUND",
    exceptions.MethodNotAllowed: "METHOD_NOT_ALLOWED",
    exceptions.NotAcceptable: "NOT_ACCEPTABLE",
    exceptions.UnsupportedMediaType: "UNSUPPORTED_MEDIA_TYPE",
}
"""DRF exceptions whose envelope is their own message under a fixed code."""


def _simple(exc: exceptions.APIException, code: str, message: str | None = None) -> tuple[dict[str, Any], int]:
    return envelope(code, message or str(exc.detail), exc.status_code), exc.status_code


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response:
    """DRF's EXCEPTION_HANDLER: every exception of every API view becomes the SPEC envelope."""
    headers: dict[str, str] = {}
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    if isinstance(exc, ApiError):
        body, code = envelope(exc.code, exc.message, exc.status_code, **exc.extra), exc.status_code
    elif isinstance(exc, BillingError):
        body, code = envelope(exc.code, exc.message, exc.status_code, **exc.extra), exc.status_code
        headers.update(exc.headers)
    elif isinstance(exc, exceptions.ValidationError):
        body, code = validation_envelope(exc.detail), 422
    elif isinstance(exc, exceptions.ParseError):
        body, code = envelope("INVALID_REQUEST", f"Malformed request body: {exc.detail}", 400), 400
    elif isinstance(exc, tuple(SIMPLE_CODES)):
        body, code = _simple(exc, next(name for kind, name in SIMPLE_CODES.items() if isinstance(exc, kind)))
    elif isinstance(exc, exceptions.Throttled):
        retry_after = int(exc.wait or 1)
        body = envelope("RATE_LIMIT_EXCEEDED", str(exc.detail), 429, retry_after=retry_after)
        code, headers = 429, {"Retry-After": str(retry_after)}
    elif isinstance(exc, exceptions.APIException):
        body, code = _simple(exc, str(exc.default_code).upper())
    elif isinstance(exc, BACKING_SERVICE_ERRORS):
        logger.error("%s: a backing service is unreachable: %s", context.get("view").__class__.__name__, exc)
        body, code = envelope("SERVICE_UNAVAILABLE", UNAVAILABLE_MESSAGE, 503), 503
        headers["Retry-After"] = str(UNAVAILABLE_RETRY_SECONDS)
    else:
        logger.exception("Unhandled error in %s", context.get("view").__class__.__name__)
        body, code = envelope("INTERNAL_ERROR", "An unexpected error occurred. It has been logged.", 500), 500

    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        headers["WWW-Authenticate"] = 'ApiKey header="X-API-Key"'
    set_rollback()
    response = Response(body, status=code, headers=headers)
    if isinstance(exc, BillingError) and exc.log_as_warning:
        request = context.get("request")
        where = f"{request.method} {request.path}" if request is not None else "API"
        logger.warning("%s on %s: %s", exc.code, where, exc.message)
        # Django's request logger would log the 5xx again, as an ERROR; this is its "already logged" mark.
        response._has_been_logged = True
    return response


def json_error(code: str, message: str, status_code: int, *, headers: dict[str, str] | None = None,
               **extra: Any) -> JsonResponse:
    return JsonResponse(envelope(code, message, status_code, **extra), status=status_code, headers=headers)


def billing_error_response(error: BillingError) -> JsonResponse:
    """A billing refusal answered outside a DRF view (by a middleware), in the same envelope."""
    return json_error(error.code, error.message, error.status_code, headers=error.headers, **error.extra)


def service_unavailable(what: str, error: Exception) -> JsonResponse:
    """503 SERVICE_UNAVAILABLE with Retry-After, outside a DRF view, for a database or Redis error."""
    logger.error("%s: a backing service is unreachable: %s", what, error)
    return json_error("SERVICE_UNAVAILABLE", UNAVAILABLE_MESSAGE, 503,
                      headers={"Retry-After": str(UNAVAILABLE_RETRY_SECONDS)})


@csrf_exempt
def api_not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """Any unknown route under /api/v1, whatever the method (a POST too: 404, not a CSRF page)."""
    return json_error("NOT_FOUND", f"No API endpoint at {request.path}.", status.HTTP_404_NOT_FOUND)


def handler404(request: HttpRequest, exception: Exception | None = None) -> Any:
    if request.path.startswith("/api/"):
        return api_not_found(request)
    return defaults.page_not_found(request, exception)


def handler500(request: HttpRequest) -> Any:
    if request.path.startswith("/api/"):
        return json_error("INTERNAL_ERROR", "An unexpected error occurred. It has been logged.", 500)
    return defaults.server_error(request)


def handler400(request: HttpRequest, exception: Exception | None = None) -> Any:
    if request.path.startswith("/api/"):
        return json_error("INVALID_REQUEST", "The request could not be understood.", 400)
    return defaults.bad_request(request, exception)


def handler403(request: HttpRequest, exception: Exception | None = None) -> Any:
    if request.path.startswith("/api/"):
        return json_error("FORBIDDEN", "You do not have permission to do that.", 403)
    return defaults.permission_denied(request, exception)
