"""Spec loading and request synthesis: OpenAPI 3.0/3.1 and Swagger 2.0 into `ApiDescription`."""
from __future__ import annotations

from scans.engine.spec.contract import validate_against
from scans.engine.spec.errors import SpecError
from scans.engine.spec.loader import load_spec, load_spec_content
from scans.engine.spec.refs import RECURSIVE, UNRESOLVED
from scans.engine.spec.source import MAX_SPEC_BYTES, decode_base64
from scans.engine.spec.synthesis import RequestSpec, build_request
from scans.engine.spec.values import example_for

__all__ = [
    "MAX_SPEC_BYTES",
    "RECURSIVE",
    "UNRESOLVED",
    "RequestSpec",
    "SpecError",
    "build_request",
    "decode_base64",
    "example_for",
    "load_spec",
    "load_spec_content",
    "validate_against",
]
