"""`exclude` patterns: path globs (`/admin/*`) and `METHOD:/path` forms, matched before sending."""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from fnmatch import fnmatchcase

_METHOD_PREFIX = re.compile(r"^([A-Za-z]+|\*):(/.*)$")


@dataclass(frozen=True, slots=True)
class ExcludeRule:
    """One pattern: `method` is `None` for any method; `glob` matches the whole path (`*` spans `/`)."""

    method: str | None
    glob: str

    @classmethod
    def parse(cls, pattern: str) -> ExcludeRule:
        pattern = pattern.strip()
        match = _METHOD_PREFIX.match(pattern)
        if match and match.group(1) != "*":
            return cls(match.group(1).upper(), _normalize(match.group(2)))
        if match:
            return cls(None, _normalize(match.group(2)))
        return cls(None, _normalize(pattern))

    def matches(self, method: str, path: str) -> bool:
        """`/admin/*` also matches `/admin` itself: everything under a folder includes the folder."""
        if self.method is not None and self.method != method.upper():
            return False
        path = _normalize(path)
        return fnmatchcase(path, self.glob) or (self.glob.endswith("/*") and path == (self.glob[:-2] or "/"))


class ExcludeRules:
    """All patterns of a scan. A request is excluded when any pattern matches its concrete path or
    its operation's path template, with or without the API's base path (paths from the host's root,
    such as a debug endpoint's, are also matched with the base path taken off)."""

    def __init__(self, patterns: Iterable[str], *, base_path: str = "") -> None:
        self.rules = tuple(ExcludeRule.parse(pattern) for pattern in patterns if pattern.strip())
        self.base_path = _normalize(base_path) if base_path.strip("/") else ""

    def __bool__(self) -> bool:
        return bool(self.rules)

    def excluded(self, method: str, *paths: str) -> bool:
        """True when `method` on any of `paths` (concrete path, template) is excluded."""
        if not self.rules:
            return False
        candidates = set()
        for path in paths:
            if not path:
                continue
            candidates.add(path)
            if self.base_path:
                normalized = _normalize(path)
                candidates.add(self.base_path + normalized)
                if normalized.startswith(self.base_path + "/"):
                    candidates.add(normalized[len(self.base_path):])
        return any(rule.matches(method, path) for rule in self.rules for path in candidates)


def _normalize(path: str) -> str:
    path = path.split("?", 1)[0].strip()
    if not path.startswith("/"):
        path = "/" + path
    return path.rstrip("/") or "/"
