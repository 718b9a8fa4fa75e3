"""Errors that fail a functional scan; they join the engine's family so one handler reports both."""
from __future__ import annotations

from scans.engine.errors import EngineError


class FunctionalError(EngineError):
    """Base of the functional runners' errors; `str()` is the reason shown to the user."""


class AxeNotFound(FunctionalError):
    """No axe-core script could be found to load into pages."""


class BrowserFailed(FunctionalError):
    """The browser itself failed (crashed or closed) while a scan was using it."""


class TargetRefused(FunctionalError):
    """In SaaS mode the target resolves to an address a scan may not reach (`str()` names it)."""
