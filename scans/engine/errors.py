"""Errors that fail a scan, each with a reason a user can act on."""
from __future__ import annotations


class EngineError(Exception):
    """Base of every error that fails a scan; `str()` is the reason shown to the user."""


class TargetUnreachable(EngineError):
    """The target did not answer at all (connection refused, DNS failure, TLS failure, timeout)."""


class AuthRejected(EngineError):
    """The primary identity cannot authenticate: its login failed or the target refused every request."""


class SpecMissing(EngineError):
    """No API description was given and none could be found at the usual places on the target."""


class UnsupportedApiType(EngineError):
    """The scan's `api_type` has no transport in this engine yet (GraphQL and gRPC come next)."""
