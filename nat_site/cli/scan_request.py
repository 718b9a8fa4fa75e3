"""Turning `nat scan` flags, environment variables and `.natrc` into the body of POST /api/v1/scan.

Local and remote scans send the very same body, so both are validated by the API's serializer.
Secrets may come from environment variables instead of flags, keeping them out of shell history.
"""
from __future__ import annotations

import argparse
import base64
import json
import os
from pathlib import Path
from typing import Any

SECRET_ENV = {
    "auth_bearer": "NAT_AUTH_BEARER",
    "auth_header": "NAT_AUTH_HEADER",
    "auth_basic": "NAT_AUTH_BASIC",
    "oauth2_client_secret": "NAT_OAUTH2_CLIENT_SECRET",
    "auth_login_body": "NAT_LOGIN_BODY",
    "auth_password": "NAT_AUTH_PASSWORD",
    "auth2_bearer": "NAT_AUTH2_BEARER",
    "auth2_header": "NAT_AUTH2_HEADER",
    "auth2_basic": "NAT_AUTH2_BASIC",
    "auth2_login_body": "NAT_AUTH2_LOGIN_BODY",
    "auth2_password": "NAT_AUTH2_PASSWORD",
}


class RequestError(Exception):
    """A flag or .natrc value that cannot make a scan request; the message names it."""


def add_scan_arguments(parser: argparse.ArgumentParser) -> None:
    target = parser.add_argument_group("target")
    target.add_argument("--url", help="base URL of the API to scan")
    target.add_argument("--spec", help="OpenAPI/Swagger description: a file or an http(s) URL")
    target.add_argument("--mode", choices=("security", "functional", "full"), help="default: security")
    target.add_argument("--api-type", choices=("rest", "graphql", "grpc"))
    for prefix, label in (("auth", "the primary identity"), ("auth2", "a second identity (BOLA/BFLA tests)")):
        group = parser.add_argument_group(f"authentication of {label}")
        group.add_argument(f"--{prefix}-bearer", metavar="TOKEN", help=f"bearer token (or ${SECRET_ENV[f'{prefix}_bearer']})")
        group.add_argument(f"--{prefix}-header", metavar="NAME:VALUE", help=f"API key header (or ${SECRET_ENV[f'{prefix}_header']})")
        group.add_argument(f"--{prefix}-basic", metavar="USER:PASS", help=f"basic auth (or ${SECRET_ENV[f'{prefix}_basic']})")
        group.add_argument(f"--{prefix}-username", metavar="NAME",
                           help="log in with this user name, through the description's login operation or --login-url")
        group.add_argument(f"--{prefix}-password", metavar="PASSWORD",
                           help=f"the password to log in with (or ${SECRET_ENV[f'{prefix}_password']})")
        group.add_argument(f"--{prefix}-login-url", metavar="URL",
                           help="POST credentials here to log in (default: the description's login operation)")
        group.add_argument(f"--{prefix}-login-body", metavar="JSON",
                           help=f"the whole login body instead of a user name and password (or ${SECRET_ENV[f'{prefix}_login_body']})")
        group.add_argument(f"--{prefix}-token-path", metavar="PATH", help="where the token sits in the login response, e.g. data.token")
    oauth = parser.add_argument_group("OAuth2 client credentials (primary identity)")
    oauth.add_argument("--auth-oauth2", metavar="TOKEN_URL", help="token endpoint")
    oauth.add_argument("--oauth2-client-id")
    oauth.add_argument("--oauth2-client-secret", help="or $NAT_OAUTH2_CLIENT_SECRET")
    oauth.add_argument("--oauth2-scope")
    parser.add_argument("--login-url", dest="auth_login_url", help=argparse.SUPPRESS)
    parser.add_argument("--login-body", dest="auth_login_body", help=argparse.SUPPRESS)
    parser.add_argument("--token-path", dest="auth_token_path", help=argparse.SUPPRESS)
    limits = parser.add_argument_group("scan options")
    limits.add_argument("--exclude", action="append", metavar="PATTERN", help="glob (/admin/*) or METHOD:/path; repeatable")
    limits.add_argument("--concurrency", type=int)
    limits.add_argument("--timeout", type=int, help="seconds per request")
    limits.add_argument("--rate-limit", type=float, help="requests per second to the target")
    limits.add_argument("--max-requests", type=int)
    limits.add_argument("--max-duration", type=int, help="seconds for the whole scan")
    limits.add_argument("--allow-destructive", action="store_true", default=None)
    limits.add_argument("--reset-baseline", action="store_true", default=None)
    limits.add_argument("--check", action="append", dest="checks", metavar="NAME", help="run only this check; repeatable")


def _secret(options: argparse.Namespace, name: str) -> str | None:
    return getattr(options, name, None) or os.environ.get(SECRET_ENV[name]) or None


def _split(value: str, flag: str) -> tuple[str, str]:
    name, sep, rest = value.partition(":")
    if not sep or not name:
        raise RequestError(f"{flag} must look like NAME:VALUE")
    return name.strip(), rest.strip() if flag.endswith("header") else rest


def _login_body(raw: str | None, flag: str) -> dict[str, Any] | None:
    if not raw:
        return None
    try:
        body = json.loads(raw)
    except json.JSONDecodeError:
        raise RequestError(f"{flag} is not valid JSON") from None
    if not isinstance(body, dict):
        raise RequestError(f"{flag} must be a JSON object")
    return body


def _identity(options: argparse.Namespace, prefix: str, natrc_auth: dict[str, Any]) -> dict[str, Any] | None:
    bearer = _secret(options, f"{prefix}_bearer")
    header = _secret(options, f"{prefix}_header")
    basic = _secret(options, f"{prefix}_basic")
    login_url = getattr(options, f"{prefix}_login_url", None)
    username = getattr(options, f"{prefix}_username", None)
    password_flag = getattr(options, f"{prefix}_password", None)
    if bearer:
        return {"type": "bearer", "token": bearer}
    if header:
        name, value = _split(header, f"--{prefix}-header")
        return {"type": "header", "header_name": name, "header_value": value}
    if basic:
        user, password = _split(basic, f"--{prefix}-basic")
        return {"type": "basic", "username": user, "password": password}
    if login_url or username or password_flag:
        auth: dict[str, Any] = {"type": "login", **({"login_url": login_url} if login_url else {})}
        body = _login_body(_secret(options, f"{prefix}_login_body"), f"--{prefix}-login-body")
        if body is not None:
            auth["login_body"] = body
        password = _secret(options, f"{prefix}_password")
        auth.update({key: value for key, value in (("username", username), ("password", password)) if value})
        if getattr(options, f"{prefix}_token_path", None):
            auth["token_path"] = getattr(options, f"{prefix}_token_path")
        return auth
    if prefix == "auth" and options.auth_oauth2:
        return {
            "type": "oauth2", "oauth2_token_url": options.auth_oauth2,
            "oauth2_client_id": options.oauth2_client_id or "",
            "oauth2_client_secret": _secret(options, "oauth2_client_secret") or "",
            **({"oauth2_scope": options.oauth2_scope} if options.oauth2_scope else {}),
        }
    return _identity_from_natrc(natrc_auth)


def _identity_from_natrc(auth: dict[str, Any]) -> dict[str, Any] | None:
    """`.natrc` holds the names of environment variables for secrets, never the secrets."""
    if not auth or auth.get("type", "none") == "none":
        return None
    resolved = {key: value for key, value in auth.items() if not key.endswith("_env")}
    for key, env_name in auth.items():
        if key.endswith("_env"):
            value = os.environ.get(str(env_name))
            if not value:
                raise RequestError(f".natrc auth.{key} names ${env_name}, which is not set")
            resolved[key[: -len("_env")]] = value
    return resolved


def _spec(value: str | None) -> dict[str, str]:
    if not value:
        return {}
    if value.startswith(("http://", "https://")):
        return {"spec_url": value}
    path = Path(value).expanduser()
    try:
        return {"spec_content": base64.b64encode(path.read_bytes()).decode()}
    except OSError as error:
        raise RequestError(f"--spec {value}: {error.strerror}") from None


def build_scan_request(options: argparse.Namespace, natrc: dict[str, Any]) -> dict[str, Any]:
    """The API body for this `nat scan`: flags win over `.natrc`, which wins over defaults."""
    defaults = natrc.get("scan") or {}
    url = options.url or defaults.get("url")
    if not url:
        raise RequestError("--url is required (or scan.url in .natrc)")
    body: dict[str, Any] = {"url": url, "mode": options.mode or defaults.get("mode", "security")}
    if options.api_type:
        body["api_type"] = options.api_type
    body.update(_spec(options.spec or defaults.get("spec")))
    primary = _identity(options, "auth", natrc.get("auth") or {})
    if primary:
        body["auth"] = primary
    secondary = _identity(options, "auth2", natrc.get("auth_secondary") or {})
    if secondary:
        body["auth_secondary"] = secondary
    scan_options: dict[str, Any] = {
        key: defaults[key]
        for key in ("concurrency", "timeout", "rate_limit", "max_requests", "max_duration", "allow_destructive", "exclude", "fail_on")
        if key in defaults
    }
    flags = {
        "concurrency": options.concurrency, "timeout": options.timeout, "rate_limit": options.rate_limit,
        "max_requests": options.max_requests, "max_duration": options.max_duration,
        "allow_destructive": options.allow_destructive, "reset_baseline": options.reset_baseline,
        "exclude": options.exclude, "checks": options.checks,
        "fail_on": getattr(options, "fail_on", None),
    }
    scan_options.update({key: value for key, value in flags.items() if value is not None})
    body["options"] = scan_options
    return body
