"""Identities from the scan's `auth` / `auth_secondary` settings."""
from __future__ import annotations

import base64
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urljoin

from scans.engine.config import SECRET_KEY_WORDS, AuthConfig
from scans.engine.http.redact import Redactor
from scans.engine.identity.identity import (
    Authenticator,
    Credential,
    Identity,
    IdentityOrigin,
    StaticAuth,
    register_token,
)
from scans.engine.identity.login import LoginAuth, NoLogin, OAuth2ClientCredentials
from scans.engine.identity.login_request import login_request
from scans.engine.model import ApiDescription


def anonymous_identity() -> Identity:
    return Identity("anonymous", origin=IdentityOrigin.ANONYMOUS)


def configured_identity(
    config: AuthConfig,
    *,
    name: str,
    placeholder_suffix: str,
    scan_url: str,
    redactor: Redactor,
    description: ApiDescription | None = None,
    warn: Callable[[str], None] | None = None,
) -> Identity:
    """Build the identity described by `config`; its secrets become the scan's secrets.

    A login identity without `login_body` logs in through the description's login operation;
    `warn` hears how its request was made when the description could not say.
    Placeholders: the credential value is `$NAT_TOKEN{suffix}`, a password `$NAT_PASSWORD{suffix}`,
    the OAuth2 client secret `$NAT_CLIENT_SECRET{suffix}`.
    """
    token_var = f"NAT_TOKEN{placeholder_suffix}"
    _register_config_secrets(config, redactor=redactor, suffix=placeholder_suffix)
    kind = config.type
    username = config.username
    password = config.password
    auth: Authenticator
    if kind == "bearer":
        register_token(redactor, config.token, token_var)
        prefix = config.token_prefix
        if prefix and config.token.lower().startswith(prefix.lower()):
            prefix = ""
        header = config.header_name or "Authorization"
        auth = StaticAuth(Credential(headers=((header, f"{prefix}{config.token}"),), token=config.token))
    elif kind == "header":
        register_token(redactor, config.header_value, token_var)
        credential = Credential(headers=((config.header_name, config.header_value),), token=config.header_value)
        auth = StaticAuth(credential)
    elif kind == "basic":
        encoded = base64.b64encode(f"{config.username}:{config.password}".encode()).decode()
        redactor.add(encoded, token_var)
        auth = StaticAuth(Credential(headers=(("Authorization", f"Basic {encoded}"),), token=encoded))
    elif kind == "oauth2":
        auth = OAuth2ClientCredentials(
            token_url=urljoin(scan_url.rstrip("/") + "/", config.oauth2_token_url),
            client_id=config.oauth2_client_id,
            client_secret=config.oauth2_client_secret,
            scope=config.oauth2_scope,
            redactor=redactor,
            placeholder=token_var,
        )
        username = username or config.oauth2_client_id
    elif kind == "login":
        request = login_request(config, description, scan_url=scan_url)
        if request.note and warn is not None:
            warn(f"the {name} identity's login: {request.note}")
        auth = NoLogin(request.failure) if request.call is None else LoginAuth(
            request.call,
            redactor=redactor,
            placeholder=token_var,
            token_path=config.token_path,
            prefix=config.token_prefix,
            header_name=config.header_name,
        )
        username = username or _login_username(request.body)
        password = password or _login_password(request.body)
    else:
        return Identity(name, origin=IdentityOrigin.ANONYMOUS)
    return Identity(
        name,
        origin=IdentityOrigin.CONFIGURED,
        authenticator=auth,
        placeholder=token_var,
        username=username,
        password=password,
    )


def _register_config_secrets(config: AuthConfig, *, redactor: Redactor, suffix: str) -> None:
    redactor.add(config.token, f"NAT_TOKEN{suffix}")
    redactor.add(config.header_value, f"NAT_TOKEN{suffix}")
    redactor.add(config.password, f"NAT_PASSWORD{suffix}")
    redactor.add(config.oauth2_client_secret, f"NAT_CLIENT_SECRET{suffix}")
    for key, value in (config.login_body or {}).items():
        if isinstance(value, str) and any(word in key.lower() for word in SECRET_KEY_WORDS):
            redactor.add(value, f"NAT_PASSWORD{suffix}")
    for secret in config.secrets():
        redactor.add(secret, f"NAT_SECRET{suffix}")


def _login_username(body: Mapping[str, Any]) -> str:
    for key in ("username", "user", "login", "email", "user_name", "userName", "name"):
        value = body.get(key)
        if isinstance(value, str) and value:
            return value
    return ""


def _login_password(body: Mapping[str, Any]) -> str:
    for key, value in body.items():
        if isinstance(value, str) and "pass" in key.lower():
            return value
    return ""

