"""Safe mode: which requests could destroy data the scan does not own, and whether to send them."""
from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Iterator

from scans.engine.model import SAFE_METHODS

WIPE_WORDS = frozenset({
    "reset", "drop", "purge", "recreate", "wipe", "truncate", "flush", "erase", "nuke", "factoryreset",
    "destroyall", "deleteall", "clear", "clean", "cleanup", "reinitialize", "reinit", "rebuild",
})
"""Words in an operation's name that say it wipes or re-creates state wholesale."""
NOT_WIPE_CONTEXT = frozenset({"password", "passwd", "pin", "mfa", "otp", "2fa", "totp", "email", "token", "cache"})
"""`reset` next to these words resets one account's credential (or a cache), not the data."""


def name_words(*names: str) -> list[str]:
    """Lower-case words of identifiers and paths: `resetDatabase`, `/db/re-create` → reset, database…"""
    words: list[str] = []
    for name in names:
        spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name or "")
        words.extend(word for word in re.split(r"[^A-Za-z0-9]+", spaced.lower()) if word)
    return words


def is_wipe_operation(*, path: str, operation_id: str = "") -> bool:
    """True when the operation's path or id says it resets, drops, purges or re-creates state."""
    literal_path = re.sub(r"\{[^}]*\}", "", path)
    words = name_words(literal_path, operation_id)
    joined = {"".join(pair) for pair in itertools.pairwise(words)}
    hits = (set(words) | joined) & WIPE_WORDS
    if not hits:
        return False
    return not (set(words) & NOT_WIPE_CONTEXT)


class CreatedObjects:
    """Concrete paths of objects the scan itself created; their sub-paths belong to them too."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._paths: set[str] = set()

    def add(self, path: str) -> None:
        with self._lock:
            self._paths.add(_normalize(path))

    def owns(self, path: str) -> bool:
        path = _normalize(path)
        with self._lock:
            return any(path == created or path.startswith(created + "/") for created in self._paths)

    def __iter__(self) -> Iterator[str]:
        with self._lock:
            return iter(sorted(self._paths))


class SafetyGuard:
    """Decides whether a request may be sent in the scan's mode.

    Without `allow_destructive`: reads and creations (POST on a path without parameters) are sent;
    any other state-changing request must target an object the scan created, or be made by an
    account the scan created on itself (`self_service`); wiping operations are never sent.
    """

    def __init__(self, created: CreatedObjects, *, allow_destructive: bool = False) -> None:
        self.created = created
        self.allow_destructive = allow_destructive

    def refusal(
        self,
        *,
        method: str,
        path: str,
        template: str,
        operation_id: str = "",
        self_service: bool = False,
    ) -> str:
        """Why this request may not be sent, or `""` when it may."""
        method = method.upper()
        if method in SAFE_METHODS:
            return ""
        if is_wipe_operation(path=template or path, operation_id=operation_id):
            if self.allow_destructive:
                return ""
            return "operation wipes or re-creates state; only run with allow_destructive"
        if self.allow_destructive:
            return ""
        has_params = "{" in template if template else False
        if method == "POST" and not has_params:
            return ""
        if self.created.owns(path):
            return ""
        if not has_params and self_service:
            return ""
        return f"{method} on an object the scan did not create; only run with allow_destructive"


def _normalize(path: str) -> str:
    return path.split("?", 1)[0].rstrip("/") or "/"

