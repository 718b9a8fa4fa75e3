"""The one error a spec loader raises: what is wrong, and where."""
from __future__ import annotations


class SpecError(Exception):
    """A description that cannot be used, with the place that makes it so.

    `location` is a dotted path inside the document (`paths./pets/{id}.get.parameters[0]`),
    a `file:line:column` for syntax errors, or a `$ref` for references that do not resolve.
    `problems` holds every `(location, message)` found when several were collected at once.
    """

    def __init__(
        self,
        message: str,
        *,
        location: str = "",
        problems: tuple[tuple[str, str], ...] = (),
    ) -> None:
        self.message = message
        self.location = location
        self.problems = problems or ((location, message),)
        super().__init__(self._render())

    def _render(self) -> str:
        text = f"{self.location}: {self.message}" if self.location else self.message
        extra = len(self.problems) - 1
        if extra > 0:
            text += f" (and {extra} more problem{'s' if extra > 1 else ''})"
        return text

    def __str__(self) -> str:
        return self._render()
