"""Security schemes and each operation's effective security requirements."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scans.engine.model import SecurityScheme
from scans.engine.spec.validation import Problems

Requirements = tuple[Mapping[str, tuple[str, ...]], ...]

_OAUTH2_TOKEN_FLOWS = ("clientCredentials", "password", "authorizationCode")
_SWAGGER_TOKEN_FLOWS = ("application", "password", "accessCode")


def openapi_schemes(raw: Any, *, problems: Problems) -> dict[str, SecurityScheme]:
    """`components.securitySchemes` as `SecurityScheme`s (already `$ref`-resolved entries)."""
    schemes: dict[str, SecurityScheme] = {}
    for name, scheme in (raw or {}).items() if isinstance(raw, dict) else ():
        if not isinstance(scheme, dict) or not isinstance(scheme.get("type"), str):
            problems.warn(f"components.securitySchemes.{name}", "a security scheme needs a 'type'")
            continue
        kind = scheme["type"]
        token_url = ""
        if kind == "oauth2" and isinstance(scheme.get("flows"), dict):
            flows = scheme["flows"]
            token_url = next(
                (flows[flow]["tokenUrl"] for flow in _OAUTH2_TOKEN_FLOWS
                 if isinstance(flows.get(flow), dict) and isinstance(flows[flow].get("tokenUrl"), str)),
                "",
            )
        schemes[str(name)] = SecurityScheme(
            name=str(name),
            type=kind,
            scheme=str(scheme.get("scheme", "")).lower() if kind == "http" else "",
            location=str(scheme.get("in", "")) if kind == "apiKey" else "",
            parameter_name=str(scheme.get("name", "")) if kind == "apiKey" else "",
            token_url=token_url,
        )
    return schemes


def swagger_schemes(raw: Any, *, problems: Problems) -> dict[str, SecurityScheme]:
    """Swagger 2.0 `securityDefinitions`, mapped onto the OpenAPI 3 scheme types."""
    schemes: dict[str, SecurityScheme] = {}
    for name, scheme in (raw or {}).items() if isinstance(raw, dict) else ():
        if not isinstance(scheme, dict) or scheme.get("type") not in ("basic", "apiKey", "oauth2"):
            problems.warn(f"securityDefinitions.{name}", "type must be basic, apiKey or oauth2")
            continue
        kind = scheme["type"]
        schemes[str(name)] = SecurityScheme(
            name=str(name),
            type="http" if kind == "basic" else kind,
            scheme="basic" if kind == "basic" else "",
            location=str(scheme.get("in", "")) if kind == "apiKey" else "",
            parameter_name=str(scheme.get("name", "")) if kind == "apiKey" else "",
            token_url=str(scheme.get("tokenUrl", "")) if scheme.get("flow") in _SWAGGER_TOKEN_FLOWS else "",
        )
    return schemes


def requirements(
    raw: Any, *, location: str, schemes: Mapping[str, SecurityScheme], problems: Problems
) -> Requirements | None:
    """A `security` list as requirements: `None` when absent, `()` when explicitly public (`[]`)."""
    if raw is None:
        return None
    if not isinstance(raw, list):
        problems.warn(location, "'security' must be a list of requirements")
        return None
    result: list[Mapping[str, tuple[str, ...]]] = []
    for index, requirement in enumerate(raw):
        if not isinstance(requirement, dict):
            problems.warn(f"{location}[{index}]", "a security requirement must be an object")
            continue
        entry: dict[str, tuple[str, ...]] = {}
        for name, scopes in requirement.items():
            if name not in schemes:
                problems.warn(f"{location}[{index}]", f"security scheme {name!r} is not defined")
            entry[str(name)] = tuple(str(scope) for scope in scopes) if isinstance(scopes, list) else ()
        result.append(entry)
    return tuple(result)

