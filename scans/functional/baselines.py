"""Where screenshots live between scans: the baseline per page and viewport, and report images.

The runner calls a `BaselineStore` only from the thread that called `run_functional`, one call at
a time, so a store backed by the ORM or Django's storage needs no locking.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from enum import Enum
from pathlib import Path
from typing import Protocol

from scans.functional.config import VIEWPORT
from scans.functional.scope import normalize_url


class ImageKind(str, Enum):
    """What a stored report image shows."""

    BEFORE = "before"
    """The baseline the page was compared with."""
    AFTER = "after"
    """This scan's screenshot."""
    DIFF = "diff"
    """Changed pixels highlighted over a dimmed `after`."""


class BaselineStore(Protocol):
    """Baselines by page key, and report images by reference."""

    def get(self, page_key: str) -> bytes | None:
        """The baseline PNG for `page_key`, or None when there is none yet."""
        ...

    def put(self, page_key: str, png: bytes) -> None:
        """Make `png` the baseline for `page_key`, replacing any."""
        ...

    def save_image(self, kind: ImageKind, page_key: str, png: bytes) -> str:
        """Keep a report image and return the reference the report carries for it."""
        ...


def page_key(url: str, viewport: str = VIEWPORT) -> str:
    """Stable key of a page at a viewport: the same page spelled differently gets the same key."""
    digest = hashlib.sha256(f"{normalize_url(url)}|{viewport}".encode()).hexdigest()
    return f"{digest[:32]}-{viewport}"


class DirectoryBaselineStore:
    """Baselines and images as PNG files under `root` (for tests, the CLI and the bench).

    `root/baselines/<page_key>.png` holds baselines; `save_image` writes
    `root/images/<page_key>-<kind>-<content hash>.png` and returns that path relative to `root`.
    """

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def get(self, page_key: str) -> bytes | None:
        path = self._baseline(page_key)
        return path.read_bytes() if path.is_file() else None

    def put(self, page_key: str, png: bytes) -> None:
        _write_atomically(self._baseline(page_key), png)

    def save_image(self, kind: ImageKind, page_key: str, png: bytes) -> str:
        digest = hashlib.sha256(png).hexdigest()[:16]
        relative = Path("images") / f"{_safe(page_key)}-{ImageKind(kind).value}-{digest}.png"
        _write_atomically(self.root / relative, png)
        return relative.as_posix()

    def path(self, reference: str) -> Path:
        """The file behind a reference `save_image` returned."""
        return self.root / reference

    def _baseline(self, page_key: str) -> Path:
        return self.root / "baselines" / f"{_safe(page_key)}.png"


def _safe(key: str) -> str:
    return "".join(char if char.isalnum() or char in "-_." else "_" for char in key)


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".png")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
