"""Each operation's effective security: its own, else the global one; `[]` is public, absent is undeclared."""
from __future__ import annotations

from scans.engine.spec import load_spec

from .conftest import openapi_path, operation

DOCUMENT = b"""
openapi: 3.1.0
info: {title: t, version: '1'}
security: [{bearer: []}]
paths:
  /inherits:
    get: {responses: {'200': {description: ok}}}
  /public:
    get: {security: [], responses: {'200': {description: ok}}}
  /either:
    get:
      security: [{key: []}, {oauth: [read, write]}]
      responses: {'200': {description: ok}}
  /optional:
    get: {security: [{}, {bearer: []}], responses: {'200': {description: ok}}}
components:
  securitySchemes:
    bearer: {type: http, scheme: Bearer, bearerFormat: JWT}
    basic: {type: http, scheme: basic}
    key: {type: apiKey, in: query, name: api_key}
    oauth:
      type: oauth2
      flows:
        implicit: {authorizationUrl: 'https://auth.example.com/authorize', scopes: {}}
        clientCredentials: {tokenUrl: 'https://auth.example.com/token', scopes: {read: r, write: w}}
    oidc: {type: openIdConnect, openIdConnectUrl: 'https://auth.example.com/.well-known/openid-configuration'}
"""


def _security(path):
    return operation(load_spec(DOCUMENT), f"GET {path}").security


def test_operation_without_security_inherits_the_global_requirement():
    assert _security("/inherits") == ({"bearer": ()},)
    assert operation(load_spec(DOCUMENT), "GET /inherits").is_secured


def test_empty_security_list_marks_the_operation_public():
    assert _security("/public") == ()
    assert not operation(load_spec(DOCUMENT), "GET /public").is_secured


def test_operation_security_overrides_the_global_one_with_scopes():
    assert _security("/either") == ({"key": ()}, {"oauth": ("read", "write")})


def test_empty_requirement_makes_authentication_optional():
    assert _security("/optional") == ({}, {"bearer": ()})
    assert not operation(load_spec(DOCUMENT), "GET /optional").is_secured


def test_undeclared_security_is_none():
    description = load_spec(openapi_path("museum-3.1.yaml").read_bytes().replace(b"\nsecurity:", b"\nx-security:"))
    assert all(op.security is None for op in description.operations)


def test_schemes_are_mapped_with_what_identities_need():
    schemes = load_spec(DOCUMENT).security_schemes
    assert (schemes["bearer"].type, schemes["bearer"].scheme) == ("http", "bearer")
    assert schemes["basic"].scheme == "basic"
    assert (schemes["key"].location, schemes["key"].parameter_name) == ("query", "api_key")
    assert schemes["oauth"].token_url == "https://auth.example.com/token"
    assert schemes["oidc"].type == "openIdConnect"


def test_requirement_naming_an_unknown_scheme_is_a_warning():
    description = load_spec(DOCUMENT.replace(b"security: [{key: []}", b"security: [{nokey: []}"))
    assert any("'nokey' is not defined" in warning.problem for warning in description.warnings)
