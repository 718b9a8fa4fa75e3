"""What a scan is asked to do: target, identities and options, as typed immutable objects."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scans.engine.model import ApiDescription

AUTH_TYPES = ("none", "bearer", "header", "basic", "oauth2", "login")
SECRET_KEY_WORDS = ("pass", "secret", "token", "key", "otp", "pin", "credential")
"""A `login_body` value is a secret when its key contains one of these."""


@dataclass(frozen=True, slots=True)
class AuthConfig:
    """How one identity authenticates; `type` is one of `AUTH_TYPES`."""

    type: str = "none"
    token: str = ""
    header_name: str = ""
    header_value: str = ""
    username: str = ""
    password: str = ""
    oauth2_token_url: str = ""
    oauth2_client_id: str = ""
    oauth2_client_secret: str = ""
    oauth2_scope: str = ""
    login_url: str = ""
    """Where a `login` identity POSTs; empty: the description's login operation."""
    login_body: Mapping[str, Any] | None = None
    """JSON object POSTed to log in; without it the login operation's body is built from the
    description's schema (JSON or form) with `username` and `password`."""
    token_path: str = ""
    """Dotted path to the token in the login response, e.g. `data.access_token`."""
    token_prefix: str = "Bearer "

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> AuthConfig:
        """Build from the API/CLI shape; unknown keys are ignored, `None` values take the default."""
        if not data:
            return cls()
        known = {f.name for f in fields(cls)}
        values = {key: value for key, value in data.items() if key in known and value is not None}
        if "type" in values:
            values["type"] = str(values["type"]).lower()
        if "login_body" in values and not isinstance(values["login_body"], Mapping):
            values.pop("login_body")
        for key, value in list(values.items()):
            if key != "login_body":
                values[key] = str(value)
        return cls(**values)

    def secrets(self) -> tuple[str, ...]:
        """Every secret string this identity holds, for redaction."""
        found = [self.token, self.header_value, self.password, self.oauth2_client_secret]
        found.extend(_secret_values(self.login_body or {}))
        return tuple(dict.fromkeys(value for value in found if value))


def _secret_values(body: Mapping[str, Any]) -> list[str]:
    found: list[str] = []
    for key, value in body.items():
        if isinstance(value, Mapping):
            found.extend(_secret_values(value))
        elif isinstance(value, str) and any(word in str(key).lower() for word in SECRET_KEY_WORDS):
            found.append(value)
    return found


@dataclass(frozen=True, slots=True)
class ScanOptions:
    """Limits and switches of one scan."""

    concurrency: int = 5
    """Requests in flight at once."""
    timeout: float = 30.0
    """Seconds to wait for one response."""
    exclude: tuple[str, ...] = ()
    """Globs on the path (`/admin/*`) or `METHOD:/path` patterns never sent."""
    rate_limit: float | None = None
    """Requests per second to the target, at most."""
    max_requests: int | None = None
    max_duration: float | None = None
    """Seconds the whole scan may take."""
    allow_destructive: bool = False
    """Allow DELETE and other destructive calls on objects the scan did not create."""
    checks: tuple[str, ...] | None = None
    """Run only these registered checks (by name); `None` runs them all."""
    public_only: bool = False
    """Refuse, at connect time, every address that is not public (SaaS mode; see `netguard`)."""
    callbacks: bool = True
    """Run NAT's out-of-band listener, so a target fetching a URL the scan gave it proves SSRF."""
    callback_url: str = ""
    """Public base URL targets reach the listener at (deployments); empty: the listener's own
    loopback address, which only a target on this machine can reach (self-hosted mode)."""
    callback_bind: str = ""
    """`host:port` the listener binds; empty: 127.0.0.1 on a free port, or every interface on
    `callback_url`'s port when that is given."""
    counterpart_url: str = ""
    """The same API over the other scheme (`https://…` for an `http://` scan URL and the other way
    round), for the HTTP-to-HTTPS checks; empty: derived with the default ports 80 and 443."""
    tls_verify: bool = True
    """Verify the target's TLS certificate on scan traffic (certificate flaws are reported either way
    by the transport checks); turn off to scan a target with a self-signed certificate."""
    tls_ca_bundle: str = ""
    """A CA bundle (PEM file) to verify the target's certificate with, instead of the system's."""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> ScanOptions:
        """Build from the API/CLI `options` object; unknown keys are ignored (the API validated them)."""
        if not data:
            return cls()
        values: dict[str, Any] = {}
        if data.get("concurrency") is not None:
            values["concurrency"] = max(1, int(data["concurrency"]))
        if data.get("timeout") is not None:
            values["timeout"] = float(data["timeout"])
        if data.get("exclude"):
            exclude = data["exclude"]
            values["exclude"] = (exclude,) if isinstance(exclude, str) else tuple(str(item) for item in exclude)
        if data.get("rate_limit") is not None:
            values["rate_limit"] = float(data["rate_limit"])
        if data.get("max_requests") is not None:
            values["max_requests"] = int(data["max_requests"])
        if data.get("max_duration") is not None:
            values["max_duration"] = float(data["max_duration"])
        if data.get("allow_destructive") is not None:
            values["allow_destructive"] = bool(data["allow_destructive"])
        if data.get("public_only") is not None:
            values["public_only"] = bool(data["public_only"])
        for flag in ("callbacks", "tls_verify"):
            if data.get(flag) is not None:
                values[flag] = bool(data[flag])
        for text in ("callback_url", "callback_bind", "counterpart_url", "tls_ca_bundle"):
            if data.get(text):
                values[text] = str(data[text])
        if data.get("checks") is not None:
            checks = data["checks"]
            values["checks"] = (checks,) if isinstance(checks, str) else tuple(str(item) for item in checks)
        return cls(**values)


@dataclass(frozen=True, slots=True)
class ScanConfig:
    """One scan: the target's base URL, its description, identities and options."""

    url: str
    api_type: str = "rest"
    spec: ApiDescription | None = None
    """Loaded description; when `None` the engine looks for one at the usual places on the target."""
    auth: AuthConfig = field(default_factory=AuthConfig)
    auth_secondary: AuthConfig | None = None
    options: ScanOptions = field(default_factory=ScanOptions)
