"""What a planted flaw must produce: one finding of `check` on `method endpoint` for `parameter`."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Planted:
    flaw: str
    """The target's flag that plants it."""
    check: str
    method: str
    endpoint: str
    """Path template as the target's OpenAPI document spells it."""
    parameter: str

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.check, self.method, self.endpoint, self.parameter)
