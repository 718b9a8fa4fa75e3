"""Safe mode: which requests could destroy data the scan does not own, and whether to send them."""
from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass

from scans.engine.model import SAFE_METHODS

WIPE_WORDS = frozenset({
    "reset", "drop", "purge", "recreate", "wipe", "truncate", "flush", "erase", "nuke", "factoryreset",
    "destroyall", "deleteall", "removeall", "clear", "clean", "cleanup", "reinitialize", "reinitialise", "reinit",
    "rebuild", "seed", "reseed", "initialize", "initialise",
})
"""Words in an operation's path or id that say it wipes, re-creates or re-seeds state wholesale."""
DELETE_WORDS = frozenset({"delete", "remove", "destroy"})
"""Words in an operation's path or id that say it deletes (one object or more)."""
TEXT_WIPE_VERBS = frozenset({
    "reset", "recreate", "drop", "seed", "reseed", "initialise", "initialize", "reinitialise", "reinitialize",
    "purge", "wipe", "truncate", "erase",
})
"""The same in a summary or description, where words such as `clear` or `clean` mean other things."""
NOT_WIPE_CONTEXT = frozenset({
    "password", "passwords", "passwd", "passphrase", "pin", "mfa", "otp", "2fa", "totp", "email", "token", "tokens",
    "cache", "key", "secret", "credential", "credentials", "link", "code",
})
"""`reset` next to these words resets one account's credential (or a cache), not the data."""
CONTEXT_WINDOW = 3
"""Words either side of a destroying verb in a summary or description searched for `NOT_WIPE_CONTEXT`."""
WIPE = "wipe"
"""Destroys the API's data wholesale (reset, drop, re-seed): every account and object the scan learned."""
DELETE = "delete"
"""Deletes what it is given (one object, or what its body names)."""


@dataclass(frozen=True, slots=True)
class Destruction:
    """What an operation says it destroys: `kind` (`WIPE` or `DELETE`) and where it says so."""

    kind: str
    said: str
    """`its path says 'reset'`, `its summary says 'drops'`."""


def name_words(*names: str) -> list[str]:
    """Lower-case words of identifiers and paths: `resetDatabase`, `/db/re-create` → reset, database…"""
    words: list[str] = []
    for name in names:
        spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name or "")
        words.extend(word for word in re.split(r"[^A-Za-z0-9]+", spaced.lower()) if word)
    return words


def destruction(*, path: str, operation_id: str = "", summary: str = "", description: str = "") -> Destruction | None:
    """What the operation's path, id, summary or description says it destroys, whatever its method.

    Path and id: whole words (and joined pairs such as `delete-all`) of `WIPE_WORDS` or
    `DELETE_WORDS`, unless a credential word is among them (`/users/{id}/reset-password`).
    Summary and the first sentence of the description (later ones often speak of other operations):
    a verb of `TEXT_WIPE_VERBS` or `DELETE_WORDS` as written (`drop`, `drops`, `dropping`, never
    `dropped` or `deleted`, which describe a state, as in `deleted_at` filters; hyphenated words such as
    `drop-off` are one word), with no credential word within `CONTEXT_WINDOW` words of it; `delete all`
    counts as a wipe."""
    literal_path = re.sub(r"\{[^}]*\}", "", path)
    for where, value in (("path", literal_path), ("id", operation_id)):
        found = _named(name_words(value), where)
        if found is not None:
            return found
    first_sentence = re.split(r"(?<=[.!?])\s", description.strip(), maxsplit=1)[0]
    for where, text in (("summary", summary), ("description", first_sentence)):
        found = _written(text, where)
        if found is not None:
            return found
    return None


def _named(words: list[str], where: str) -> Destruction | None:
    if set(words) & NOT_WIPE_CONTEXT:
        return None
    joined = ["".join(pair) for pair in itertools.pairwise(words)]
    for vocabulary, kind in ((WIPE_WORDS, WIPE), (DELETE_WORDS, DELETE)):
        hit = next((word for word in [*words, *joined] if word in vocabulary), None)
        if hit is not None:
            return Destruction(kind, f"its {where} says {hit!r}")
    return None


def _written(text: str, where: str) -> Destruction | None:
    text = re.sub(r"\bre-(?=[a-z])", "re", text.lower())
    words = re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", text)
    for index, word in enumerate(words):
        verb = _verb(word)
        if verb is None:
            continue
        near = words[max(index - CONTEXT_WINDOW, 0): index + CONTEXT_WINDOW + 1]
        if set(near) & NOT_WIPE_CONTEXT:
            continue
        following = words[index + 1] if index + 1 < len(words) else ""
        kind = WIPE if verb in TEXT_WIPE_VERBS or following == "all" else DELETE
        return Destruction(kind, f"its {where} says {word!r}")
    return None


def _verb(word: str) -> str | None:
    """The destroying verb `word` is a present form of (`drops`, `wiping` → `drop`, `wipe`), else None."""
    for verb in (*TEXT_WIPE_VERBS, *DELETE_WORDS):
        stem = verb[:-1] if verb.endswith("e") else verb
        forms = {verb, verb + "s", verb + "es", stem + "ing", verb + verb[-1] + "ing"}
        if word in forms:
            return verb
    return None


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
    any other state-changing request, and a read whose name or text says it deletes, must target an
    object the scan created, or be made by an account the scan created on itself (`self_service`);
    wiping operations are never sent, whatever their method. With it, wiping operations are sent only
    once `open_wipes` was called (the scan's last phase), so that no other probe runs on wiped state.
    """

    def __init__(self, created: CreatedObjects, *, allow_destructive: bool = False) -> None:
        self.created = created
        self.allow_destructive = allow_destructive
        self.wipes_open = False

    def open_wipes(self) -> None:
        """From now on (every other probe is done), `allow_destructive` lets wiping operations through."""
        self.wipes_open = True

    def refusal(
        self,
        *,
        method: str,
        path: str,
        template: str,
        operation_id: str = "",
        destroys: str = "",
        self_service: bool = False,
    ) -> str:
        """Why this request may not be sent, or `""` when it may. `destroys` is what the operation's
        summary or description says it destroys (its path and id are read here)."""
        method = method.upper()
        found = destruction(path=template or path, operation_id=operation_id)
        kind = destroys or (found.kind if found else "")
        if kind == WIPE:
            if not self.allow_destructive:
                return "operation wipes or re-creates state; only run with allow_destructive"
            return "" if self.wipes_open else "operation wipes or re-creates state; sent only after every other probe"
        if method in SAFE_METHODS and kind != DELETE:
            return ""
        if self.allow_destructive:
            return ""
        has_params = "{" in template if template else False
        if method == "POST" and not has_params and kind != DELETE:
            return ""
        if self.created.owns(path):
            return ""
        if not has_params and self_service:
            return ""
        if method in SAFE_METHODS:
            return f"{method} that says it deletes, on an object the scan did not create; only run with allow_destructive"
        return f"{method} on an object the scan did not create; only run with allow_destructive"


def _normalize(path: str) -> str:
    return path.split("?", 1)[0].rstrip("/") or "/"

